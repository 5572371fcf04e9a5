"""Screening throughput and memory, with the I/O floor measured in the same run.

    python benchmarks/bench_screen.py [-n 20000] [--wheel]

Prints, on one core: ads/s of end-to-end screening (read JSONL, screen, write JSONL; the median
of --repeat runs, each in a fresh process so its caches start cold), ads/s of the I/O floor (the
same read and write with no screening) and their ratio; the cost of each stage per ad, the
evasion folding (normalize.fold) on its own among them; whole-command throughput at --workers 1
and at one worker per core, with and without start-up; and peak memory for n and 4n ads in
fresh processes (flat memory means the ratio stays near 1). It says which engine it measured
(compiled or pure Python: README, "Compiled engine"); --wheel also builds the compiled wheel of this
tree and measures its end-to-end cost against the same floor, in the same run.
"""

from __future__ import annotations

import argparse
import glob
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable

import orjson

import samaritan
from samaritan.compiled import engine_kind
from samaritan.engine.adparse import parse_ad
from samaritan.engine.extract import ad_text
from samaritan.engine.normalize import fold, lower_in_place
from samaritan.engine.screener import Screener
from samaritan.engine.tokens import Words
from samaritan.generate.corpus import SiteGenerator
from samaritan.io.readers import read_jsonl
from samaritan.io.writers import JsonlWriter
from samaritan.runs.batch import Summary, screen_records


def make_corpus(path: str, n: int, seed: int = 1, chars: tuple[int, int] = (0, 10**9)) -> float:
    """n generated ads (the generator's mix) whose title and body hold chars[0]..chars[1]
    characters; returns the mean length."""
    total = kept = 0
    with JsonlWriter(path) as out:
        for ad, _ in SiteGenerator(n * 20, seed=seed):
            length = len(ad["body"]) + len(ad.get("title", ""))
            if not chars[0] <= length <= chars[1]:
                continue
            total += length
            out.write(ad)
            kept += 1
            if kept == n:
                break
    return total / kept


def io_floor(src: str, dst: str) -> float:
    start = time.perf_counter()
    with JsonlWriter(dst) as out:
        for _, ad in read_jsonl(src):
            out.write(ad.raw)
    return time.perf_counter() - start


def timed(run: Callable[..., float], *args: str) -> tuple[float, float]:
    """Wall and CPU seconds of `run(*args)`."""
    cpu = time.process_time()
    wall = run(*args)
    return wall, time.process_time() - cpu


def end_to_end(src: str, dst: str, screener: Screener) -> float:
    start = time.perf_counter()
    with JsonlWriter(dst) as out:
        for record in screen_records(read_jsonl(src), screener, Summary()):
            out.write(record)
    return time.perf_counter() - start


def stages(src: str, screener: Screener, limit: int = 5000) -> dict[str, float]:
    with open(src, "rb") as handle:
        ads = [parse_ad(orjson.loads(line)) for line in handle.readlines()[:limit]]
    # CPU time, not wall time: on a shared machine the wall clock counts other processes' turns.
    timings = {}
    start = time.process_time()
    scans = []
    for ad in ads:
        lowered = lower_in_place(ad_text(ad))
        scans.append((lowered, screener.cues.scan(lowered)))
    timings["cue scan (one RE2 pass)"] = time.process_time() - start
    vocabulary = screener.detector.vocabulary
    # Each ad's words, split once and shared by its fields (engine/tokens.py), as the screener does.
    start = time.process_time()
    for ad, (lowered, cues) in zip(ads, scans, strict=True):
        words = Words(lowered)
        for _, text in ad.fields():
            if text:
                fold(text, vocabulary, cues, words)
    timings["  evasion folding alone (normalize.fold)"] = time.process_time() - start
    start = time.process_time()
    for ad, (lowered, cues) in zip(ads, scans, strict=True):
        words = Words(lowered)
        for name, text in ad.fields():
            screener.detector.find(name, text, cues, words)
    timings["detect (normalise + match)"] = time.process_time() - start
    # Matching alone: the automaton, rule checks and pattern windows, timed on views folded just
    # before, 64 ads at a time as screen_many does (folding every ad first would time matching
    # against cold caches and a collector walking thousands of held views).
    matching = 0.0
    for at in range(0, len(ads), 64):
        views = []
        for ad, (lowered, cues) in zip(ads[at : at + 64], scans[at : at + 64], strict=True):
            words = Words(lowered)
            views.extend((name, fold(text, vocabulary, cues, words)) for name, text in ad.fields())
        start = time.process_time()
        for name, folded in views:
            screener.detector.match(name, folded)
        matching += time.process_time() - start
    timings["  matching alone (Detector.match)"] = matching
    # Extraction twice: the first pass in this process fills its caches (RE2's lazily built DFAs,
    # validated phone numbers, places), as a short `samaritan screen` run pays; the second is
    # what a long run pays per ad.
    for label in ("extract (contacts, ages, prices, places)", "  extract again, caches warm (second pass)"):
        start = time.process_time()
        for ad, (lowered, cues) in zip(ads, scans, strict=True):
            screener.extractor.extract(ad, lowered, cues)
        timings[label] = time.process_time() - start
    start = time.process_time()
    for ad in ads:
        screener.screen(ad).to_dict()
    timings["whole verdict, one ad at a time"] = time.process_time() - start
    start = time.process_time()
    for at in range(0, len(ads), 64):
        for verdict in screener.screen_many(ads[at : at + 64]):
            verdict.to_dict()  # type: ignore[union-attr]  # generated ads never fail
    timings["whole verdict, 64 at a time (screen_many)"] = time.process_time() - start
    return {k: 1e6 * v / len(ads) for k, v in timings.items()}


def fresh_end_to_end(src: str, dst: str, model: str = "none", site: str | None = None) -> tuple[float, float, float]:
    """Wall and CPU seconds of one end-to-end run in a new process: its caches (RE2's lazily
    built DFAs, phone validation, respellings) start cold, as they do for a `samaritan screen`
    command. Building the engine is not timed. Third, the CPU seconds of a second pass over the
    same ads in that process, caches warm: the difference is what a cold start costs, which a
    short run pays per ad. (CPU time is the steadier figure on a shared machine.) `model`: as
    `samaritan screen --model` takes it ("none": the rules alone). `site`: a folder the package is
    installed in (`compiled_wheel`), imported instead of this interpreter's."""
    code = (
        "import sys, os\n"
        "sys.path.insert(0, os.path.dirname(sys.argv[1]))\n"
        "from bench_screen import end_to_end\n"
        "from samaritan.engine.screener import Screener\n"
        "screener = Screener(model=sys.argv[4])\n"
        "import time\n"
        "cpu = time.process_time()\n"
        "wall = end_to_end(sys.argv[2], sys.argv[3], screener)\n"
        "cold = time.process_time() - cpu\n"
        "cpu = time.process_time()\n"
        "end_to_end(sys.argv[2], sys.argv[3], screener)\n"
        "print(wall, cold, time.process_time() - cpu)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, os.path.abspath(__file__), src, dst, model],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": site} if site else None,
    )
    wall, cpu, warm = out.stdout.strip().splitlines()[-1].split()
    return float(wall), float(cpu), float(warm)


def compiled_wheel(tmp: str) -> str:
    """Builds this tree's wheel with the engine compiled (SAMARITAN_COMPILE=1: an error if it cannot
    be) and installs it, without its dependencies, in a folder of `tmp`, which it returns: put first
    on PYTHONPATH, it runs with this interpreter's dependencies."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = {**os.environ, "SAMARITAN_COMPILE": "1"}
    pip = [sys.executable, "-m", "pip", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", f"{tmp}/dist", root], check=True, env=env)
    site = f"{tmp}/site"
    subprocess.run([*pip, "install", "--no-deps", "--target", site, *glob.glob(f"{tmp}/dist/*.whl")], check=True)
    return site


def command_seconds(src: str, tmp: str, workers: int) -> float:
    """Wall seconds of `samaritan screen SRC --workers N`, the whole command."""
    out = os.path.join(tmp, "v.jsonl")
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "samaritan.cli", "screen", src, "-o", out, "--workers", str(workers), "--model", "none"],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def peak_rss_mb(n: int) -> float:
    code = (
        "import resource, sys, tempfile, os\n"
        "sys.path.insert(0, os.path.dirname(sys.argv[1]))\n"
        "from bench_screen import make_corpus, end_to_end\n"
        "from samaritan.engine.screener import Screener\n"
        "d = tempfile.mkdtemp()\n"
        "make_corpus(d + '/a.jsonl', int(sys.argv[2]))\n"
        "end_to_end(d + '/a.jsonl', d + '/v.jsonl', Screener(model='none'))\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, os.path.abspath(__file__), str(n)], capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20000)
    parser.add_argument("--no-memory", action="store_true")
    parser.add_argument(
        "--wheel", action="store_true", help="also build the compiled wheel and measure it end to end (~3 min more)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="fresh-process runs; the median is reported")
    parser.add_argument(
        "--chars", default="350-450", help="length of the ads' title and body, low-high (the target is on ~400)"
    )
    args = parser.parse_args()
    low, high = (int(x) for x in args.chars.split("-"))
    screener = Screener(model="none")  # the rules path; the model's is measured beside it
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "ads.jsonl")
        avg_len = make_corpus(src, args.n, chars=(low, high))
        floors = [timed(io_floor, src, os.path.join(tmp, "copy.jsonl")) for _ in range(args.repeat)]
        floor = statistics.median(wall for wall, _ in floors)
        floor_cpu = statistics.median(cpu for _, cpu in floors)
        timings = [fresh_end_to_end(src, os.path.join(tmp, "verdicts.jsonl")) for _ in range(args.repeat)]
        runs = [wall for wall, _, _ in timings]
        screen_time = statistics.median(runs)
        screen_cpu = statistics.median(cpu for _, cpu, _ in timings)
        warm_cpu = statistics.median(warm for _, _, warm in timings)
        # The learned model's path (issue #14 holds it to the same target), in the same run.
        modelled = [fresh_end_to_end(src, os.path.join(tmp, "verdicts.jsonl"), "default") for _ in range(args.repeat)]
        model_cpu = statistics.median(cpu for _, cpu, _ in modelled)
        model_warm = statistics.median(warm for _, _, warm in modelled)
        per_stage = stages(src, screener)
        wheel: list[tuple[str, float, float]] = []
        if args.wheel:
            site = compiled_wheel(tmp)
            for model in ("none", "default"):
                runs_ = [fresh_end_to_end(src, os.path.join(tmp, "v.jsonl"), model, site) for _ in range(args.repeat)]
                wheel.append(
                    (model, statistics.median(cpu for _, cpu, _ in runs_), statistics.median(w for _, _, w in runs_))
                )
    print(f"engine: {engine_kind()}, from {os.path.dirname(samaritan.__file__)}")
    print(f"corpus: {args.n} ads, {avg_len:.0f} characters on average (title + body)")
    # Ratios hold on a shared machine only roughly: say how busy it was.
    print(f"machine load (1, 5, 15 min): {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    print(f"I/O floor (read + write JSONL):  {args.n / floor:10,.0f} ads/s")
    each = ", ".join(f"{args.n / t:,.0f}" for t in runs)
    print(f"samaritan screen, end to end:    {args.n / screen_time:10,.0f} ads/s  (one core; median of {each})")
    print(f"ratio to the I/O floor:          {screen_time / floor:10.1f}x slower")
    print(f"  the same in CPU time:          {screen_cpu / floor_cpu:10.1f}x slower  (target <= 15x)")
    print(
        f"  CPU per ad: floor {1e6 * floor_cpu / args.n:.1f} us, screen {1e6 * screen_cpu / args.n:.0f} us cold, "
        f"{1e6 * warm_cpu / args.n:.0f} us on a second pass (warm caches: {warm_cpu / floor_cpu:.1f}x the floor)"
    )
    print(
        f"  with --model default, CPU time: {model_cpu / floor_cpu:10.1f}x slower  "
        f"({1e6 * model_cpu / args.n:.0f} us cold, {1e6 * model_warm / args.n:.0f} us warm)"
    )
    for model, cpu, warm in wheel:
        print(
            f"  compiled wheel, {'rules' if model == 'none' else '--model default'}, CPU time: "
            f"{cpu / floor_cpu:5.1f}x slower  ({1e6 * cpu / args.n:.0f} us cold, {1e6 * warm / args.n:.0f} us warm; "
            f"{cpu / (screen_cpu if model == 'none' else model_cpu):.2f} of the first engine's)"
        )
    print(f"target 5,000 ads/s per core:     {'met' if args.n / screen_time >= 5000 else 'NOT met'}")
    workers = os.cpu_count() or 1
    if workers > 1:
        # Like for like: the whole command (start-up included) at one worker and at `workers`,
        # and the same less the start-up of a one-ad run (imports, rules, forking the pool).
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, "ads.jsonl")
            make_corpus(src, args.n)
            one = os.path.join(tmp, "one.jsonl")
            make_corpus(one, 1)
            for count in (1, workers):
                startup = min(command_seconds(one, tmp, count) for _ in range(2))
                whole = statistics.median(command_seconds(src, tmp, count) for _ in range(args.repeat))
                rest = whole - startup
                less = (
                    f"{args.n / rest:,.0f} ads/s less its {startup:.1f} s start-up"
                    if rest > 0.2 * whole
                    else f"its {startup:.1f} s start-up dominates: use a larger -n"
                )
                print(f"--workers {count} (whole command):     {args.n / whole:10,.0f} ads/s; {less}")
    print("CPU cost per ad, each stage in a loop of its own (warmer caches than in the pipeline):")
    for name, micros in per_stage.items():
        print(f"   {name:<42} {micros:8.0f} us")
    folding = per_stage["  evasion folding alone (normalize.fold)"]
    whole = per_stage["whole verdict, 64 at a time (screen_many)"]
    print(f"evasion folding is {folding / whole:.0%} of the whole verdict (64 at a time, as the runners screen)")
    if not args.no_memory:
        small, large = peak_rss_mb(args.n // 4), peak_rss_mb(args.n)
        print(
            f"peak memory: {small:.0f} MB for {args.n // 4} ads, {large:.0f} MB for {args.n} ads "
            f"(ratio {large / small:.2f}; flat is ~1)"
        )


if __name__ == "__main__":
    main()
