"""Verdicts after the first (re-screens), reviewers' decisions, legal holds and an ad's history.
Each write claims every row it touched in its audit entry: the verdict, the decision, and the
ad row whose hold flag and retention date a decision or a risky re-screen changed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy import Connection, insert, select, update

from samaritan.evidence import audit, coverage
from samaritan.evidence.engine import Database
from samaritan.evidence.outbox import enqueue
from samaritan.evidence.records import REVIEW_DECISIONS, AdRevision, StoreError, dumps, now_iso, parse_iso, sha256_hex
from samaritan.evidence.revisions import insert_verdict, latest
from samaritan.evidence.schema import ads, blobs, decisions, verdicts

HOLDING_DECISIONS = ("report", "block", "escalate")


class Verdicts:
    def __init__(self, db: Database, hold_days: int):
        self.db = db
        self.hold_days = hold_days

    def hold(self, conn: Connection, ad_pk: int, at: str) -> list:
        """Place an ad on legal hold for hold_days from `at` (never shortening a longer hold);
        returns the ad row's claim."""
        until = now_iso(parse_iso(at) + timedelta(days=self.hold_days))
        longest = sa.func.max if self.db.is_sqlite else sa.func.greatest
        conn.execute(
            update(ads).where(ads.c.pk == ad_pk).values(hold=True, retain_until=longest(ads.c.retain_until, until))
        )
        return coverage.claim_rows(conn, "ads", [ad_pk])[0]

    def add_verdict(self, rev: AdRevision, verdict: dict[str, Any], actor: str, hold: bool) -> None:
        """A re-screen's verdict: appended beside the earlier ones, never replacing them."""
        at = now_iso()
        verdict = dict(verdict, revision=rev.revision)
        body = dumps(verdict)
        with self.db.transaction() as conn:
            claims = [insert_verdict(conn, rev.pk, verdict, body, "rescreen", at)]
            if hold and not rev.hold:
                claims.append(self.hold(conn, rev.pk, at))
            detail = {
                "raw_sha256": rev.raw_sha256,
                "verdict_sha256": sha256_hex(body.encode()),
                "versions": verdict.get("versions", {}),
            }
            audit.append(conn, at, "ad.rescreened", actor, rev.platform, f"{rev.ad_id}@{rev.revision}", detail, claims)

    def record_decision(
        self, platform: str, ad_id: str, decision: str, reviewer: str, note: str, actor: str
    ) -> dict[str, Any] | None:
        """A reviewer's decision on the latest revision. 'report' places the ad on legal hold."""
        if decision not in REVIEW_DECISIONS:
            raise StoreError(f"decision must be one of {list(REVIEW_DECISIONS)}")
        at = now_iso()
        with self.db.transaction() as conn:
            rev = latest(conn, platform, ad_id)
            if rev is None:
                return None
            row = {"ad_pk": rev.pk, "created_at": at, "reviewer": reviewer, "decision": decision, "note": note}
            row["pk"] = conn.execute(insert(decisions).returning(decisions.c.pk), row).scalar_one()
            claims = [coverage.claim("decisions", row)]
            if decision in HOLDING_DECISIONS:
                claims.append(self.hold(conn, rev.pk, at))
            record = {
                "id": ad_id,
                "platform": platform,
                "revision": rev.revision,
                "decision": decision,
                "reviewer": reviewer,
                "note": note,
                "created_at": at,
            }
            detail = {"decision": decision, "reviewer": reviewer, "note_sha256": sha256_hex(note.encode())}
            audit.append(conn, at, "decision.recorded", actor, platform, f"{ad_id}@{rev.revision}", detail, claims)
            event = {k: record[k] for k in ("id", "platform", "revision", "decision", "reviewer", "created_at")}
            enqueue(conn, platform, "decision.recorded", event, at)
        return record

    def history(self, platform: str, ad_id: str) -> dict[str, Any] | None:
        """Every revision of an ad, oldest first, with raw bytes, verdicts and decisions."""
        with self.db.engine.connect() as conn:
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
            vrows = conn.execute(select(verdicts).where(verdicts.c.ad_pk.in_(pks)).order_by(verdicts.c.pk))
            vrows = vrows.mappings().all()
            drows = conn.execute(select(decisions).where(decisions.c.ad_pk.in_(pks)).order_by(decisions.c.pk))
            drows = drows.mappings().all()
        revision_of = {r["pk"]: r["revision"] for r in revs}
        out = [
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
            for r in revs
        ]
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
