"""Evasion folding's cost per ad (normalize.fold), on generated ads of the length
bench_screen.py uses, before and after in one run.

    python benchmarks/bench_fold.py [-n 5000] [--src OTHER/src ...]

Prints CPU microseconds per ad (process time) of folding every field of every ad as the
screener does (the ad's cue scan and words shared by its fields): a cold first pass, the best
of --repeat warm passes, the same split into plain-ASCII and other fields, and folding plus one
span mapped back per view (what the screener pays when it reports an indicator). Each source
tree (this checkout, and every --src) runs in its own fresh process on the same ads,
alternating --rounds times; the median of the rounds is printed. Timings on a shared machine
are noisy: compare trees within one run. Target (issue #13): folding <= 25 us an ad.
"""

from __future__ import annotations

import os
import sys

_CHILD = r"""
import json, sys, time
import orjson
from samaritan.engine.adparse import parse_ad
from samaritan.engine.extract import ad_text
from samaritan.engine.normalize import fold, lower_in_place
from samaritan.engine.screener import Screener
from samaritan.engine.tokens import Words

src, repeat = sys.argv[1], int(sys.argv[2])
with open(src, "rb") as handle:
    ads = [parse_ad(orjson.loads(line)) for line in handle]
screener = Screener()
vocabulary = screener.detector.vocabulary
items = []
for ad in ads:
    lowered = lower_in_place(ad_text(ad))
    items.append((lowered, screener.cues.scan(lowered), [text for _, text in ad.fields() if text]))


def per_ad(run):
    start = time.process_time()
    run()
    return 1e6 * (time.process_time() - start) / len(items)


def folding(keep=lambda text: True):
    def run():
        for lowered, cues, texts in items:
            words = Words(lowered)
            for text in texts:
                if keep(text):
                    fold(text, vocabulary, cues, words)
    return run


def with_spans():
    for lowered, cues, texts in items:
        words = Words(lowered)
        for text in texts:
            for view in fold(text, vocabulary, cues, words):
                if view.text:
                    view.span(len(view.text) // 2, len(view.text))


out = {"fold, cold (first pass)": per_ad(folding())}
out["fold, warm"] = min(per_ad(folding()) for _ in range(repeat))
out["  plain-ASCII fields"] = min(per_ad(folding(str.isascii)) for _ in range(repeat))
out["  other fields"] = min(per_ad(folding(lambda text: not text.isascii())) for _ in range(repeat))
out["fold + one span mapped per view"] = min(per_ad(with_spans) for _ in range(repeat))
print(json.dumps(out))
"""


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from abtrees import run

    run(_CHILD, __doc__.splitlines()[0], ("fold, warm", 25, "folding"))
