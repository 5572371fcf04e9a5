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

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

_HERE = os.path.dirname(os.path.abspath(__file__))
_OWN_SRC = os.path.join(os.path.dirname(_HERE), "src")

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


def measure(src_dir: str, corpus: str, repeat: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": src_dir, "PYTHONHASHSEED": "0"}
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, corpus, str(repeat)], env=env, capture_output=True, text=True, check=True
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--chars", default="350-450", help="length of the ads' title and body, low-high")
    parser.add_argument("--repeat", type=int, default=3, help="warm passes in each process (the best is kept)")
    parser.add_argument("--rounds", type=int, default=3, help="fresh processes per source tree, alternating")
    parser.add_argument("--src", action="append", default=[], help="another source tree to compare (its src/)")
    args = parser.parse_args()
    sys.path.insert(0, _HERE)
    from bench_screen import make_corpus  # the same ads as bench_screen.py

    low, high = (int(x) for x in args.chars.split("-"))
    trees = [_OWN_SRC, *(os.path.abspath(s) for s in args.src)]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "ads.jsonl")
        length = make_corpus(corpus, args.n, seed=args.seed, chars=(low, high))
        rounds: dict[str, list[dict[str, float]]] = {tree: [] for tree in trees}
        for _ in range(args.rounds):
            for tree in trees:
                rounds[tree].append(measure(tree, corpus, args.repeat))
    print(f"corpus: {args.n} generated ads, {length:.0f} characters on average (title + body)")
    print(f"machine load (1, 5, 15 min): {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    print("CPU per ad (us), median of the rounds; one column per source tree:")
    for k, tree in enumerate(trees):
        print(f"  [{k}] {tree}")
    names = list(rounds[trees[0]][0])
    for name in names:
        cells = "".join(f"{statistics.median(r[name] for r in rounds[tree]):10.1f}" for tree in trees)
        print(f"   {name:<44}{cells}")
    warm = statistics.median(r["extract, warm"] for r in rounds[trees[0]])
    print(f"target: extraction <= 50 us an ad (warm, this tree): {'met' if warm <= 50 else 'NOT met'}")


if __name__ == "__main__":
    main()
