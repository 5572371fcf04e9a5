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


def _hold_ad(conn, is_sqlite: bool, platform: str, ad_id: str, until: str) -> list[list]:
    """Hold every unpurged revision of an ad until at least `until` (a retention date is never
    shortened); returns the claims of the ad's rows as they now stand, for the audit entry."""
    greatest = sa.func.max if is_sqlite else sa.func.greatest
    conn.execute(
        update(ads)
        .where(ads.c.platform == platform, ads.c.ad_id == ad_id, ads.c.purged_at.is_(None))
        .values(hold=True, retain_until=greatest(ads.c.retain_until, until))
    )
    return _ad_claims(conn, platform, ad_id)


def _insert_audited(
    conn, table: Table, values: dict[str, Any], at: str, action: str, actor: str, subject, detail, extra=None
) -> int:
    """Insert one row and its audit entry (claiming the row, and what `extra` claims after the
    insert) in the caller's transaction. `subject` and `detail` are functions of the new pk."""
    pk = int(conn.execute(insert(table).values(**values)).inserted_primary_key[0])
    claims = coverage.claim_rows(conn, table.name, [pk]) + (extra() if extra else [])
    audit.append(conn, at, action, actor, values["platform"], subject(pk), detail(pk), claims)
    return pk


def _update_audited(
    conn,
    table: Table,
    row,
    values: dict[str, Any],
    at: str,
    action: str,
    actor: str,
    subject: str | None,
    detail: dict[str, Any],
    extra_claims: list[list] | None = None,
) -> None:
    """Update one row and write its audit entry (claiming the row) in the caller's transaction."""
    conn.execute(update(table).where(table.c.pk == row["pk"]).values(**values))
    claims = coverage.claim_rows(conn, table.name, [row["pk"]]) + (extra_claims or [])
    audit.append(conn, at, action, actor, row["platform"], subject, detail, claims)


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
                values = {
                    "platform": platform,
                    "ad_id": ad_id,
                    "reason": reason,
                    "placed_by": actor,
                    "placed_at": at,
                    "until": until,
                }
                _insert_audited(
                    conn,
                    legal_holds,
                    values,
                    at,
                    "hold.placed",
                    actor,
                    lambda _pk, ad_id=ad_id: ad_id,
                    lambda _pk: {"reason": reason, "until": until},
                    lambda ad_id=ad_id: _hold_ad(conn, self.store.is_sqlite, platform, ad_id, until),
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
            held = _hold_ad(conn, self.store.is_sqlite, row["platform"], row["ad_id"], until)
            _update_audited(
                conn,
                legal_holds,
                row,
                {"until": until},
                at,
                "hold.extended",
                actor,
                row["ad_id"],
                {"hold": hold_pk, "until": until},
                held,
            )
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
            values = {"released_at": at, "released_by": actor, "release_reason": reason}
            _update_audited(
                conn,
                legal_holds,
                row,
                values,
                at,
                "hold.released",
                actor,
                row["ad_id"],
                {"hold": hold_pk, "reason": reason},
            )

    # ------------------------------------------------------------------ CyberTipline reports
    def record_report(self, platform: str, network_id: str | None, ad_ids: list[str], xml_sha: str, actor: str) -> int:
        at = now_iso()
        with self.store._transaction() as conn:
            values = {
                "platform": platform,
                "network_id": network_id,
                "ads": orjson.dumps(ad_ids).decode(),
                "report_xml_sha256": xml_sha,
                "status": "draft",
                "created_at": at,
                "created_by": actor,
            }
            pk = _insert_audited(
                conn,
                ct_reports,
                values,
                at,
                "report.drafted",
                actor,
                lambda _pk: network_id or (ad_ids[0] if ad_ids else None),
                lambda pk: {"report": pk, "xml_sha256": xml_sha, "ads": ad_ids},
            )
        return pk

    def report_submitted(self, pk: int, report_id: str, status: str, actor: str) -> None:
        at = now_iso()
        with self.store._transaction() as conn:
            row = conn.execute(select(ct_reports).where(ct_reports.c.pk == pk)).mappings().first()
            if row is None:
                raise StoreError(f"no report {pk}")
            _update_audited(
                conn,
                ct_reports,
                row,
                {"report_id": report_id, "status": status},
                at,
                f"report.{status}",
                actor,
                row["network_id"],
                {"report": pk, "report_id": report_id},
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
            values = {
                "platform": platform,
                "agency": agency,
                "case_number": case_number,
                "process": process,
                "covers": orjson.dumps(covers, option=orjson.OPT_SORT_KEYS).decode(),
                "deadline": deadline,
                "status": "open",
                "created_at": at,
                "created_by": actor,
            }
            detail = {"agency": agency, "case_number": case_number, "process": process, "deadline": deadline}
            pk = _insert_audited(
                conn, le_requests, values, at, "request.added", actor, lambda pk: f"request:{pk}", lambda _pk: detail
            )
        return pk

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
            _update_audited(
                conn,
                le_requests,
                row,
                values,
                at,
                f"request.{status}",
                actor,
                f"request:{pk}",
                {"packet_sha256": packet_sha},
            )


def _request_dict(row) -> dict[str, Any]:
    out = dict(row)
    out["covers"] = orjson.loads(out["covers"])
    out["overdue"] = out["status"] != "done" and out["deadline"] < now_iso()
    return out
