#!/usr/bin/env bash
# Measures every figure the closing notes quote, each with the command that gives it:
#  1. `chronoline eval` with the shipped resources on timebank and aquaint;
#  2. held-out: models trained on one corpus (events + links), scored on the other, end to end
#     and with gold entities (--gold-entities), both directions;
#     plus event order against MATRES (--matres), and the same again with the adjacent-sentence
#     step on (resources/models/adjacent.model trained on the training corpus's MATRES pairs);
#  3. scripts/bench.sh (speed and memory over te3-silver).
# Usage: scripts/figures.sh [SHARED_DIR]   (default ../shared or $CHRONOLINE_SHARED)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-${CHRONOLINE_SHARED:-../shared}}
corpus="$shared/corpus"
[ -d "$corpus/timebank" ] || { echo "figures: no corpora under $corpus" >&2; exit 1; }
scripts/build.sh >/dev/null
cli=build/chronoline
run() { echo "\$ $*"; "$@"; echo; }

for c in timebank aquaint; do run $cli eval "$corpus/$c"; done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for train in timebank aquaint; do
  test=$([ $train = timebank ] && echo aquaint || echo timebank)
  res="$work/trained-on-$train"
  mkdir -p "$res/models"
  cp -r resources/en "$res/en"
  $cli --resources "$res" train events --out "$res/models/events.model" "$corpus/$train" 2>/dev/null
  $cli --resources "$res" train links --out "$res/models/links.model" "$corpus/$train" 2>/dev/null
  echo "# held out: models trained on $train, scored on $test"
  run $cli --resources "$res" eval --matres "$corpus/matres/$test.txt" "$corpus/$test"
  run $cli --resources "$res" eval --gold-entities --matres "$corpus/matres/$test.txt" "$corpus/$test"
  $cli --resources "$res" train adjacent --matres "$corpus/matres/$train.txt" --out "$res/models/adjacent.model" \
    "$corpus/$train" 2>/dev/null
  echo "# held out, with the adjacent-sentence step: trained on $train, scored on $test"
  run $cli --resources "$res" eval --matres "$corpus/matres/$test.txt" "$corpus/$test"
  run $cli --resources "$res" eval --gold-entities --matres "$corpus/matres/$test.txt" "$corpus/$test"
done

run scripts/bench.sh "$corpus/te3-silver"
