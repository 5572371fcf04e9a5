"""Normal traffic's latency while another client sends hostile ads, on loopback.

    python benchmarks/bench_hostile.py [--duration 30] [--token 64000] [--src DIR]

Starts `samaritan serve` on a fresh SQLite store, then in the same run:

1. baseline: one client posts ordinary generator ads back to back for --duration seconds;
2. under attack: the same, while a second client posts ads whose body is one unbroken
   --token-character token, as fast as the server answers them.

Prints p50/p95/p99 of the ordinary posts in both phases and their ratio. `--src` runs another
checkout's code (for a before/after comparison in the same run). The machine may be shared:
compare ratios, not absolute figures.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import orjson

from samaritan.evidence.db import Store
from samaritan.generate.corpus import SiteGenerator

PLATFORM = "synthetic-site"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _percentiles(latencies: list[float]) -> dict[str, float]:
    qs = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return {"n": len(latencies), "p50": qs[49] * 1000, "p95": qs[94] * 1000, "p99": qs[98] * 1000}


def _normal(base: str, key: str, ads: list[dict], duration: float, tag: str) -> list[float]:
    latencies = []
    deadline = time.perf_counter() + duration
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=120) as client:
        i = 0
        while time.perf_counter() < deadline:
            ad = dict(ads[i % len(ads)], id=f"{tag}-{i}")
            t = time.perf_counter()
            client.post("/v1/screen", content=orjson.dumps(ad)).raise_for_status()
            latencies.append(time.perf_counter() - t)
            i += 1
    return latencies


def _attacker(base: str, key: str, token: int, stop: threading.Event, sent: list[int]) -> None:
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=600) as client:
        i = 0
        while not stop.is_set():
            body = orjson.dumps({"id": f"hostile-{i}", "body": "a" * (token - 8) + f"{i:08d}"})
            client.post("/v1/screen", content=body)
            sent.append(i)
            i += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--token", type=int, default=64_000)
    parser.add_argument("--src", help="the src/ directory of the checkout to serve (default: this one)")
    args = parser.parse_args()
    ads = [ad for ad, _ in SiteGenerator(300, seed=9)]
    with tempfile.TemporaryDirectory(prefix="samaritan-hostile-") as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'samaritan.db'}")
        store.migrate()
        key = store.create_key(PLATFORM, ("screen", "read"))
        store.close()
        port = _free_port()
        env = dict(os.environ, SAMARITAN_DATA_DIR=tmp)
        if args.src:
            env["PYTHONPATH"] = args.src
        server = subprocess.Popen(
            [sys.executable, "-m", "samaritan.cli", "serve", "--port", str(port)], env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(1200):
                try:
                    if httpx.get(f"{base}/healthz", timeout=2).json().get("links", "ready") == "ready":
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            _normal(base, key, ads, 3, "warm")
            quiet = _percentiles(_normal(base, key, ads, args.duration, "quiet"))
            stop, sent = threading.Event(), []
            attacker = threading.Thread(target=_attacker, args=(base, key, args.token, stop, sent), daemon=True)
            attacker.start()
            time.sleep(1)
            loud = _percentiles(_normal(base, key, ads, args.duration, "loud"))
            stop.set()
        finally:
            server.terminate()
            server.wait(timeout=60)
    print(f"ordinary posts alone:           {quiet}")
    print(f"with a {args.token}-char token flood: {loud} ({len(sent)} hostile ads answered)")
    print(f"ratio under attack: p50 {loud['p50'] / quiet['p50']:.2f}, p99 {loud['p99'] / quiet['p99']:.2f}")


if __name__ == "__main__":
    main()
