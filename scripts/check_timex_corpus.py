#!/usr/bin/env python3
"""Check the time-expression example corpus for format errors.

Usage: scripts/check_timex_corpus.py [tests/corpus/timex]

Reads positive.tsv and negative.tsv in the given folder (default tests/corpus/timex next to
this script's repository root) and reports every row that breaks the documented format:
wrong column count, a span that is not a substring of its text, an invalid DCT, an unknown
type, tense or attribute, a TIMEX3 value whose syntax does not fit its type, an impossible
calendar date, and an exact duplicate row. Prints per-category row counts (categories are
the "# == name" comment lines). Exit status 1 when any problem was found.
"""
import datetime as dt
import re
import sys
from collections import Counter
from pathlib import Path

TYPES = {"DATE", "TIME", "DURATION", "SET"}
TENSES = {"-", "PAST", "PRESENT", "FUTURE", "PRESENT/PERFECTIVE"}
MODS = {"BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER", "LESS_THAN", "MORE_THAN",
        "EQUAL_OR_LESS", "EQUAL_OR_MORE", "START", "MID", "END", "APPROX"}
QUANTS = {"EVERY", "EACH"}

Y = r"(?:\d{4}|XXXX)"
DATE_FORMS = [
    rf"\d{{2,3}}",                                   # century 19, decade 199
    rf"{Y}",
    rf"{Y}-(?:\d{{2}}|XX)",                          # month
    rf"{Y}-(?:\d{{2}}|XX)-(?:\d{{2}}|XX)",           # day
    rf"{Y}-W(?:\d{{2}}|XX)(?:-(?:[1-7]|WE))?",        # week, weekday, weekend
    rf"{Y}-(?:SP|SU|FA|WI)",                          # season
    rf"{Y}-(?:Q[1-4]|QX|H[12])",                      # quarter, half
    r"PRESENT_REF|PAST_REF|FUTURE_REF",
]
TIME_SUFFIX = r"T(?:MO|AF|EV|NI|DT|\d{2}(?::\d{2}(?::\d{2})?)?)"
DATE_RE = re.compile(r"^(?:" + "|".join(DATE_FORMS) + r")$")
TIME_RE = re.compile(rf"^(?:{Y}-(?:\d{{2}}|XX)-(?:\d{{2}}|XX)|{Y}-W(?:\d{{2}}|XX)-[1-7]){TIME_SUFFIX}$|^PRESENT_REF$")
NUM = r"(?:\d+(?:\.\d+)?|X)"
DUR_RE = re.compile(rf"^P(?:(?:{NUM}(?:Y|M|W|D|Q|DE|CE|L))+(?:T(?:{NUM}[HMS])+)?|T(?:{NUM}[HMS])+)$")


def check_value(typ, value):
    if typ == "DATE":
        return bool(DATE_RE.match(value))
    if typ == "TIME":
        return bool(TIME_RE.match(value))
    if typ == "DURATION":
        return bool(DUR_RE.match(value))
    return bool(DUR_RE.match(value) or DATE_RE.match(value) or TIME_RE.match(value))


def calendar_ok(value):
    m = re.match(r"^(\d{4})-(\d{2})(?:-(\d{2}))?", value)
    if not m:
        w = re.match(r"^(\d{4})-W(\d{2})", value)
        if w:
            try:
                dt.date.fromisocalendar(int(w.group(1)), int(w.group(2)), 1)
            except ValueError:
                return False
        return True
    try:
        dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    except ValueError:
        return False
    return True


def valid_dct(s):
    try:
        return re.fullmatch(r"\d{4}-\d{2}-\d{2}", s) and dt.date.fromisoformat(s)
    except ValueError:
        return False


def read_rows(path):
    category = "(none)"
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if line.startswith("# =="):
            category = line[4:].strip()
        if not line.strip() or line.startswith("#"):
            continue
        yield n, category, line.split("\t")


def main():
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "tests/corpus/timex"
    problems = 0

    def bad(path, n, msg):
        nonlocal problems
        problems += 1
        print(f"{path.name}:{n}: {msg}")

    pos = root / "positive.tsv"
    counts, seen = Counter(), set()
    for n, category, cols in read_rows(pos):
        if len(cols) != 7:
            bad(pos, n, f"expected 7 columns, got {len(cols)}")
            continue
        text, dct, tense, span, typ, value, attrs = cols
        counts[category] += 1
        key = (text, dct, span)
        if key in seen:
            bad(pos, n, "duplicate (text, dct, span)")
        seen.add(key)
        if span not in text:
            bad(pos, n, f"span {span!r} not in text")
        if span != span.strip() or not span:
            bad(pos, n, "span has surrounding blanks or is empty")
        if not valid_dct(dct):
            bad(pos, n, f"invalid DCT {dct!r}")
        if tense not in TENSES:
            bad(pos, n, f"unknown tense {tense!r}")
        if typ not in TYPES:
            bad(pos, n, f"unknown type {typ!r}")
        elif not check_value(typ, value):
            bad(pos, n, f"value {value!r} does not fit type {typ}")
        if not calendar_ok(value):
            bad(pos, n, f"impossible calendar value {value!r}")
        if attrs != "-":
            for a in attrs.split(" "):
                k, _, v = a.partition("=")
                if k == "mod" and v in MODS:
                    continue
                if k == "quant" and v in QUANTS:
                    continue
                if k == "freq" and re.fullmatch(r"\d+X", v):
                    continue
                bad(pos, n, f"unknown attribute {a!r}")
    neg = root / "negative.tsv"
    ncounts = Counter()
    if neg.exists():
        for n, category, cols in read_rows(neg):
            if len(cols) != 3:
                bad(neg, n, f"expected 3 columns, got {len(cols)}")
                continue
            text, dct, span = cols
            ncounts[category] += 1
            if span != "*" and span not in text:
                bad(neg, n, f"span {span!r} not in text")
            if not valid_dct(dct):
                bad(neg, n, f"invalid DCT {dct!r}")
    for name, c in (("positive", counts), ("negative", ncounts)):
        print(f"{name}: {sum(c.values())} rows")
        for k, v in c.items():
            print(f"  {v:4d}  {k}")
    print(f"{problems} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
