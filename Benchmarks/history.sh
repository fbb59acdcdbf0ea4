#!/usr/bin/env bash
# Benchmark: `isms history --all` (release build) cold and warm, against git's own walk of the same history
# (`git log --name-status -M --format=%H -- ROOT`), in one run, with peak memory.
# usage: Benchmarks/history.sh [N documents] [M commits]   (default 1000 20000)
set -eu
n=${1:-1000}; m=${2:-20000}
here=$(cd "$(dirname "$0")" && pwd); root=$(dirname "$here")
out=${BENCH_DIR:-${TMPDIR:-/tmp}/isms-bench}/history-$n-$m
cd "$root"
swift build -c release --product isms >/dev/null
bin=$(swift build -c release --show-bin-path)/isms
[ -d "$out/.git" ] || python3 "$here/generate_history.py" "$n" "$m" "$out"
cd "$out"
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); awk -v a="$e" -v b="$s" 'BEGIN{printf "%.3f", a-b}'; }
mem() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
rm -rf .git/isms
git_s=$(t git log --name-status -M --format=%H -- isms)
cold=$(t "$bin" history --all --in isms --format json)
warm=$(t "$bin" history --all --in isms --format json)
warm2=$(t "$bin" history --all --in isms --format json)
rm -rf .git/isms
cold_mem=$(mem "$bin" history --all --in isms --format json)
warm_mem=$(mem "$bin" history --all --in isms --format json)
git_mem=$(mem git log --name-status -M --format=%H -- isms)
commits=$(git rev-list --count HEAD)
printf 'repository: %s documents, %s commits\n' "$n" "$commits"
printf 'git log --name-status -M -- isms: %s s, peak %s MiB\n' "$git_s" "$(awk -v r="$git_mem" 'BEGIN{printf "%.0f", r/1024}')"
printf 'isms history --all, cold: %s s (%.2fx git), peak %s MiB\n' "$cold" "$(awk -v a="$cold" -v b="$git_s" 'BEGIN{print a/b}')" "$(awk -v r="$cold_mem" 'BEGIN{printf "%.0f", r/1024}')"
printf 'isms history --all, warm: %s s / %s s (%.2fx git), peak %s MiB\n' "$warm" "$warm2" "$(awk -v a="$warm2" -v b="$git_s" 'BEGIN{print a/b}')" "$(awk -v r="$warm_mem" 'BEGIN{printf "%.0f", r/1024}')"
