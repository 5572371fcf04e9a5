"""`samaritan screen` locally (one process) and on a local Dask cluster of 2 workers over JSONL
partitions: ads/s of each, their ratio, and whether the outputs are identical line for line.

    python benchmarks/bench_dask_screen.py [-n 40000] [--workers 2]

Both runs include start-up (the cluster's included), as a user would time them.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
import time


def run(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "samaritan.cli", *args], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=40_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ads = os.path.join(tmp, "ads.jsonl")
        run(["generate", "-n", str(args.n), "--seed", "1", "-o", ads])
        local, cluster = os.path.join(tmp, "local.jsonl"), os.path.join(tmp, "dask.jsonl")
        t_local = run(["screen", ads, "-o", local])
        t_dask = run(["screen", ads, "-o", cluster, "--dask-workers", str(args.workers)])
        same = filecmp.cmp(local, cluster, shallow=False)
    print(f"{args.n:,} ads: local {args.n / t_local:,.0f} ads/s ({t_local:.1f} s); Dask, {args.workers} local "
          f"workers: {args.n / t_dask:,.0f} ads/s ({t_dask:.1f} s); ratio {t_local / t_dask:.2f}; "
          f"output identical line for line: {same}")  # fmt: skip


if __name__ == "__main__":
    main()
