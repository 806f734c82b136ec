#!/usr/bin/env python3
"""Lists the time-expression errors of chronoline's TimeML against gold TimeML, row by row.

Usage:
  build/chronoline timeline --format timeml --out-dir OUT GOLD_DIR/*.tml
  scripts/timex_errors.py GOLD_DIR OUT > errors.txt

Each gold TIMEX3 is compared with the system's TIMEX3 that overlaps it (by character offsets in
the text of <TEXT>, tags removed). One line per difference:
  MISS  gold expression with no overlapping system expression
  SPUR  system expression overlapping no gold expression
  SPAN / VAL / TYPE (joined with '+')  overlapping, but extent, value or type differ
followed by the document, its DCT, both readings and the text around the gold span.
The last lines count the rows of each kind.
"""
import collections
import glob
import html
import os
import re
import sys

TAG = re.compile(r'<(/?)(\w+)([^>]*)>|([^<]+)')


def parse(path):
    """(text, [(begin, end, attributes)], dct value) of a TimeML file."""
    with open(path, encoding='utf-8') as f:
        s = f.read()
    body = re.search(r'<TEXT>(.*)</TEXT>', s, re.S).group(1)
    dct = re.search(r'<DCT>.*?value="([^"]+)"', s, re.S)
    text, out, stack, pos = [], [], [], 0
    for t in TAG.finditer(body):
        if t.group(4) is not None:
            piece = html.unescape(t.group(4))
            text.append(piece)
            pos += len(piece)
        elif t.group(2) == 'TIMEX3' and not t.group(3).strip().endswith('/'):
            if t.group(1) == '':
                stack.append((pos, dict(re.findall(r'(\w+)="([^"]*)"', t.group(3)))))
            else:
                begin, attrs = stack.pop()
                out.append((begin, pos, attrs))
    return ''.join(text), out, dct.group(1) if dct else ''


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    gold_dir, system_dir = sys.argv[1], sys.argv[2]
    counts = collections.Counter()
    for path in sorted(glob.glob(os.path.join(gold_dir, '*.tml'))):
        name = os.path.basename(path)
        system_path = os.path.join(system_dir, name)
        if not os.path.exists(system_path):
            print('NOFILE', name)
            continue
        text, gold, dct = parse(path)
        system_text, system, _ = parse(system_path)
        if system_text != text:
            print('TEXTDIFF', name)
            continue

        def around(a, b):
            return (text[max(0, a - 60):a] + '[' + text[a:b] + ']' + text[b:b + 40]).replace('\n', ' ')

        used = set()
        for a, b, g in gold:
            hits = [k for k, (c, d, _) in enumerate(system) if c < b and a < d]
            if not hits:
                kind = 'MISS'
                print(kind, name, dct, g.get('type'), g.get('value'), '|', around(a, b))
                counts[kind] += 1
                continue
            used.update(hits)
            c, d, s = system[hits[0]]
            kind = '+'.join(k for k, differs in (('SPAN', (a, b) != (c, d)), ('VAL', g.get('value') != s.get('value')),
                                                  ('TYPE', g.get('type') != s.get('type'))) if differs)
            if kind:
                print(kind, name, dct, 'gold', g.get('type'), g.get('value'), repr(text[a:b]),
                      'sys', s.get('type'), s.get('value'), repr(text[c:d]), '|', around(a, b))
                counts[kind] += 1
        for k, (c, d, s) in enumerate(system):
            if k not in used:
                print('SPUR', name, dct, s.get('type'), s.get('value'), '|', around(c, d))
                counts['SPUR'] += 1
    for kind, n in sorted(counts.items()):
        print('#', kind, n)


if __name__ == '__main__':
    main()
