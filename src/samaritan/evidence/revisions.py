"""Ads and their revisions: each post stores the bytes as received, a new revision, its verdict,
the audit entry claiming all three rows, and the webhook event, atomically.

On PostgreSQL a post is ONE statement (see _SAVE_SCREEN_PG); elsewhere, and when writers race
for the chain head, it is one transaction of several statements."""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Iterator
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy import Connection, insert, select
from sqlalchemy.exc import IntegrityError

from samaritan.evidence import audit, coverage, rawsql
from samaritan.evidence.blobs import Blobs, held_claim
from samaritan.evidence.engine import Database
from samaritan.evidence.outbox import enqueue
from samaritan.evidence.records import AdRevision, Conflict, NewScreen, dumps, now_iso, sha256_hex
from samaritan.evidence.schema import ads, audit_head, blobs, verdicts

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
_INSERT_VERDICT = insert(verdicts)  # the pk from the cursor (SQLite lastrowid): no RETURNING round
_HEAD_NOW = select(audit_head.c.seq, audit_head.c.hash).where(audit_head.c.id == 1)
# Primary keys for the one-statement path, taken from the tables' own sequences in batches, so
# the audit entry can claim the rows' hashes (pk included) before the statement runs.
_PK_BATCH = sa.text(
    "SELECT nextval(pg_get_serial_sequence('ads', 'pk')) AS ad, "
    "nextval(pg_get_serial_sequence('verdicts', 'pk')) AS verdict FROM generate_series(1, 64)"
)
# A post on PostgreSQL. Everything but the blob hangs off moving the chain head (`FROM h`), so
# the head row is locked first, as audit.append does (no deadlock), and if another writer moved
# the head nothing is written and no row comes back. Foreign keys are checked at the end of the
# statement, so the ad may point at the blob and the verdict at the ad inserted beside them. A
# blob purged earlier and posted again gets its bytes back, as in Blobs.put.
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
    INSERT INTO ads (pk, platform, ad_id, revision, raw_sha256, received_at, previous_pk, hold, retain_until)
    SELECT :ad_pk, :platform, :ad_id, :revision, :sha, :at, :previous_pk, :hold, :retain_until FROM h
    RETURNING pk
), v AS (
    INSERT INTO verdicts (pk, ad_pk, created_at, trigger, decision, priority, labels, versions, body, sha256)
    SELECT :verdict_pk, pk, :at, 'post', :decision, :priority, :labels, :versions, :body, :verdict_sha FROM a
), l AS (
    INSERT INTO audit_log (seq, at, action, actor, platform, subject, detail, rows, prev_hash, hash)
    SELECT :log_seq, :log_at, :log_action, :log_actor, :log_platform, :log_subject, :log_detail,
           :log_rows, :log_prev_hash, :log_hash FROM h
), w AS (
    INSERT INTO webhook_outbox (platform, event, payload, created_at, attempts, next_attempt_at, dead)
    SELECT :platform, 'verdict.created', CAST(:event AS TEXT), :at, 0, :at, false FROM a
    WHERE CAST(:event AS TEXT) IS NOT NULL AND EXISTS (SELECT 1 FROM webhooks WHERE platform = :platform)
)
SELECT pk FROM a
"""
)


def verdict_row(ad_pk: int, verdict: dict, body: str, trigger: str, at: str) -> dict[str, Any]:
    """The verdicts row for a verdict (without its pk): every column is covered by the chain."""
    return {
        "ad_pk": ad_pk,
        "created_at": at,
        "trigger": trigger,
        "decision": verdict["decision"],
        "priority": verdict.get("priority", "none"),
        "labels": ",".join(verdict.get("labels", [])),
        "versions": dumps(verdict.get("versions", {})),
        "body": body,
        "sha256": sha256_hex(body.encode()),
    }


def insert_verdict(conn: Connection, ad_pk: int, verdict: dict, body: str, trigger: str, at: str) -> list:
    """Insert a verdict row; returns its coverage claim."""
    row = verdict_row(ad_pk, verdict, body, trigger, at)
    row["pk"] = conn.execute(_INSERT_VERDICT, row).inserted_primary_key[0]
    return coverage.claim("verdicts", row)


class Revisions:
    def __init__(self, db: Database, blob_store: Blobs):
        self.db = db
        self.blobs = blob_store
        self._pks: deque[tuple[int, int]] = deque()  # (ad pk, verdict pk) reserved by this process

    def latest(self, platform: str, ad_id: str) -> AdRevision | None:
        with self.db.engine.connect() as conn:
            return latest(conn, platform, ad_id)

    def latest_verdict(self, ad_pk: int) -> dict[str, Any] | None:
        with self.db.engine.connect() as conn:
            row = conn.execute(_LATEST_VERDICT, {"k": ad_pk}).first()
        return orjson.loads(row.body) if row else None

    def save_screen(self, new: NewScreen) -> AdRevision:
        """Store a new revision with its verdict. Raises Conflict when another writer stored the
        same revision first (the caller re-reads and retries)."""
        at = now_iso()
        revision = new.previous.revision + 1 if new.previous else 1
        verdict = dict(new.verdict, revision=revision)
        body = dumps(verdict)
        if not self.db.is_sqlite:
            return self._save_screen_pg(new, revision, verdict, body, at)
        return self._save_screen_sqlite(new, revision, verdict, body, at)

    @staticmethod
    def _ad_row(new: NewScreen, revision: int, sha: str, at: str) -> dict[str, Any]:
        return {
            "platform": new.platform,
            "ad_id": new.ad_id,
            "revision": revision,
            "raw_sha256": sha,
            "received_at": at,
            "previous_pk": new.previous.pk if new.previous else None,
            "hold": bool(new.hold),
            "retain_until": new.retain_until,
            "purged_at": None,
        }

    @staticmethod
    def _detail(sha: str, verdict_sha: str, verdict: dict) -> dict[str, Any]:
        return {
            "raw_sha256": sha,
            "verdict_sha256": verdict_sha,
            "decision": verdict["decision"],
            "labels": verdict.get("labels", []),
        }

    def _save_screen_tx(self, new: NewScreen, revision: int, verdict: dict, body: str, at: str) -> AdRevision:
        """save_screen as one transaction of several statements (SQLite, and PostgreSQL under
        contention): the chain head is locked first, FOR UPDATE, so concurrent writers queue."""
        try:
            with self.db.transaction() as conn:
                if not self.db.is_sqlite:
                    audit.lock_head(conn)  # the head first, as the one-statement path takes it
                sha, _, _ = self.blobs.put(conn, new.raw, "application/json", at)
                ad = self._ad_row(new, revision, sha, at)
                ad["pk"] = pk = conn.execute(_INSERT_AD, ad).scalar_one()
                verdict_claim = insert_verdict(conn, pk, verdict, body, "post", at)
                claims = [coverage.claim("ads", ad), verdict_claim, held_claim(sha, len(new.raw))]
                audit.append(
                    conn,
                    at,
                    "ad.screened",
                    new.actor,
                    new.platform,
                    f"{new.ad_id}@{revision}",
                    self._detail(sha, sha256_hex(body.encode()), verdict),
                    claims,
                )
                if new.webhook_event is not None:
                    enqueue(conn, new.platform, "verdict.created", dict(new.webhook_event, revision=revision), at)
        except IntegrityError as exc:
            raise Conflict(f"revision {revision} of {new.platform}/{new.ad_id} already stored") from exc
        return AdRevision(pk, new.platform, new.ad_id, revision, sha, at, new.hold)

    def _save_screen_sqlite(self, new: NewScreen, revision: int, verdict: dict, body: str, at: str) -> AdRevision:
        """save_screen on SQLite: the rows, claims and audit entry of `_save_screen_tx`, each
        statement run on the driver's cursor (`rawsql`), in one transaction as there."""
        sha = sha256_hex(new.raw)
        blob = {"sha256": sha, "size": len(new.raw), "media_type": "application/json", "content": new.raw,
                "stored_at": at}  # fmt: skip
        try:
            with self.db.transaction() as conn:
                if rawsql.run(conn, self.blobs.insert, blob).fetchone() is None:
                    self.blobs.put(conn, new.raw, "application/json", at)  # held already (or purged: held again)
                ad = self._ad_row(new, revision, sha, at)
                ad["pk"] = pk = rawsql.run(conn, _INSERT_AD, ad).fetchone()[0]
                vrow = verdict_row(pk, verdict, body, "post", at)
                vrow["pk"] = rawsql.run(conn, _INSERT_VERDICT, vrow).lastrowid
                claims = [coverage.claim("ads", ad), coverage.claim("verdicts", vrow), held_claim(sha, len(new.raw))]
                head_seq, head_hash = rawsql.run(conn, _HEAD_NOW, {}).fetchone()
                detail = self._detail(sha, vrow["sha256"], verdict)
                entry = audit.next_entry(head_seq, head_hash, at, "ad.screened", new.actor, new.platform,
                                         f"{new.ad_id}@{revision}", detail, claims)  # fmt: skip
                rawsql.run(conn, audit.INSERT_ENTRY, entry)
                rawsql.run(conn, audit.MOVE_HEAD, {"seq": entry["seq"], "hash": entry["hash"]})
                if new.webhook_event is not None:
                    enqueue(conn, new.platform, "verdict.created", dict(new.webhook_event, revision=revision), at)
        except (IntegrityError, sqlite3.IntegrityError) as exc:
            raise Conflict(f"revision {revision} of {new.platform}/{new.ad_id} already stored") from exc
        return AdRevision(pk, new.platform, new.ad_id, revision, sha, at, new.hold)

    def _reserve_pks(self) -> tuple[int, int]:
        if not self._pks:
            with self.db.engine.connect() as conn:
                self._pks.extend((r.ad, r.verdict) for r in conn.execute(_PK_BATCH))
        return self._pks[0]

    def _save_screen_pg(self, new: NewScreen, revision: int, verdict: dict, body: str, at: str) -> AdRevision:
        """save_screen on PostgreSQL as ONE statement in autocommit: chain head, blob, ad, verdict,
        audit entry and webhook event in data-modifying CTEs, so a post costs one round trip
        instead of about ten (the limit on throughput under the write lock). It is atomic like
        any statement. The audit entry is hashed against the head this process last wrote; when
        another writer has moved it, nothing is written, and after a second miss the post takes
        the transactional path, which waits for the head instead of racing for it."""
        sha = sha256_hex(new.raw)
        event = None
        if new.webhook_event is not None:
            event = dumps(dict(new.webhook_event, revision=revision, event="verdict.created"))
        with self.db.write_lock:
            ad_pk, verdict_pk = self._reserve_pks()
            ad = dict(self._ad_row(new, revision, sha, at), pk=ad_pk)
            vrow = dict(verdict_row(ad_pk, verdict, body, "post", at), pk=verdict_pk)
            claims = [coverage.claim("ads", ad), coverage.claim("verdicts", vrow), held_claim(sha, len(new.raw))]
            params = {
                **{k: ad[k] for k in ("platform", "ad_id", "revision", "previous_pk", "hold", "retain_until")},
                **{k: vrow[k] for k in ("decision", "priority", "labels", "versions", "body")},
                "sha": sha,
                "size": len(new.raw),
                "content": new.raw,
                "at": at,
                "ad_pk": ad_pk,
                "verdict_pk": verdict_pk,
                "verdict_sha": vrow["sha256"],
                "event": event,
            }
            detail = self._detail(sha, vrow["sha256"], verdict)
            for _attempt in range(2):
                if self.db.audit_head is None:
                    with self.db.engine.connect() as conn:
                        head = conn.execute(_HEAD_NOW).one()
                    self.db.audit_head = (head.seq, head.hash)
                entry = audit.next_entry(
                    *self.db.audit_head,
                    at,
                    "ad.screened",
                    new.actor,
                    new.platform,
                    f"{new.ad_id}@{revision}",
                    detail,
                    claims,
                )
                try:
                    with self.db.engine.connect() as conn:
                        pk = conn.execute(_SAVE_SCREEN_PG, dict(params, **{f"log_{k}": v for k, v in entry.items()}))
                        pk = pk.scalar()
                except IntegrityError as exc:
                    raise Conflict(f"revision {revision} of {new.platform}/{new.ad_id} already stored") from exc
                except sa.exc.DBAPIError as exc:
                    if getattr(exc.orig, "sqlstate", None) not in ("40P01", "40001"):
                        raise
                    pk = None  # cancelled by the server (deadlock, serialization): as a miss
                if pk is not None:
                    self._pks.popleft()
                    self.db.audit_head = (entry["seq"], entry["hash"])
                    self.db.wrote()
                    return AdRevision(pk, new.platform, new.ad_id, revision, sha, at, new.hold)
                self.db.audit_head = None  # another writer moved the head: nothing was written
            return self._save_screen_tx(new, revision, verdict, body, at)

    def replay(self, after_pk: int = 0) -> Iterator[tuple[int, str, str, int, bytes, dict[str, Any]]]:
        """Stored revisions in the order they arrived, with their post-time verdict, for
        rebuilding the link index at start-up. Purged revisions are left out."""
        # Only the verdicts of revisions after `after_pk` (by the ad_pk index): grouping every
        # verdict made a replay of the last few ads cost a scan of the whole table.
        first_verdict = (
            select(verdicts.c.ad_pk, sa.func.min(verdicts.c.pk).label("vpk"))
            .where(verdicts.c.ad_pk > after_pk)
            .group_by(verdicts.c.ad_pk)
            .subquery()
        )
        query = (
            select(ads.c.pk, ads.c.platform, ads.c.ad_id, ads.c.revision, blobs.c.content, verdicts.c.body)
            .join(blobs, blobs.c.sha256 == ads.c.raw_sha256)
            .join(first_verdict, first_verdict.c.ad_pk == ads.c.pk)
            .join(verdicts, verdicts.c.pk == first_verdict.c.vpk)
            .where(ads.c.pk > after_pk, ads.c.purged_at.is_(None), blobs.c.content.is_not(None))
            .order_by(ads.c.pk)
        )
        with self.db.scan_engine.connect() as conn:
            for row in conn.execution_options(stream_results=True, yield_per=1000).execute(query):
                yield row.pk, row.platform, row.ad_id, row.revision, row.content, orjson.loads(row.body)

    def latest_ads(self, platform: str | None = None) -> Iterator[tuple[str, str]]:
        """(platform, ad id) of every stored ad, once each."""
        query = select(ads.c.platform, ads.c.ad_id).distinct().order_by(ads.c.platform, ads.c.ad_id)
        if platform:
            query = query.where(ads.c.platform == platform)
        with self.db.engine.connect() as conn:
            rows = conn.execute(query).all()
        yield from ((r.platform, r.ad_id) for r in rows)

    def count_ads(self, platform: str | None = None) -> int:
        query = select(sa.func.count()).select_from(ads)
        if platform:
            query = query.where(ads.c.platform == platform)
        with self.db.engine.connect() as conn:
            return conn.execute(query).scalar_one()


def latest(conn: Connection, platform: str, ad_id: str) -> AdRevision | None:
    row = conn.execute(_LATEST, {"p": platform, "a": ad_id}).first()
    if row is None:
        return None
    return AdRevision(row.pk, platform, ad_id, row.revision, row.raw_sha256, row.received_at, row.hold)
