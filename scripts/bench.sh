#!/usr/bin/env bash
# Prints chronoline's speed and memory figures over te3-silver (or the folder given):
# in-process MB/s per stage and the batch's phases (bench/throughput.cpp), then the whole process
# `chronoline timeline --format timeml --out-dir` on one core (CPU time), with its peak resident
# memory.
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
# CPU time (user + system) is the figure, not wall time: the machine may be shared, and a
# figure must not depend on what else runs. Wall time is printed beside it.
# Whole process for each stopping point: `--stages timex` is issue 2's time-expression tagger,
# `events` adds the events, `all` (the default) is the whole timeline with links and graph.
for stages in timex events all; do
  cmd=(taskset -c 0 build/chronoline timeline --stages "$stages" --format timeml --out-dir "$out/$stages" "$corpus"/*.tml)
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "%e %U %S %M" -o "$out/.time" "${cmd[@]}"
  else
    TIMEFORMAT="%R %U %S 0"
    { time "${cmd[@]}" ; } 2>"$out/.time"
  fi
  read -r wall user sys rss <"$out/.time"
  awk -v mb="$mb" -v w="$wall" -v u="$user" -v s="$sys" -v st="$stages" 'BEGIN {
    printf "%-44s %8.1f MB/s  (%.2f s CPU = %.2f user + %.2f system, for %.2f MB; wall %.2f s)\n",
           "whole process: timeline --stages " st " --format timeml --out-dir", mb/(u+s), u+s, u, s, mb, w }'
  [ "$rss" != 0 ] && awk -v k="$rss" -v st="$stages" 'BEGIN { printf "%-44s %8.1f MB\n", "  peak resident memory (--stages " st ")", k/1024 }'
done
exit 0
