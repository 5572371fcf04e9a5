"""Instructions per ad of each extractor (phones, contacts, ages, prices, places), counted by
callgrind: the breakdown of bench_stages_cg.py's extraction row.

    python benchmarks/bench_extract_cg.py [-n 300] [--src OTHER/src ...] [--keep DIR]

The same generated ads as bench_screen.py and bench_stages_cg.py; each source tree runs once
under `valgrind --tool=callgrind`. Each extractor runs over every ad, warm, inside a C function
of its own that callgrind switches collection on and off at (as `Extractor.extract_many` runs
them: one extractor at a time over a batch of 64 ads). `--keep DIR` keeps the callgrind files,
for `callgrind_annotate`.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
OWN_SRC = os.path.join(os.path.dirname(HERE), "src")

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


def inclusive(src_dir: str, corpus: str, out_dir: str, tag: int) -> dict[str, int]:
    """Inclusive instructions of each wrapper in one callgrind run of the child on `src_dir`."""
    out = os.path.join(out_dir, f"callgrind.extract.{tag}.out")
    toggles = [f"--toggle-collect={symbol}" for symbol in WRAPPERS.values()]
    env = {**os.environ, "PYTHONPATH": src_dir, "PYTHONHASHSEED": "0"}
    valgrind = ["valgrind", "--tool=callgrind", "--collect-atstart=no", *toggles, f"--callgrind-out-file={out}"]
    subprocess.run([*valgrind, sys.executable, "-c", _CHILD, corpus], env=env, check=True, capture_output=True)
    report = subprocess.run(
        ["callgrind_annotate", "--inclusive=yes", "--threshold=100", out], capture_output=True, text=True, check=True
    ).stdout
    found: dict[str, int] = {}
    for line in report.splitlines():
        m = re.match(r"\s*([\d,]+) .*:(\w+) \[", line)
        if m and m.group(2) in WRAPPERS.values() and m.group(2) not in found:
            found[m.group(2)] = int(m.group(1).replace(",", ""))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--chars", default="350-450", help="length of the ads' title and body, low-high")
    parser.add_argument("--src", action="append", default=[], help="another source tree to compare (its src/)")
    parser.add_argument("--keep", help="a directory to keep the callgrind files in")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("needs valgrind (callgrind)")
    sys.path.insert(0, HERE)
    from bench_screen import make_corpus  # the same ads as bench_screen.py

    low, high = (int(x) for x in args.chars.split("-"))
    trees = [OWN_SRC, *(os.path.abspath(s) for s in args.src)]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "ads.jsonl")
        length = make_corpus(corpus, args.n, seed=args.seed, chars=(low, high))
        out_dir = args.keep or tmp
        counts = [inclusive(tree, corpus, out_dir, k) for k, tree in enumerate(trees)]
    print(f"corpus: {args.n} generated ads, {length:.0f} characters on average (title + body)")
    print("thousands of instructions per ad (callgrind, warm); one column per source tree:")
    for k, tree in enumerate(trees):
        print(f"  [{k}] {tree}")
    for name, symbol in WRAPPERS.items():
        cells = "".join(f"{c.get(symbol, 0) / args.n / 1e3:10.1f}" for c in counts)
        print(f"   {name:<44}{cells}")
    totals = "".join(f"{sum(c.values()) / args.n / 1e3:10.1f}" for c in counts)
    print(f"   {'all five':<44}{totals}")


if __name__ == "__main__":
    main()
