#!/usr/bin/env bash
# Benchmark: `isms history --all` (release build) cold (no .git/isms) and warm, against git's own walk of the same
# history (`git log --name-status -M --format=%H -- '*.md'`), on a generated history of the real-world shape
# (see generate_history_real.py: ~16,000 commits, > 1,000 documents, > 3,000 renames, > 500 merges).
# Warm is measured twice: with the last output kept (`.git/isms/history-result-*.memo`, read back when nothing it was
# made from changed) and with only the history cache (the output made again).
# Prints medians of R runs: wall time and CPU time (user + sys; steadier on a shared machine), the ratios against git,
# and peak memory.
# SHAPE: docs (hugo's documentation: long linear stretches) or pull-requests (GOV.UK's: nearly every change merged).
# usage: Benchmarks/history-real.sh [COMMITS] [R] [SHAPE]   (default 16000 3 docs)
set -eu
m=${1:-16000}; runs=${2:-3}; shape=${3:-docs}
here=$(cd "$(dirname "$0")" && pwd); root=$(dirname "$here")
out=${BENCH_DIR:-${TMPDIR:-/tmp}/isms-bench}/history-real-$m
[ "$shape" = docs ] || out=$out-$shape
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (scripts/setup.sh --test installs it)" >&2; exit 2; }
cd "$root"
swift build -c release --product isms >/dev/null
bin=$(swift build -c release --show-bin-path)/isms
if [ ! -d "$out/.git" ]; then
  s=$(date +%s)
  python3 "$here/generate_history_real.py" "$out" "$m" "$shape"
  echo "generated in $(( $(date +%s) - s )) s"
fi
cd "$out"
# One run: "wall cpu peak-KiB".
run() { /usr/bin/time -f '%e %U %S %M' "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}'; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() {   # measure NAME CLEAN? CMD...: medians into NAME_wall NAME_cpu NAME_mem
  local name=$1 clean=$2; shift 2
  local walls="" cpus="" mems=""
  for _ in $(seq "$runs"); do
    [ "$clean" = cold ] && rm -rf .git/isms
    [ "$clean" = made ] && rm -f .git/isms/history-result-*.memo
    read -r w c k < <(run "$@")
    walls="$walls$w\n"; cpus="$cpus$c\n"; mems="$mems$k\n"
  done
  eval "${name}_wall=$(printf "$walls" | median) ${name}_cpu=$(printf "$cpus" | median) ${name}_mem=$(printf "$mems" | sort -n | tail -1)"
}
measure git keep git log --name-status -M --format=%H -- '*.md'
measure cold cold "$bin" history --all --in isms --format json
# Warm: the history cache there and the last output kept (the same question over the same history: read back).
# Warm, output made: the history cache there, the output made again from it (what a run after new commits pays,
# less the new commits themselves).
measure warm keep "$bin" history --all --in isms --format json
measure made made "$bin" history --all --in isms --format json
# A pull request's check with no cache: five first-parent steps back (with the branches they merged), the whole
# ISMS linted at the head; the history read is bounded to those commits, authority read at the base.
base=$(git rev-parse HEAD~5)
measure range cold "$bin" check --range "$base..HEAD" --in isms
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; }
mib() { awk -v k="$1" 'BEGIN{printf "%.0f", k/1024}'; }
printf 'repository (%s shape): %s commits (%s merges), %s documents at HEAD, %s renames in git log -M\n' \
  "$shape" "$(git rev-list --count HEAD)" "$(git rev-list --merges --count HEAD)" "$(git ls-files 'isms/*.md' | wc -l)" \
  "$(git log --name-status -M --format= -- '*.md' | grep -c '^R')"
printf '%-40s %8s %8s %10s %10s %9s\n' "" "wall s" "cpu s" "wall/git" "cpu/git" "peak MiB"
printf '%-40s %8s %8s %10s %10s %9s\n' "git log --name-status -M -- '*.md'" "$git_wall" "$git_cpu" 1.00 1.00 "$(mib "$git_mem")"
printf '%-40s %8s %8s %10s %10s %9s\n' "isms history --all, cold" "$cold_wall" "$cold_cpu" "$(ratio "$cold_wall" "$git_wall")" "$(ratio "$cold_cpu" "$git_cpu")" "$(mib "$cold_mem")"
printf '%-40s %8s %8s %10s %10s %9s\n' "isms history --all, warm" "$warm_wall" "$warm_cpu" "$(ratio "$warm_wall" "$git_wall")" "$(ratio "$warm_cpu" "$git_cpu")" "$(mib "$warm_mem")"
printf '%-40s %8s %8s %10s %10s %9s\n' "isms history --all, warm, output made" "$made_wall" "$made_cpu" "$(ratio "$made_wall" "$git_wall")" "$(ratio "$made_cpu" "$git_cpu")" "$(mib "$made_mem")"
printf '%-40s %8s %8s %10s %10s %9s\n' "isms check --range, $(git rev-list --count "$base..HEAD") commits, cold" "$range_wall" "$range_cpu" "$(ratio "$range_wall" "$git_wall")" "$(ratio "$range_cpu" "$git_cpu")" "$(mib "$range_mem")"
