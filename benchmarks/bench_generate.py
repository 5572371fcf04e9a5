"""Generator throughput and memory: ads/s and peak memory for n and 4n ads (flat memory: ~1).

python benchmarks/bench_generate.py [-n 50000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

WORKER = r"""
import json, resource, sys, tempfile, time, os
from samaritan.generate.corpus import SiteGenerator
from samaritan.io.writers import JsonlWriter
n = int(sys.argv[1])
d = tempfile.mkdtemp()
start = time.perf_counter()
with JsonlWriter(os.path.join(d, "a.jsonl")) as ads, JsonlWriter(os.path.join(d, "t.jsonl")) as truth:
    for ad, t in SiteGenerator(n, seed=2):
        ads.write(ad)
        truth.write(t)
print(json.dumps({"seconds": time.perf_counter() - start,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(n: int) -> dict:
    out = subprocess.run([sys.executable, "-c", WORKER, str(n)], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=50_000)
    args = parser.parse_args()
    small, large = run(args.n), run(4 * args.n)
    for n, r in ((args.n, small), (4 * args.n, large)):
        print(f"{n:>9,} ads: {n / r['seconds']:10,.0f} ads/s (target >= 20,000), peak {r['rss_mb']:,.0f} MB")
    print(f"memory ratio {large['rss_mb'] / small['rss_mb']:.2f} for 4x the ads (flat is ~1)")


if __name__ == "__main__":
    main()
