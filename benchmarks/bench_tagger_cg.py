"""Instructions per tagged ad of the learned category tagger, counted by callgrind, on ads the
tagger actually reads: bench_learned_cg.py's tagger row is per ad of a mostly lawful corpus.

    python benchmarks/bench_tagger_cg.py [-n 3000] [--ads FILE.jsonl] [--src OTHER/src ...]

Each source tree (this checkout, and every --src) screens the same ads with the packaged model
(screen_many, 64 at a time) once, keeping what the tagger was given for each chunk (the ads
labelled commercial, with their readings and respelled readings), then runs the tagger over
those chunks (`indicators_many`, as screening calls it) under `valgrind --tool=callgrind`,
collection switched on only inside a C function of its own (`--toggle-collect`): once warm (the
token table filled by a first pass) and once with a fresh token table, as on a new collection
where every token string is met for the first time. `--ads`: a JSONL file of ads (a collection
of escort ads, a platform's adult section) instead of generated ones; -n then caps how many are
read.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile

from cgtrees import OWN_SRC, inclusive, row  # run as a script: benchmarks/ is on the path

WRAPPERS = {"tagger, warm token table": "starmap_next", "tagger, fresh token table": "functools_reduce"}

_CHILD = r"""
import functools, itertools, sys
import orjson
from samaritan.engine.adparse import parse_ad
from samaritan.engine.learned import categories, stage
from samaritan.engine.screener import Screener

with open(sys.argv[1], "rb") as handle:
    ads = [parse_ad(orjson.loads(line)) for line in handle]
learned = Screener(model="default")
tagger = categories.tagger_for(learned.model)
chunks = []
annotate_many = stage.learned_categories_many


def keep(model, items):
    chunks.append([(ad.title, ad.body, *r) for ad, a, *r in items if a.is_commercial])
    return annotate_many(model, items)


stage.learned_categories_many = keep
for at in range(0, len(ads), 64):
    learned.screen_many(ads[at : at + 64])
stage.learned_categories_many = annotate_many


def tag(_a=None, _b=None):
    for chunk in chunks:
        if chunk:
            tagger.indicators_many(chunk)
    return 0


tag()  # warm: the token table, RE2's and numpy's lazily built state
list(itertools.starmap(tag, [()]))
tagger.cache = None  # a fresh token table (the string caches of categories_text stay warm)
functools.reduce(tag, [0], None)
print(len(ads), sum(map(len, chunks)))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=3000, help="generated ads (or the most read from --ads)")
    parser.add_argument("--ads", help="a JSONL file of ads to screen instead of generated ones")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--src", action="append", default=[], help="another source tree to compare (its src/)")
    parser.add_argument("--keep", help="a directory to keep the callgrind files in (for callgrind_annotate)")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("needs valgrind (callgrind)")
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from bench_screen import make_corpus  # the same ads as bench_screen.py

    sources = [OWN_SRC, *(os.path.abspath(s) for s in args.src)]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "ads.jsonl")
        if args.ads:
            with open(args.ads, encoding="utf-8") as src, open(corpus, "w", encoding="utf-8") as out:
                out.writelines(line for _, line in zip(range(args.n), src, strict=False))
        else:
            make_corpus(corpus, args.n, seed=args.seed, chars=(350, 450))
        symbols = list(WRAPPERS.values())
        trees = [inclusive(_CHILD, symbols, s, corpus, args.keep or tmp, f"tagger.{k}") for k, s in enumerate(sources)]
    print(f"corpus: {args.ads or 'generated ads of 350-450 characters'}")
    for k, tree in enumerate(trees):
        print(f"  [{k}] {tree.src} (ads screened, ads tagged: {tree.stdout})")
    print("thousands of instructions per tagged ad (callgrind); one column per source tree:")
    tagged = [max(1, int(tree.stdout.split()[-1])) for tree in trees]
    for part, symbol in WRAPPERS.items():
        row(part, [t.counts.get(symbol, 0) / n for t, n in zip(trees, tagged, strict=True)], 1, 30)


if __name__ == "__main__":
    main()
