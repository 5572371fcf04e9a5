"""The evidence store: engines, migrations and every read and write the service makes.

Writes are short transactions, each appending its audit entry in the same transaction, so a
crash leaves either the whole record (ad, verdict, audit entry, webhook event) or none of it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy import Connection, Engine, event, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from samaritan.evidence import audit
from samaritan.evidence.schema import (
    ads,
    api_keys,
    audit_head,
    audit_log,
    blobs,
    decisions,
    verdicts,
    webhook_outbox,
    webhooks,
)

log = logging.getLogger(__name__)

# The hot path's statements, built once (building them per request cost more than the SQL).
_LATEST = (
    select(ads.c.pk, ads.c.revision, ads.c.raw_sha256, ads.c.received_at, ads.c.hold)
    .where(ads.c.platform == sa.bindparam("p"), ads.c.ad_id == sa.bindparam("a"))
    .order_by(ads.c.revision.desc())
    .limit(1)
)
_LATEST_VERDICT = (
    select(verdicts.c.body).where(verdicts.c.ad_pk == sa.bindparam("k")).order_by(verdicts.c.pk.desc()).limit(1)
)
_INSERT_AD = insert(ads).returning(ads.c.pk)
_INSERT_VERDICT = insert(verdicts)
_BLOB_STATE = select(blobs.c.purged_at).where(blobs.c.sha256 == sa.bindparam("s"))
_HEAD_NOW = select(audit_head.c.seq, audit_head.c.hash).where(audit_head.c.id == 1)
# A post on PostgreSQL (see Store._save_screen_pg). Everything but the blob hangs off moving the
# chain head (`FROM h`), so the head row is locked first, as audit.append does (no deadlock),
# and if another writer moved the head nothing is written and no row comes back. Foreign keys
# are checked at the end of the statement, so the ad may point at the blob and the verdict at
# the ad inserted beside them. A blob purged earlier and posted again gets its bytes back, as
# in _put_blob.
_SAVE_SCREEN_PG = sa.text(
    """
WITH h AS (
    UPDATE audit_head SET seq = :log_seq, hash = :log_hash WHERE id = 1 AND seq = :log_seq - 1 RETURNING seq
), b AS (
    INSERT INTO blobs (sha256, size, media_type, content, stored_at)
    VALUES (:sha, :size, 'application/json', :content, :at)
    ON CONFLICT (sha256) DO UPDATE SET content = EXCLUDED.content, purged_at = NULL
    WHERE blobs.purged_at IS NOT NULL
), a AS (
    INSERT INTO ads (platform, ad_id, revision, raw_sha256, received_at, previous_pk, hold, retain_until)
    SELECT :platform, :ad_id, :revision, :sha, :at, :previous_pk, :hold, :retain_until FROM h
    RETURNING pk
), v AS (
    INSERT INTO verdicts (ad_pk, created_at, trigger, decision, priority, labels, versions, body, sha256)
    SELECT pk, :at, 'post', :decision, :priority, :labels, :versions, :body, :verdict_sha FROM a
), l AS (
    INSERT INTO audit_log (seq, at, action, actor, platform, subject, detail, prev_hash, hash)
    SELECT :log_seq, :log_at, :log_action, :log_actor, :log_platform, :log_subject, :log_detail,
           :log_prev_hash, :log_hash FROM h
), w AS (
    INSERT INTO webhook_outbox (platform, event, payload, created_at, attempts, next_attempt_at, dead)
    SELECT :platform, 'verdict.created', CAST(:event AS TEXT), :at, 0, :at, false FROM a
    WHERE CAST(:event AS TEXT) IS NOT NULL AND EXISTS (SELECT 1 FROM webhooks WHERE platform = :platform)
)
SELECT pk FROM a
"""
)

SCOPES = ("screen", "read", "review", "admin")
DEFAULT_SCOPES = ("screen", "read", "review")
REVIEW_DECISIONS = ("allow", "block", "escalate", "report")
DATABASE_URL_ENV = "SAMARITAN_DATABASE_URL"
DATA_DIR_ENV = "SAMARITAN_DATA_DIR"


class StoreError(RuntimeError):
    """A store problem a user can act on (bad URL, unreachable database, unknown key)."""


class Conflict(StoreError):
    """Another writer stored the same revision first; the caller retries."""


def now_iso(moment: datetime | None = None) -> str:
    moment = moment or datetime.now(UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_iso(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


@dataclass(frozen=True)
class ApiKey:
    key_id: str
    platform: str
    scopes: frozenset[str]


@dataclass(frozen=True)
class AdRevision:
    pk: int
    platform: str
    ad_id: str
    revision: int
    raw_sha256: str
    received_at: str
    hold: bool


@dataclass
class NewScreen:
    """One posted ad and its verdict, to be stored as a new revision."""

    platform: str
    ad_id: str
    raw: bytes
    verdict: dict[str, Any]
    previous: AdRevision | None
    hold: bool
    retain_until: str
    actor: str
    webhook_event: dict[str, Any] | None = None


def resolve_url(data_dir: str | Path | None = None, url: str | None = None) -> str:
    url = url or os.environ.get(DATABASE_URL_ENV)
    if url:
        if url.startswith("postgresql://") or url.startswith("postgres://"):
            url = "postgresql+psycopg://" + url.split("://", 1)[1]  # psycopg 3 is the driver we ship
        return url
    directory = Path(data_dir or os.environ.get(DATA_DIR_ENV) or "samaritan-data")
    directory.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{directory / 'samaritan.db'}"


def open_store(data_dir: str | Path | None = None, url: str | None = None, hold_days: int = 365) -> Store:
    store = Store(resolve_url(data_dir, url), hold_days=hold_days)
    store.migrate()
    return store


class Store:
    def __init__(self, url: str, hold_days: int = 365):
        self.url = url
        self.hold_days = hold_days
        self.is_sqlite = url.startswith("sqlite")
        # One writer at a time in this process: SQLite allows no more, and the service keeps its
        # in-memory link index in step with the rows it writes.
        self.write_lock = threading.RLock()
        self._key_cache: dict[str, tuple[float, ApiKey | None]] = {}
        # The audit chain head as this process last wrote it (PostgreSQL post path); None: unknown.
        self._audit_head: tuple[int, str] | None = None
        # Insert-if-absent in one statement: the same bytes (an identical image) may arrive twice.
        dialect_insert = sqlite_insert if url.startswith("sqlite") else pg_insert
        self._insert_blob = (
            dialect_insert(blobs).on_conflict_do_nothing(index_elements=["sha256"]).returning(blobs.c.sha256)
        )
        try:
            if self.is_sqlite:
                self.engine = self._sqlite_engine(url, immediate=False)
                self.write_engine = self._sqlite_engine(url, immediate=True)
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

    @staticmethod
    def _sqlite_engine(url: str, immediate: bool) -> Engine:
        engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves, below
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode survives a killed process (every commit is in the OS's hands);
            # set SAMARITAN_SQLITE_SYNC=FULL to survive power loss as well.
            cur.execute(f"PRAGMA synchronous={os.environ.get('SAMARITAN_SQLITE_SYNC', 'NORMAL')}")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn):
            # Writers take the write lock at BEGIN, so two processes never deadlock upgrading.
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        """One write transaction under the process's write lock. It may append to the audit log,
        so the cached chain head of the one-statement PostgreSQL post path is dropped."""
        with self.write_lock:
            self._audit_head = None
            with self.write_engine.begin() as conn:
                yield conn

    def describe(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def migrate(self) -> None:
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(resources.files("samaritan.evidence") / "migrations"))
        try:
            with self.write_engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "heads")
                if conn.execute(select(audit_head.c.id)).first() is None:
                    conn.execute(insert(audit_head).values(id=1, seq=0, hash=audit.GENESIS))
        except sa.exc.OperationalError as exc:
            raise StoreError(f"cannot open the database {self.describe()}: {exc.orig}") from exc

    def close(self) -> None:
        self.engine.dispose()
        if self.write_engine is not self.engine:
            self.write_engine.dispose()

    # ------------------------------------------------------------------ keys
    def create_key(self, platform: str, scopes: tuple[str, ...] = DEFAULT_SCOPES, label: str = "") -> str:
        """Create a key and return it; only its sha256 is stored, so it is shown this once."""
        unknown = set(scopes) - set(SCOPES)
        if unknown:
            raise StoreError(f"unknown scope(s) {sorted(unknown)}; choose from {list(SCOPES)}")
        if not platform:
            raise StoreError("a key needs a platform name")
        key_id = secrets.token_hex(6)
        token = f"sam_{key_id}_{secrets.token_urlsafe(32)}"
        at = now_iso()
        with self._transaction() as conn:
            conn.execute(
                insert(api_keys).values(
                    key_id=key_id,
                    platform=platform,
                    key_hash=sha256_hex(token.encode()),
                    scopes=",".join(sorted(set(scopes))),
                    label=label,
                    created_at=at,
                )
            )
            audit.append(conn, at, "key.created", "cli", platform, key_id, {"scopes": sorted(set(scopes))})
        return token

    def revoke_key(self, key_id: str) -> bool:
        at = now_iso()
        with self._transaction() as conn:
            row = conn.execute(select(api_keys.c.platform).where(api_keys.c.key_id == key_id)).first()
            if row is None:
                return False
            conn.execute(update(api_keys).where(api_keys.c.key_id == key_id).values(revoked_at=at))
            audit.append(conn, at, "key.revoked", "cli", row.platform, key_id)
        self._key_cache.clear()
        return True

    def list_keys(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(api_keys).order_by(api_keys.c.created_at)).mappings().all()
        return [{k: v for k, v in row.items() if k != "key_hash"} for row in rows]

    def authenticate(self, token: str) -> ApiKey | None:
        # Keys are 256-bit random secrets, so one sha256 suffices (no slow hash needed), and a
        # short cache keeps a database round trip off every request; revocation clears it here
        # and reaches other processes within the cache's 10 seconds.
        digest = sha256_hex(token.encode())
        cached = self._key_cache.get(digest)
        if cached and cached[0] > time.monotonic():
            return cached[1]
        with self.engine.connect() as conn:
            row = conn.execute(
                select(api_keys.c.key_id, api_keys.c.platform, api_keys.c.scopes).where(
                    api_keys.c.key_hash == digest, api_keys.c.revoked_at.is_(None)
                )
            ).first()
        key = ApiKey(row.key_id, row.platform, frozenset(row.scopes.split(","))) if row else None
        if len(self._key_cache) > 10_000:
            self._key_cache.clear()
        self._key_cache[digest] = (time.monotonic() + 10.0, key)
        return key

    # ------------------------------------------------------------------ blobs
    def _put_blob(self, conn: Connection, data: bytes, media_type: str, at: str) -> tuple[str, bool]:
        sha = sha256_hex(data)
        values = {"sha256": sha, "size": len(data), "media_type": media_type, "content": data, "stored_at": at}
        if conn.execute(self._insert_blob, values).first() is not None:  # a row comes back only when inserted
            return sha, True
        row = conn.execute(_BLOB_STATE, {"s": sha}).first()
        if row is not None and row.purged_at is not None:  # held again after a purge: keep the new copy
            conn.execute(update(blobs).where(blobs.c.sha256 == sha).values(content=data, purged_at=None))
        return sha, False

    def store_image(self, data: bytes, media_type: str, platform: str, actor: str) -> tuple[str, bool]:
        at = now_iso()
        with self._transaction() as conn:
            sha, created = self._put_blob(conn, data, media_type, at)
            if created:
                audit.append(
                    conn, at, "image.stored", actor, platform, sha, {"size": len(data), "media_type": media_type}
                )
        return sha, created

    def blob(self, sha: str) -> bytes | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(blobs.c.content).where(blobs.c.sha256 == sha)).first()
        return row.content if row else None

    # ------------------------------------------------------------------ ads and verdicts
    def latest(self, platform: str, ad_id: str) -> AdRevision | None:
        with self.engine.connect() as conn:
            return self._latest(conn, platform, ad_id)

    @staticmethod
    def _latest(conn: Connection, platform: str, ad_id: str) -> AdRevision | None:
        row = conn.execute(_LATEST, {"p": platform, "a": ad_id}).first()
        if row is None:
            return None
        return AdRevision(row.pk, platform, ad_id, row.revision, row.raw_sha256, row.received_at, row.hold)

    def latest_verdict(self, ad_pk: int) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(_LATEST_VERDICT, {"k": ad_pk}).first()
        return orjson.loads(row.body) if row else None

    def save_screen(self, new: NewScreen) -> AdRevision:
        """Store a new revision with its verdict. Raises Conflict when another writer stored the
        same revision first (the caller re-reads and retries)."""
        at = now_iso()
        revision = new.previous.revision + 1 if new.previous else 1
        verdict = dict(new.verdict, revision=revision)
        body = _dumps(verdict)
        if not self.is_sqlite:
            return self._save_screen_pg(new, revision, verdict, body, at)
        return self._save_screen_tx(new, revision, verdict, body, at)

    def _save_screen_tx(self, new: NewScreen, revision: int, verdict: dict, body: str, at: str) -> AdRevision:
        """save_screen as one transaction of several statements (SQLite, and PostgreSQL under
        contention): the chain head is locked first, FOR UPDATE, so concurrent writers queue."""
        try:
            with self._transaction() as conn:
                if not self.is_sqlite:
                    audit.lock_head(conn)  # the head first, as the one-statement path takes it
                sha, _ = self._put_blob(conn, new.raw, "application/json", at)
                pk = conn.execute(
                    _INSERT_AD,
                    {
                        "platform": new.platform,
                        "ad_id": new.ad_id,
                        "revision": revision,
                        "raw_sha256": sha,
                        "received_at": at,
                        "previous_pk": new.previous.pk if new.previous else None,
                        "hold": new.hold,
                        "retain_until": new.retain_until,
                        "purged_at": None,
                    },
                ).scalar_one()
                verdict_sha = self._insert_verdict(conn, pk, verdict, body, "post", at)
                audit.append(
                    conn,
                    at,
                    "ad.screened",
                    new.actor,
                    new.platform,
                    f"{new.ad_id}@{revision}",
                    {
                        "raw_sha256": sha,
                        "verdict_sha256": verdict_sha,
                        "decision": verdict["decision"],
                        "labels": verdict.get("labels", []),
                    },
                )
                if new.webhook_event is not None:
                    self._enqueue(conn, new.platform, "verdict.created", dict(new.webhook_event, revision=revision), at)
        except IntegrityError as exc:
            raise Conflict(f"revision {revision} of {new.platform}/{new.ad_id} already stored") from exc
        return AdRevision(pk, new.platform, new.ad_id, revision, sha, at, new.hold)

    def _save_screen_pg(self, new: NewScreen, revision: int, verdict: dict, body: str, at: str) -> AdRevision:
        """save_screen on PostgreSQL as ONE statement in autocommit: chain head, blob, ad, verdict,
        audit entry and webhook event in data-modifying CTEs, so a post costs one round trip
        instead of about ten (the limit on throughput under the write lock). It is atomic like
        any statement. The audit entry is hashed against the head this process last wrote; when
        another writer has moved it, nothing is written, and after a second miss the post takes
        the transactional path, which waits for the head instead of racing for it."""
        sha = sha256_hex(new.raw)
        verdict_sha = sha256_hex(body.encode())
        detail = {
            "raw_sha256": sha,
            "verdict_sha256": verdict_sha,
            "decision": verdict["decision"],
            "labels": verdict.get("labels", []),
        }
        event = None
        if new.webhook_event is not None:
            event = _dumps(dict(new.webhook_event, revision=revision, event="verdict.created"))
        params = {
            "sha": sha,
            "size": len(new.raw),
            "content": new.raw,
            "at": at,
            "platform": new.platform,
            "ad_id": new.ad_id,
            "revision": revision,
            "previous_pk": new.previous.pk if new.previous else None,
            "hold": new.hold,
            "retain_until": new.retain_until,
            "decision": verdict["decision"],
            "priority": verdict.get("priority", "none"),
            "labels": ",".join(verdict.get("labels", [])),
            "versions": _dumps(verdict.get("versions", {})),
            "body": body,
            "verdict_sha": verdict_sha,
            "event": event,
        }
        with self.write_lock:
            for _attempt in range(2):
                if self._audit_head is None:
                    with self.engine.connect() as conn:
                        head = conn.execute(_HEAD_NOW).one()
                    self._audit_head = (head.seq, head.hash)
                entry = audit.next_entry(
                    *self._audit_head, at, "ad.screened", new.actor, new.platform, f"{new.ad_id}@{revision}", detail
                )
                try:
                    with self.engine.connect() as conn:
                        pk = conn.execute(_SAVE_SCREEN_PG, dict(params, **{f"log_{k}": v for k, v in entry.items()}))
                        pk = pk.scalar()
                except IntegrityError as exc:
                    raise Conflict(f"revision {revision} of {new.platform}/{new.ad_id} already stored") from exc
                except sa.exc.DBAPIError as exc:
                    if getattr(exc.orig, "sqlstate", None) not in ("40P01", "40001"):
                        raise
                    pk = None  # cancelled by the server (deadlock, serialization): as a miss
                if pk is not None:
                    self._audit_head = (entry["seq"], entry["hash"])
                    return AdRevision(pk, new.platform, new.ad_id, revision, sha, at, new.hold)
                self._audit_head = None  # another writer moved the head: nothing was written
            return self._save_screen_tx(new, revision, verdict, body, at)

    @staticmethod
    def _insert_verdict(conn: Connection, ad_pk: int, verdict: dict, body: str, trigger: str, at: str) -> str:
        digest = sha256_hex(body.encode())
        conn.execute(
            _INSERT_VERDICT,
            {
                "ad_pk": ad_pk,
                "created_at": at,
                "trigger": trigger,
                "decision": verdict["decision"],
                "priority": verdict.get("priority", "none"),
                "labels": ",".join(verdict.get("labels", [])),
                "versions": _dumps(verdict.get("versions", {})),
                "body": body,
                "sha256": digest,
            },
        )
        return digest

    def add_verdict(self, rev: AdRevision, verdict: dict[str, Any], actor: str, hold: bool) -> None:
        """A re-screen's verdict: appended beside the earlier ones, never replacing them."""
        at = now_iso()
        verdict = dict(verdict, revision=rev.revision)
        body = _dumps(verdict)
        with self._transaction() as conn:
            digest = self._insert_verdict(conn, rev.pk, verdict, body, "rescreen", at)
            if hold and not rev.hold:
                self._hold(conn, rev.pk, at)
            audit.append(
                conn,
                at,
                "ad.rescreened",
                actor,
                rev.platform,
                f"{rev.ad_id}@{rev.revision}",
                {"raw_sha256": rev.raw_sha256, "verdict_sha256": digest, "versions": verdict.get("versions", {})},
            )

    def _hold(self, conn: Connection, ad_pk: int, at: str) -> None:
        until = now_iso(parse_iso(at) + timedelta(days=self.hold_days))
        conn.execute(
            update(ads).where(ads.c.pk == ad_pk).values(hold=True, retain_until=sa.func.max(ads.c.retain_until, until))
            if self.is_sqlite
            else update(ads)
            .where(ads.c.pk == ad_pk)
            .values(hold=True, retain_until=sa.func.greatest(ads.c.retain_until, until))
        )

    def record_decision(
        self, platform: str, ad_id: str, decision: str, reviewer: str, note: str, actor: str
    ) -> dict[str, Any] | None:
        """A reviewer's decision on the latest revision. 'report' places the ad on legal hold."""
        if decision not in REVIEW_DECISIONS:
            raise StoreError(f"decision must be one of {list(REVIEW_DECISIONS)}")
        at = now_iso()
        with self._transaction() as conn:
            rev = self._latest(conn, platform, ad_id)
            if rev is None:
                return None
            conn.execute(
                insert(decisions).values(ad_pk=rev.pk, created_at=at, reviewer=reviewer, decision=decision, note=note)
            )
            if decision in ("report", "block", "escalate"):
                self._hold(conn, rev.pk, at)
            record = {
                "id": ad_id,
                "platform": platform,
                "revision": rev.revision,
                "decision": decision,
                "reviewer": reviewer,
                "note": note,
                "created_at": at,
            }
            audit.append(
                conn,
                at,
                "decision.recorded",
                actor,
                platform,
                f"{ad_id}@{rev.revision}",
                {"decision": decision, "reviewer": reviewer, "note_sha256": sha256_hex(note.encode())},
            )
            event = {k: record[k] for k in ("id", "platform", "revision", "decision", "reviewer", "created_at")}
            self._enqueue(conn, platform, "decision.recorded", event, at)
        return record

    def history(self, platform: str, ad_id: str) -> dict[str, Any] | None:
        """Every revision of an ad, oldest first, with raw bytes, verdicts and decisions."""
        with self.engine.connect() as conn:
            revs = (
                conn.execute(
                    select(ads, blobs.c.content)
                    .join(blobs, blobs.c.sha256 == ads.c.raw_sha256)
                    .where(ads.c.platform == platform, ads.c.ad_id == ad_id)
                    .order_by(ads.c.revision)
                )
                .mappings()
                .all()
            )
            if not revs:
                return None
            pks = [r["pk"] for r in revs]
            vrows = (
                conn.execute(select(verdicts).where(verdicts.c.ad_pk.in_(pks)).order_by(verdicts.c.pk)).mappings().all()
            )
            drows = conn.execute(
                select(decisions).where(decisions.c.ad_pk.in_(pks)).order_by(decisions.c.pk)
            ).mappings()
            drows = drows.all()
        revision_of = {r["pk"]: r["revision"] for r in revs}
        out = []
        for r in revs:
            out.append(
                {
                    "revision": r["revision"],
                    "received_at": r["received_at"],
                    "sha256": r["raw_sha256"],
                    "raw": r["content"],  # None once purged
                    "hold": bool(r["hold"]),
                    "retain_until": r["retain_until"],
                    "purged_at": r["purged_at"],
                    "verdicts": [
                        {
                            "created_at": v["created_at"],
                            "trigger": v["trigger"],
                            "sha256": v["sha256"],
                            "verdict": orjson.loads(v["body"]),
                        }
                        for v in vrows
                        if v["ad_pk"] == r["pk"]
                    ],
                }
            )
        decided = [
            {
                "revision": revision_of[d["ad_pk"]],
                "decision": d["decision"],
                "reviewer": d["reviewer"],
                "note": d["note"],
                "created_at": d["created_at"],
            }
            for d in drows
        ]
        return {"platform": platform, "id": ad_id, "revisions": out, "decisions": decided}

    def audit_event(self, action: str, actor: str, platform: str | None, subject: str | None, detail=None) -> None:
        """A standalone audit entry (a view, an export)."""
        with self._transaction() as conn:
            audit.append(conn, now_iso(), action, actor, platform, subject, detail)

    def replay(self, after_pk: int = 0) -> Iterator[tuple[int, str, str, int, bytes, dict[str, Any]]]:
        """Stored revisions in the order they arrived, with their post-time verdict, for
        rebuilding the link index at start-up. Purged revisions are left out."""
        first_verdict = (
            select(verdicts.c.ad_pk, sa.func.min(verdicts.c.pk).label("vpk")).group_by(verdicts.c.ad_pk).subquery()
        )
        query = (
            select(ads.c.pk, ads.c.platform, ads.c.ad_id, ads.c.revision, blobs.c.content, verdicts.c.body)
            .join(blobs, blobs.c.sha256 == ads.c.raw_sha256)
            .join(first_verdict, first_verdict.c.ad_pk == ads.c.pk)
            .join(verdicts, verdicts.c.pk == first_verdict.c.vpk)
            .where(ads.c.pk > after_pk, ads.c.purged_at.is_(None), blobs.c.content.is_not(None))
            .order_by(ads.c.pk)
        )
        with self.scan_engine.connect() as conn:
            for row in conn.execution_options(stream_results=True, yield_per=1000).execute(query):
                yield row.pk, row.platform, row.ad_id, row.revision, row.content, orjson.loads(row.body)

    def latest_ads(self, platform: str | None = None) -> Iterator[tuple[str, str]]:
        """(platform, ad id) of every stored ad, once each."""
        query = select(ads.c.platform, ads.c.ad_id).distinct().order_by(ads.c.platform, ads.c.ad_id)
        if platform:
            query = query.where(ads.c.platform == platform)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        yield from ((r.platform, r.ad_id) for r in rows)

    def count_ads(self, platform: str | None = None) -> int:
        query = select(sa.func.count()).select_from(ads)
        if platform:
            query = query.where(ads.c.platform == platform)
        with self.engine.connect() as conn:
            return conn.execute(query).scalar_one()

    # ------------------------------------------------------------------ webhooks
    def set_webhook(self, platform: str, url: str, actor: str) -> str:
        secret = "whsec_" + secrets.token_urlsafe(32)
        at = now_iso()
        with self._transaction() as conn:
            conn.execute(sa.delete(webhooks).where(webhooks.c.platform == platform))
            conn.execute(insert(webhooks).values(platform=platform, url=url, secret=secret, created_at=at))
            audit.append(conn, at, "webhook.set", actor, platform, url)
        return secret

    def get_webhook(self, platform: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(webhooks).where(webhooks.c.platform == platform)).mappings().first()
        return dict(row) if row else None

    def delete_webhook(self, platform: str, actor: str) -> bool:
        with self._transaction() as conn:
            gone = conn.execute(sa.delete(webhooks).where(webhooks.c.platform == platform)).rowcount
            if gone:
                audit.append(conn, now_iso(), "webhook.deleted", actor, platform, None)
        return bool(gone)

    def _enqueue(self, conn: Connection, platform: str, event_name: str, payload: dict, at: str) -> None:
        # Only platforms with a webhook get events; the check is one indexed read.
        if conn.execute(select(webhooks.c.platform).where(webhooks.c.platform == platform)).first() is None:
            return
        conn.execute(
            insert(webhook_outbox).values(
                platform=platform,
                event=event_name,
                payload=_dumps(dict(payload, event=event_name)),
                created_at=at,
                attempts=0,
                next_attempt_at=at,
                dead=False,
            )
        )

    def due_deliveries(self, limit: int = 50) -> list[dict[str, Any]]:
        at = now_iso()
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(webhook_outbox, webhooks.c.url, webhooks.c.secret)
                .join(webhooks, webhooks.c.platform == webhook_outbox.c.platform)
                .where(
                    webhook_outbox.c.delivered_at.is_(None),
                    webhook_outbox.c.dead.is_(False),
                    webhook_outbox.c.next_attempt_at <= at,
                )
                .order_by(webhook_outbox.c.pk)
                .limit(limit)
            ).mappings()
            return [dict(r) for r in rows]

    def delivery_result(self, pk: int, ok: bool, error: str | None, next_at: str | None, dead: bool) -> None:
        values: dict[str, Any] = {"attempts": webhook_outbox.c.attempts + 1, "last_error": (error or "")[:500] or None}
        if ok:
            values["delivered_at"] = now_iso()
        else:
            values["dead"] = dead
            if next_at:
                values["next_attempt_at"] = next_at
        with self._transaction() as conn:
            conn.execute(update(webhook_outbox).where(webhook_outbox.c.pk == pk).values(**values))

    def outbox(self, platform: str | None = None) -> list[dict[str, Any]]:
        query = select(webhook_outbox).order_by(webhook_outbox.c.pk)
        if platform:
            query = query.where(webhook_outbox.c.platform == platform)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    # ------------------------------------------------------------------ audit, retention
    def verify(self) -> dict[str, Any]:
        """Check the audit chain, then every held blob and verdict against its hash and against
        the chain's record of it. Returns {"ok", "entries", "problem"}."""
        with self.scan_engine.connect() as conn:
            chain = audit.verify_chain(conn)
            if not chain.ok:
                return {"ok": False, "entries": chain.entries, "problem": chain.problem, "seq": chain.bad_seq}
            recorded: set[str] = set()
            rows = conn.execution_options(stream_results=True, yield_per=2000).execute(
                select(audit_log.c.detail).where(audit_log.c.action.in_(("ad.screened", "ad.rescreened")))
            )
            for row in rows:
                detail = orjson.loads(row.detail)
                recorded.add(detail.get("raw_sha256", ""))
                recorded.add(detail.get("verdict_sha256", ""))
            problem = self._check_rows(conn, recorded)
        return {"ok": problem is None, "entries": chain.entries, "problem": problem}

    @staticmethod
    def _check_rows(conn: Connection, recorded: set[str]) -> str | None:
        query = select(blobs.c.sha256, blobs.c.content, blobs.c.media_type).where(blobs.c.content.is_not(None))
        for row in conn.execution_options(stream_results=True, yield_per=500).execute(query):
            content = row.content.encode() if isinstance(row.content, str) else bytes(row.content)  # SQLite typing
            if sha256_hex(content) != row.sha256:
                return f"evidence {row.sha256} ({row.media_type}) no longer matches its sha256"
        query = select(ads.c.platform, ads.c.ad_id, ads.c.revision, ads.c.raw_sha256)
        for row in conn.execution_options(stream_results=True, yield_per=2000).execute(query):
            if row.raw_sha256 not in recorded:
                return f"ad {row.platform}/{row.ad_id}@{row.revision} is not in the audit log"
        query = select(verdicts.c.pk, verdicts.c.body, verdicts.c.sha256)
        for row in conn.execution_options(stream_results=True, yield_per=2000).execute(query):
            if sha256_hex(row.body.encode()) != row.sha256 or row.sha256 not in recorded:
                return f"verdict {row.pk} was changed or never recorded in the audit log"
        return None

    def purge(self, now: datetime | None = None, actor: str = "cli") -> dict[str, Any]:
        """Delete evidence whose retention has passed: the raw ad, its verdicts and decisions.
        Held ads (risky or reported) are never purged before their hold ends. The ad row stays
        as a tombstone with its hash, and the purge is itself an audit entry."""
        at = now_iso(now)
        with self._transaction() as conn:
            due = conn.execute(
                select(ads.c.pk, ads.c.platform, ads.c.ad_id, ads.c.revision, ads.c.raw_sha256).where(
                    ads.c.retain_until < at, ads.c.purged_at.is_(None)
                )
            ).all()
            if not due:
                return {"purged": 0}
            pks = [r.pk for r in due]
            for chunk in range(0, len(pks), 500):
                part = pks[chunk : chunk + 500]
                conn.execute(sa.delete(verdicts).where(verdicts.c.ad_pk.in_(part)))
                conn.execute(sa.delete(decisions).where(decisions.c.ad_pk.in_(part)))
                conn.execute(update(ads).where(ads.c.pk.in_(part)).values(purged_at=at))
            # A blob goes only when no unpurged revision still refers to it (identical re-posts).
            shas = sorted({r.raw_sha256 for r in due})
            still_used = {
                row.raw_sha256
                for row in conn.execute(
                    select(ads.c.raw_sha256).where(ads.c.raw_sha256.in_(shas), ads.c.purged_at.is_(None))
                )
            }
            gone = [s for s in shas if s not in still_used]
            for chunk in range(0, len(gone), 500):
                conn.execute(
                    update(blobs)
                    .where(blobs.c.sha256.in_(gone[chunk : chunk + 500]))
                    .values(content=None, purged_at=at)
                )
            audit.append(
                conn,
                at,
                "purge",
                actor,
                None,
                None,
                {"ads": [f"{r.platform}/{r.ad_id}@{r.revision}" for r in due], "blobs": gone},
            )
        return {"purged": len(due), "blobs": len(gone)}
