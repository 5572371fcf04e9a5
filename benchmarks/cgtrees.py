"""Instructions per ad of named parts, counted by callgrind, one column per source tree: the
harness of bench_stages_cg.py, bench_extract_cg.py and bench_learned_cg.py (abtrees.py is its
CPU-time twin). Each script's child runs every part warm inside a C function of its own that
callgrind switches collection on and off at (`--toggle-collect`); this runs the child once per
tree under valgrind on the same generated ads as bench_screen.py (or the first -n ads of any JSONL
file given by --corpus) and reads back each wrapper's inclusive count."""

from __future__ import annotations

import argparse
import itertools
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass

HERE = os.path.dirname(os.path.abspath(__file__))
OWN_SRC = os.path.join(os.path.dirname(HERE), "src")


@dataclass
class Tree:
    src: str
    counts: dict[str, int]  # wrapper symbol -> inclusive instructions
    stdout: str  # what the child printed


def inclusive(child: str, symbols: list[str], src_dir: str, corpus: str, out_dir: str, tag: str) -> Tree:
    """Inclusive instructions of each wrapper in one callgrind run of `child` on `src_dir`."""
    out = os.path.join(out_dir, f"callgrind.{tag}.out")
    toggles = [f"--toggle-collect={symbol}" for symbol in symbols]
    env = {**os.environ, "PYTHONPATH": src_dir, "PYTHONHASHSEED": "0"}
    valgrind = ["valgrind", "--tool=callgrind", "--collect-atstart=no", *toggles, f"--callgrind-out-file={out}"]
    run = subprocess.run([*valgrind, sys.executable, "-c", child, corpus], env=env, check=True, capture_output=True)
    report = subprocess.run(
        ["callgrind_annotate", "--inclusive=yes", "--threshold=100", out], capture_output=True, text=True, check=True
    ).stdout
    found: dict[str, int] = {}
    for line in report.splitlines():
        m = re.match(r"\s*([\d,]+) .*:(\w+) \[", line)
        if m and m.group(2) in symbols and m.group(2) not in found:
            found[m.group(2)] = int(m.group(1).replace(",", ""))
    return Tree(src_dir, found, run.stdout.decode().strip())


def compare(description: str, child: str, wrappers: dict[str, str], name: str) -> tuple[int, list[Tree]]:
    """Parse the shared options (-n, --seed, --chars, --corpus, --src, --keep), count every tree and print
    the corpus line and the trees' legend; returns the number of ads and the trees' counts."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("-n", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--chars", default="350-450", help="length of the ads' title and body, low-high")
    parser.add_argument("--corpus", help="a JSONL file of ads to take the first -n of, instead of generated ads")
    parser.add_argument("--src", action="append", default=[], help="another source tree to compare (its src/)")
    parser.add_argument("--keep", help="a directory to keep the callgrind files in (for callgrind_annotate)")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("needs valgrind (callgrind)")
    sys.path.insert(0, HERE)
    from bench_screen import make_corpus  # the same ads as bench_screen.py

    low, high = (int(x) for x in args.chars.split("-"))
    sources = [OWN_SRC, *(os.path.abspath(s) for s in args.src)]
    symbols = list(wrappers.values())
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "ads.jsonl")
        if args.corpus:
            n, length, foreign = take_corpus(args.corpus, corpus, args.n)
            what = f"ads of {os.path.basename(args.corpus)}, {foreign:.1%} of their characters non-ASCII"
        else:
            n, what = args.n, "generated ads"
            length = make_corpus(corpus, n, seed=args.seed, chars=(low, high))
        out_dir = args.keep or tmp
        trees = [inclusive(child, symbols, src, corpus, out_dir, f"{name}.{k}") for k, src in enumerate(sources)]
    print(f"corpus: {n} {what}, {length:.0f} characters on average (title + body)")
    print("thousands of instructions per ad (callgrind, warm); one column per source tree:")
    return n, trees


def take_corpus(source: str, path: str, n: int) -> tuple[int, float, float]:
    """Copy the first n ads of the JSONL file `source` to `path` (a temporary file: nothing of the
    ads is printed or kept); returns how many, their mean length (title + body) and the share of
    those characters that are not ASCII."""
    import orjson

    total = foreign = kept = 0
    with open(source, "rb") as lines, open(path, "wb") as out:
        for line in itertools.islice(lines, n):
            ad = orjson.loads(line)
            text = (ad.get("title") or "") + (ad.get("body") or "")
            total += len(text)
            foreign += sum(1 for ch in text if ord(ch) > 127)
            out.write(line if line.endswith(b"\n") else line + b"\n")
            kept += 1
    if not kept:
        sys.exit(f"no ads in {source}")
    return kept, total / kept, foreign / max(total, 1)


def row(label: str, values: list[float], n: int, width: int = 48) -> None:
    """One line: `label`, then each tree's value in thousands of instructions per ad."""
    print(f"   {label:<{width}}" + "".join(f"{v / n / 1e3:10.1f}" for v in values))
