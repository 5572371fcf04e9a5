"""The learned stage's cost per ad, against the rule path measured in the same run.

    python benchmarks/bench_learned.py [-n 3000] [--model DIR]

On generated ads of 350-450 characters, CPU microseconds per ad of: the whole verdict on the rule
path (the baseline), the whole verdict with the model (`--model`, the packaged default if not
given), and the model's own parts: features (folding, tokens, negation scope, word and character
n-gram hashing), the dot products with the weights, and the calibration curves. Ratios are to the
rule path. CPU time, not wall time: on a shared machine the wall clock counts other processes.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import orjson

from samaritan.engine.adparse import parse_ad
from samaritan.engine.extract import ad_text
from samaritan.engine.learned.features import AdFeatures
from samaritan.engine.model import Ad
from samaritan.engine.normalize import lower_in_place
from samaritan.engine.screener import Screener


def per_ad(work: Callable[[], object], n: int, rounds: int = 3) -> float:
    """Microseconds of CPU per ad, the best of `rounds` (the least disturbed by other load)."""
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return 1e6 * best / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=3000)
    parser.add_argument("--model", default="default")
    args = parser.parse_args()
    from bench_screen import make_corpus

    with tempfile.TemporaryDirectory() as tmp:
        src = str(Path(tmp) / "ads.jsonl")
        length = make_corpus(src, args.n, chars=(350, 450))
        with open(src, "rb") as handle:
            ads: list[Ad] = [parse_ad(orjson.loads(line)) for line in handle]
    rules, learned = Screener(), Screener(model=args.model)
    assert learned.model is not None and learned.stage is not None
    model, stage = learned.model, learned.stage

    def screen_all(screener: Screener) -> Callable[[], object]:
        return lambda: [screener.screen_many(ads[at : at + 64]) for at in range(0, len(ads), 64)]

    feats: list[AdFeatures] = [learned.features(ad) for ad in ads]
    inputs = []
    for ad in ads:
        lowered = lower_in_place(ad_text(ad))
        cues = learned.cues.scan(lowered)
        extraction = learned.extractor.extract(ad, lowered, cues)
        found, _ = learned._indicators(ad, extraction, cues, report_all=True, drop_denied=False, shapes=False)
        inputs.append((ad, found, [], extraction, []))
    timings = {
        "rule path, whole verdict (baseline)": per_ad(screen_all(rules), len(ads)),
        "model path, whole verdict": per_ad(screen_all(learned), len(ads)),
        "  features (fold, tokens, scope, hashing)": per_ad(lambda: [stage.features(*x) for x in inputs], len(ads)),
        "  dot products with the weights": per_ad(lambda: [model.raw(f) for f in feats], len(ads)),
        "  dot products and calibration": per_ad(lambda: [model.probabilities(f) for f in feats], len(ads)),
    }
    base = timings["rule path, whole verdict (baseline)"]
    print(f"{len(ads)} generated ads, mean {length:.0f} characters; CPU per ad (best of 3), machine load matters")
    for name, us in timings.items():
        print(f"{name:45s} {us:9.1f} us  {us / base:5.2f}x the rule path")


if __name__ == "__main__":
    main()
