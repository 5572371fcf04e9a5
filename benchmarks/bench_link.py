"""Linking scale: time and peak memory for n and 10n ads, and their ratio (near-linear <= 12);
then the link index a server would keep is written as its snapshot and loaded back (timed).

    python benchmarks/bench_link.py [-n 100000]

Each size runs in a fresh process that reads a generated corpus and its truth entities (the
same entities a verdict file carries) and links it; generation is not timed. Prints seconds,
ads/s, peak memory and pairwise F1 against the generator's networks.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

WORKER = r"""
import json, resource, sys, time
import orjson
from samaritan.engine.adparse import parse_ad
from samaritan.runs.evaluate import evaluate_networks
from samaritan.io.writers import JsonlWriter
from samaritan.link.linker import Linker

ads_path, truth_path, out_path = sys.argv[1:4]
start, cpu = time.perf_counter(), time.process_time()
linker = Linker()
with open(ads_path, "rb") as ads, open(truth_path, "rb") as truth:
    for line, tline in zip(ads, truth):
        t = orjson.loads(tline)
        linker.add(parse_ad(orjson.loads(line)), {k: t[k] for k in ("phones", "emails", "handles")}, None)
result = linker.run()
with JsonlWriter(out_path) as out:
    for row in result.per_ad():
        out.write(row)
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
scores = evaluate_networks(truth_path, out_path)
# The index a server would keep, as its snapshot: write, then load it back (as linkstate does).
import gc, hashlib
from samaritan.link.columns import read_arrays, write_arrays
from samaritan.link.index import LinkIndex
index = LinkIndex.from_batch(linker, result)
t = time.perf_counter()
with open(out_path + ".snapshot", "wb") as handle:
    write_arrays(handle, *index.arrays())
write_s = time.perf_counter() - t
del index, linker, result
gc.collect()
t = time.perf_counter()
data = open(out_path + ".snapshot", "rb").read()
digest = hashlib.sha256(data).hexdigest()
loaded = LinkIndex.from_arrays(*read_arrays(data))
load_s = time.perf_counter() - t
print(json.dumps({"seconds": seconds, "cpu_s": cpu, "rss_mb": rss_mb, "networks": len(loaded.members),
                  "f1": scores["pairwise_f1"], "merges": scores["networks_joining_several_large_true_networks"],
                  "snapshot_mb": len(data) / 1e6, "write_s": write_s, "load_s": load_s}))
"""


def generate(n: int, directory: str) -> tuple[str, str]:
    ads, truth = os.path.join(directory, f"ads-{n}.jsonl"), os.path.join(directory, f"truth-{n}.jsonl")
    subprocess.run(
        [sys.executable, "-m", "samaritan.cli", "generate", "-n", str(n), "--seed", "1", "-o", ads, "--truth", truth],
        check=True,
        capture_output=True,
    )
    return ads, truth


def measure(n: int, directory: str) -> dict:
    ads, truth = generate(n, directory)
    out = os.path.join(directory, f"links-{n}.jsonl")
    proc = subprocess.run([sys.executable, "-c", WORKER, ads, truth, out], check=True, capture_output=True, text=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100_000, help="the small size; the large one is 10n")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = [(n, measure(n, tmp)) for n in (args.n, 10 * args.n)]
    for n, r in rows:
        print(
            f"{n:>9,} ads: {r['seconds']:7.1f} s ({r['cpu_s']:.1f} s CPU, {n / r['seconds']:,.0f} ads/s), "
            f"peak {r['rss_mb']:,.0f} MB, "
            f"{r['networks']:,} networks, pairwise F1 {r['f1']}, false joins of large networks {r['merges']}; "
            f"snapshot {r['snapshot_mb']:,.0f} MB written in {r['write_s']:.1f} s, read, hashed and loaded in "
            f"{r['load_s']:.2f} s"
        )
    ratio = rows[1][1]["seconds"] / rows[0][1]["seconds"]
    cpu = rows[1][1]["cpu_s"] / rows[0][1]["cpu_s"]
    print(f"time({10 * args.n:,}) / time({args.n:,}) = {ratio:.1f}, CPU time {cpu:.1f}  (near-linear: <= 12)")


if __name__ == "__main__":
    main()
