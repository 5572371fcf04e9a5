"""The evidence store alone: save_screen throughput against a baseline commit, and audit verify
time for a large chain, on SQLite and PostgreSQL.

    python benchmarks/bench_store.py save [-n 3000] [--rounds 3] [--baseline REV] [--backend both]
    python benchmarks/bench_store.py verify [-n 100000] [--backend both]

`save` times Store.save_screen on a fresh store (verdicts are screened beforehand, outside the
timing), alternating rounds between this tree and `git archive REV` (default main) in fresh
processes, and prints the median of each and their ratio. `verify` fills a store with n posts
(n audit entries, three covered rows each), signs a checkpoint, and times `verify()` with and
without the checkpoints. PostgreSQL comes from SAMARITAN_TEST_DATABASE_URL (scripts/postgres.sh).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent


def _fresh(url: str, workdir: Path) -> str:
    if url == "sqlite":
        path = workdir / f"store-{time.monotonic_ns()}.db"
        return f"sqlite:///{path}"
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()
    return url


def _screens(n: int) -> list:
    """n posts to store: 200 generated ads reused under distinct ids, with verdict-shaped
    results (what the store writes does not depend on what the engine decided)."""
    from samaritan.evidence.db import NewScreen, now_iso
    from samaritan.generate.corpus import SiteGenerator

    ads = [ad for ad, _ in SiteGenerator(200, seed=5)]
    until = now_iso(datetime.now(UTC) + timedelta(days=90))
    out = []
    for i in range(n):
        ad = dict(ads[i % len(ads)], id=f"b{i}")
        ad.pop("images", None)
        risky = i % 7 == 0
        verdict = {"id": ad["id"], "decision": "block" if risky else "allow", "priority": "high" if risky else "none",
                   "labels": ["trafficking_risk"] if risky else [], "versions": {"lexicon": "bench"}}  # fmt: skip
        out.append(NewScreen("bench", ad["id"], orjson.dumps(ad), verdict, None, risky, until, "bench"))
    return out


def worker_save(url: str, n: int) -> dict:
    from samaritan.evidence.db import Store

    screens = _screens(n)
    store = Store(url)
    store.migrate()
    start = time.perf_counter()
    for new in screens:
        store.save_screen(new)
    seconds = time.perf_counter() - start
    store.close()
    return {"saves_per_s": n / seconds}


def worker_verify(url: str, n: int) -> dict:
    from samaritan.evidence.checkpoints import generate_key
    from samaritan.evidence.db import Store

    store = Store(url)
    store.migrate()
    start = time.perf_counter()
    for new in _screens(n):
        store.save_screen(new)
    fill = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        key = Path(tmp) / "k.pem"
        generate_key(key)
        start = time.perf_counter()
        store.checkpoint(key, Path(tmp) / "cp")
        sign = time.perf_counter() - start
        start = time.perf_counter()
        plain = store.verify()
        plain_s = time.perf_counter() - start
        start = time.perf_counter()
        anchored = store.verify(Path(tmp) / "cp", key)
        anchored_s = time.perf_counter() - start
    store.close()
    assert plain["ok"] and anchored["ok"], (plain, anchored)
    return {"entries": plain["entries"], "fill_s": fill, "checkpoint_s": sign, "verify_s": plain_s,
            "verify_with_checkpoints_s": anchored_s}  # fmt: skip


def _run(src: Path, mode: str, url: str, n: int) -> dict:
    env = dict(os.environ, PYTHONPATH=str(src))
    cmd = [sys.executable, __file__, "--worker", mode, "--url", url, "-n", str(n)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=tempfile.gettempdir())
    if done.returncode != 0:
        raise SystemExit(done.stderr[-3000:])
    return orjson.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", nargs="?", choices=["save", "verify"])
    parser.add_argument("-n", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", default="main", help="git revision to compare save_screen against")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--worker", choices=["save", "verify"], help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        result = (worker_save if args.worker == "save" else worker_verify)(args.url, args.n)
        print(orjson.dumps(result).decode())
        return
    backends = {"sqlite": "sqlite", "postgresql": os.environ.get("SAMARITAN_TEST_DATABASE_URL")}
    chosen = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    workdir = Path(tempfile.mkdtemp(prefix="samaritan-bench-store-"))
    here = ROOT / "src"
    for name in chosen:
        if not backends[name]:
            print(f"{name}: skipped (set SAMARITAN_TEST_DATABASE_URL; scripts/postgres.sh starts one)")
            continue
        if args.mode == "verify":
            r = _run(here, "verify", _fresh(backends[name], workdir), args.n)
            print(f"{name}: {r['entries']} entries; verify {r['verify_s']:.2f}s, with checkpoints "
                  f"{r['verify_with_checkpoints_s']:.2f}s; checkpoint {r['checkpoint_s']:.2f}s; "
                  f"fill {r['fill_s']:.0f}s")  # fmt: skip
            continue
        base = workdir / "baseline"
        if not base.exists():
            base.mkdir()
            archive = subprocess.run(
                ["git", "archive", args.baseline, "src"], cwd=ROOT, capture_output=True, check=True
            )
            subprocess.run(["tar", "-x", "-C", str(base)], input=archive.stdout, check=True)
        rates: dict[str, list[float]] = {"baseline": [], "this tree": []}
        for _ in range(args.rounds):
            for label, src in (("baseline", base / "src"), ("this tree", here)):
                rates[label].append(_run(src, "save", _fresh(backends[name], workdir), args.n)["saves_per_s"])
        b, t = statistics.median(rates["baseline"]), statistics.median(rates["this tree"])
        print(
            f"{name}: save_screen {t:.0f}/s here vs {b:.0f}/s at {args.baseline} (ratio {t / b:.2f}; "
            f"rounds here {[round(x) for x in rates['this tree']]}, baseline {[round(x) for x in rates['baseline']]})"
        )


if __name__ == "__main__":
    main()
