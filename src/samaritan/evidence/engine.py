"""Where the store lives: settings, database URL, engines, SQLite pragmas, write transactions
and migrations. Nothing here reads the environment: the CLI and the service pass settings in."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import Connection, Engine, event, insert, select

from samaritan.evidence import audit, coverage
from samaritan.evidence.records import StoreError, now_iso
from samaritan.evidence.schema import audit_head

log = logging.getLogger(__name__)

# PRAGMA synchronous values SQLite knows; a setting is checked against these, never formatted raw.
SQLITE_SYNC_MODES = ("OFF", "NORMAL", "FULL", "EXTRA")
BASELINE_CHUNK = 1000


@dataclass(frozen=True)
class StoreSettings:
    """How a store is opened. The CLI builds one from the environment (cli/store_env.py)."""

    # NORMAL in WAL mode survives a killed process (every commit is in the OS's hands); FULL
    # survives power loss as well.
    sqlite_synchronous: str = "NORMAL"
    hold_days: int = 365
    # Signed checkpoints of the audit chain head, written outside the database (checkpoints.py):
    # every `checkpoint_every` entries or `checkpoint_minutes` minutes, whichever comes first.
    checkpoint_dir: Path | None = None
    checkpoint_key: Path | None = None
    checkpoint_every: int = 1000
    checkpoint_minutes: float = 10.0

    def __post_init__(self) -> None:
        mode = str(self.sqlite_synchronous).upper()
        if mode not in SQLITE_SYNC_MODES:
            raise StoreError(f"SQLite synchronous mode must be one of {list(SQLITE_SYNC_MODES)}, not {mode!r}")
        object.__setattr__(self, "sqlite_synchronous", mode)
        if (self.checkpoint_dir is None) != (self.checkpoint_key is None):
            raise StoreError("periodic checkpoints need both a checkpoint directory and a signing key")
        if self.checkpoint_every < 1 or self.checkpoint_minutes <= 0:
            raise StoreError("checkpoint intervals must be positive")


def resolve_url(data_dir: str | Path | None = None, url: str | None = None) -> str:
    """The database URL: `url` when given (PostgreSQL URLs get the psycopg 3 driver), else a
    SQLite file in `data_dir` (default ./samaritan-data), created if missing."""
    if url:
        if url.startswith("postgresql://") or url.startswith("postgres://"):
            url = "postgresql+psycopg://" + url.split("://", 1)[1]  # psycopg 3 is the driver we ship
        return url
    directory = Path(data_dir or "samaritan-data")
    directory.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{directory / 'samaritan.db'}"


def _sqlite_engine(url: str, immediate: bool, synchronous: str) -> Engine:
    assert synchronous in SQLITE_SYNC_MODES  # checked by StoreSettings; never format anything else
    engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves, below
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA synchronous={synchronous}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        # Writers take the write lock at BEGIN, so two processes never deadlock upgrading.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


class Database:
    """The engines and the process's write lock, shared by every part of the store."""

    def __init__(self, url: str, settings: StoreSettings):
        self.url = url
        self.settings = settings
        self.is_sqlite = url.startswith("sqlite")
        # One writer at a time in this process: SQLite allows no more, and the service keeps its
        # in-memory link index in step with the rows it writes.
        self.write_lock = threading.RLock()
        # The audit chain head as this process last wrote it (PostgreSQL post path); None: unknown.
        self.audit_head: tuple[int, str] | None = None
        self.after_write = None  # set by the store to the periodic checkpointer, if any
        try:
            if self.is_sqlite:
                self.engine = _sqlite_engine(url, False, settings.sqlite_synchronous)
                self.write_engine = _sqlite_engine(url, True, settings.sqlite_synchronous)
            else:
                # Reads run in autocommit (no BEGIN/ROLLBACK round trips on a pooled connection);
                # writes get their own pool of transactional connections. Connections are
                # recycled rather than pinged before each use: a ping is a round trip per request.
                self.engine = sa.create_engine(url, pool_size=10, max_overflow=10, pool_recycle=900,
                                               isolation_level="AUTOCOMMIT")  # fmt: skip
                self.write_engine = sa.create_engine(url, pool_size=5, max_overflow=5, pool_recycle=900)
            # Long scans stream through a server-side cursor, which PostgreSQL allows only inside a
            # transaction; on SQLite a plain read transaction never blocks writers.
            self.scan_engine = self.engine if self.is_sqlite else self.write_engine
        except (sa.exc.ArgumentError, ImportError) as exc:
            raise StoreError(f"cannot use database URL: {exc}") from exc

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One write transaction under the process's write lock. It may append to the audit log,
        so the cached chain head of the one-statement PostgreSQL post path is dropped."""
        with self.write_lock:
            self.audit_head = None
            with self.write_engine.begin() as conn:
                yield conn
            self.wrote()

    def wrote(self) -> None:
        """A write committed: let the periodic checkpointer count it."""
        if self.after_write is not None:
            self.after_write()

    def describe(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def migrate(self) -> None:
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(resources.files("samaritan.evidence") / "migrations"))
        try:
            with self.write_engine.begin() as conn:
                legacy = _lacks_row_claims(conn)
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "heads")
                if conn.execute(select(audit_head.c.id)).first() is None:
                    conn.execute(insert(audit_head).values(id=1, seq=0, hash=audit.GENESIS))
                if legacy:
                    baseline(conn)
        except sa.exc.OperationalError as exc:
            raise StoreError(f"cannot open the database {self.describe()}: {exc.orig}") from exc

    def close(self) -> None:
        self.engine.dispose()
        if self.write_engine is not self.engine:
            self.write_engine.dispose()


def _lacks_row_claims(conn: Connection) -> bool:
    """A store made before migration 0002: its audit entries carry no row claims yet."""
    inspector = sa.inspect(conn)
    if not inspector.has_table("audit_log"):
        return False
    return "rows" not in {c["name"] for c in inspector.get_columns("audit_log")}


def baseline(conn: Connection) -> int:
    """Claim every covered row as it stands, in `audit.baseline` entries: rows stored before the
    chain covered rows are anchored from the upgrade on. Returns how many entries."""
    entries = 0
    for name, spec in coverage.COVERED.items():
        query = select(*(spec.table.c[c] for c in spec.columns)).order_by(spec.table.c[spec.key])
        batch: list[list] = []
        for row in conn.execute(query).mappings():
            batch.append(coverage.claim(name, row))
            if len(batch) == BASELINE_CHUNK:
                audit.append(conn, now_iso(), "audit.baseline", "migration", None, name, None, batch)
                entries, batch = entries + 1, []
        if batch:
            audit.append(conn, now_iso(), "audit.baseline", "migration", None, name, None, batch)
            entries += 1
    if entries:
        log.info("audit chain now covers rows: %d baseline entries for rows stored before", entries)
    return entries
