#!/usr/bin/env bash
# Benchmark: `isms report` (release build) — the HTML audit pack for a generated ISMS of N documents, outside git and
# in a one-commit git repository (revision tables and the dirty check), then `isms report --verify` of the pack.
# usage: Benchmarks/report.sh [N]   (default 10000). Prints wall time, peak memory (/usr/bin/time -f %M) and pack size.
# ISMS_SCRATCH=DIR builds in another scratch folder (default .build).
# Each run writes a fresh folder and the packs are deleted only at the end: ext4 allocates inodes slowly for a few
# minutes after many files were deleted (recently_deleted), which would otherwise dominate the figures.
set -eu
n=${1:-10000}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
base=${BENCH_DIR:-${TMPDIR:-/tmp}/isms-bench}
src=$base/report-isms-$n        # outside the repository: git would ignore it
scratch=${ISMS_SCRATCH:-.build}
cd "$root"
swift build -c release --product isms --scratch-path "$scratch" >/dev/null
bin=$(swift build -c release --scratch-path "$scratch" --show-bin-path)/isms
# Generated once and kept (deleting 10,000 files would slow the runs that follow, see above).
if [ ! -f "$src/isms.yml" ] || [ -e "$src/.git" ]; then rm -rf "$src"; python3 "$here/generate_isms.py" "$n" "$src" >/dev/null; fi
if [ ! -d "$src-git/.git" ]; then
  rm -rf "$src-git" && cp -r "$src" "$src-git"
  ( cd "$src-git" && export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 && git init -q -b main \
    && git add -A && git -c user.name=Bench -c user.email=p003@bench.example commit -qm "Import the ISMS" )
fi
docs=$(find "$src" -name '*.md' | wc -l)

run() { # label, then the command: prints "label: S s, peak M MiB"
  local label=$1; shift
  local s e rss
  s=$(date +%s.%N)
  rss=$(/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1)
  e=$(date +%s.%N)
  printf '%s: %.2f s, peak memory %.0f MiB\n' "$label" "$(awk -v a="$e" -v b="$s" 'BEGIN{print a-b}')" "$(awk -v r="$rss" 'BEGIN{print r/1024}')"
}

echo "generated ISMS: $docs documents"
packs=$base/packs-$$
mkdir -p "$packs"
trap 'rm -rf "$packs"' EXIT
run "isms report (no git)" "$bin" report --in "$src" --out "$packs/1" --today 2026-12-01
printf 'pack: %s files, %s\n' "$(find "$packs/1" -type f | wc -l)" "$(du -sh "$packs/1" | cut -f1)"
run "isms report --verify" "$bin" report --verify "$packs/1"

rm -rf "$src-git/.git/isms"
run "isms report (git, 1 commit, cold history cache)" "$bin" report --in "$src-git" --out "$packs/2" --today 2026-12-01
run "isms report (git, warm history cache)" "$bin" report --in "$src-git" --out "$packs/3" --today 2026-12-01
run "isms report --force over an earlier pack" "$bin" report --in "$src-git" --out "$packs/3" --today 2026-12-01 --force
run "isms lint (same ISMS, for comparison)" "$bin" lint "$src-git" --today 2026-12-01 --format json
