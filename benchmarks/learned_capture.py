"""What bench_learned.py's and bench_learned_cg.py's child scripts share: the ads screened once
with the packaged model (screen_many, 64 at a time), keeping what the learned stage was given
(each feature call's arguments, the ads the tagger read, by chunk), then the hashed features, the
ads the model finds likely, and `tag()`, the tagger over each chunk's tagged ads. Code run in each
compared tree's own interpreter: it expects `ads`, `learned`, `model`, `tagger`, `stage` and `F`
(engine.learned.features) defined before it.

Also the two scripts' `--corpus FILE.jsonl` option: a collection of ads (real posts of a
platform's dating section, say) measured instead of generated ones. Only counts are printed:
nothing of the ads is shown or kept (their copy lives in a temporary directory)."""

from __future__ import annotations

import argparse
import os

import orjson

CAPTURE = r"""
inputs, tagged = [], []
features, annotate = stage.LearnedStage.features, stage.learned_categories
stage.LearnedStage.features = staticmethod(lambda *a, **k: inputs.append(a) or features(*a, **k))
stage.learned_categories = lambda m, ad, a, *r: (a.is_commercial and tagged.append((at, ad, *r))) or annotate(
    m, ad, a, *r
)
annotate_many = getattr(stage, "learned_categories_many", None)  # a tree that tags a chunk at once
if annotate_many is not None:
    def tag_many(m, items):
        tagged.extend((at, ad, *r) for ad, a, *r in items if a.is_commercial)
        return annotate_many(m, items)
    stage.learned_categories_many = tag_many
for at in range(0, len(ads), 64):
    learned.screen_many(ads[at : at + 64])
stage.LearnedStage.features, stage.learned_categories = staticmethod(features), annotate
if annotate_many is not None:
    stage.learned_categories_many = annotate_many
chunks = [[(ad, *r) for k, ad, *r in tagged if k == at] for at in range(0, len(ads), 64)]
feats = [F.hashed(features(*a)) for a in inputs]
likely = [f for f in feats if model.probabilities(f)["commercial_sex"] >= 0.3]


def tag():
    # The tagged ads of each screen_many chunk at once (a tree without indicators_many: per ad).
    for chunk in chunks:
        if hasattr(tagger, "indicators_many"):
            tagger.indicators_many([(ad.title, ad.body, *r) for ad, *r in chunk])
        else:
            for ad, *r in chunk:
                tagger.indicators(ad.title, ad.body, *r)
    return 0
"""


def pop_corpus(argv: list[str]) -> str | None:
    """`--corpus FILE` (or `--corpus=FILE`) taken out of `argv`, which the shared harness
    (cgtrees.py, abtrees.py) then parses as before; None where it is not given."""
    for k, arg in enumerate(argv):
        if arg == "--corpus" and k + 1 < len(argv):
            value = argv[k + 1]
            del argv[k : k + 2]
            return value
        if arg.startswith("--corpus="):
            del argv[k]
            return arg.split("=", 1)[1]
    return None


def corpus_args(description: str, n: int, argv: list[str]) -> argparse.Namespace:
    """The options a script takes with --corpus: -n (how many ads, spread evenly through the
    file), --src, and abtrees' --repeat and --rounds or cgtrees' --keep."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("-n", type=int, default=n, help="ads spread evenly through the file (0: all)")
    parser.add_argument("--src", action="append", default=[], help="another source tree to compare (its src/)")
    parser.add_argument("--repeat", type=int, default=3, help="warm passes in each process (the best is kept)")
    parser.add_argument("--rounds", type=int, default=3, help="fresh processes per source tree, alternating")
    parser.add_argument("--keep", help="a directory to keep the callgrind files in (for callgrind_annotate)")
    return parser.parse_args(argv)


def copy_corpus(path: str, n: int, dest: str) -> tuple[int, float]:
    """`n` ads spread evenly through the JSONL file `path` (all of them where it holds no more),
    written to `dest`; returns how many and their mean length (title + body) in characters."""
    with open(path, "rb") as handle:
        lines = [line for line in handle if line.strip()]
    step = max(1, len(lines) // n) if n > 0 else 1
    kept = lines[::step][:n] if n > 0 else lines
    total = 0
    with open(dest, "wb") as out:
        for line in kept:
            ad = orjson.loads(line)
            total += len(ad.get("title") or "") + len(ad.get("body") or "")
            out.write(line if line.endswith(b"\n") else line + b"\n")
    return len(kept), total / max(1, len(kept))


def corpus_label(path: str, n: int, mean: float) -> str:
    return f"corpus: {n} ads of {os.path.basename(path)} (spread evenly), {mean:.0f} characters on average"
