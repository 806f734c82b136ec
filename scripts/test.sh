#!/usr/bin/env bash
# Installs the dependencies, builds, and runs the whole test suite (doctest through CTest).
# Tests that read the gold corpora look for ../shared (or $CHRONOLINE_SHARED) and skip without it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
cd build
ctest --output-on-failure -j"$(nproc)" --timeout 900
