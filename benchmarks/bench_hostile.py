"""Normal traffic's latency while another client sends hostile ads, on loopback.

    python benchmarks/bench_hostile.py [--duration 30] [--token 64000] [--src DIR]

Starts `samaritan serve` on a fresh SQLite store, then in the same run:

1. baseline: one client posts ordinary generator ads back to back for --duration seconds;
2. under attack: the same, while a second client posts ads whose body is one unbroken
   --token-character token, as fast as the server answers them.

Prints, for the ordinary posts of each phase: the client's wall-clock p50/p99; the server's own
p50/p99 from arrival to answer (its `Server-Timing: app`, on with SAMARITAN_SERVER_TIMING=1);
the p50/p99 CPU time of each ad's screening (`Server-Timing: work`); and the CPU seconds the
server and its workers used over the phase, with the machine's load average. Wall time on a
shared machine includes waiting for a core; CPU time does not, so the CPU figures and the
ratios are the ones to compare across runs. `--in-process` measures the screening handler
without HTTP: `ScreeningService.screen` called in this process with worker lanes, its wall and
CPU p50/p99 per ordinary ad alone and while another thread floods it. `--src` runs another checkout's code (a
before/after comparison in the same run; it sends no Server-Timing, so only wall figures).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
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
from proctime import sched_delta, tree_cpu_seconds, tree_sched_seconds

from samaritan.evidence.db import Store
from samaritan.generate.corpus import SiteGenerator

PLATFORM = "synthetic-site"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _percentiles(values: list[float]) -> dict[str, float]:
    """n, p50, p95, p99 (values in seconds, figures in ms)."""
    qs = statistics.quantiles(values, n=100) if len(values) > 1 else values * 99
    return {"n": len(values), "p50": qs[49] * 1000, "p95": qs[94] * 1000, "p99": qs[98] * 1000}


def _timing(header: str) -> dict[str, float]:
    """`Server-Timing: app;dur=1.2, work;dur=0.8` -> {"app": 0.0012, "work": 0.0008} (seconds)."""
    found = {}
    for part in header.split(","):
        name, _, dur = part.strip().partition(";dur=")
        if dur:
            found[name] = float(dur) / 1000
    return found


class Phase:
    """One phase's ordinary posts: client wall latency, the server's own time for each (`app`,
    from arrival to answer in the process) and its ad's screening CPU (`work`), and the CPU
    seconds the whole server (workers included) spent over the phase."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.wall: list[float] = []
        self.app: list[float] = []
        self.work: list[float] = []

    def run(self, base: str, key: str, ads: list[dict], duration: float, tag: str) -> Phase:
        self.load = os.getloadavg()[0]
        cpu, sched, started = tree_cpu_seconds(self.pid), tree_sched_seconds(self.pid), time.perf_counter()
        mine = tree_sched_seconds(os.getpid())["server"]  # this process: the client's own waits
        deadline = started + duration
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=120) as client:
            i = 0
            while time.perf_counter() < deadline:
                ad = dict(ads[i % len(ads)], id=f"{tag}-{i}")
                t = time.perf_counter()
                response = client.post("/v1/screen", content=orjson.dumps(ad))
                self.wall.append(time.perf_counter() - t)
                response.raise_for_status()
                timing = _timing(response.headers.get("server-timing", ""))
                self.app.append(timing.get("app", 0.0))
                self.work.append(timing.get("work", 0.0))
                i += 1
        self.seconds = time.perf_counter() - started
        self.cpu = tree_cpu_seconds(self.pid) - cpu
        self.sched = sched_delta(sched, tree_sched_seconds(self.pid))
        self.sched["client"] = sched_delta({"c": mine}, {"c": tree_sched_seconds(os.getpid())["server"]})["c"]
        return self

    def summary(self) -> str:
        wall, app, work = (_percentiles(v) for v in (self.wall, self.app, self.work))
        n = wall["n"] / 1000
        waits = ", ".join(f"{part} {on / n:.1f}/{wait / n:.1f}" for part, (on, wait) in sorted(self.sched.items()))
        return (
            f"n {wall['n']}; client wall p50 {wall['p50']:.1f} p99 {wall['p99']:.1f} ms; in-process p50 "
            f"{app['p50']:.1f} p99 {app['p99']:.1f} ms; screening CPU p50 {work['p50']:.1f} p99 {work['p99']:.1f} "
            f"ms; server CPU {self.cpu:.1f}s over {self.seconds:.1f}s ({self.cpu / self.seconds:.2f} cores, "
            f"{self.cpu / wall['n'] * 1000:.1f} ms per ordinary post); per ordinary post, ms on a core / waiting "
            f"for one: {waits}; load average {self.load:.1f} on {os.cpu_count()} cores"
        )


def _attacker(base: str, key: str, token: int, stop: threading.Event, sent: list[int]) -> None:
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=600) as client:
        i = 0
        while not stop.is_set():
            body = orjson.dumps({"id": f"hostile-{i}", "body": "a" * (token - 8) + f"{i:08d}"})
            client.post("/v1/screen", content=body)
            sent.append(i)
            i += 1


def _in_process(ads: list[dict], duration: float, token: int, flood: bool) -> dict[str, dict[str, float]]:
    """The handler's own figures, without HTTP, client or event loop: `ScreeningService.screen`
    called in this process (with worker lanes, as `serve` runs it) for ordinary ads one after
    another, with another thread sending hostile ads as fast as they are answered when `flood`.
    Per ordinary ad: wall time, and CPU time (this thread's, plus its worker's for the screening)."""
    from samaritan.evidence.db import Store as _Store
    from samaritan.service.screening import Rejected, ScreeningService
    from samaritan.service.workers import Lanes, work_cpu

    with tempfile.TemporaryDirectory(prefix="samaritan-hostile-") as tmp:
        store = _Store(f"sqlite:///{Path(tmp) / 'samaritan.db'}")
        store.migrate()
        service = ScreeningService(store)
        service.pool = Lanes(service.screener, 2, 5.0, 1)
        service.pool.start()
        service.pool.warm()
        stop = threading.Event()

        def attack() -> None:
            i = 0
            while not stop.is_set():
                with contextlib.suppress(Rejected):
                    service.screen(orjson.dumps({"id": f"h{i}", "body": "a" * (token - 8) + f"{i:08d}"}), PLATFORM, "b")
                i += 1

        attacker = threading.Thread(target=attack, daemon=True)
        if flood:
            attacker.start()
        wall, cpu = [], []
        for phase in ("warm", "measured"):
            deadline, i = time.perf_counter() + (3 if phase == "warm" else duration), 0
            while time.perf_counter() < deadline:
                raw = orjson.dumps(dict(ads[i % len(ads)], id=f"{phase}-{i}"))
                spent: list[float] = []
                token_ = work_cpu.set(spent)
                t, c = time.perf_counter(), time.thread_time()
                service.screen(raw, PLATFORM, "a")
                if phase == "measured":
                    cpu.append(time.thread_time() - c + sum(spent))
                    wall.append(time.perf_counter() - t)
                work_cpu.reset(token_)
                i += 1
        stop.set()
        if flood:
            attacker.join(timeout=60)
        service.pool.close()
        store.close()
    return {"wall": _percentiles(wall), "cpu": _percentiles(cpu)}


def report_in_process(ads: list[dict], duration: float, token: int) -> None:
    """`--in-process`: the handler's p50/p99, wall and CPU, alone and under a flood."""
    for flood in (False, True):
        load = os.getloadavg()[0]
        found = _in_process(ads, duration, token, flood)
        print(
            f"in-process handler, {'with a flood' if flood else 'alone'}: n {found['wall']['n']}; wall p50 "
            f"{found['wall']['p50']:.1f} p99 {found['wall']['p99']:.1f} ms; CPU p50 {found['cpu']['p50']:.1f} "
            f"p99 {found['cpu']['p99']:.1f} ms (load average {load:.1f} on {os.cpu_count()} cores)",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--token", type=int, default=64_000)
    parser.add_argument("--src", help="the src/ directory of the checkout to serve (default: this one)")
    parser.add_argument("--quiet-only", action="store_true", help="only the phase without the flood")
    parser.add_argument("--in-process", action="store_true", help="the handler alone, without HTTP (see `_in_process`)")
    args = parser.parse_args()
    ads = [ad for ad, _ in SiteGenerator(300, seed=9)]
    gc.freeze()  # this client's full collections (0.5-0.9 s seen) would count in its wall figures
    if args.in_process:
        report_in_process(ads, args.duration, args.token)
        return
    with tempfile.TemporaryDirectory(prefix="samaritan-hostile-") as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'samaritan.db'}")
        store.migrate()
        key = store.create_key(PLATFORM, ("screen", "read"))
        store.close()
        port = _free_port()
        env = dict(os.environ, SAMARITAN_DATA_DIR=tmp, SAMARITAN_SERVER_TIMING="1")
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
                    if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.1)
            Phase(server.pid).run(base, key, ads, 3, "warm")
            quiet = Phase(server.pid).run(base, key, ads, args.duration, "quiet")
            print(f"ordinary posts alone: {quiet.summary()}", flush=True)
            if args.quiet_only:
                return
            stop, sent = threading.Event(), []
            attacker = threading.Thread(target=_attacker, args=(base, key, args.token, stop, sent), daemon=True)
            attacker.start()
            time.sleep(1)
            loud = Phase(server.pid).run(base, key, ads, args.duration, "loud")
            stop.set()
            print(f"with a {args.token}-char token flood ({len(sent)} hostile ads answered): {loud.summary()}")
        finally:
            server.terminate()
            server.wait(timeout=60)
    for name in ("wall", "app"):
        q, loud_p = _percentiles(getattr(quiet, name)), _percentiles(getattr(loud, name))
        if q["p50"] > 0:  # (`--src` of a checkout without Server-Timing: wall only)
            p50, p99 = loud_p["p50"] / q["p50"], loud_p["p99"] / q["p99"]
            print(f"ratio under attack ({name}): p50 {p50:.2f}, p99 {p99:.2f}")


if __name__ == "__main__":
    main()
