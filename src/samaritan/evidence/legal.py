"""Legal process around the evidence: holds placed by reports and law-enforcement requests, the
CyberTipline reports made (for `priorCTReports` and follow-ups), and the requests themselves.

Every change is an audit entry in the same transaction. A hold keeps an ad's evidence past its
retention (at least a year, 18 U.S.C. 2258A(h)); only an admin releases it, with a reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy import Column, Integer, String, Table, Text, insert, select, update

from samaritan.evidence import audit, coverage
from samaritan.evidence.db import Store, StoreError, now_iso
from samaritan.evidence.schema import TS, ads, metadata

MIN_HOLD_DAYS = 365

legal_holds = Table(
    "legal_holds",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("platform", String(200), nullable=False, index=True),
    Column("ad_id", String(500), nullable=False),
    Column("reason", String(500), nullable=False),
    Column("placed_by", String(200), nullable=False),
    Column("placed_at", TS, nullable=False),
    Column("until", TS, nullable=False),
    Column("released_at", TS),
    Column("released_by", String(200)),
    Column("release_reason", String(500)),
)

ct_reports = Table(
    "ct_reports",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("platform", String(200), nullable=False, index=True),
    Column("network_id", String(100), index=True),
    Column("ads", Text, nullable=False),  # JSON list of ad ids the report names
    Column("report_xml_sha256", String(64), nullable=False),
    Column("report_id", String(100)),  # NCMEC's id once submitted
    Column("status", String(20), nullable=False),  # draft | submitted | finished | retracted
    Column("created_at", TS, nullable=False),
    Column("created_by", String(200), nullable=False),
)

le_requests = Table(
    "le_requests",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("platform", String(200), nullable=False, index=True),
    Column("agency", String(300), nullable=False),
    Column("case_number", String(200), nullable=False),
    Column("process", String(50), nullable=False),  # subpoena | court_order | search_warrant | preservation | emergency
    Column("covers", Text, nullable=False),  # JSON: ads, networks, phones, accounts, date range
    Column("deadline", TS, nullable=False),
    Column("status", String(20), nullable=False),  # open | produced | done
    Column("created_at", TS, nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("done_at", TS),
    Column("packet_sha256", String(64)),
)

PROCESSES = ("subpoena", "court_order", "search_warrant", "preservation", "emergency")

# Under the audit chain: every write below claims the rows it wrote (coverage.py).
for _table in (legal_holds, ct_reports, le_requests):
    coverage.cover(_table, "pk")


def _ad_claims(conn, platform: str, ad_id: str) -> list[list]:
    """Claims for every revision of an ad, as its hold now stands."""
    pks = [r.pk for r in conn.execute(select(ads.c.pk).where(ads.c.platform == platform, ads.c.ad_id == ad_id))]
    return coverage.claim_rows(conn, "ads", pks)


class Legal:
    """Holds, reports and requests on top of a Store (same engine, same audit chain)."""

    def __init__(self, store: Store):
        self.store = store

    def place_hold(self, platform: str, ad_ids: list[str], reason: str, actor: str, days: int = MIN_HOLD_DAYS) -> int:
        if days < MIN_HOLD_DAYS:
            raise StoreError(f"a legal hold lasts at least {MIN_HOLD_DAYS} days")
        at = now_iso()
        until = now_iso(datetime.now(UTC) + timedelta(days=days))
        placed = 0
        with self.store._transaction() as conn:
            for ad_id in ad_ids:
                exists = conn.execute(select(ads.c.pk).where(ads.c.platform == platform, ads.c.ad_id == ad_id)).first()
                if exists is None:
                    raise StoreError(f"no ad {platform}/{ad_id} to hold")
                hold_pk = conn.execute(
                    insert(legal_holds).values(
                        platform=platform, ad_id=ad_id, reason=reason, placed_by=actor, placed_at=at, until=until
                    )
                ).inserted_primary_key[0]
                greatest = sa.func.max if self.store.is_sqlite else sa.func.greatest
                conn.execute(
                    update(ads)
                    .where(ads.c.platform == platform, ads.c.ad_id == ad_id, ads.c.purged_at.is_(None))
                    .values(hold=True, retain_until=greatest(ads.c.retain_until, until))
                )
                claims = coverage.claim_rows(conn, "legal_holds", [hold_pk]) + _ad_claims(conn, platform, ad_id)
                audit.append(
                    conn, at, "hold.placed", actor, platform, ad_id, {"reason": reason, "until": until}, claims
                )
                placed += 1
        return placed

    def holds(self, platform: str, ad_id: str | None = None, active_only: bool = True) -> list[dict[str, Any]]:
        query = select(legal_holds).where(legal_holds.c.platform == platform)
        if ad_id is not None:
            query = query.where(legal_holds.c.ad_id == ad_id)
        if active_only:
            query = query.where(legal_holds.c.released_at.is_(None))
        with self.store.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query.order_by(legal_holds.c.pk)).mappings()]

    def extend_hold(self, hold_pk: int, days: int, actor: str) -> str:
        at = now_iso()
        with self.store._transaction() as conn:
            row = conn.execute(select(legal_holds).where(legal_holds.c.pk == hold_pk)).mappings().first()
            if row is None or row["released_at"] is not None:
                raise StoreError(f"no active hold {hold_pk}")
            until = now_iso(
                max(datetime.fromisoformat(row["until"].replace("Z", "+00:00")), datetime.now(UTC))
                + timedelta(days=days)
            )
            conn.execute(update(legal_holds).where(legal_holds.c.pk == hold_pk).values(until=until))
            greatest = sa.func.max if self.store.is_sqlite else sa.func.greatest
            conn.execute(
                update(ads)
                .where(ads.c.platform == row["platform"], ads.c.ad_id == row["ad_id"], ads.c.purged_at.is_(None))
                .values(hold=True, retain_until=greatest(ads.c.retain_until, until))
            )
            claims = coverage.claim_rows(conn, "legal_holds", [hold_pk]) + _ad_claims(
                conn, row["platform"], row["ad_id"]
            )
            detail = {"hold": hold_pk, "until": until}
            audit.append(conn, at, "hold.extended", actor, row["platform"], row["ad_id"], detail, claims)
        return until

    def release_hold(self, hold_pk: int, reason: str, actor: str, role: str) -> None:
        """Only an admin releases a hold, and only with a reason. The ad's evidence stays held while any
        other hold on it is active; its retention date is never shortened."""
        if role != "admin":
            raise StoreError("only an admin can release a legal hold")
        if not reason.strip():
            raise StoreError("releasing a legal hold needs a reason")
        at = now_iso()
        with self.store._transaction() as conn:
            row = conn.execute(select(legal_holds).where(legal_holds.c.pk == hold_pk)).mappings().first()
            if row is None or row["released_at"] is not None:
                raise StoreError(f"no active hold {hold_pk}")
            conn.execute(
                update(legal_holds)
                .where(legal_holds.c.pk == hold_pk)
                .values(released_at=at, released_by=actor, release_reason=reason)
            )
            claims = coverage.claim_rows(conn, "legal_holds", [hold_pk])
            detail = {"hold": hold_pk, "reason": reason}
            audit.append(conn, at, "hold.released", actor, row["platform"], row["ad_id"], detail, claims)

    # ------------------------------------------------------------------ CyberTipline reports
    def record_report(self, platform: str, network_id: str | None, ad_ids: list[str], xml_sha: str, actor: str) -> int:
        at = now_iso()
        with self.store._transaction() as conn:
            pk = conn.execute(
                insert(ct_reports).values(
                    platform=platform,
                    network_id=network_id,
                    ads=orjson.dumps(ad_ids).decode(),
                    report_xml_sha256=xml_sha,
                    status="draft",
                    created_at=at,
                    created_by=actor,
                )
            ).inserted_primary_key[0]
            audit.append(
                conn,
                at,
                "report.drafted",
                actor,
                platform,
                network_id or (ad_ids[0] if ad_ids else None),
                {"report": pk, "xml_sha256": xml_sha, "ads": ad_ids},
                coverage.claim_rows(conn, "ct_reports", [pk]),
            )
        return int(pk)

    def report_submitted(self, pk: int, report_id: str, status: str, actor: str) -> None:
        at = now_iso()
        with self.store._transaction() as conn:
            row = conn.execute(select(ct_reports).where(ct_reports.c.pk == pk)).mappings().first()
            if row is None:
                raise StoreError(f"no report {pk}")
            conn.execute(update(ct_reports).where(ct_reports.c.pk == pk).values(report_id=report_id, status=status))
            audit.append(
                conn,
                at,
                f"report.{status}",
                actor,
                row["platform"],
                row["network_id"],
                {"report": pk, "report_id": report_id},
                coverage.claim_rows(conn, "ct_reports", [pk]),
            )

    def prior_reports(self, platform: str, network_id: str | None, ad_ids: list[str]) -> list[str]:
        """NCMEC report ids already made about this network or any of these ads."""
        with self.store.engine.connect() as conn:
            rows = conn.execute(
                select(ct_reports.c.report_id, ct_reports.c.network_id, ct_reports.c.ads).where(
                    ct_reports.c.platform == platform,
                    ct_reports.c.report_id.is_not(None),
                    ct_reports.c.status != "retracted",
                )
            ).all()
        wanted = set(ad_ids)
        return [
            r.report_id
            for r in rows
            if (network_id and r.network_id == network_id) or wanted & set(orjson.loads(r.ads))
        ]

    # ------------------------------------------------------------------ law-enforcement requests
    def add_request(
        self,
        platform: str,
        agency: str,
        case_number: str,
        process: str,
        covers: dict[str, Any],
        deadline: str,
        actor: str,
    ) -> int:
        if process not in PROCESSES:
            raise StoreError(f"process must be one of {', '.join(PROCESSES)}")
        at = now_iso()
        with self.store._transaction() as conn:
            pk = conn.execute(
                insert(le_requests).values(
                    platform=platform,
                    agency=agency,
                    case_number=case_number,
                    process=process,
                    covers=orjson.dumps(covers, option=orjson.OPT_SORT_KEYS).decode(),
                    deadline=deadline,
                    status="open",
                    created_at=at,
                    created_by=actor,
                )
            ).inserted_primary_key[0]
            audit.append(
                conn,
                at,
                "request.added",
                actor,
                platform,
                f"request:{pk}",
                {"agency": agency, "case_number": case_number, "process": process, "deadline": deadline},
                coverage.claim_rows(conn, "le_requests", [pk]),
            )
        return int(pk)

    def request(self, pk: int) -> dict[str, Any] | None:
        with self.store.engine.connect() as conn:
            row = conn.execute(select(le_requests).where(le_requests.c.pk == pk)).mappings().first()
        return _request_dict(row) if row else None

    def requests(self, platform: str | None = None, status: str | None = None) -> list[dict[str, Any]]:
        query = select(le_requests).order_by(le_requests.c.deadline)
        if platform:
            query = query.where(le_requests.c.platform == platform)
        if status:
            query = query.where(le_requests.c.status == status)
        with self.store.engine.connect() as conn:
            return [_request_dict(r) for r in conn.execute(query).mappings()]

    def set_request_status(self, pk: int, status: str, actor: str, packet_sha: str | None = None) -> None:
        if status not in ("open", "produced", "done"):
            raise StoreError("status must be open, produced or done")
        at = now_iso()
        with self.store._transaction() as conn:
            row = conn.execute(select(le_requests).where(le_requests.c.pk == pk)).mappings().first()
            if row is None:
                raise StoreError(f"no request {pk}")
            values: dict[str, Any] = {"status": status}
            if packet_sha:
                values["packet_sha256"] = packet_sha
            if status == "done":
                values["done_at"] = at
            conn.execute(update(le_requests).where(le_requests.c.pk == pk).values(**values))
            claims = coverage.claim_rows(conn, "le_requests", [pk])
            detail = {"packet_sha256": packet_sha}
            audit.append(conn, at, f"request.{status}", actor, row["platform"], f"request:{pk}", detail, claims)


def _request_dict(row) -> dict[str, Any]:
    out = dict(row)
    out["covers"] = orjson.loads(out["covers"])
    out["overdue"] = out["status"] != "done" and out["deadline"] < now_iso()
    return out
