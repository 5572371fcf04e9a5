"""Extraction's cost per ad (contacts, phones, emails, handles, ages, prices, places), whole and
by extractor, on generated ads of the length bench_screen.py uses.

    python benchmarks/bench_extract.py [-n 5000] [--src OTHER/src ...]

Prints CPU microseconds per ad (process time, the steadier figure on a shared machine) of
`Extractor.extract` one ad at a time as bench_screen.py's "extract" line runs it: a cold first
pass over ads the process has not seen (phone validation and the other caches start empty, as
in a `samaritan screen` run) and the best of --repeat warm passes; then each extractor alone
over all the ads (warm). Each source tree (this checkout, and every --src) runs in its own fresh
process on the same ads, alternating --rounds times, so a before/after is measured in the same
run; the median of the rounds is printed, and the CPU time of building the engine (ms), which
holds the extractors' RE2 warm-up. Target (issue #13): extraction <= 50 us an ad.
"""

from __future__ import annotations

import os
import sys

# Run in a fresh process with the source tree under test first on the path.
_CHILD = r"""
import json, sys, time
import orjson
from samaritan.engine.adparse import parse_ad
from samaritan.engine.extract import _title_end, ad_text
from samaritan.engine.extract.ages import find_ages
from samaritan.engine.extract.contacts import find_emails, find_handles, find_urls
from samaritan.engine.extract.phonefold import phone_text
from samaritan.engine.extract.phones import find_phones
from samaritan.engine.extract.places import find_places
from samaritan.engine.extract.prices import find_prices
from samaritan.engine.extract.regions import ad_regions
from samaritan.engine.normalize import lower_in_place
from samaritan.engine.screener import Screener

src, repeat = sys.argv[1], int(sys.argv[2])
with open(src, "rb") as handle:
    ads = [parse_ad(orjson.loads(line)) for line in handle]
start = time.process_time()
screener = Screener()  # loads the tables and builds the extractors' RE2 states (extract/warmup.py)
build = time.process_time() - start
extractor = screener.extractor
items = []
for ad in ads:
    text = ad_text(ad)
    lowered = lower_in_place(text)
    items.append((ad, text, lowered, screener.cues.scan(lowered)))


def per_ad(run):
    start = time.process_time()
    run()
    return 1e6 * (time.process_time() - start) / len(items)


def whole():
    for ad, _, lowered, cues in items:
        extractor.extract(ad, lowered, cues)


out = {"extract, cold (first pass)": per_ad(whole)}
out["extract, warm"] = min(per_ad(whole) for _ in range(repeat))
folded = [phone_text(text, lowered) for _, text, lowered, _ in items]


def phones():
    for (ad, text, lowered, cues), fold in zip(items, folded):
        regions, named = ad_regions(ad.location, ad.url, None, extractor.region)
        find_phones(text, regions, lowered, cues, named, fold)


def contacts():
    for _, text, lowered, cues in items:
        find_emails(text, lowered, cues)
        find_handles(text, lowered, cues)
        find_urls(text, lowered, cues)


def ages():
    for (ad, text, lowered, cues), fold in zip(items, folded):
        find_ages(text, lowered, cues, _title_end(ad), fold)


def folding():
    for _, text, lowered, _ in items:
        phone_text(text, lowered)


steps = {
    "  folding for phones and ages (phone_text)": folding,
    "  phones (regions, windows, readers)": phones,
    "  emails, handles, urls": contacts,
    "  ages": ages,
    "  prices": lambda: [find_prices(text, lowered, cues) for _, text, lowered, cues in items],
    "  places": lambda: [find_places(text) for _, text, _, _ in items],
}
for name, run in steps.items():
    run()
    out[name] = min(per_ad(run) for _ in range(repeat))
out["engine build (Screener()), ms CPU"] = 1e3 * build
print(json.dumps(out))
"""


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from abtrees import run

    run(_CHILD, __doc__.splitlines()[0], ("extract, warm", 50, "extraction"))
