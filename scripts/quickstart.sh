#!/usr/bin/env bash
# Installs the dependencies, builds, and prints the timeline of a bundled sample article.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
sample=${1:-samples/eu-fish-quotas.txt}
echo "== chronoline timeline $sample" >&2
build/chronoline timeline "$sample"
