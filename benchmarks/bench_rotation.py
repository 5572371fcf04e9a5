"""Networks that rotate phones and keep photos: pairwise precision/recall by evidence, and
near-linear time (n vs 4n ads).

    python benchmarks/bench_rotation.py [-n 5000]

Each size runs in a fresh process: generate (not timed), rotate phones (runs/rotation.py),
link (timed: photo hashing included, as an investigator's run would do it), score, and count
the false pairs by the evidence that made them.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile

WORKER = r"""
import json, resource, sys, time
from samaritan.engine.adparse import parse_ad
from samaritan.link.linker import Linker
from samaritan.runs.rotation import base_images, false_pairs_by_evidence, pair_recall, rotated_corpus

n, images = int(sys.argv[1]), sys.argv[2]
rows = list(rotated_corpus(n, seed=5, images_dir=images))
start, cpu = time.perf_counter(), time.process_time()
linker = Linker()
for ad, _truth, entities in rows:
    linker.add(parse_ad(ad), entities, None)
result = linker.run()
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
network_of = dict(zip([r.id for r in result.records], result.network_of))
scores = pair_recall([t for _, t, _ in rows], network_of, {ad["id"]: base_images(ad) for ad, _, _ in rows})
# Replayed over the edges the run used: which evidence made the false pairs.
scores["false_pairs_by_evidence"] = false_pairs_by_evidence(result.edges, [t for _, t, _ in rows], linker.config)
scores.update(seconds=seconds, cpu_s=cpu, rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
print(json.dumps(scores))
"""


def measure(n: int, images: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", WORKER, str(n), images], check=True, capture_output=True, text=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5000, help="the small size; the large one is 4n")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as images:
        measure(args.n, images)  # warm: write the image files once, so hashing is what is timed
        rows = [(n, measure(n, images)) for n in (args.n, 4 * args.n)]
    for n, r in rows:
        print(
            f"{n:>8,} ads: {r['seconds']:6.1f} s ({r['cpu_s']:.1f} s CPU), peak {r['rss_mb']:,.0f} MB; "
            + json.dumps({k: v for k, v in r.items() if k not in ("seconds", "cpu_s", "rss_mb")})
        )
    ratio = rows[1][1]["seconds"] / rows[0][1]["seconds"]
    cpu = rows[1][1]["cpu_s"] / rows[0][1]["cpu_s"]
    # CPU time is the steadier figure on a shared machine: other processes do not count in it.
    print(f"time({4 * args.n:,}) / time({args.n:,}) = {ratio:.2f}, CPU time {cpu:.2f}  (near-linear: <= 4.4)")


if __name__ == "__main__":
    main()
