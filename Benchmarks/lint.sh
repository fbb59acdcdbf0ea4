#!/usr/bin/env bash
# Benchmark: `isms lint` (release build) on a generated ISMS of N documents, against simply reading the files (cat).
# usage: Benchmarks/lint.sh [N]   (default 10000). Prints wall time, peak memory and the ratio.
set -eu
n=${1:-10000}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out=${BENCH_DIR:-${TMPDIR:-/tmp}/isms-bench}/isms-$n   # outside the repository: git would ignore it
cd "$root"
swift build -c release --product isms >/dev/null
bin=$(swift build -c release --show-bin-path)/isms
rm -rf "$out"
python3 "$here/generate_isms.py" "$n" "$out"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
runs=5
lint_times=(); cat_times=()
for i in $(seq $runs); do
  s=$(date +%s.%N); "$bin" lint "$out" --today 2026-12-01 --format json >/dev/null 2>&1 || true; e=$(date +%s.%N)
  lint_times+=("$(awk -v a="$e" -v b="$s" 'BEGIN{printf "%.4f", a-b}')")
  s=$(date +%s.%N); find "$out" -name '*.md' -print0 | xargs -0 cat >/dev/null; e=$(date +%s.%N)
  cat_times+=("$(awk -v a="$e" -v b="$s" 'BEGIN{printf "%.4f", a-b}')")
done
lint=$(printf '%s\n' "${lint_times[@]}" | median)
cat=$(printf '%s\n' "${cat_times[@]}" | median)
rss=$(/usr/bin/time -f %M "$bin" lint "$out" --today 2026-12-01 --format json 2>&1 >/dev/null | tail -1)
findings=$("$bin" lint "$out" --today 2026-12-01 --format json 2>/dev/null | grep -c '"rule"' || true)
docs=$(find "$out" -name '*.md' | wc -l)
printf 'isms lint: %s documents, median of %s runs: %.3f s, peak memory %.1f MiB, %s findings\n' "$docs" "$runs" "$lint" "$(awk -v r="$rss" 'BEGIN{print r/1024}')" "$findings"
printf 'cat (find | xargs cat): %.3f s\n' "$cat"
printf 'ratio isms lint / cat: %.1fx\n' "$(awk -v a="$lint" -v b="$cat" 'BEGIN{print a/b}')"
