"""Instructions per ad of each extractor (phones, contacts, ages, prices, places), counted by
callgrind: the breakdown of bench_stages_cg.py's extraction row.

    python benchmarks/bench_extract_cg.py [-n 300] [--corpus ADS.jsonl] [--src OTHER/src ...] [--keep DIR]

The same generated ads as bench_screen.py and bench_stages_cg.py; each source tree runs once
under `valgrind --tool=callgrind`. Each extractor runs over every ad, warm, inside a C function
of its own that callgrind switches collection on and off at (as `Extractor.extract_many` runs
them: one extractor at a time over a batch of 64 ads). `--keep DIR` keeps the callgrind files,
for `callgrind_annotate`.
"""

from __future__ import annotations

from cgtrees import compare, row  # run as a script: benchmarks/ is on the path

# Extractor -> the C function it runs inside (libpython's own symbol names).
WRAPPERS = {
    "phones (with phone_text folding)": "functools_reduce",
    "contacts": "accumulate_next",
    "ages": "_operator_call",
    "prices": "context_run",
    "places": "starmap_next",
}

_CHILD = r"""
import contextvars, functools, itertools, operator, sys
import orjson
from samaritan.engine.adparse import parse_ad
from samaritan.engine.extract import _Job, ad_text
from samaritan.engine.normalize import lower_in_place
from samaritan.engine.screener import Screener

with open(sys.argv[1], "rb") as handle:
    ads = [parse_ad(orjson.loads(line)) for line in handle]
screener = Screener(model="none")  # extractors only: no need to load the model
extractor = screener.extractor
items = []
for ad in ads:
    lowered = lower_in_place(ad_text(ad))
    items.append((ad, lowered, screener.cues.scan(lowered)))


def fresh():
    return [_Job(ad, ad_text(ad), lowered, cues) for ad, lowered, cues in items]


def run(step, jobs):
    for at in range(0, len(jobs), 64):
        for job in jobs[at : at + 64]:
            step(job)


steps = (extractor._phones, extractor._contacts, extractor._ages, extractor._prices, extractor._places)
for _ in range(2):
    jobs = fresh()
    for step in steps:
        run(step, jobs)  # warm: RE2's lazily built states, the caches
jobs = fresh()
functools.reduce(lambda _a, _b: run(steps[0], jobs), [0], None)
list(itertools.accumulate([0, 0], lambda _a, _b: run(steps[1], jobs)))
operator.call(run, steps[2], jobs)
contextvars.Context().run(run, steps[3], jobs)
list(itertools.starmap(run, [(steps[4], jobs)]))
"""


def main() -> None:
    n, trees = compare(__doc__.splitlines()[0], _CHILD, WRAPPERS, "extract")
    for k, tree in enumerate(trees):
        print(f"  [{k}] {tree.src}")
    for name, symbol in WRAPPERS.items():
        row(name, [t.counts.get(symbol, 0) for t in trees], n, 44)
    row("all five", [sum(t.counts.values()) for t in trees], n, 44)


if __name__ == "__main__":
    main()
