"""Storage of hash banks: each bank with its action, each imported signal with its provenance
(file, its sha256, when and by whom). Signals are appended; a re-import adds only new ones."""

from __future__ import annotations

import hashlib
import logging
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import sqlalchemy as sa
from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table, UniqueConstraint, insert, select

from samaritan.banks.formats import Rows, Signal
from samaritan.banks.matcher import Bank, BankMatcher, Image, indicators
from samaritan.engine.adparse import AdError, parse_ad
from samaritan.engine.decide import apply_matches, is_held
from samaritan.engine.model import Ad
from samaritan.evidence.db import Store, now_iso
from samaritan.evidence.records import StoreError
from samaritan.evidence.schema import TS, metadata

hash_banks = Table(
    "hash_banks",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("action", String(10), nullable=False),  # block | review | none
    Column("negative", Boolean, nullable=False, default=False),  # known-benign: suppresses matches
    Column("created_at", TS, nullable=False),
)

bank_imports = Table(
    "bank_imports",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("bank", String(200), ForeignKey("hash_banks.name"), nullable=False),
    Column("source", String(1000), nullable=False),  # the file as named on import
    Column("source_sha256", String(64), nullable=False),
    Column("signals", Integer, nullable=False),  # read from the file
    Column("added", Integer, nullable=False),  # new to the bank
    Column("actor", String(200), nullable=False),
    Column("imported_at", TS, nullable=False),
)

bank_signals = Table(
    "bank_signals",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("bank", String(200), ForeignKey("hash_banks.name"), nullable=False),
    Column("signal_type", String(10), nullable=False),
    Column("value", String(64), nullable=False),
    Column("tags", String(500), nullable=False, default=""),
    Column("quality", Integer),
    Column("import_pk", Integer, ForeignKey("bank_imports.pk"), nullable=False),
    UniqueConstraint("bank", "signal_type", "value", name="uq_bank_signal"),
)

_BATCH = 50_000
log = logging.getLogger(__name__)


def set_bank(store: Store, name: str, action: str, negative: bool) -> None:
    with store.write_lock, store.write_engine.begin() as conn:
        exists = conn.execute(select(hash_banks.c.name).where(hash_banks.c.name == name)).first()
        if exists:
            conn.execute(hash_banks.update().where(hash_banks.c.name == name).values(action=action, negative=negative))
        else:
            conn.execute(insert(hash_banks).values(name=name, action=action, negative=negative, created_at=now_iso()))


def import_signals(
    store: Store, bank: str, signals: Iterable[Signal] | Rows, source: str, data: bytes, actor: str = "cli"
) -> dict[str, Any]:
    """Add a file's signals (`Signal`s, or `formats.read_rows`' grouped rows) to a bank, which
    must exist; returns counts. Audited."""
    rows = signals if isinstance(signals, Mapping) else _grouped(signals)
    digest = hashlib.sha256(data).hexdigest()
    try:
        read, added = _import(store, bank, rows, source, digest, actor)
    except sa.exc.DBAPIError as exc:  # rolled back: not one row of the file, nor its import record
        raise StoreError(f"import into bank {bank!r} failed, nothing of {source} was kept: {exc.orig}") from exc
    summary = {"bank": bank, "source": source, "source_sha256": digest, "signals": read, "added": added}
    store.audit_event("bank.imported", actor, None, bank, summary)
    return summary


def _import(store: Store, bank: str, rows: Rows, source: str, digest: str, actor: str) -> tuple[int, int]:
    """The import's one transaction; returns (signals read, signals added)."""
    at = now_iso()
    with store.write_lock, store.write_engine.begin() as conn:
        if store.is_sqlite:  # the unique index on random hashes outgrows the default 2 MB page cache
            conn.exec_driver_sql("PRAGMA cache_size=-262144")
        read = sum(len(values) for values in rows.values())
        bulk = not store.is_sqlite and _bulk_load(conn, read)
        import_pk = conn.execute(
            insert(bank_imports)
            .values(bank=bank, source=source, source_sha256=digest, signals=0, added=0, actor=actor, imported_at=at)
            .returning(bank_imports.c.pk)
        ).scalar_one()
        # In the unique index's order: each insert lands next to the last instead of at a random
        # page of a B-tree larger than the cache (1M random hashes: about 3x faster).
        ordered = {kind: sorted(rows[kind], key=itemgetter(0)) for kind in sorted(rows)}  # by value: 4x faster
        if store.is_sqlite:
            added = sum(
                _insert(conn, (bank, kind, import_pk), values[start : start + _BATCH])
                for kind, values in ordered.items()
                for start in range(0, len(values), _BATCH)
            )
        else:
            added = _copy_postgres(conn, bank, import_pk, ordered, bulk)
        conn.execute(bank_imports.update().where(bank_imports.c.pk == import_pk).values(signals=read, added=added))
    return read, added


def _grouped(signals: Iterable[Signal]) -> Rows:
    rows: Rows = defaultdict(list)
    for s in signals:
        rows[s.signal_type].append((s.value, " ".join(s.tags)[:500], s.quality))
    return rows


def _insert(conn: sa.Connection, key: tuple[str, str, int], batch: list) -> int:
    """SQLite: one statement for a whole batch, its rows passed as one JSON document (no per-row
    work in Python or the driver). Returns the rows added."""
    statement = (
        "INSERT INTO bank_signals (bank, signal_type, value, tags, quality, import_pk) "
        "SELECT ?, ?, json_extract(value, '$[0]'), json_extract(value, '$[1]'), "
        "json_extract(value, '$[2]'), ? FROM json_each(?) WHERE true ON CONFLICT DO NOTHING"
    )
    return conn.exec_driver_sql(statement, (*key, orjson.dumps(batch).decode())).rowcount


# A load this large (and at least 1/20 of the table) drops the foreign keys of bank_signals and
# adds them back after: PostgreSQL then checks them in one join, not two trigger queries a row.
# Measured on 1M hashes: the triggers were 6 s of the server's 14 s; re-adding them checks a
# 3M-row table in 0.7 s.
_BULK_ROWS = 50_000
_BULK_SHARE = 20


def _bulk_load(conn: sa.Connection, rows: int) -> bool:
    """Whether this import is a bulk load; if so, lock the bank tables first, in the order every
    import takes them (an import that dropped a key while another waited would deadlock). Readers
    of the banks (a service loading its index) wait until the import commits."""
    if rows < _BULK_ROWS:
        return False
    estimate = conn.exec_driver_sql("SELECT reltuples FROM pg_class WHERE oid = 'bank_signals'::regclass").scalar()
    if rows * _BULK_SHARE < (estimate or 0):
        return False
    conn.exec_driver_sql("LOCK TABLE hash_banks, bank_imports IN SHARE ROW EXCLUSIVE MODE")
    conn.exec_driver_sql("LOCK TABLE bank_signals IN ACCESS EXCLUSIVE MODE")
    return True


def _copy_postgres(conn: sa.Connection, bank: str, import_pk: int, rows: Rows, bulk: bool) -> int:
    """PostgreSQL: every row through COPY into a temporary table, then one INSERT ... SELECT that
    skips what the bank holds (1M hashes: 2x faster than the rows sent as arrays, with half the
    CPU on both sides). In the import's transaction: a failure leaves the bank, and its keys, as
    they were."""
    keys: list[Any] = []
    if bulk:
        keys = conn.exec_driver_sql(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'bank_signals'::regclass AND contype = 'f' ORDER BY conname"
        ).all()
        for name, _ in keys:
            conn.exec_driver_sql(f'ALTER TABLE bank_signals DROP CONSTRAINT "{name}"')
    conn.exec_driver_sql(
        "CREATE TEMPORARY TABLE bank_stage (signal_type text, value text, tags text, quality integer) ON COMMIT DROP"
    )
    driver = conn.connection.driver_connection
    statement = "COPY bank_stage FROM STDIN"
    try:
        with driver.cursor() as cur, cur.copy(statement) as copy:  # type: ignore[union-attr]
            for kind, values in rows.items():
                for value, tags, quality in values:
                    copy.write_row((kind, value, tags, quality))
    except driver.Error as exc:  # type: ignore[union-attr]  # as SQLAlchemy reports any other statement's
        raise sa.exc.DBAPIError.instance(statement, None, exc, driver.Error) from exc  # type: ignore[union-attr]
    # A fresh temporary table is read back in the order it was written: the index's order.
    added = conn.exec_driver_sql(
        "INSERT INTO bank_signals (bank, signal_type, value, tags, quality, import_pk) "
        "SELECT %s, signal_type, value, tags, quality, %s FROM bank_stage ON CONFLICT DO NOTHING",
        (bank, import_pk),
    ).rowcount
    for name, definition in keys:
        conn.exec_driver_sql(f'ALTER TABLE bank_signals ADD CONSTRAINT "{name}" {definition}')
    return added


def banks(store: Store) -> list[dict[str, Any]]:
    count = select(bank_signals.c.bank, sa.func.count().label("n")).group_by(bank_signals.c.bank).subquery()
    query = select(hash_banks, sa.func.coalesce(count.c.n, 0).label("signals")).outerjoin(
        count, count.c.bank == hash_banks.c.name
    )
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query.order_by(hash_banks.c.name))]


def bank_signal_columns(store: Store, names: Iterable[str]) -> Iterator[tuple[str, str, list[str]]]:
    """The signals as (bank, type, values) runs of up to 100k, read bank by bank and type by
    type through the unique index: no per-row tuples, so 10M hashes load in seconds."""
    with store.scan_engine.connect() as conn:
        pairs = [(bank, kind) for bank in names for kind in ("pdq", "md5", "sha256")]
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        query = f"SELECT value FROM bank_signals WHERE bank = {mark} AND signal_type = {mark}"
        driver = conn.connection.driver_connection  # the driver's own cursor: fastest
        for bank, kind in pairs:
            # On PostgreSQL a server-side cursor: a client-side one holds all 10M rows at once.
            cursor = driver.cursor() if store.is_sqlite else driver.cursor(name="samaritan_bank_scan")
            try:
                cursor.execute(query, (bank, kind))
                while rows := cursor.fetchmany(100_000):
                    yield bank, kind, [r[0] for r in rows]
            finally:
                cursor.close()


def index_dir(store: Store, data_dir: str | Path | None = None) -> Path | None:
    """Where the store's bank index is kept: next to a SQLite database file; for a server
    database, under `data_dir` (default: the configured `data_dir` setting), in a folder of
    its own per database. None when there is no such place (an in-memory SQLite)."""
    url = store.engine.url
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            return None
        return Path(url.database).with_name(Path(url.database).name + ".bank-index")
    if data_dir is None:
        data_dir = _configured_data_dir()
        if data_dir is None:
            return None
    # The server, port, database and user name the database; never the password.
    who = f"{url.get_backend_name()}://{url.username or ''}@{url.host or ''}:{url.port or ''}/{url.database or ''}"
    return Path(data_dir) / "bank-index" / hashlib.sha256(who.encode()).hexdigest()[:16]


def _configured_data_dir() -> Path | None:
    """The operator's `data_dir` (samaritan.toml, SAMARITAN_DATA_DIR, or its default); None when
    the settings do not load (the index then lives in memory only)."""
    from samaritan.settings import SettingsError, load_settings

    try:
        return load_settings()[0].data_dir
    except SettingsError as exc:
        log.warning("bank index kept in memory only: %s", exc)
        return None


def _fingerprint(store: Store) -> str:
    """The version of the banks' content. Signals are only ever added, each by an import, so
    the imports (their keys, files, times and counts) and the last signal key name it; the
    import times tell apart two databases built alike (a store recreated at the same path).
    No scan of the signals: a 10M bank's fingerprint is read in milliseconds."""
    imports = select(
        bank_imports.c.pk, bank_imports.c.bank, bank_imports.c.source_sha256, bank_imports.c.imported_at,
        bank_imports.c.added,
    ).order_by(bank_imports.c.pk)  # fmt: skip
    with store.engine.connect() as conn:
        rows = [[str(v) for v in row] for row in conn.execute(imports)]
        last = conn.execute(select(sa.func.max(bank_signals.c.pk))).scalar_one()
    return hashlib.sha256(orjson.dumps([rows, last])).hexdigest()[:24]


def load_matcher(store: Store, directory: str | Path | None = None, data_dir: str | Path | None = None) -> BankMatcher:
    """Every bank of the store in one matcher. Loaded from the saved index (in `directory`, else
    `index_dir(store, data_dir)`) when it holds the store's signals (a 10M-hash bank in about a
    second), else built from the store and saved there."""
    with store.engine.connect() as conn:  # not `banks()`: its counts scan every signal
        rows = conn.execute(select(hash_banks.c.name, hash_banks.c.action, hash_banks.c.negative)).all()
    meta = [Bank(name, action, bool(negative)) for name, action, negative in rows]
    if not meta:  # no banks (most stores): nothing to load, nowhere to look
        return BankMatcher([])
    where = Path(directory) if directory else index_dir(store, data_dir)
    fingerprint = _fingerprint(store)
    if where is not None:
        saved = BankMatcher.load(where / fingerprint, meta, fingerprint)
        if saved is not None:
            return saved
    matcher = BankMatcher(meta, columns=bank_signal_columns(store, [b.name for b in meta]))
    if where is not None and len(matcher):  # no banks: nothing worth a file (nor a stray directory)
        try:
            _save(matcher, where, fingerprint)
        except OSError as exc:  # a read-only place still matches, from memory
            log.warning("bank index not saved in %s: %s", where, exc)
    return matcher


def _save(matcher: BankMatcher, where: Path, fingerprint: str) -> None:
    """Save into a fresh directory, then rename it into place: a process that builds the
    same or a newer index at the same time never leaves a mixture. Older indexes go."""
    where.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=".tmp-", dir=where))
    matcher.save(fresh, fingerprint)
    try:
        fresh.rename(where / fingerprint)
    except OSError:  # another process saved this very index first
        shutil.rmtree(fresh, ignore_errors=True)
    for old in where.iterdir():
        if old.name != fingerprint and not old.name.startswith(".tmp-"):
            shutil.rmtree(old, ignore_errors=True)  # a process still mapping it keeps its pages


def image_hashes(store: Store, images: list[dict[str, Any]], cache: dict[str, Image] | None = None) -> list[Image]:
    """What the store can say of an ad's images: hashes of the bytes it holds (by `sha256`),
    else the client's own `pdq` (and `pdq_quality`). A client's `path` names nothing here.
    `cache` keeps hashed images by sha256 across ads (rematch: a photo reused by many ads)."""
    out = []
    for image in images:
        sha = image.get("sha256") if isinstance(image.get("sha256"), str) else None
        if sha and cache is not None and sha in cache:
            out.append(cache[sha])
            continue
        data = store.blob(sha) if sha else None
        out.append(image_from_bytes(data) if data else Image(sha, None, image.get("pdq"), image.get("pdq_quality")))
        if data and cache is not None:
            if len(cache) >= _IMAGE_CACHE:
                cache.clear()
            cache[sha] = out[-1]  # type: ignore[index]
    return out


_IMAGE_CACHE = 100_000
# Where the vertical flip and the mirror are in pdqhash.compute_dihedral's output (as in
# link.photos.MATCHED_VARIANTS; not imported from there: linking's imports cost 2.5 s).
_FLIPS = (4, 5)


def image_from_bytes(data: bytes) -> Image:
    """An image's SHA-256 and MD5 and, when it decodes, its PDQ hash, quality and the PDQ of its
    flips (so a mirrored copy matches). Only what banks need: no pHash, bits packed by numpy."""
    import io

    import pdqhash
    from PIL import Image as Picture

    sha, md5 = hashlib.sha256(data).hexdigest(), hashlib.md5(data).hexdigest()
    try:
        with Picture.open(io.BytesIO(data)) as picture:
            pixels = np.asarray(picture.convert("RGB"))
    except (OSError, ValueError, Picture.DecompressionBombError):  # not an image: exact hashes still match
        return Image(sha, md5)
    variants, quality = pdqhash.compute_dihedral(pixels)
    hexes = [np.packbits(np.asarray(bits, dtype=bool)).tobytes().hex() for bits in variants]
    return Image(sha, md5, hexes[0], int(quality), tuple(hexes[i] for i in _FLIPS))


def match_ad(store: Store, matcher: BankMatcher, ad: Ad) -> list[dict[str, Any]]:
    """The post-time hook: bank-match indicators for one ad's images, for
    `engine.decide.apply_matches(verdict, match_ad(store, matcher, ad))`."""
    if not ad.images or not len(matcher):
        return []
    return indicators(matcher.match(image_hashes(store, ad.images)))


def rematch(store: Store, matcher: BankMatcher, actor: str = "cli") -> dict[str, int]:
    """After a bank grew: every stored ad whose images now match gets a new verdict with the
    matches added (earlier verdicts stay). Returns counts."""
    checked = updated = 0
    cache: dict[str, Image] = {}
    for platform, ad_id in store.latest_ads():
        rev = store.latest(platform, ad_id)
        raw = store.blob(rev.raw_sha256) if rev else None
        if rev is None or raw is None:
            continue
        try:
            ad = parse_ad(orjson.loads(raw))
        except (AdError, orjson.JSONDecodeError):
            continue
        checked += 1
        found = indicators(matcher.match(image_hashes(store, ad.images, cache))) if ad.images and len(matcher) else []
        current = store.latest_verdict(rev.pk) or {}
        new = apply_matches(current, found)
        if new.get("indicators") != current.get("indicators"):
            store.add_verdict(rev, new, actor, is_held(new.get("labels", [])))
            updated += 1
    return {"checked": checked, "updated": updated}
