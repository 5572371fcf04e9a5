"""Loopback load test of `samaritan serve` on SQLite and on PostgreSQL.

    python benchmarks/bench_serve.py [-n 6000] [--duration 60] [--concurrency 4] [--backend both]
                                     [--observability both] [--rounds 2]

For each backend: start the server in its own process on a fresh store, send a fixed number of
ads (stopping early at --duration seconds) from C keep-alive connections in a second process,
and print screens/s, latency p50/p95/p99, errors, and the ratio to the HTTP floor (GET /healthz
with the same client, measured in the same run). Then check that every accepted ad is stored.
PostgreSQL comes from SAMARITAN_TEST_DATABASE_URL, or a throwaway server (scripts/postgres.sh).

With --observability both (the default), each backend is served with observability off and on
(`--metrics --log-format json --access-log`: a Prometheus scrape at the end, one JSON access line
per request), alternating for --rounds rounds, and the cost is reported as the ratio of the mean
screens/s on to off (target: at least 0.95).
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


OBSERVE_FLAGS = ["--metrics", "--log-format", "json", "--access-log"]


def run_backend(name: str, url: str, n: int, duration: float, concurrency: int, bodies: list[bytes],
                observe: bool = False, run: int = 0) -> dict:  # fmt: skip
    store = Store(url)
    store.migrate()
    platform = f"bench-{run}"  # ads are per platform: every run screens new ads, never retries
    key = store.create_key(platform)
    port = _free_port()
    env = dict(os.environ, SAMARITAN_DATABASE_URL=url)
    mode = "observe" if observe else "plain"
    log = open(Path(tempfile.gettempdir()) / f"samaritan-bench-{name}-{mode}.log", "wb")  # noqa: SIM115
    command = [sys.executable, "-m", "samaritan.cli", "serve", "--port", str(port), *(OBSERVE_FLAGS if observe else [])]
    server = subprocess.Popen(command, env=env, stdout=log, stderr=log)
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
        scraped = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=30).status_code == 200 if observe else None
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
    stored = store.count_ads(platform)
    audit = store.verify()
    store.close()
    rate, floor_rate = len(lat) / seconds, len(floor_lat) / floor_s
    return {
        "backend": name,
        "observe": observe,
        "scraped": scraped,
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


def _modes(choice: str, rounds: int) -> list[bool]:
    if choice == "both":
        return [False, True] * rounds  # alternating, so drift on a shared machine hits both alike
    return [choice == "on"] * rounds


def _backend_runs(name: str, args, bodies: list[bytes], url_for) -> list[dict]:
    return [
        run_backend(name, url_for(run), args.n, args.duration, args.concurrency, bodies, observe, run)
        for run, observe in enumerate(_modes(args.observability, args.rounds))
    ]


def _report(results: list[dict]) -> None:
    print(f"{'backend':<11} {'observe':>7} {'sent':>6} {'screens/s':>10} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
          f"{'errors':>6} {'stored':>13} {'audit':>5} {'healthz/s':>10} {'ratio':>6}")  # fmt: skip
    for r in results:
        stored = f"{r['stored']}/{r['accepted']}"
        print(
            f"{r['backend']:<11} {'on' if r['observe'] else 'off':>7} {r['sent']:>6} {r['screens_per_s']:>10.0f} "
            f"{r['p50_ms']:>7.1f} {r['p95_ms']:>7.1f} {r['p99_ms']:>7.1f} {r['errors']:>6} {stored:>13} "
            f"{'ok' if r['audit_ok'] else 'BAD':>5} {r['floor_per_s']:>10.0f} {r['ratio_to_floor']:>6.2f}"
        )
    for backend in dict.fromkeys(r["backend"] for r in results):
        on = [r["screens_per_s"] for r in results if r["backend"] == backend and r["observe"]]
        off = [r["screens_per_s"] for r in results if r["backend"] == backend and not r["observe"]]
        if on and off:
            mean_on, mean_off = sum(on) / len(on), sum(off) / len(off)
            scraped = all(r["scraped"] for r in results if r["backend"] == backend and r["observe"])
            print(f"{backend}: observability off {mean_off:.0f} screens/s, on {mean_on:.0f} screens/s: "
                  f"ratio {mean_on / mean_off:.3f} (target >= 0.95); /metrics scraped: {scraped}")  # fmt: skip
    print("targets (#6): >= 300 screens/s on 2 cores, p99 <= 50 ms, zero errors, every accepted ad stored")


async def _asgi_screen(app, body: bytes, key: str) -> int:
    """One POST /v1/screen straight into the ASGI app: no sockets, no client in the way."""
    headers = [(b"authorization", f"Bearer {key}".encode()), (b"content-type", b"application/json"),
               (b"content-length", str(len(body)).encode())]  # fmt: skip
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/v1/screen", "raw_path": b"/v1/screen", "query_string": b"", "root_path": "",
             "headers": headers, "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}  # fmt: skip
    sent = False
    status = 0

    async def receive():
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)  # no disconnect while the request runs
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message):
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


def in_process_cost(bodies: list[bytes], n: int, rounds: int) -> tuple[float, float]:
    """CPU seconds per screen with observability off and on, in one process, alternating chunks.
    CPU time rather than wall time: other engineers' load on a shared machine counts less."""
    import logging

    from samaritan.engine.screener import Screener
    from samaritan.service import logconfig
    from samaritan.service.app import create_app
    from samaritan.service.screening import ScreeningService
    from samaritan.service.settings import ServiceSettings

    workdir = Path(tempfile.mkdtemp(prefix="samaritan-bench-cost-"))
    screener = Screener()
    apps = {}
    for observe in (False, True):
        store = Store(f"sqlite:///{workdir / f'cost-{observe}.db'}")
        store.migrate()
        app = create_app(ScreeningService(store, screener), settings=ServiceSettings(metrics=observe))
        apps[observe] = (app, store.create_key("bench"), store)
    spent = {False: 0.0, True: 0.0}
    count = {False: 0, True: 0}
    chunk = max(1, n // (2 * rounds))
    with open(workdir / "access.log", "w") as sink:
        for start in range(0, min(n, len(bodies)), chunk):
            observe = (start // chunk) % 2 == 1
            if observe:
                logconfig.configure("json", level=logging.WARNING, access_log=True, stream=sink)
            else:
                logconfig.configure("text", level=logging.WARNING, access_log=False, stream=sink)
            app, key, _ = apps[observe]
            t0 = time.process_time()
            for body in bodies[start : start + chunk]:
                assert asyncio.run(_asgi_screen(app, body, key)) == 200
            spent[observe] += time.process_time() - t0
            count[observe] += len(bodies[start : start + chunk])
    for _app, _key, store in apps.values():
        store.close()
    shutil.rmtree(workdir, ignore_errors=True)
    return spent[False] / count[False], spent[True] / count[True]


def middleware_cost(calls: int = 20000) -> float:
    """CPU seconds `observe.Observe` adds to one request (request id, counter, histogram, JSON
    access line), against the same no-op app without it: the part of the cost that is ours alone."""
    import logging
    from types import SimpleNamespace

    from samaritan.service import logconfig
    from samaritan.service.observe import Metrics, Observe

    route = SimpleNamespace(path="/v1/screen")

    async def inner(scope, receive, send):
        scope["route"] = route
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    async def drive(app) -> float:
        async def send(_message):
            return None

        t0 = time.process_time()
        for _ in range(calls):
            await app({"type": "http", "method": "POST", "path": "/v1/screen", "headers": []}, None, send)
        return time.process_time() - t0

    with open(os.devnull, "w") as sink:
        logconfig.configure("json", level=logging.WARNING, access_log=True, stream=sink)
        bare = asyncio.run(drive(inner))
        observed = asyncio.run(drive(Observe(inner, Metrics())))
        logconfig.configure("text", level=logging.WARNING, access_log=False)
    return (observed - bare) / calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=6000, help="ads to send per run")
    parser.add_argument("--duration", type=float, default=60.0, help="stop sending after this many seconds")
    parser.add_argument("--concurrency", type=int, default=4, help="keep-alive connections")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument(
        "--observability",
        choices=["off", "on", "both"],
        default="both",
        help="serve with metrics, JSON logs and the access log off, on, or both (compared)",
    )
    parser.add_argument("--rounds", type=int, default=1, help="runs per observability mode, alternating")
    parser.add_argument(
        "--cost",
        type=int,
        default=2000,
        help="ads screened in process to measure observability's CPU cost per screen (0: skip)",
    )
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
            results += _backend_runs("sqlite", args, bodies, lambda run: f"sqlite:///{workdir / f'bench-{run}.db'}")
        if args.backend in ("postgresql", "both"):
            url = os.environ.get("SAMARITAN_TEST_DATABASE_URL")
            if not url:
                start = "source scripts/postgres.sh start >/dev/null && echo $SAMARITAN_TEST_DATABASE_URL"
                out = subprocess.run(["bash", "-c", start], cwd=ROOT, capture_output=True, text=True, check=True)
                url, pg_started = out.stdout.strip(), True
            results += _backend_runs("postgresql", args, bodies, lambda run: url)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if pg_started:
            subprocess.run(["bash", "scripts/postgres.sh", "stop"], cwd=ROOT, check=False)
    _report(results)
    if args.observability == "both" and args.cost:
        off, on = in_process_cost(bodies, args.cost, max(2, args.rounds))
        print(f"in process, CPU per screen: observability off {off * 1e3:.2f} ms, on {on * 1e3:.2f} ms: "
              f"cost {100 * (on / off - 1):+.1f}% (target <= 5%)")  # fmt: skip
        added = middleware_cost()
        print(f"observability's own work per request: {added * 1e6:.0f} us = {100 * added / off:.1f}% of a screen's "
              f"CPU ({off * 1e3:.2f} ms)")  # fmt: skip


if __name__ == "__main__":
    main()
