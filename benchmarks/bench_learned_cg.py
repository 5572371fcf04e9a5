"""Instructions per ad of the learned stage's parts, counted by callgrind: the figure that stays
put on a loaded machine (bench_learned.py times the same parts in CPU microseconds).

    python benchmarks/bench_learned_cg.py [-n 300] [--src OTHER/src ...] [--corpus FILE.jsonl]

Each source tree (this checkout, and every --src) runs once under `valgrind --tool=callgrind`
on the same generated ads of the length bench_screen.py uses. Each part runs warm (a first pass
fills the caches) inside a C function of its own that callgrind switches collection on and off
at (`--toggle-collect`), as bench_stages_cg.py does: the whole verdict on the rule path and with
the packaged model (screen_many, 64 ads at a time, and to_dict), then, per ad of the corpus,
the reading of each field (reading.read of its first folded view, and of a respelled view), the
features (tokens, negation scope, named features; 64 ads hashed at once), the hashing alone,
the dot products and calibration (64 ads at once where a tree has learned/scores.py), the
evidence for a reason (on ads the model finds likely) and the category tagger (on ads labelled
commercial, each chunk's at once where a tree has indicators_many). No engine code calls the
wrappers. `--corpus`: a JSONL file of ads (real posts of a dating or adult section, where
the tagger reads nearly every ad) instead of generated ones, -n of them spread evenly through it;
only counts are printed.
"""

from __future__ import annotations

import os
import sys
import tempfile

from cgtrees import OWN_SRC, Tree, compare, inclusive, row  # run as a script: benchmarks/ is on the path
from learned_capture import CAPTURE, copy_corpus, corpus_args, corpus_label, pop_corpus

# Part -> the C function it runs inside (libpython's own symbol names).
WRAPPERS = {
    "rule path, whole verdict": "_operator_call",
    "model path, whole verdict": "functools_reduce",
    "  reading (reading.read, every field)": "context_run",
    "  features, 64 ads hashed at once": "starmap_next",
    "    of which hashing (hash_many)": "takewhile_next",
    "  dot products and calibration": "dropwhile_next",
    "  evidence for the reason": "filterfalse_next",
    "  category tagger": "zip_longest_next",
}

_CHILD = (
    r"""
import contextvars, functools, gc, itertools, operator, sys
import orjson
from samaritan.engine import screener as screener_module
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

with open(sys.argv[1], "rb") as handle:
    ads = [parse_ad(orjson.loads(line)) for line in handle]
rules, learned = Screener(model="none"), Screener(model="default")
model, tagger = learned.model, categories.tagger_for(learned.model)

reads = []
read = screener_module.read
screener_module.read = lambda text, view: reads.append((text, view)) or read(text, view)
"""
    + CAPTURE
    + r"""
screener_module.read = read
deferred = []


def screen(screener):
    def run(_a=None, _b=None):
        for at in range(0, len(ads), 64):
            for verdict in screener.screen_many(ads[at : at + 64]):
                verdict.to_dict()
    return run


def reading():
    for text, view in reads:
        read(text, view)


def featurize():
    deferred.clear()
    for at in range(0, len(inputs), 64):
        chunk = [features(*a) for a in inputs[at : at + 64]]  # (screen_many defers)
        F.hashed(chunk[0])
        deferred.append(chunk)


def hashing(_x=None):
    for chunk in deferred:
        F.hash_many(chunk)
    return False


def probabilities(_x=None):
    if probabilities_many is None:
        for f in feats:
            model.probabilities(f)
    for at in range(0, len(feats) if probabilities_many else 0, 64):
        probabilities_many(model, feats[at : at + 64], [True] * len(feats[at : at + 64]))
    return False


def evidence(_x=None):
    if evidence_many is None:
        for f in likely:
            model.evidence(f, "commercial_sex", limit=12)
    for at in range(0, len(likely) if evidence_many else 0, 64):
        evidence_many(model, likely[at : at + 64], "commercial_sex", 12)
    return True


rule_run, model_run = screen(rules), screen(learned)
for part in (rule_run, model_run, reading, featurize, hashing, probabilities, evidence, tag):
    part()  # warm: RE2's lazily built states, the caches
# A full collection (~50 M instructions in a 200-ad pass of real posts) would count in whichever
# part it falls, and trees that allocate differently meet it in different parts: off while counting.
gc.collect()
gc.disable()
operator.call(rule_run)
functools.reduce(model_run, [0], None)
contextvars.Context().run(reading)
list(itertools.starmap(featurize, [()]))
list(itertools.takewhile(hashing, [0]))
list(itertools.dropwhile(probabilities, [0]))
list(itertools.filterfalse(evidence, [0]))
list(itertools.zip_longest(iter(tag, 0)))
print(len(reads), len(inputs), len(likely), len(tagged))
"""
)


def on_corpus(path: str) -> tuple[int, list[Tree]]:
    """compare()'s counts on ads read from `path` (cgtrees' own options make generated ones)."""
    args = corpus_args(__doc__.splitlines()[0], 200, sys.argv[1:])
    sources = [OWN_SRC, *(os.path.abspath(s) for s in args.src)]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "ads.jsonl")
        n, mean = copy_corpus(path, args.n, corpus)
        symbols = list(WRAPPERS.values())
        trees = [inclusive(_CHILD, symbols, s, corpus, args.keep or tmp, f"learned.{k}") for k, s in enumerate(sources)]
    print(corpus_label(path, n, mean))
    print("thousands of instructions per ad (callgrind, warm); one column per source tree:")
    return n, trees


def main() -> None:
    path = pop_corpus(sys.argv)
    n, trees = on_corpus(path) if path else compare(__doc__.splitlines()[0], _CHILD, WRAPPERS, "learned")
    for k, tree in enumerate(trees):
        print(f"  [{k}] {tree.src} (fields read, ads featurized, likely, tagged: {tree.stdout})")
    for part, symbol in WRAPPERS.items():
        row(part, [t.counts.get(symbol, 0) for t in trees], n, 44)
    # The tagger reads only ads labelled commercial (a few in a hundred here): its cost per ad it
    # reads (bench_tagger_cg.py measures it on a commercial collection).
    tagged = [max(1, int(t.stdout.split()[-1])) for t in trees]
    per = [t.counts.get(WRAPPERS["  category tagger"], 0) / k for t, k in zip(trees, tagged, strict=True)]
    row("    per tagged ad", per, 1, 44)


if __name__ == "__main__":
    main()
