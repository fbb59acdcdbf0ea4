#!/usr/bin/env bash
# Benchmark: the pre-commit check (`isms check --staged`, release build) on a repository of N documents and M commits,
# with one document changed and staged, against `git status` in the same run. Median of R runs.
# usage: Benchmarks/check.sh [N] [M] [R]   (default 1000 20000 21)
set -eu
n=${1:-1000}; m=${2:-20000}; runs=${3:-21}
here=$(cd "$(dirname "$0")" && pwd); root=$(dirname "$here")
out=${BENCH_DIR:-${TMPDIR:-/tmp}/isms-bench}/history-$n-$m
cd "$root"
swift build -c release --product isms >/dev/null
bin=$(swift build -c release --show-bin-path)/isms
[ -d "$out/.git" ] || python3 "$here/generate_history.py" "$n" "$m" "$out"
cd "$out"
git reset -q --hard
f=$(ls isms/policies | head -1)
python3 - "isms/policies/$f" <<'PY'
import re, sys
p = sys.argv[1]; s = open(p).read()
m = re.search(r'version: "(\d+)\.(\d+)"', s)
s = s.replace(m.group(0), f'version: "{m.group(1)}.{int(m.group(2)) + 1}"', 1) + "\nOne more rule.\n"
open(p, "w").write(s)
PY
git add -A
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
check=(); status=()
for i in $(seq "$runs"); do
  check+=("$(time_ms "$bin" check --staged --in isms --today 2026-12-01)")
  status+=("$(time_ms git status --porcelain)")
done
c=$(printf '%s\n' "${check[@]}" | median); s=$(printf '%s\n' "${status[@]}" | median)
rss=$(/usr/bin/time -f %M "$bin" check --staged --in isms --today 2026-12-01 2>&1 >/dev/null | tail -1)
printf 'repository: %s documents, %s commits, one document staged\n' "$n" "$(git rev-list --count HEAD)"
printf 'isms check --staged: median %s ms of %s runs, peak %s MiB\n' "$c" "$runs" "$(awk -v r="$rss" 'BEGIN{printf "%.0f", r/1024}')"
printf 'git status: median %s ms\n' "$s"
printf 'ratio: %.1fx git status\n' "$(awk -v a="$c" -v b="$s" 'BEGIN{print (b>0)?a/b:0}')"
git reset -q --hard
