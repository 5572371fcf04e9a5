"""Why the detector uses pyahocorasick: the lexicon's terms matched over folded ad text.

    python benchmarks/bench_matcher.py [-n 20000]

Compares, on the same folded texts, one Aho-Corasick automaton (what `detect.py` uses) with
one big `re` alternation (what a naive filter does) and prints ads/s and the ratio.
"""

from __future__ import annotations

import argparse
import re
import time

import ahocorasick

from samaritan.engine.lexicon import load_lexicon
from samaritan.engine.normalize import fold, fold_term
from samaritan.generate.corpus import SiteGenerator


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20000)
    args = parser.parse_args()
    terms = sorted({fold_term(t.rstrip("*")) for r in load_lexicon().rules for t in [*r.terms, *r.anchors]} - {""})
    texts = [fold(ad["body"])[0].text for ad, _ in SiteGenerator(args.n, seed=3)]

    automaton = ahocorasick.Automaton()
    for term in terms:
        automaton.add_word(term, term)
    automaton.make_automaton()
    start = time.perf_counter()
    ac_hits = sum(1 for text in texts for _ in automaton.iter(text))
    ac = time.perf_counter() - start

    alternation = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)))
    start = time.perf_counter()
    re_hits = sum(1 for text in texts for _ in alternation.finditer(text))
    rx = time.perf_counter() - start

    print(f"{len(terms)} terms, {args.n} ads")
    print(f"pyahocorasick automaton: {args.n / ac:12,.0f} ads/s ({ac_hits} raw hits, overlapping)")
    print(f"re alternation:          {args.n / rx:12,.0f} ads/s ({re_hits} hits, non-overlapping only)")
    print(f"automaton is {rx / ac:.1f}x faster, and reports every overlapping term")


if __name__ == "__main__":
    main()
