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

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

_HERE = os.path.dirname(os.path.abspath(__file__))
_OWN_SRC = os.path.join(os.path.dirname(_HERE), "src")

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
    for name in rounds[trees[0]][0]:
        cells = "".join(f"{statistics.median(r[name] for r in rounds[tree]):10.1f}" for tree in trees)
        print(f"   {name:<40}{cells}")
    warm = statistics.median(r["fold, warm"] for r in rounds[trees[0]])
    print(f"target: folding <= 25 us an ad (warm, this tree): {'met' if warm <= 25 else 'NOT met'}")


if __name__ == "__main__":
    main()
