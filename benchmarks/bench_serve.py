"""Loopback load test of `samaritan serve` on SQLite and on PostgreSQL.

    python benchmarks/bench_serve.py [-n 6000] [--duration 60] [--concurrency 4] [--backend both]

For each backend: start the server in its own process on a fresh store, send a fixed number of
ads (stopping early at --duration seconds) from C keep-alive connections in a second process,
and print screens/s, latency p50/p95/p99, errors, and the ratio to the HTTP floor (GET /healthz
with the same client, measured in the same run). Then check that every accepted ad is stored.
PostgreSQL comes from SAMARITAN_TEST_DATABASE_URL, or a throwaway server (scripts/postgres.sh).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import orjson

from samaritan.evidence.db import Store
from samaritan.generate.corpus import SiteGenerator

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _request(reader, writer, method: str, path: str, body: bytes, key: str) -> int:
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {key}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    writer.write(head + body)
    status_line = await reader.readline()
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    await reader.readexactly(length)
    return int(status_line.split()[1])


async def _load(port: int, key: str, bodies: list[bytes], method: str, path: str, concurrency: int, duration: float):
    """Send every body (or stop at `duration`); returns (latencies, errors, accepted indices, seconds)."""
    latencies: list[float] = []
    errors = 0
    accepted: list[int] = []
    position = 0
    start = time.perf_counter()

    async def worker() -> None:
        nonlocal position, errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while position < len(bodies) and time.perf_counter() - start < duration:
                i = position
                position += 1
                t0 = time.perf_counter()
                try:
                    status = await _request(reader, writer, method, path, bodies[i], key)
                except (ConnectionError, asyncio.IncompleteReadError):
                    errors += 1
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                    continue
                latencies.append(time.perf_counter() - t0)
                if status == 200:
                    accepted.append(i)
                else:
                    errors += 1
        finally:
            writer.close()

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, errors, accepted, time.perf_counter() - start


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else float("nan")


def run_backend(name: str, url: str, n: int, duration: float, concurrency: int, bodies: list[bytes]) -> dict:
    store = Store(url)
    store.migrate()
    key = store.create_key("bench")
    port = _free_port()
    env = dict(os.environ, SAMARITAN_DATABASE_URL=url)
    log = open(Path(tempfile.gettempdir()) / f"samaritan-bench-{name}.log", "wb")  # noqa: SIM115
    server = subprocess.Popen([sys.executable, "-m", "samaritan.cli", "serve", "--port", str(port)], env=env,
                              stdout=log, stderr=log)  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        floor_lat, floor_err, _, floor_s = asyncio.run(
            _load(port, key, [b""] * n, "GET", "/healthz", concurrency, duration)
        )
        lat, errors, accepted, seconds = asyncio.run(
            _load(port, key, bodies[:n], "POST", "/v1/screen", concurrency, duration)
        )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
    stored = store.count_ads("bench")
    audit = store.verify()
    store.close()
    rate, floor_rate = len(lat) / seconds, len(floor_lat) / floor_s
    return {
        "backend": name,
        "sent": len(lat) + errors,
        "screens_per_s": rate,
        "p50_ms": _pct(lat, 0.50),
        "p95_ms": _pct(lat, 0.95),
        "p99_ms": _pct(lat, 0.99),
        "errors": errors,
        "accepted": len(accepted),
        "stored": stored,
        "all_stored": stored == len(accepted),
        "audit_ok": audit["ok"],
        "floor_per_s": floor_rate,
        "floor_errors": floor_err,
        "ratio_to_floor": rate / floor_rate,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=6000, help="ads to send per backend")
    parser.add_argument("--duration", type=float, default=60.0, help="stop sending after this many seconds")
    parser.add_argument("--concurrency", type=int, default=4, help="keep-alive connections")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()

    bodies = []
    for i, (ad, _) in enumerate(SiteGenerator(args.n, seed=5)):
        ad = dict(ad, id=f"bench-{i}")
        ad.pop("platform", None)
        ad.pop("images", None)
        bodies.append(orjson.dumps(ad))
    print(f"{args.n} generated ads, mean {sum(map(len, bodies)) / len(bodies):.0f} bytes; "
          f"{args.concurrency} connections; at most {args.duration:.0f}s per run")  # fmt: skip

    results = []
    workdir = Path(tempfile.mkdtemp(prefix="samaritan-bench-"))
    pg_started = False
    try:
        if args.backend in ("sqlite", "both"):
            results.append(run_backend("sqlite", f"sqlite:///{workdir / 'bench.db'}", args.n, args.duration,
                                       args.concurrency, bodies))  # fmt: skip
        if args.backend in ("postgresql", "both"):
            url = os.environ.get("SAMARITAN_TEST_DATABASE_URL")
            if not url:
                start = "source scripts/postgres.sh start >/dev/null && echo $SAMARITAN_TEST_DATABASE_URL"
                out = subprocess.run(["bash", "-c", start], cwd=ROOT, capture_output=True, text=True, check=True)
                url, pg_started = out.stdout.strip(), True
            results.append(run_backend("postgresql", url, args.n, args.duration, args.concurrency, bodies))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if pg_started:
            subprocess.run(["bash", "scripts/postgres.sh", "stop"], cwd=ROOT, check=False)

    print(f"{'backend':<11} {'sent':>6} {'screens/s':>10} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6} "
          f"{'stored':>13} {'audit':>5} {'healthz/s':>10} {'ratio':>6}")  # fmt: skip
    for r in results:
        stored = f"{r['stored']}/{r['accepted']}"
        print(
            f"{r['backend']:<11} {r['sent']:>6} {r['screens_per_s']:>10.0f} {r['p50_ms']:>7.1f} {r['p95_ms']:>7.1f} "
            f"{r['p99_ms']:>7.1f} {r['errors']:>6} {stored:>13} "
            f"{'ok' if r['audit_ok'] else 'BAD':>5} {r['floor_per_s']:>10.0f} {r['ratio_to_floor']:>6.2f}"
        )
    print("targets (#6): >= 300 screens/s on 2 cores, p99 <= 50 ms, zero errors, every accepted ad stored")


if __name__ == "__main__":
    main()
