"""The review console with a large store: queue page and case view latency, p50/p95.

    python benchmarks/bench_console.py [--ads 1000000] [--seed-ads 2000] [--requests 200] [--backend sqlite]

A seed of generated ads is posted through the screening service (so they carry real verdicts,
networks and audit entries); the store is then filled to --ads by copying the seed's stored
rows under new ids in bulk (ads and verdicts rows, with received times spread over 60 days),
which is how a store of a million ads is reached in minutes rather than days. The queue is
brought up to date (its catch-up time is printed), and a warm server on 127.0.0.1 is asked, one
request at a time, for: the first queue page, a filtered page, a page deep in the queue by
keyset, case views of ads in networks and of bulk ads, and GET /healthz as the baseline of the
same run. Each page is rendered in full (session check, queue catch-up, audit entry for a view).
`--backend postgresql` uses SAMARITAN_TEST_DATABASE_URL (emptied first), or a throwaway server
started by scripts/postgres.sh.
"""

from __future__ import annotations

import argparse
import base64
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import orjson
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from pgstore import fresh_postgres  # noqa: E402

from console_browser import serve  # noqa: E402
from console_site import PASSWORD, PLATFORM, build  # noqa: E402
from samaritan.evidence.review_queue import ReviewQueue  # noqa: E402
from samaritan.evidence.schema import ads, verdicts  # noqa: E402


def fill(store, total: int, batch: int = 20_000) -> float:
    """Copy the seed's rows under new ids until the store holds `total` ads. Returns seconds."""
    started = time.perf_counter()
    with store.engine.connect() as conn:
        seed = conn.execute(
            sa.select(ads.c.raw_sha256, verdicts.c.decision, verdicts.c.priority, verdicts.c.labels,
                      verdicts.c.versions, verdicts.c.body, verdicts.c.sha256)
            .join(verdicts, verdicts.c.ad_pk == ads.c.pk)
            .where(verdicts.c.trigger == "post", ads.c.platform == PLATFORM)
        ).all()  # fmt: skip
        have = conn.execute(sa.select(sa.func.count()).select_from(ads)).scalar_one()
        next_ad = conn.execute(sa.select(sa.func.max(ads.c.pk))).scalar_one() + 1
        next_verdict = conn.execute(sa.select(sa.func.max(verdicts.c.pk))).scalar_one() + 1
    rng = random.Random(7)
    start = datetime(2026, 10, 1, tzinfo=UTC)
    made = 0
    while have + made < total:
        n = min(batch, total - have - made)
        ad_rows, verdict_rows = [], []
        for k in range(n):
            s = seed[rng.randrange(len(seed))]
            at = (start + timedelta(seconds=rng.randrange(60 * 86400))).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            pk = next_ad + made + k
            ad_rows.append({"pk": pk, "platform": PLATFORM, "ad_id": f"bulk-{pk:08d}", "revision": 1,
                            "raw_sha256": s.raw_sha256, "received_at": at, "previous_pk": None, "hold": False,
                            "retain_until": "2099-01-01T00:00:00.000000Z", "purged_at": None})  # fmt: skip
            verdict_rows.append({"pk": next_verdict + made + k, "ad_pk": pk, "created_at": at, "trigger": "post",
                                 "decision": s.decision, "priority": s.priority, "labels": s.labels,
                                 "versions": s.versions, "body": s.body, "sha256": s.sha256})  # fmt: skip
        with store.write_engine.begin() as conn:
            conn.execute(sa.insert(ads), ad_rows)
            conn.execute(sa.insert(verdicts), verdict_rows)
        made += n
        if not store.is_sqlite:  # explicit keys leave the sequences behind
            with store.write_engine.begin() as conn:
                for table in ("ads", "verdicts"):
                    conn.exec_driver_sql(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'pk'), max(pk)) FROM {table}"
                    )
        print(f"\r  filled {have + made:,} ads", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return time.perf_counter() - started


def timed(client: httpx.Client, urls: list[str]) -> list[float]:
    out = []
    for url in urls:
        t = time.perf_counter()
        r = client.get(url)
        out.append((time.perf_counter() - t) * 1000)
        if r.status_code != 200:
            raise SystemExit(f"{url}: HTTP {r.status_code}")
    return out


def login(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=60, follow_redirects=False)
    page = client.get("/console/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    r = client.post("/console/login", data={"name": "lena", "password": PASSWORD, "csrf": token})
    if r.status_code != 303:
        raise SystemExit(f"login failed: HTTP {r.status_code}")
    return client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ads", type=int, default=1_000_000)
    parser.add_argument("--seed-ads", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=200, help="requests per measured page kind")
    parser.add_argument("--dir", help="keep the store here (default: a temporary directory)")
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()
    workdir = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="bench-console-"))
    url, started = None, False
    if args.backend == "postgresql":
        url, started = fresh_postgres()
    try:
        run(args, workdir, url)
    finally:
        if started:
            subprocess.run(["bash", "scripts/postgres.sh", "stop"], cwd=ROOT, check=False)


def run(args: argparse.Namespace, workdir: Path, url: str | None) -> None:
    t = time.perf_counter()
    site = build(workdir, n=args.seed_ads, seed=3, url=url)
    store = site.service.store
    print(f"seed: {args.seed_ads} generated ads posted through the service in {time.perf_counter() - t:.1f}s")
    fill_s = fill(store, args.ads)
    t = time.perf_counter()
    synced = ReviewQueue(store).sync(site.service.network_of)
    sync_s = time.perf_counter() - t
    with store.engine.connect() as conn:
        n_ads = conn.execute(sa.select(sa.func.count()).select_from(ads)).scalar_one()
        n_verdicts = conn.execute(sa.select(sa.func.count()).select_from(verdicts)).scalar_one()
        n_queue = conn.execute(sa.text("SELECT count(*) FROM queue_items")).scalar_one()
    if store.is_sqlite:
        size = f"{(workdir / 'samaritan.db').stat().st_size / 1e9:.2f} GB"
    else:
        with store.engine.connect() as conn:
            size = f"{conn.exec_driver_sql('SELECT pg_database_size(current_database())').scalar_one() / 1e9:.2f} GB"
    print(f"store: {n_ads:,} ads, {n_verdicts:,} verdicts, {n_queue:,} in the queue; {size} on disk "
          f"({store.describe().split(':')[0]}); bulk fill {fill_s:.0f}s, queue catch-up {sync_s:.0f}s "
          f"({synced:,} rows read)")  # fmt: skip

    networked = [i for i in site.verdicts if site.service.network_of(PLATFORM, i, 1)][:50]
    rng = random.Random(1)
    bulk = [f"bulk-{rng.randrange(args.seed_ads + 10, n_ads):08d}" for _ in range(50)]
    with serve(site) as base:
        client = login(base)
        first = client.get("/console/queue").text
        after = re.search(r"after=([A-Za-z0-9_=-]+)", first).group(1)
        # A keyset far down the queue: the position of the 90th-percentile row.
        deep_key = base64.urlsafe_b64encode(orjson.dumps([-1, -0.3, "2026-11-20T00:00:00.000000Z", 0])).decode()
        for url in ("/healthz", "/console/queue", f"/console/case/{PLATFORM}/{networked[0]}"):
            timed(client, [url] * 5)  # warm
        n = args.requests
        kinds = {
            "GET /healthz (baseline)": ["/healthz"] * n,
            "queue, first page": ["/console/queue"] * n,
            "queue, label filter": ["/console/queue?label=minor_risk"] * n,
            "queue, next page": [f"/console/queue?after={after}"] * n,
            "queue, deep keyset": [f"/console/queue?after={deep_key}"] * n,
            "case, ad in a network": [f"/console/case/{PLATFORM}/{networked[k % len(networked)]}" for k in range(n)],
            "case, bulk ad": [f"/console/case/{PLATFORM}/{bulk[k % len(bulk)]}" for k in range(n)],
        }
        results = {name: timed(client, urls) for name, urls in kinds.items()}
    floor = statistics.median(results["GET /healthz (baseline)"])
    print(f"\n{'page':<24} {'p50 ms':>8} {'p95 ms':>8} {'p50/healthz':>12}")
    for name, ms in results.items():
        p95 = statistics.quantiles(ms, n=20)[-1]
        print(f"{name:<24} {statistics.median(ms):>8.1f} {p95:>8.1f} {statistics.median(ms) / floor:>12.1f}")
    print(f"target (#15): queue page and case view p95 <= 150 ms with 1M ads; store size above: {n_ads:,} ads")


if __name__ == "__main__":
    main()
