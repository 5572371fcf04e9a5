"""Restart time of `samaritan serve` against the number of ads in its store.

    python benchmarks/bench_restart.py [-n 100000] [--sample 2000] [--baseline-n N]

Fills a fresh SQLite store with N stored ads (copies of `--sample` screened generator ads under
new ids, inserted in bulk: the store's contents are what matter here, not how they arrived),
then measures, in the same run:

- the old start-up: re-linking every stored ad (`rebuild_links` from nothing), the baseline; with
  `--baseline-n N` (for large stores: re-linking 1M ads takes most of an hour) only the first N
  are re-linked and the time is scaled to n, which the output says;
- the snapshot the server writes at shutdown (time, size, and how long it held the write lock:
  the longest a probe thread waited for the lock while it was written), then its in-process
  restore (read, hash checked against the audit chain, arrays loaded), the first lookups on the
  loaded index and the first ads attached to it;
- a real `samaritan serve` restarted on that data directory: seconds until `/healthz` answers
  (listening) and until it reports the link index loaded (snapshot plus the ads after it).

Figures are printed as seconds and as ratios to the baseline; the machine may be shared.

`--listen-only` measures only the start (#12: listening within 10 s, whatever the store's
size): wall and CPU seconds (the server and its workers) until `/livez` answers, until the app is
built, and until the engine's workers are ready; `--src OTHER/src` measures another checkout
first, in the same run, for a before/after ratio.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import orjson
import sqlalchemy as sa
from proctime import tree_cpu_seconds

from samaritan.engine.screener import Screener
from samaritan.evidence.db import Store, now_iso, sha256_hex
from samaritan.evidence.schema import ads, blobs, verdicts
from samaritan.generate.corpus import SiteGenerator
from samaritan.service.linkstate import FILENAME, Keeper, restore
from samaritan.service.screening import ScreeningService

PLATFORM = "synthetic-site"


def _platform(pk: int, n: int, platforms: int) -> str:
    """`--platforms K`: the store's ads in K equal runs of pk, one platform each."""
    return PLATFORM if platforms <= 1 else f"{PLATFORM}-{(pk - 1) * platforms // n}"


def _fill(store: Store, n: int, sample: int, platforms: int = 1) -> None:
    screener = Screener()
    base = [(ad, screener.screen(ad).to_dict()) for ad, _ in SiteGenerator(sample, seed=3)]
    at = now_iso()
    with store.write_engine.begin() as conn:
        for start in range(0, n, 5000):
            blob_rows, ad_rows, verdict_rows = [], [], []
            for pk in range(start + 1, min(n, start + 5000) + 1):
                ad, verdict = base[pk % sample]
                ad_id = f"{ad['id']}-{pk // sample}"
                raw = orjson.dumps(dict(ad, id=ad_id))
                sha = sha256_hex(raw)
                body = orjson.dumps(dict(verdict, id=ad_id, revision=1)).decode()
                blob_rows.append({"sha256": sha, "size": len(raw), "media_type": "application/json",
                                  "content": raw, "stored_at": at})  # fmt: skip
                ad_rows.append({"pk": pk, "platform": _platform(pk, n, platforms), "ad_id": ad_id, "revision": 1,
                                "raw_sha256": sha, "received_at": at, "hold": False, "retain_until": at})  # fmt: skip
                verdict_rows.append({"ad_pk": pk, "created_at": at, "trigger": "post", "decision": verdict["decision"],
                                     "priority": verdict["priority"], "labels": ",".join(verdict["labels"]),
                                     "versions": "{}", "body": body, "sha256": sha256_hex(body.encode())})  # fmt: skip
            conn.execute(sa.insert(blobs), blob_rows)
            conn.execute(sa.insert(ads), ad_rows)
            conn.execute(sa.insert(verdicts), verdict_rows)


def _baseline(store: Store, screener: Screener, n: int, baseline_n: int | None) -> float:
    """Seconds to re-link every stored ad from nothing (scaled from the first `baseline_n`)."""
    service = ScreeningService(store, screener)
    limit = baseline_n if baseline_n and baseline_n < n else None
    t = time.perf_counter()
    if limit is None:
        service.rebuild_links()
    else:
        replay = store.replay

        def first(after: int):
            for row in replay(after):
                if row[0] > limit:
                    return
                yield row

        store.replay = first  # type: ignore[method-assign]
        try:
            service.rebuild_links()
        finally:
            store.replay = replay  # type: ignore[method-assign]
    seconds = time.perf_counter() - t
    if limit is None:
        print(f"baseline: re-linking every stored ad: {seconds:.1f}s ({service.skipped} skipped)", flush=True)
        return seconds
    scaled = seconds * n / limit
    print(f"baseline: re-linking the first {limit} ads: {seconds:.1f}s, scaled to {n}: {scaled:.0f}s", flush=True)
    return scaled


def _attach_copies(service: ScreeningService, n: int, sample: int) -> None:
    """The index `rebuild_links` would build, faster: each sample ad is screened and keyed once,
    and its copies (same text, new ids, as `_fill` stored them) attach that record."""
    import dataclasses

    from samaritan.engine.adparse import parse_ad
    from samaritan.evidence.db import sha256_hex as sha

    t = time.perf_counter()
    made: dict[int, tuple] = {}
    for pk, platform, ad_id, revision, raw, verdict in service.store.replay(0):
        ad = dataclasses.replace(parse_ad(orjson.loads(raw)), platform=platform)
        if pk % sample not in made:
            made[pk % sample] = (service._record(ad, verdict, []), verdict)
        record, verdict = made[pk % sample]
        service._attach(record, ad, revision, verdict)
        service.replayed_to, service.last_stored = pk, (platform, ad_id, revision, sha(raw))
    print(f"index of {n} ads built from {len(made)} records in {time.perf_counter() - t:.0f}s", flush=True)


def _part(data: Path, n: int, sample: int, platforms: int, part: int) -> tuple[str, int, int]:
    """One platform's index (`--platforms`), built in its own process from the sample rows
    (pk 1..sample hold every sample ad once): each copy attaches its sample ad's record under
    its own id, as `_attach_copies` does, without reading the copy back from the store."""
    import dataclasses

    from samaritan.engine.adparse import parse_ad

    store = Store(f"sqlite:///{data / 'samaritan.db'}")
    service = ScreeningService(store, Screener())
    query = sa.select(ads.c.pk, blobs.c.content, verdicts.c.body).join(blobs, blobs.c.sha256 == ads.c.raw_sha256)
    query = query.join(verdicts, verdicts.c.ad_pk == ads.c.pk).where(ads.c.pk <= sample)
    made = {}
    with store.engine.connect() as conn:
        for pk, raw, body in conn.execute(query):
            ad, verdict = parse_ad(orjson.loads(raw)), orjson.loads(body)
            made[pk % sample] = (ad, ad.id.rpartition("-")[0], service._record(ad, verdict, []), verdict)
    platform = _platform(part * n // platforms + 1, n, platforms)
    first, last = part * n // platforms + 1, (part + 1) * n // platforms
    index = service.links[platform]
    t = time.perf_counter()
    for pk in range(first, last + 1):
        ad, base, record, verdict = made[pk % sample]
        link_id = f"{base}-{pk // sample}@1"
        link_ad = dataclasses.replace(ad, id=link_id, previous_id=None, platform=platform)
        index.attach(link_ad, verdict.get("entities"), verdict, record=dataclasses.replace(record, id=link_id,
                     previous_id=None))  # fmt: skip
    index.save(data / f"part-{part}.arrays")
    store.close()
    print(f"part {part}: {last - first + 1} ads of {platform} in {time.perf_counter() - t:.0f}s", flush=True)
    return platform, first, last


def _build_parts(store: Store, data: Path, n: int, sample: int, platforms: int, built: int) -> ScreeningService:
    """`--platforms K`: the K platforms' indices built in K processes, then one service holding
    them all, at the replay point of the store's last ad (as `rebuild_links` would leave it).
    `--built B` (< K): only the first B are built and the other platforms hold copies of their
    arrays (restore time depends on the arrays' sizes, not on which ids they hold)."""
    import multiprocessing

    from samaritan.link.index import LinkIndex

    built = min(built or platforms, platforms)
    with multiprocessing.get_context("fork").Pool(built) as pool:
        pool.starmap(_part, [(data, n, sample, platforms, k) for k in range(built)])
    service = ScreeningService(store, Screener())
    for k in range(platforms):
        platform = _platform(k * n // platforms + 1, n, platforms)
        service.links[platform] = LinkIndex.load(data / f"part-{k % built}.arrays")
    for k in range(built):
        (data / f"part-{k}.arrays").unlink()
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(ads.c.platform, ads.c.ad_id, ads.c.revision, ads.c.raw_sha256)
                           .where(ads.c.pk == n)).one()  # fmt: skip
    service.replayed_to, service.last_stored = n, (row.platform, row.ad_id, row.revision, row.raw_sha256)
    return service


def _first_attaches(service: ScreeningService, count: int = 20) -> None:
    """Milliseconds per ad for the first ads attached to a just-loaded index (new ids)."""
    from samaritan.engine.adparse import parse_ad

    screener = Screener()
    new = [(dict(ad, id=f"new-{ad['id']}"), None) for ad, _ in SiteGenerator(count, seed=3)]
    new = [(ad, screener.screen(ad).to_dict()) for ad, _ in new]
    index = service.links[PLATFORM]
    t = time.perf_counter()
    for ad, verdict in new:
        index.attach(parse_ad(dict(ad, platform=PLATFORM)), verdict["entities"], verdict)
    print(
        f"first {count} attaches after the load: {(time.perf_counter() - t) * 1000 / count:.1f} ms per ad", flush=True
    )


def _lock_probe(service: ScreeningService, action) -> float:
    """Run `action`; return the longest a thread waited for the store's write lock meanwhile."""
    import threading

    done, longest = threading.Event(), [0.0]

    def probe() -> None:
        while not done.is_set():
            t = time.perf_counter()
            with service.store.write_lock:
                longest[0] = max(longest[0], time.perf_counter() - t)
            time.sleep(0.005)

    thread = threading.Thread(target=probe)
    thread.start()
    try:
        action()
    finally:
        done.set()
        thread.join()
    return longest[0]


def _compaction(store: Store, data: Path, count: int) -> None:
    """`--compact N`: load the snapshot, screen and store N new ads (the overlay), then compact
    while a probe thread takes the write lock every 5 ms: seconds per step, the longest wait for
    the lock, and the process's RSS before and after."""
    from samaritan.service.compaction import compact, overlay_ads

    screener = Screener()
    service = ScreeningService(store, screener)
    stats = restore(service, data / FILENAME)
    print(f"restored {stats}", flush=True)
    t = time.perf_counter()
    for ad, _ in SiteGenerator(count, seed=int(time.time())):
        service.screen(orjson.dumps(dict(ad, id=f"c{time.time_ns()}-{ad['id']}")), PLATFORM, "bench")
    print(f"{count} ads screened and stored in {time.perf_counter() - t:.1f}s; overlay {overlay_ads(service)} ads, "
          f"RSS {_rss_mb(os.getpid()):.0f} MB", flush=True)  # fmt: skip
    before = {k: len(v.ads) for k, v in service.links.items()}
    found: dict = {}
    load = os.getloadavg()[0]
    cpu = time.process_time()
    longest = _lock_probe(service, lambda: found.update(compact(service, data / FILENAME, release_after_s=0.5)))
    time.sleep(1)  # the replaced indices are let go (`compaction._release`)
    print(f"compaction (load average {load:.1f}): {found}; CPU {time.process_time() - cpu:.2f}s; "
          f"longest wait for the write lock {longest * 1000:.0f} ms; overlay after {overlay_ads(service)} ads; "
          f"RSS {_rss_mb(os.getpid()):.0f} MB", flush=True)  # fmt: skip
    assert before == {k: len(v.ads) for k, v in service.links.items()}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _peak_rss_mb(pid: int) -> float:
    """The process's peak resident set (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _serve_restart(data: Path, workers: int = 0, src: str | None = None) -> dict[str, tuple[float, float]]:
    """One real restart of `samaritan serve` on `data`: (wall s, CPU s of the server and its
    workers) when it listens (`/livez`), when the app is built (`/healthz`), when `/readyz`
    reports the engine (and workers) ready, when it reports the link index loaded, and when
    every check passes; plus the server's peak RSS in MB and its workers' (and zygote's) PSS then."""
    port = _free_port()
    env = dict(os.environ, SAMARITAN_DATA_DIR=str(data), **({"PYTHONPATH": src} if src else {}))
    command = [sys.executable, "-m", "samaritan.cli", "serve", "--port", str(port), "--workers", str(workers)]
    started = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base, found = f"http://127.0.0.1:{port}", {}

    def mark(name: str) -> None:
        if name not in found:
            found[name] = (time.perf_counter() - started, tree_cpu_seconds(proc.pid))

    try:
        while time.perf_counter() - started < 1800 and "ready" not in found:
            try:
                httpx.get(f"{base}/livez", timeout=2).raise_for_status()
                mark("listening")
                if "app" not in found and httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    mark("app")
                ready = httpx.get(f"{base}/readyz", timeout=2)
                checks = ready.json().get("checks") or {}
                if "app" in found and checks.get("engine") == "ok":
                    mark("engine")
                if "app" in found and checks.get("links") == "ok":
                    mark("links")
                if ready.status_code == 200:
                    mark("ready")
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        memory = {"server_peak_rss_mb": (_peak_rss_mb(proc.pid), 0.0)}
        members = [p for p in _tree_pids(proc.pid) if p != proc.pid]
        memory["workers_pss_mb"] = (sum(_pss_mb(p) for p in members), 0.0)
    finally:
        proc.terminate()
        proc.wait(timeout=120)
    return {**found, **memory}


def _tree_pids(pid: int) -> list[int]:
    from proctime import _tree

    return _tree(pid)


def _proc_mb(path: str, key: str) -> float:
    """One "Key: N kB" line of a /proc file, in MB (0 when the process is gone)."""
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _rss_mb(pid: int) -> float:
    return _proc_mb(f"/proc/{pid}/status", "VmRSS:")


def _pss_mb(pid: int) -> float:
    """Proportional set size: pages shared copy-on-write with the zygote count once overall."""
    return _proc_mb(f"/proc/{pid}/smaps_rollup", "Pss:")


def report_restart(data: Path, n: int, runs: int, src: str | None, workers: int) -> None:
    """`--restart-only`: `runs` full restarts of a filled data directory (see `_serve_restart`)."""
    for run in range(runs):
        load = os.getloadavg()[0]
        found = _serve_restart(data, workers, src)
        print(f"{n} ads, {src or 'this checkout'}, run {run + 1} (load average {load:.1f} on {os.cpu_count()} cores, "
              f"--workers {workers}): "
              + ", ".join(f"{k} {w:.2f}s/{c:.2f} CPU s" if not k.endswith("_mb") else f"{k} {w:.0f}"
                          for k, (w, c) in found.items()), flush=True)  # fmt: skip


# ---------------------------------------------------------------- listening (#12: within 10 s)
def _listening(data: Path, src: str | None, workers: int) -> dict[str, float]:
    """One start of `samaritan serve` on `data`: wall and CPU seconds until it answers `/livez`
    (listening), until `/healthz` answers (the app is built; before #12, that was listening),
    and until `/readyz` reports the engine and its workers ready (not the link index)."""
    port = _free_port()
    env = dict(os.environ, SAMARITAN_DATA_DIR=str(data), **({"PYTHONPATH": src} if src else {}))
    command = [sys.executable, "-m", "samaritan.cli", "serve", "--port", str(port), "--workers", str(workers)]
    started = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base, found = f"http://127.0.0.1:{port}", {}
    try:
        while time.perf_counter() - started < 600 and "engine" not in found:
            try:
                if "listening" not in found:
                    httpx.get(f"{base}/livez", timeout=2).raise_for_status()
                    found["listening"] = (time.perf_counter() - started, tree_cpu_seconds(proc.pid))
                if "app" not in found and httpx.get(f"{base}/healthz", timeout=0.5).status_code == 200:
                    found["app"] = (time.perf_counter() - started, tree_cpu_seconds(proc.pid))
                ready = httpx.get(f"{base}/readyz", timeout=2).json()
                if "app" in found and (ready.get("checks") or {}).get("engine") == "ok":
                    found["engine"] = (time.perf_counter() - started, tree_cpu_seconds(proc.pid))
            except httpx.HTTPError:
                pass
            time.sleep(0.02)
    finally:
        proc.terminate()
        proc.wait(timeout=120)
    return {f"{name}_{kind}": value[i] for name, value in found.items() for i, kind in enumerate(("s", "cpu_s"))}


def report_listening(data: Path, n: int, runs: int, src: str | None, workers: int) -> None:
    """`--listen-only`: seconds to listening, `runs` times, with the load average of the machine."""
    results = []
    for run in range(runs):
        load = os.getloadavg()[0]
        found = _listening(data, src, workers)
        results.append(found)
        print(f"run {run + 1} (load average {load:.1f} on {os.cpu_count()} cores): "
              + ", ".join(f"{k} {v:.2f}" for k, v in found.items()), flush=True)  # fmt: skip
    for key in results[0]:
        values = sorted(r[key] for r in results if key in r)
        print(f"{n} ads, {src or 'this checkout'}: {key} median {values[len(values) // 2]:.2f} "
              f"(min {values[0]:.2f}, max {values[-1]:.2f})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=2000)
    parser.add_argument("--baseline-n", type=int, help="re-link only this many ads for the baseline, scaled to n")
    parser.add_argument("--listen-only", action="store_true", help="only the seconds to listening (see `_listening`)")
    parser.add_argument("--restart-only", action="store_true",
                        help="only full restarts of a filled --data directory (see `_serve_restart`)")  # fmt: skip
    parser.add_argument("--runs", type=int, default=3, help="with --listen-only or --restart-only: starts to measure")
    parser.add_argument("--src", help="with --listen-only or --restart-only: the src/ of another checkout, first")
    parser.add_argument("--workers", type=int, default=2, help="serve --workers for the restarts")
    parser.add_argument("--data", type=Path, help="keep the filled store and snapshot here (reused when filled)")
    parser.add_argument("--platforms", type=int, default=1,
                        help="the ads in this many platforms, their indices built in parallel processes")  # fmt: skip
    parser.add_argument("--built", type=int, help="with --platforms: build only this many; the rest copy them")
    parser.add_argument("--compact", type=int, help="with a filled --data: store this many ads, then compact")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="samaritan-restart-") as tmp:
        data = args.data or Path(tmp)
        data.mkdir(parents=True, exist_ok=True)
        filled = (data / FILENAME).exists()
        store = Store(f"sqlite:///{data / 'samaritan.db'}")
        store.migrate()
        if store.count_ads() < args.n:
            t = time.perf_counter()
            _fill(store, args.n, args.sample, args.platforms)
            print(f"filled {args.n} ads in {time.perf_counter() - t:.1f}s", flush=True)
        if args.compact and filled:
            _compaction(store, data, args.compact)
            store.close()
            return
        if args.listen_only or (args.restart_only and filled):
            store.close()
            report = report_listening if args.listen_only else report_restart
            for src in [args.src, None] if args.src else [None]:
                report(data, args.n, args.runs, src, args.workers)
            return
        _build_and_restart(store, data, args)


def _build_and_restart(store: Store, data: Path, args: argparse.Namespace) -> None:
    screener = Screener()
    service = ScreeningService(store, screener)
    rebuild = _baseline(store, screener, args.n, args.baseline_n)
    t = time.perf_counter()
    if args.platforms > 1:
        service = _build_parts(store, data, args.n, args.sample, args.platforms, args.built)
        print(f"index of {args.n} ads in {args.platforms} processes: {time.perf_counter() - t:.0f}s", flush=True)
    elif args.baseline_n and args.baseline_n < args.n:
        _attach_copies(service, args.n, args.sample)  # the same index, without re-screening copies
    else:
        service.rebuild_links()
    t = time.perf_counter()
    longest = _lock_probe(service, lambda: Keeper(service, data).stop())
    size = (data / FILENAME).stat().st_size
    print(f"snapshot written in {time.perf_counter() - t:.2f}s, {size / 1e6:.1f} MB; "
          f"longest wait for the write lock meanwhile {longest * 1000:.0f} ms", flush=True)  # fmt: skip
    fresh = ScreeningService(store, screener)
    stats = restore(fresh, data / FILENAME)
    assert stats["snapshot"] and {k: v.ads_seen for k, v in fresh.links.items()} == {
        k: v.ads_seen for k, v in service.links.items()
    }
    print(f"in-process restore from the snapshot: {stats['seconds']:.2f}s (load {stats['snapshot_s']:.2f}s)")
    probe = fresh.links[sorted(fresh.links)[0]]
    sample = [f"{ad['id']}-{k}@1" for ad, _ in SiteGenerator(20, seed=3) for k in (0, args.n // args.sample // 2)]
    t = time.perf_counter()  # the lookups alone (making the generator's ids took most of 10 s at 1M)
    found = sum(1 for ad_id in sample if probe.network_of.get(ad_id) is not None)
    print(f"first lookups on the loaded index: {len(sample)} ads ({found} in a network) "
          f"in {(time.perf_counter() - t) * 1000:.1f} ms", flush=True)  # fmt: skip
    _first_attaches(fresh)
    store.close()
    found = _serve_restart(data, args.workers)
    print(f"restart (load average {os.getloadavg()[0]:.1f}): "
          + ", ".join(f"{k} {w:.2f}s/{c:.2f} CPU s" if not k.endswith("_mb") else f"{k} {w:.0f}"
                      for k, (w, c) in found.items()), flush=True)  # fmt: skip
    ready = found.get("links", (float("nan"), 0))[0]
    print(f"ratios to the baseline: listening {found['listening'][0] / rebuild:.4f}, links ready {ready / rebuild:.4f}")
    print(f"per 100k ads: rebuild {rebuild * 1e5 / args.n:.1f}s, restore {stats['seconds'] * 1e5 / args.n:.2f}s")


if __name__ == "__main__":
    main()
