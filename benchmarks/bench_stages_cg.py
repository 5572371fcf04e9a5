"""Instructions per ad of each stage of a verdict (rules path), counted by callgrind: the figure
that stays put on a loaded machine, where CPU time varies by 20-40%.

    python benchmarks/bench_stages_cg.py [-n 300] [--corpus ADS.jsonl] [--src OTHER/src ...]

Each source tree (this checkout, and every --src) runs once under `valgrind --tool=callgrind`
(minutes: building the engine under valgrind dominates) on the same generated ads of the length
bench_screen.py uses. Only the measured stages are counted: each runs, warm (a first pass
fills RE2's automata and the caches), inside a C function of its own that callgrind switches
collection on and off at (`--toggle-collect`), and each wrapper's inclusive count is read back:
the whole verdict (`screen_many`, 64 ads at a time, and `to_dict`), the cue scan, extraction
(`extract_many`), evasion folding (every field, as the screener folds it) and matching
(`Detector.match` on views folded before). Prints thousands of instructions per ad, one
column per tree. No engine code calls the wrappers (functools.reduce, operator.call,
contextvars.Context.run, itertools.starmap, itertools.accumulate), so nothing else toggles.
"""

from __future__ import annotations

from cgtrees import compare, row  # run as a script: benchmarks/ is on the path

# Stage -> the C function it runs inside (libpython's own symbol names).
WRAPPERS = {
    "whole verdict (screen_many, to_dict)": "functools_reduce",
    "  cue scan (scan_many)": "accumulate_next",
    "  extraction (extract_many)": "_operator_call",
    "  evasion folding (fold)": "context_run",
    "  matching (Detector.match)": "starmap_next",
    "  indicators (_assess_indicators)": "dropwhile_next",
    "    scope checks (learned/scope.py)": "groupby_next",
    "    shape cues (ShapeCues.find)": "methodcaller_call",
    "    hit spans mapped back (hits.trimmed)": "compress_next",
    "  scoring (_score: assess, Assessed)": "takewhile_next",
    "  deciding, Verdict (_verdict)": "filterfalse_next",
    "  to_dict": "filter_next",
}
# Rows the other rows of the verdict leave: screen_many's own glue (parsing no ad: the ads come
# parsed; the budget cut, lowering, the jobs).
_REST = "  rest of screen_many (glue)"
_PARTS = [k for k in WRAPPERS if k.startswith("  ") and not k.startswith("    ")]

_CHILD = r"""
import contextvars, functools, gc, itertools, operator, sys
import orjson
from samaritan.engine.adparse import parse_ad
from samaritan.engine.extract import ad_text
from samaritan.engine.normalize import fold, lower_in_place
from samaritan.engine.screener import Screener
from samaritan.engine.tokens import Words

with open(sys.argv[1], "rb") as handle:
    ads = [parse_ad(orjson.loads(line)) for line in handle]
screener = Screener(model="none")  # the rules path
vocabulary = screener.detector.vocabulary
items = []
for ad in ads:
    lowered = lower_in_place(ad_text(ad))
    items.append((ad, lowered, screener.cues.scan(lowered)))
encoded = [lowered.encode("utf-8") for _, lowered, _ in items]
views = []
for ad, lowered, cues in items:
    words = Words(lowered)
    views.extend((name, fold(text, vocabulary, cues, words)) for name, text in ad.fields() if text)


def verdicts(_a=None, _b=None):
    for at in range(0, len(ads), 64):
        for verdict in screener.screen_many(ads[at : at + 64]):
            verdict.to_dict()


def scan(_a=None, _b=None):
    for at in range(0, len(encoded), 64):
        screener.cues.scan_many(encoded[at : at + 64])


def extract():
    for at in range(0, len(items), 64):
        screener.extractor.extract_many(items[at : at + 64])


def folding():
    for ad, lowered, cues in items:
        words = Words(lowered)
        for _, text in ad.fields():
            if text:
                fold(text, vocabulary, cues, words)


def match():
    for name, folded in views:
        screener.detector.match(name, folded)


for stage in (verdicts, scan, extract, folding, match):
    stage()  # warm: RE2's lazily built states, the caches
# A full collection (~1M instructions an ad when it lands in a 300-ad pass) would count in
# whichever stage it falls: off while counting (its cost is batch.GC_THRESHOLD's to weigh).
gc.collect()
gc.disable()
functools.reduce(verdicts, [0], None)
list(itertools.accumulate([0, 0], scan))
operator.call(extract)
contextvars.Context().run(folding)
list(itertools.starmap(match, [()]))


# The verdict's own parts: each step of screen_many (and to_dict) runs inside a C function of
# its own, in a pass of its own (a toggle inside a toggled function would switch counting off).
def via(caller, f):
    def wrapped(*args, **kwargs):
        out = []
        caller(lambda *_: out.append(f(*args, **kwargs)))
        return out[0]
    return wrapped


DROPWHILE = lambda p: next(itertools.dropwhile(p, [0]))  # p returns None: nothing dropped
TAKEWHILE = lambda p: next(itertools.takewhile(lambda x: p(x) or 1, [0]))
FILTERFALSE = lambda p: next(itertools.filterfalse(p, [0]))
FILTER = lambda p: next(filter(lambda x: p(x) or 1, [0]))
GROUPBY = lambda p: next(itertools.groupby([0], key=p))
METHODCALLER = lambda p: operator.methodcaller("__call__")(p)
COMPRESS = lambda p: next(itertools.compress([0], (p(0) or 1 for _ in "x")))


def parts(patches):
    saved = [(owner, name, getattr(owner, name)) for owner, name, _ in patches]
    for owner, name, caller in patches:
        setattr(owner, name, via(caller, getattr(owner, name)))
    for at in range(0, len(ads), 64):
        for verdict in screener.screen_many(ads[at : at + 64]):
            if to_dict is None:
                verdict.to_dict()
            else:
                to_dict(verdict)
    for owner, name, original in saved:
        setattr(owner, name, original)


import samaritan.engine.screener as screener_module

try:  # where a hit's span is mapped back: engine/hits.py since session 19, detect.py before
    import samaritan.engine.hits as hits_module
    trimmed = (hits_module, "trimmed")
except ImportError:
    import samaritan.engine.detect as detect_module
    trimmed = (detect_module, "_trimmed")

to_dict = via(FILTER, lambda v: v.to_dict())
parts([
    (screener, "_assess_indicators", DROPWHILE),
    (screener, "_score", TAKEWHILE),
    (screener, "_verdict", FILTERFALSE),
])
to_dict = None
scope = ["age_is_persons", "claim_is_denied", "hit_is_negated", "is_code_with_digits", "is_misread_word"]
try:  # scope read through disguise: engine/learned/through.py since session 21, the screener before
    import samaritan.engine.learned.through as through_module
except ImportError:
    through_module = None
try:  # the screener's indicators: engine/findings.py since session 22, the screener before
    import samaritan.engine.findings as findings_module
except ImportError:
    findings_module = None
owners = [m for m in (screener_module, through_module, findings_module) if m is not None]
shapes = screener.findings.shapes if hasattr(screener, "findings") else screener._shapes
parts(
    [(owner, name, GROUPBY) for name in scope for owner in owners if hasattr(owner, name)]
    + [(shapes, "find", METHODCALLER), (*trimmed, COMPRESS)]
)
"""


def main() -> None:
    n, trees = compare(__doc__.splitlines()[0], _CHILD, WRAPPERS, "stages")
    for k, tree in enumerate(trees):
        print(f"  [{k}] {tree.src}")
    for stage, symbol in WRAPPERS.items():
        row(stage, [t.counts.get(symbol, 0) for t in trees], n)
    whole = WRAPPERS[next(iter(WRAPPERS))]
    row(_REST, [t.counts.get(whole, 0) - sum(t.counts.get(WRAPPERS[k], 0) for k in _PARTS) for t in trees], n)


if __name__ == "__main__":
    main()
