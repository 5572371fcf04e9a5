"""Hash-bank matching: PDQ lookups per second on one core against a bank of 10M hashes, recall
within distance 31, index build time and memory; import of a 1M-hash file through the command.

    python benchmarks/bench_banks.py [--bank 1000000 3000000 10000000] [--queries 4000] [--import-n 1000000]
        [--import-backend sqlite|postgresql]

Each bank size runs in its own process (its own peak memory), so the scaling from 1M to 10M is
visible; the import is timed through the command, then the first load (build and save of the
index next to the store) and a restart's load (the saved index, memory-mapped).
Half the queries are bank hashes with 0-31 random bits flipped (each must find its source:
recall), half are random hashes (which find nothing); a few are checked against brute force.
CPU time a lookup is reported beside wall time and the load average: the machine may be shared.
`--import-backend postgresql` imports into SAMARITAN_TEST_DATABASE_URL (emptied first) or a
throwaway server started by scripts/postgres.sh, and reports the client's and the server's CPU. `--faiss KIND...`
runs the same bank and queries through faiss-cpu's binary indexes when faiss is installed
(it is not a dependency); `--scale N` times post-time matching and rematch with an N-hash bank.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from pgstore import fresh_postgres

from samaritan.banks.index import PdqIndex


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _bank_and_queries(bank: int, queries: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Random bank hashes; half the queries are bank hashes with 0-31 bits flipped (their
    sources returned too), half random hashes."""
    rng = np.random.default_rng(7)
    codes = np.frombuffer(rng.bytes(bank * 32), dtype=np.uint64).reshape(bank, 4).copy()
    half = queries // 2
    sources = rng.choice(bank, size=half, replace=False)
    near = codes[sources].copy()
    for row in range(half):
        for bit in rng.choice(256, size=rng.integers(0, 32), replace=False):
            near[row, bit // 64] ^= np.uint64(1) << np.uint64(63 - bit % 64)
    far = np.frombuffer(rng.bytes(half * 32), dtype=np.uint64).reshape(half, 4)
    return codes, np.concatenate([near, far]), sources


def lookups(bank: int, queries: int) -> None:
    codes, batch, sources = _bank_and_queries(bank, queries)
    half = len(sources)
    start = time.perf_counter()
    index = PdqIndex(codes)
    built = time.perf_counter() - start
    start, cpu = time.perf_counter(), time.process_time()
    rows, ids, _ = index.search(batch)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    found = set(zip(rows.tolist(), ids.tolist(), strict=True))
    recall = sum((row, int(src)) in found for row, src in enumerate(sources)) / half
    exact = True
    for row in range(3):  # brute force over the whole bank for a few queries
        brute = set(np.nonzero(np.bitwise_count(codes ^ batch[row]).sum(axis=1) <= 31)[0].tolist())
        exact &= brute == {i for r, i in found if r == row}
    # At post time the lookups come an ad at a time: one photo's hash and its two flips.
    cpu_small = time.process_time()
    for row in range(0, 600, 3):
        index.search(batch[row : row + 3])
    cpu_small = (time.process_time() - cpu_small) / 600
    print(f"bank {bank:,} PDQ hashes: index built in {built:.1f} s, peak memory {rss_mb():,.0f} MB "
          f"({(rss_mb() * 2**20) / bank:.0f} bytes/hash incl. the hashes)")  # fmt: skip
    rate = len(batch) / seconds
    print(f"  {len(batch):,} lookups in {seconds:.2f} s on one core: {rate:,.0f} lookups/s (target >= 1,000), "
          f"CPU {cpu / len(batch) * 1e3:.3f} ms a lookup ({len(batch) / cpu:,.0f}/s of CPU), "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; "
          f"recall within 31 bits {recall:.4f} (target >= 0.99); brute-force equal: {exact}; "
          f"three at a time (one photo and its flips): CPU {cpu_small * 1e3:.3f} ms a lookup")  # fmt: skip


def faiss_lookups(kind: str, bank: int, queries: int) -> None:
    """The same bank and queries through a faiss-cpu binary index (when faiss is installed):
    multihash (11 tables of 23 bits, 2 flips: exact like ours), ivfNLIST-NPROBE or hnswEF."""
    import faiss

    faiss.omp_set_num_threads(1)
    codes, batch, sources = _bank_and_queries(bank, queries)

    def as_bytes(c: np.ndarray) -> np.ndarray:
        return np.ascontiguousarray(c.astype(">u8")).view(np.uint8).reshape(len(c), 32)

    xb, xq = as_bytes(codes), as_bytes(batch)
    start = time.perf_counter()
    if kind == "multihash":
        index = faiss.IndexBinaryMultiHash(256, 11, 23)
        index.nflip = 2
    elif kind.startswith("ivf"):
        nlist, nprobe = (int(v) for v in kind[3:].split("-"))
        index = faiss.IndexBinaryIVF(faiss.IndexBinaryFlat(256), 256, nlist)
        index.train(xb[: min(bank, 50 * nlist)])
        index.nprobe = nprobe
    else:
        index = faiss.IndexBinaryHNSW(256, 16)
        index.hnsw.efSearch = int(kind[4:] or 64)
    index.add(xb)
    built = time.perf_counter() - start
    start, cpu = time.perf_counter(), time.process_time()
    if kind.startswith("hnsw"):  # no range search: the 10 nearest, kept within 31
        dist, ids = index.search(xq, 10)
        found = {(r, int(i)) for r in range(len(xq)) for i, d in zip(ids[r], dist[r], strict=True) if d <= 31}
    else:
        lims, dist, ids = index.range_search(xq, 32)
        found = {(r, int(ids[j])) for r in range(len(xq)) for j in range(lims[r], lims[r + 1]) if dist[j] <= 31}
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    recall = sum((row, int(src)) in found for row, src in enumerate(sources)) / len(sources)
    print(f"faiss {kind}, bank {bank:,}: built in {built:.1f} s, peak memory {rss_mb():,.0f} MB; "
          f"{len(xq) / seconds:,.0f} lookups/s, CPU {cpu / len(xq) * 1e3:.3f} ms a lookup; "
          f"recall within 31 bits {recall:.4f}")  # fmt: skip


def import_file(n: int, backend: str = "sqlite") -> None:
    rng = np.random.default_rng(8)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bank.txt")
        with open(path, "w") as out:
            for chunk in range(0, n, 100_000):
                raw = rng.bytes(min(100_000, n - chunk) * 32).hex()
                out.write("\n".join(raw[i : i + 64] for i in range(0, len(raw), 64)) + "\n")
        env, server, started = dict(os.environ), None, False
        if backend == "postgresql":
            env["SAMARITAN_DATABASE_URL"], started = fresh_postgres()
            server = _server_cpu(env["SAMARITAN_DATABASE_URL"])
        else:
            env.pop("SAMARITAN_DATABASE_URL", None)
        command = [sys.executable, "-m", "samaritan.cli", "banks", "--data", tmp, "import", path, "--bank", "bench",
                   "--type", "pdq"]  # fmt: skip
        try:
            start, cpu, server_cpu = time.perf_counter(), _cpu_children(), server() if server else 0.0
            subprocess.run(command, check=True, capture_output=True, env=env)
            imported, cpu = time.perf_counter() - start, _cpu_children() - cpu
            server_cpu = server() - server_cpu if server else None
            load, first, again = _loads(tmp, env)
        finally:
            if started:
                subprocess.run(["bash", "scripts/postgres.sh", "stop"], cwd=ROOT, check=False)
    on_server = f", server CPU {server_cpu:.1f} s" if server_cpu is not None else ""
    print(
        f"import of {n:,} PDQ hashes (plain list, {backend}, through the command): {imported:.1f} s wall "
        f"(target <= 60 s), client CPU {cpu:.1f} s{on_server}, load average {load:.1f} on {os.cpu_count()} cores"
    )
    count, first_s, peak = first
    print(f"  first load (build the index, save it): {float(first_s):.1f} s, {count} hashes, "
          f"peak {float(peak):,.0f} MB; a restart's load of the saved index: {float(again[1]):.2f} s, "
          f"peak {float(again[2]):,.0f} MB")  # fmt: skip


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _loads(data: str, env: dict[str, str]) -> tuple[float, list[str], list[str]]:
    """The load average just after the import, then the first load of the matcher (which builds
    and saves the index) and a restart's (which maps it), each in a process of its own."""
    load = os.getloadavg()[0]
    code = (
        "import sys, time, resource; from samaritan.evidence import open_store; "
        "from samaritan.evidence.banks import load_matcher; import os; "
        "s = open_store(sys.argv[1], os.environ.get('SAMARITAN_DATABASE_URL')); t = time.perf_counter(); "
        "m = load_matcher(s, data_dir=sys.argv[1]); "
        "print(len(m), time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    )  # fmt: skip
    run = [sys.executable, "-c", code, data]
    first = subprocess.run(run, check=True, capture_output=True, text=True, env=env).stdout.split()
    again = subprocess.run(run, check=True, capture_output=True, text=True, env=env).stdout.split()
    return load, first, again


def _server_cpu(url: str):
    """A function giving the PostgreSQL server's CPU seconds so far (its processes, and those it
    has reaped), when the server runs on this machine and its data directory is readable."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            directory = conn.exec_driver_sql("SHOW data_directory").scalar_one()
        pid = int(Path(directory, "postmaster.pid").read_text().split()[0])
    except (sa.exc.SQLAlchemyError, OSError, ValueError):
        return None
    finally:
        engine.dispose()

    def seconds() -> float:
        total = 0
        for entry in os.listdir("/proc"):
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if entry == str(pid):
                total += sum(int(v) for v in fields[11:15])  # its own and its reaped children's
            elif fields[1] == str(pid):
                total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")

    return seconds


def _cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _png(seed: int, name: str) -> bytes:
    import io

    from samaritan.generate.images import pattern, variant

    out = io.BytesIO()
    variant(pattern(seed), name).save(out, format="PNG")
    return out.getvalue()


def scale(bank: int, ads: int) -> None:
    """Post-time matching and rematch with a `bank`-hash bank in a SQLite store: the bank holds
    random hashes plus the PDQ of a resized copy of every tenth ad's photo (those must match)."""
    import orjson

    from samaritan.banks.matcher import BankMatcher
    from samaritan.engine.screener import Screener
    from samaritan.evidence import open_store
    from samaritan.evidence.banks import image_from_bytes, load_matcher, rematch
    from samaritan.service.screening import ScreeningService

    rng = np.random.default_rng(9)
    planted = {seed: image_from_bytes(_png(seed, "resize")).pdq for seed in range(0, ads, 10)}
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bank.txt")
        with open(path, "w") as out:
            out.write("\n".join(planted.values()) + "\n")
            for chunk in range(0, bank - len(planted), 500_000):
                raw = rng.bytes(min(500_000, bank - len(planted) - chunk) * 32).hex()
                out.write("\n".join(raw[i : i + 64] for i in range(0, len(raw), 64)) + "\n")
        command = [sys.executable, "-m", "samaritan.cli", "banks", "--data", tmp, "import", path, "--bank", "bench",
                   "--type", "pdq", "--action", "review"]  # fmt: skip
        start, cpu = time.perf_counter(), _cpu_children()
        subprocess.run(command, check=True, capture_output=True)
        print(f"bank of {bank:,} PDQ hashes imported in {time.perf_counter() - start:.1f} s wall, "
              f"{_cpu_children() - cpu:.1f} s CPU")  # fmt: skip
        os.remove(path)
        store = open_store(tmp)
        start, cpu = time.perf_counter(), time.process_time()
        matcher = load_matcher(store)
        print(f"  first load (build and save the index): {time.perf_counter() - start:.1f} s wall, "
              f"{time.process_time() - cpu:.1f} s CPU, {len(matcher):,} hashes")  # fmt: skip
        start, cpu = time.perf_counter(), time.process_time()
        matcher = load_matcher(store)
        print(f"  a restart's load (mapped): {time.perf_counter() - start:.2f} s wall, "
              f"{time.process_time() - cpu:.2f} s CPU")  # fmt: skip
        service = ScreeningService(store, Screener())
        timings = {}
        for label, banks, offset in (("no bank", BankMatcher([]), 0), (f"{bank:,}-hash bank", matcher, ads)):
            service.banks = banks
            start, cpu = time.perf_counter(), time.process_time()
            blocked = 0
            for n in range(ads):
                sha, _ = store.store_image(_png(n, "original"), "image/png", "site", "bench")
                ad = {"id": f"a{n + offset}", "category": "for-sale", "body": "Desk lamp for sale, $15.",
                      "images": [{"sha256": sha}]}  # fmt: skip
                verdict = service.screen(orjson.dumps(ad), "site", "bench").verdict
                blocked += any(i.get("code") == "HASH_BANK_MATCH" for i in verdict["indicators"])
            timings[label] = ((time.perf_counter() - start) / ads, (time.process_time() - cpu) / ads, blocked)
        for label, (wall, cpu, hits) in timings.items():
            print(f"  post time, {label}: {wall * 1e3:.1f} ms an ad wall, {cpu * 1e3:.1f} ms CPU "
                  f"(each with one stored photo, hashed and matched); {hits} of {ads} ads matched")  # fmt: skip
        start, cpu = time.perf_counter(), time.process_time()
        result = rematch(store, matcher)
        print(f"  rematch of {result['checked']:,} stored ads: {time.perf_counter() - start:.1f} s wall, "
              f"{time.process_time() - cpu:.1f} s CPU, {result['updated']} got a new verdict "
              f"(expected {len(planted)}: the no-bank copies of the planted photos)")  # fmt: skip
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bank", type=int, nargs="+", default=[1_000_000, 3_000_000, 10_000_000])
    parser.add_argument("--queries", type=int, default=4000)
    parser.add_argument("--import-n", type=int, default=1_000_000)
    parser.add_argument("--import-backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--lookups-only", type=int, help=argparse.SUPPRESS)  # one size, in a child process
    parser.add_argument("--faiss", nargs="+", default=[], metavar="KIND",
                        help="also faiss-cpu indexes (if installed): multihash, ivfNLIST-NPROBE, hnswEF")  # fmt: skip
    parser.add_argument("--faiss-only", help=argparse.SUPPRESS)
    parser.add_argument("--scale", type=int, metavar="N", help="post-time matching and rematch with an N-hash bank")
    parser.add_argument("--ads", type=int, default=500, help="ads posted and rematched in --scale")
    args = parser.parse_args()
    if args.scale:
        scale(args.scale, args.ads)
        return
    if args.lookups_only:
        if args.faiss_only:
            faiss_lookups(args.faiss_only, args.lookups_only, args.queries)
        else:
            lookups(args.lookups_only, args.queries)
        return
    if args.import_n:
        import_file(args.import_n, args.import_backend)
    for size in args.bank:
        command = [sys.executable, __file__, "--lookups-only", str(size), "--queries", str(args.queries)]
        print(subprocess.run(command, check=True, capture_output=True, text=True).stdout, end="", flush=True)
        for kind in args.faiss:
            done = subprocess.run([*command, "--faiss-only", kind], capture_output=True, text=True)
            print(done.stdout or f"faiss {kind}: {done.stderr.strip().splitlines()[-1]}\n", end="", flush=True)


if __name__ == "__main__":
    main()
