#!/usr/bin/env bash
# Benchmark: every command on the example ISMS (Policies/, in a git repository) plus ONE document of a pathological
# shape of SIZE bytes (default 1 MiB): a long line of `*a**`, a long non-ASCII line of links, a table of contents of
# thousands of valid anchor links, thousands of broken anchors, thousands of broken file links. Prints seconds per
# command (release build); the goal is under 1 s for each. A command over 60 s is stopped and shown as "timeout".
# usage: Benchmarks/shapes.sh [SIZE] [SHAPE...]   (ISMS_BIN=path/to/isms to time another build)
set -eu
size=${1:-1048576}; shift || true
shapes=("$@"); [ ${#shapes[@]} -gt 0 ] || shapes=(long-line unicode-line toc broken-anchors broken-links)
here=$(cd "$(dirname "$0")" && pwd); root=$(dirname "$here")
work=${BENCH_DIR:-${TMPDIR:-/tmp}/isms-bench}/shapes
cd "$root"
if [ -n "${ISMS_BIN:-}" ]; then bin=$ISMS_BIN; else   # ISMS_BIN: another build to compare with
  swift build -c release --product isms >/dev/null
  bin=$(swift build -c release --show-bin-path)/isms
fi
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.com
secs() {   # seconds a command takes, or "timeout"
  local s e rc; s=$(date +%s%N)
  set +e; timeout 60 "$@" >/dev/null 2>&1; rc=$?; set -e
  e=$(date +%s%N)
  if [ $rc -eq 124 ]; then echo timeout; elif [ $rc -gt 2 ]; then echo "crash($rc)"; else awk -v n=$((e - s)) 'BEGIN{printf "%.2f", n/1e9}'; fi
}
printf '%-15s %6s %6s %6s %6s %6s %6s %6s %6s %6s\n' shape lint soa report history check diff plan transit slowest
for shape in "${shapes[@]}"; do
  rm -rf "$work"; mkdir -p "$work"; cp -R "$root/Policies" "$work/isms"
  cd "$work"; git init -q -b main; git add -A; git commit -qm "ISMS" --date 2026-11-27T10:00:00Z
  python3 "$here/generate_shapes.py" "$shape" "$size" isms/policies/shape.md
  git add -A; git commit -qm "A document of shape $shape"
  echo "One more line." >> isms/policies/shape.md; git add -A   # a staged change for check --staged
  t=(
    "$(secs "$bin" lint isms --today 2026-12-01)"
    "$(secs "$bin" soa --in isms --today 2026-12-01)"
    "$(secs "$bin" report --in isms --out "$work/pack" --force --today 2026-12-01)"
    "$(secs "$bin" history --in isms)"
    "$(secs "$bin" check --staged --in isms --today 2026-12-01)"
    "$(secs "$bin" diff --since HEAD~1 --in isms)"
    "$(secs "$bin" audit plan --in isms --today 2026-12-01)"
    "$(secs "$bin" transition --in isms)"
  )
  slowest=$(printf '%s\n' "${t[@]}" | awk '/^[0-9.]+$/ { if ($1 > m) m = $1; next } { bad = $0 } END { print (bad != "") ? bad : m }')
  printf '%-15s %6s %6s %6s %6s %6s %6s %6s %6s %6s\n' "$shape" "${t[@]}" "$slowest"
  cd "$root"
done
printf '(seconds; one %s-byte document in the %s documents of Policies/)\n' "$size" "$(find "$root/Policies" -name '*.md' | wc -l)"
