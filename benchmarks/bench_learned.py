"""The learned stage's cost per ad, against the rule path measured in the same process, before
and after in one run.

    python benchmarks/bench_learned.py [-n 3000] [--src OTHER/src ...] [--corpus FILE.jsonl]

On generated ads of 350-450 characters, CPU microseconds per ad (process time, the best of
--repeat warm passes) of: the whole verdict on the rule path (the baseline) and with the packaged
model (`--model default`, screen_many 64 ads at a time), then the model's own parts, each per ad
of the whole corpus: features (tokens of the fields as the lexicon folded them, negation scope,
word and character n-gram hashing; per ad, and with 64 ads hashed at once as screen_many does;
the reading of the folded fields is in bench_learned_cg.py), the dot products with the
weights and the calibration curves (64 ads at once, where the tree has learned/scores.py), the
strongest evidence named in a reason (asked on ads the model finds likely) and the category
tagger (run on ads labelled commercial, each chunk's at once where the tree can). Each source
tree (this checkout, and every --src) runs in its own fresh process on the same ads, alternating
--rounds times; the median of the rounds is printed.
Timings on a shared machine are noisy: compare trees within one run. Target (issue #14): the
model path within 15x bench_screen's I/O floor (~5.8 us an ad). `--corpus`: a JSONL file of ads
(real posts of a dating or adult section) instead of generated ones, -n of them spread evenly
through it; only figures are printed.
"""

from __future__ import annotations

import os
import sys
import tempfile

from learned_capture import CAPTURE, copy_corpus, corpus_args, corpus_label, pop_corpus  # benchmarks/ is on the path

_CHILD = (
    r"""
import json, sys, time
import orjson
from samaritan.engine.adparse import parse_ad
from samaritan.engine.learned import categories, stage
from samaritan.engine.learned import features as F
from samaritan.engine.screener import Screener
try:  # a chunk's probabilities at once (a tree without it: per ad)
    from samaritan.engine.learned.scores import probabilities_many
except ImportError:
    probabilities_many = None
try:  # a chunk's evidence at once (a tree without it: per ad)
    from samaritan.engine.learned.scores import evidence_many
except ImportError:
    evidence_many = None

src, repeat = sys.argv[1], int(sys.argv[2])
with open(src, "rb") as handle:
    ads = [parse_ad(orjson.loads(line)) for line in handle]
rules, learned = Screener(model="none"), Screener(model="default")
model, tagger = learned.model, categories.tagger_for(learned.model)

"""
    + CAPTURE
    + r"""

def per_ad(run):
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return 1e6 * best / len(ads)


def chunked():
    # As screen_many does it: a chunk's features, hashed together (a tree without deferral: per ad).
    for at in range(0, len(inputs), 64):
        if hasattr(F, "hashed"):
            F.hashed([features(*a) for a in inputs[at : at + 64]][0])  # (screen_many's inputs defer)
        else:
            [features(*a) for a in inputs[at : at + 64]]


def scored():
    if probabilities_many is None:
        return [model.probabilities(f) for f in feats]
    chunks = [feats[at : at + 64] for at in range(0, len(feats), 64)]
    return [probabilities_many(model, chunk, [True] * len(chunk)) for chunk in chunks]


def evidence():
    if evidence_many is None:
        return [model.evidence(f, "commercial_sex", limit=12) for f in likely]
    return [evidence_many(model, likely[at : at + 64], "commercial_sex", 12) for at in range(0, len(likely), 64)]


def screen_all(screener):
    return lambda: [screener.screen_many(ads[at : at + 64]) for at in range(0, len(ads), 64)]


out = {
    "rule path, whole verdict (baseline)": per_ad(screen_all(rules)),
    "model path, whole verdict": per_ad(screen_all(learned)),
    "  features (tokens, scope, hashing)": per_ad(lambda: [F.hashed(features(*a)) for a in inputs]),
    "  features, 64 ads hashed at once": per_ad(chunked),
    "  dot products and calibration": per_ad(scored),
    "  evidence for the reason": per_ad(evidence),
    "  category tagger": per_ad(tag),
}
out["model path / rule path (x)"] = out["model path, whole verdict"] / out["rule path, whole verdict (baseline)"]
print(json.dumps(out))
"""
)


def on_corpus(path: str) -> None:
    """abtrees.run's rounds on ads read from `path` (its own options make generated ones)."""
    from abtrees import OWN_SRC, measure, table

    args = corpus_args(__doc__.splitlines()[0], 1000, sys.argv[1:])
    trees = [OWN_SRC, *(os.path.abspath(s) for s in args.src)]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "ads.jsonl")
        n, mean = copy_corpus(path, args.n, corpus)
        rounds: dict[str, list[dict[str, float]]] = {tree: [] for tree in trees}
        for _ in range(args.rounds):
            for tree in trees:
                rounds[tree].append(measure(_CHILD, tree, corpus, args.repeat))
    table(corpus_label(path, n, mean), trees, rounds)


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from abtrees import run

    corpus_path = pop_corpus(sys.argv)
    target = ("model path, whole verdict", 87, "the model path (#14: 15x the I/O floor)")
    on_corpus(corpus_path) if corpus_path else run(_CHILD, __doc__.splitlines()[0], target)
