"""Retention: evidence past its retention date is purged; held evidence never is.

A purge first verifies the whole store inside its own write transaction: a hold lifted or a
retention date moved in the database (without the audit entries that would record it) fails
verification, so the purge refuses and nothing is deleted. Its audit entries carry the real
time; a simulated `as_of` (planning, tests) is recorded beside it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, select, update

from samaritan.evidence import audit, coverage
from samaritan.evidence.engine import Database
from samaritan.evidence.records import StoreError, now_iso
from samaritan.evidence.schema import ads, blobs, decisions, verdicts

CHUNK = 500


class Retention:
    def __init__(self, db: Database, verify: Callable[[Connection], dict[str, Any]]):
        self.db = db
        self.verify = verify

    def purge(self, now: datetime | None = None, actor: str = "cli") -> dict[str, Any]:
        """Delete evidence whose retention has passed as of `now` (default: now): the raw ad, its
        verdicts and decisions. The ad row stays as a tombstone with its hash."""
        at = now_iso()  # the real time, always: the audit entries and tombstones say when it happened
        as_of = now_iso(now) if now is not None else at
        with self.db.transaction() as conn:
            report = self.verify(conn)
            if not report["ok"]:
                raise StoreError(f"purge refused, nothing deleted: the evidence does not verify: {report['problem']}")
            due = conn.execute(
                select(ads.c.pk, ads.c.platform, ads.c.ad_id, ads.c.revision, ads.c.raw_sha256, ads.c.hold).where(
                    ads.c.retain_until < as_of, ads.c.purged_at.is_(None)
                )
            ).all()
            if not due:
                return {"purged": 0, "blobs": 0}
            gone_blobs = self._purge_blobs(
                conn, sorted({r.raw_sha256 for r in due}), [r.pk for r in due], at, as_of, actor
            )
            for start in range(0, len(due), CHUNK):
                self._purge_ads(conn, due[start : start + CHUNK], gone_blobs, at, as_of, actor)
        return {"purged": len(due), "blobs": len(gone_blobs)}

    def _purge_ads(self, conn: Connection, part: list, gone_blobs: list[str], at: str, as_of: str, actor: str) -> None:
        pks = [r.pk for r in part]
        verdict_pks = [r.pk for r in conn.execute(select(verdicts.c.pk).where(verdicts.c.ad_pk.in_(pks)))]
        decision_pks = [r.pk for r in conn.execute(select(decisions.c.pk).where(decisions.c.ad_pk.in_(pks)))]
        conn.execute(sa.delete(verdicts).where(verdicts.c.ad_pk.in_(pks)))
        conn.execute(sa.delete(decisions).where(decisions.c.ad_pk.in_(pks)))
        conn.execute(update(ads).where(ads.c.pk.in_(pks)).values(purged_at=at))
        claims = coverage.claim_rows(conn, "ads", pks)
        claims += [coverage.gone("verdicts", pk) for pk in verdict_pks]
        claims += [coverage.gone("decisions", pk) for pk in decision_pks]
        detail = {
            "ads": [f"{r.platform}/{r.ad_id}@{r.revision}" for r in part],
            "as_of": as_of,
            "blobs": [s for s in gone_blobs if s in {r.raw_sha256 for r in part}],
        }
        audit.append(conn, at, "purge", actor, None, None, detail, claims)

    @staticmethod
    def _purge_blobs(
        conn: Connection, shas: list[str], purging: list[int], at: str, as_of: str, actor: str
    ) -> list[str]:
        """Empty the blobs no other unpurged revision still refers to (identical re-posts)."""
        still_used: set[str] = set()
        purging_now = set(purging)
        for start in range(0, len(shas), CHUNK):
            part = shas[start : start + CHUNK]
            query = select(ads.c.pk, ads.c.raw_sha256).where(ads.c.raw_sha256.in_(part), ads.c.purged_at.is_(None))
            still_used |= {row.raw_sha256 for row in conn.execute(query) if row.pk not in purging_now}
        gone = [s for s in shas if s not in still_used]
        for start in range(0, len(gone), CHUNK):
            part = gone[start : start + CHUNK]
            conn.execute(update(blobs).where(blobs.c.sha256.in_(part)).values(content=None, purged_at=at))
            audit.append(
                conn,
                at,
                "purge.blobs",
                actor,
                None,
                None,
                {"as_of": as_of, "blobs": len(part)},
                coverage.claim_rows(conn, "blobs", part),
            )
        return gone
