#!/usr/bin/env sh
# Installs the system packages isms builds and tests with (Debian/Ubuntu). Idempotent: installs only what is missing.
#   scripts/setup.sh          libraries to build isms
#   scripts/setup.sh --test   also the tools the tests drive (git, python3, xmllint, ssh-keygen, gpg, readelf, jsonschema, pre-commit, check-jsonschema, chromium)
#                             and GNU time (peak memory in Benchmarks/)
set -eu
packages="libgit2-dev pkgconf libcmark-gfm-dev libcmark-gfm-extensions-dev libssl-dev zlib1g-dev libdeflate-dev libjemalloc-dev"
if [ "${1:-}" = "--test" ]; then
  packages="$packages git python3 python3-pip libxml2-utils openssh-client gnupg chromium time binutils"
fi
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  echo "installing:$missing" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
fi
if [ "${1:-}" = "--test" ] && ! python3 -c 'import jsonschema' >/dev/null 2>&1; then
  # The SARIF output is validated against the OASIS schema in the tests.
  echo "installing: jsonschema (pip)" >&2
  python3 -m pip install --quiet jsonschema 2>/dev/null || python3 -m pip install --quiet --break-system-packages jsonschema
fi
if [ "${1:-}" = "--test" ] && ! command -v pre-commit >/dev/null 2>&1; then
  # The hooks are tested under the real pre-commit framework.
  echo "installing: pre-commit (pip)" >&2
  python3 -m pip install --quiet pre-commit 2>/dev/null || python3 -m pip install --quiet --break-system-packages pre-commit
fi
if [ "${1:-}" = "--test" ] && ! command -v check-jsonschema >/dev/null 2>&1; then
  # The CI examples and action.yml are validated against GitHub's and GitLab's schemas (vendored in check-jsonschema).
  echo "installing: check-jsonschema (pip)" >&2
  python3 -m pip install --quiet check-jsonschema 2>/dev/null || python3 -m pip install --quiet --break-system-packages check-jsonschema
fi
if ! command -v swift >/dev/null 2>&1; then
  echo "swift is not on PATH: install Swift 6 (https://www.swift.org/install/linux/) first" >&2
  exit 1
fi
