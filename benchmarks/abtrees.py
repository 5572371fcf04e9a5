"""Before/after in one run: the same child script, on the same generated ads, in a fresh process
for each source tree (this checkout and every --src), alternating --rounds times; the median of
the rounds per line. Timings on a shared machine are noisy, so trees are compared within a run."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
OWN_SRC = os.path.join(os.path.dirname(HERE), "src")


def measure(child: str, src_dir: str, corpus: str, repeat: int) -> dict[str, float]:
    """One fresh process with `src_dir` first on the path; `child` prints one JSON object last."""
    env = {**os.environ, "PYTHONPATH": src_dir, "PYTHONHASHSEED": "0"}
    out = subprocess.run(
        [sys.executable, "-c", child, corpus, str(repeat)], env=env, capture_output=True, text=True, check=True
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def run(child: str, description: str, target: tuple[str, float, str]) -> None:
    """Parse the shared options, measure every tree and print one column per tree. `target` is
    (the line it applies to, its bound in us, what to call it)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("-n", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--chars", default="350-450", help="length of the ads' title and body, low-high")
    parser.add_argument("--repeat", type=int, default=3, help="warm passes in each process (the best is kept)")
    parser.add_argument("--rounds", type=int, default=3, help="fresh processes per source tree, alternating")
    parser.add_argument("--src", action="append", default=[], help="another source tree to compare (its src/)")
    args = parser.parse_args()
    sys.path.insert(0, HERE)
    from bench_screen import make_corpus  # the same ads as bench_screen.py

    low, high = (int(x) for x in args.chars.split("-"))
    trees = [OWN_SRC, *(os.path.abspath(s) for s in args.src)]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "ads.jsonl")
        length = make_corpus(corpus, args.n, seed=args.seed, chars=(low, high))
        rounds: dict[str, list[dict[str, float]]] = {tree: [] for tree in trees}
        for _ in range(args.rounds):
            for tree in trees:
                rounds[tree].append(measure(child, tree, corpus, args.repeat))
    table(f"corpus: {args.n} generated ads, {length:.0f} characters on average (title + body)", trees, rounds)
    line, bound, what = target
    value = statistics.median(r[line] for r in rounds[trees[0]])
    print(f"target: {what} <= {bound:g} us an ad ({line}, this tree): {'met' if value <= bound else 'NOT met'}")


def table(label: str, trees: list[str], rounds: dict[str, list[dict[str, float]]]) -> None:
    """Print the corpus `label`, the machine's load and one column per tree: each line's median
    over the rounds."""
    print(label)
    print(f"machine load (1, 5, 15 min): {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    print("CPU per ad (us), median of the rounds; one column per source tree:")
    for k, tree in enumerate(trees):
        print(f"  [{k}] {tree}")
    for name in rounds[trees[0]][0]:
        cells = "".join(f"{statistics.median(r[name] for r in rounds[tree]):10.1f}" for tree in trees)
        print(f"   {name:<44}{cells}")
