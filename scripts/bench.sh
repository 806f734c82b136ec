#!/usr/bin/env bash
# Prints chronoline's speed and memory figures over te3-silver (or the folder given):
# in-process MB/s per stage (bench/throughput.cpp), then the whole process
# `chronoline timeline --format timeml --out-dir` on one core, with its peak resident memory.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-${CHRONOLINE_SHARED:-../shared}/corpus/te3-silver}
[ -d "$corpus" ] || { echo "bench: no corpus at $corpus" >&2; exit 1; }
scripts/build.sh >/dev/null
figures=$(build/bench/chronoline_bench "$corpus")
echo "$figures"
# Outputs go to memory (/dev/shm) when it exists, so the figure is chronoline's, not the disk's.
out=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$out"' EXIT
# Article-text bytes (the content of <TEXT>), the unit every figure is given in.
mb=$(echo "$figures" | sed -n 's/.*, \([0-9.]*\) MB of article text.*/\1/p')
start=$(date +%s.%N)
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f "%M" -o "$out/.rss" taskset -c 0 build/chronoline timeline --format timeml --out-dir "$out" "$corpus"/*.tml
else
  taskset -c 0 build/chronoline timeline --format timeml --out-dir "$out" "$corpus"/*.tml
fi
end=$(date +%s.%N)
awk -v mb="$mb" -v s="$start" -v e="$end" 'BEGIN { printf "%-44s %8.1f MB/s  (%.2f s for %.2f MB)\n", "whole process: timeline --format timeml --out-dir", mb/(e-s), e-s, mb }'
[ -f "$out/.rss" ] && awk '{ printf "%-44s %8.1f MB\n", "whole process peak resident memory", $1/1024 }' "$out/.rss"
