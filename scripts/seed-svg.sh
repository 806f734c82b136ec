#!/usr/bin/env bash
# Renders docs/seed-timeline.svg: the DOT timeline of the seed article (../shared/seed), drawn by
# Graphviz. The seed is third-party text, so the sentence tooltips the DOT export carries are
# stripped before rendering: the committed picture holds event words and dates only.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${CHRONOLINE_SHARED:-../shared}
build/chronoline timeline --format dot --date 2018-07-19 "$shared/seed/putin-visit.txt" |
  python3 -c 'import re,sys; sys.stdout.write(re.sub(r", tooltip=\"(?:[^\"\\\\]|\\\\.)*\"", "", sys.stdin.read()))' |
  sed 's|label="[^"]*putin-visit.txt (DCT|label="putin-visit.txt (DCT|' |
  dot -Tsvg -o docs/seed-timeline.svg
echo "wrote docs/seed-timeline.svg" >&2
