#!/usr/bin/env bash
# Benchmark: the pre-commit check (`isms check --staged`, release build) on a repository of N documents in which
# every document has B broken links near real names (a typo in a file name, a wrong folder, a missing file), so
# link-broken looks for a "did you mean" for each. Median of R runs (wall and CPU, user + system: the machine may be
# shared); the goal is under 100 ms at 1,000 documents. check --staged lints only the staged documents (cross-document
# rules still see all) and keeps parsed documents by blob id in .git/isms/documents.cache: the first run without that
# cache ("cold") parses all 1,000, later runs only what changed.
# usage: Benchmarks/check-broken-links.sh [N] [B] [R]   (default 1000 3 21; ISMS_BIN=path/to/isms to time another build)
set -eu
n=${1:-1000}; b=${2:-3}; runs=${3:-21}
here=$(cd "$(dirname "$0")" && pwd); root=$(dirname "$here")
out=${BENCH_DIR:-${TMPDIR:-/tmp}/isms-bench}/broken-links-$n-$b
cd "$root"
if [ -n "${ISMS_BIN:-}" ]; then bin=$ISMS_BIN; else
  swift build -c release --product isms >/dev/null
  bin=$(swift build -c release --show-bin-path)/isms
fi
if [ ! -d "$out/.git" ]; then
  rm -rf "$out"
  python3 "$here/generate_history.py" "$n" 200 "$out" >/dev/null
  (cd "$out" && git reset -q --hard && python3 - "$n" "$b" <<'PY'
import os, random, sys
n, b = int(sys.argv[1]), int(sys.argv[2])
rnd = random.Random(3)
for i in range(n):
    p = f"isms/policies/doc-{i:04d}.md"
    links = []
    for k in range(b):
        j = rnd.randrange(n)
        links.append(rnd.choice([f"[typo](doc-{j:04d}.mdx)", f"[folder](../policy/doc-{j:04d}.md)",
                                 f"[missing](../procedures/never-written-{i}-{k}.md)"]))
    with open(p, "a") as f:
        f.write("\nSee " + ", ".join(links) + ".\n")
PY
  git add -A && git -c user.name=Bench -c user.email=bench@bench.example commit -qm "Broken links everywhere")
fi
cd "$out"
git reset -q --hard
echo "One more rule." >> isms/policies/doc-0000.md
git add -A
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
cpu_ms() { local TIMEFORMAT='%3U %3S' t; t=$( { time "$@" >/dev/null 2>&1 || true; } 2>&1 ); echo "$t" | awk '{printf "%d\n", ($1 + $2) * 1000}'; }
rm -f .git/isms/documents.cache
cold=$(time_ms "$bin" check --staged --in isms --today 2026-12-01)
check=(); cpu=()
for i in $(seq "$runs"); do
  check+=("$(time_ms "$bin" check --staged --in isms --today 2026-12-01)")
  cpu+=("$(cpu_ms "$bin" check --staged --in isms --today 2026-12-01)")
done
c=$(printf '%s\n' "${check[@]}" | median)
u=$(printf '%s\n' "${cpu[@]}" | median)
broken=$("$bin" lint isms --no-history --today 2026-12-01 2>/dev/null | grep -c "is broken: there is no file" || true)
suggested=$("$bin" lint isms --no-history --today 2026-12-01 2>/dev/null | grep -c "is broken: there is no file.*did you mean" || true)
printf 'repository: %s documents, %s broken links (%s with a "did you mean")\n' "$n" "$broken" "$suggested"
printf 'isms check --staged: median %s ms wall, %s ms CPU of %s runs (without the parse cache: %s ms wall)\n' "$c" "$u" "$runs" "$cold"
git reset -q --hard
