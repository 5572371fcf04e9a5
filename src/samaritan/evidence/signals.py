"""Storage of shared contact signals: what another platform sent (never an identifier in
clear), the review items they raised on this store's ads, and reviewers' confirm or dispute."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy import Column, Float, ForeignKey, Integer, String, Table, Text, UniqueConstraint, insert, select

from samaritan.evidence.db import Store, now_iso
from samaritan.evidence.schema import TS, ads, decisions, metadata, verdicts
from samaritan.signals.codec import ContactSignal, identifiers, keyed, reason_of

signals_in = Table(
    "signals_in",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("source", String(200), nullable=False),  # the platform that sent it
    Column("signal_type", String(10), nullable=False),
    Column("hmac", String(64), nullable=False, index=True),
    Column("reason", String(40), nullable=False),
    Column("first_seen", TS, nullable=False),
    Column("last_seen", TS, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("status", String(12), nullable=False),  # active | quarantined (a flood)
    Column("imported_at", TS, nullable=False),
    UniqueConstraint("source", "signal_type", "hmac", name="uq_signal_in"),
)

signal_matches = Table(
    "signal_matches",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("signal_pk", Integer, ForeignKey("signals_in.pk"), nullable=False, index=True),
    Column("ad_pk", Integer, ForeignKey("ads.pk"), nullable=False),
    Column("created_at", TS, nullable=False),
    Column("status", String(12), nullable=False),  # open | quarantined | confirmed | disputed
    Column("reviewer", String(200)),
    Column("note", Text),
    Column("decided_at", TS),
    UniqueConstraint("signal_pk", "ad_pk", name="uq_signal_match"),
)

FLOOD_ADS = 50  # one identifier behind more ads than this here is implausible: quarantined


def _latest_verdicts(conn, only: Iterable[int] | None = None):
    latest = select(verdicts.c.ad_pk, sa.func.max(verdicts.c.pk).label("vpk")).group_by(verdicts.c.ad_pk).subquery()
    query = (
        select(ads.c.pk, ads.c.platform, ads.c.ad_id, ads.c.received_at, verdicts.c.body)
        .join(latest, latest.c.ad_pk == ads.c.pk)
        .join(verdicts, verdicts.c.pk == latest.c.vpk)
        .where(ads.c.purged_at.is_(None))
    )
    if only is not None:
        query = query.where(ads.c.pk.in_(list(only)))
    return conn.execute(query.order_by(ads.c.pk))


def collect_blocked(store: Store, key: bytes) -> list[ContactSignal]:
    """A signal per identifier behind ads that reviewers blocked or reported, with disputes of
    signals received from others, ready for `codec.dump`."""
    confidence = {"report": 0.9, "block": 0.7}
    with store.engine.connect() as conn:
        decided: dict[int, str] = {}
        for row in conn.execute(select(decisions.c.ad_pk, decisions.c.decision).order_by(decisions.c.pk)):
            if row.decision in confidence:
                decided[row.ad_pk] = row.decision if decided.get(row.ad_pk) != "report" else "report"
        found: dict[tuple[str, str], dict[str, Any]] = {}
        for row in _latest_verdicts(conn, decided) if decided else []:
            verdict = orjson.loads(row.body)
            for kind, value in identifiers(verdict.get("entities")):
                entry = found.setdefault((kind, keyed(key, kind, value)), {"labels": set(), "seen": [], "conf": 0.0})
                entry["labels"].update(verdict.get("labels", []))
                entry["seen"].append(row.received_at)
                entry["conf"] = max(entry["conf"], confidence[decided[row.pk]])
        when, c = signal_matches.c.decided_at, signals_in.c
        disputed = conn.execute(
            select(c.signal_type, c.hmac, c.reason, sa.func.min(when), sa.func.max(when))
            .join(signal_matches, signal_matches.c.signal_pk == signals_in.c.pk)
            .where(signal_matches.c.status == "disputed")
            .group_by(signals_in.c.signal_type, signals_in.c.hmac, signals_in.c.reason)
        ).all()
    out = []
    for (kind, digest), entry in sorted(found.items()):
        held = {"minor_risk", "trafficking_risk"} & entry["labels"]
        conf = min(1.0, entry["conf"] + (0.1 if held else 0.0))
        out.append(ContactSignal(kind, digest, reason_of(entry["labels"]), min(entry["seen"]), max(entry["seen"]),
                                 round(conf, 2)))  # fmt: skip
    out.extend(ContactSignal(r[0], r[1], r[2], r[3], r[4], 0.0, kind="dispute") for r in disputed)
    return out


def _digests(key: bytes, body: bytes | str) -> set[tuple[str, str]]:
    verdict = orjson.loads(body)
    return {(kind, keyed(key, kind, value)) for kind, value in identifiers(verdict.get("entities"))}


def import_signals(
    store: Store, key: bytes, source: str, signals: Iterable[ContactSignal], actor: str = "cli", flood: int = FLOOD_ADS
) -> dict[str, int]:
    """Store another platform's signals and match them against every stored ad: each match is
    a review item naming the source; an identifier matching more than `flood` ads is
    quarantined instead. Disputes in the file are disputes of our own signals: counted only."""
    at = now_iso()
    signals = list(signals)
    incoming = [s for s in signals if s.kind == "signal"]
    disputes = sum(1 for s in signals if s.kind == "dispute")
    wanted = {(s.signal_type, s.hmac): s for s in incoming}
    hits: dict[tuple[str, str], list[int]] = defaultdict(list)
    with store.engine.connect() as conn:
        for row in _latest_verdicts(conn):
            for digest in _digests(key, row.body) & wanted.keys():
                hits[digest].append(row.pk)
    matched = quarantined = 0
    with store.write_lock, store.write_engine.begin() as conn:
        for digest, s in wanted.items():
            status = "quarantined" if len(hits.get(digest, ())) > flood else "active"
            pk = _upsert_signal(conn, source, s, status, at)
            for ad_pk in hits.get(digest, ()):
                matched += _add_match(conn, pk, ad_pk, "quarantined" if status == "quarantined" else "open", at)
            quarantined += status == "quarantined"
    summary = {"signals": len(incoming), "disputes": disputes, "matches": matched, "quarantined": quarantined}
    store.audit_event("signals.imported", actor, None, source, summary)
    return summary


def _upsert_signal(conn, source: str, s: ContactSignal, status: str, at: str) -> int:
    c = signals_in.c
    where = (c.source == source) & (c.signal_type == s.signal_type) & (c.hmac == s.hmac)
    row = conn.execute(select(signals_in.c.pk).where(where)).first()
    values = {"reason": s.reason, "first_seen": s.first_seen, "last_seen": s.last_seen, "confidence": s.confidence,
              "status": status}  # fmt: skip
    if row:
        conn.execute(signals_in.update().where(signals_in.c.pk == row.pk).values(**values))
        return row.pk
    return conn.execute(
        insert(signals_in)
        .values(source=source, signal_type=s.signal_type, hmac=s.hmac, imported_at=at, **values)
        .returning(signals_in.c.pk)
    ).scalar_one()


def _add_match(conn, signal_pk: int, ad_pk: int, status: str, at: str) -> int:
    where = (signal_matches.c.signal_pk == signal_pk) & (signal_matches.c.ad_pk == ad_pk)
    if conn.execute(select(signal_matches.c.pk).where(where)).first():
        return 0
    conn.execute(insert(signal_matches).values(signal_pk=signal_pk, ad_pk=ad_pk, created_at=now_iso(), status=status))
    return 1


def match_new_ad(
    store: Store, key: bytes, ad_pk: int, entities: dict[str, Any] | None, flood: int = FLOOD_ADS
) -> list[dict[str, Any]]:
    """Post-time hook: review items for one stored ad whose identifiers match received signals.
    A signal whose matches pass `flood` with this ad becomes a flood now, as at import: it and
    its open items are quarantined."""
    digests = {(kind, keyed(key, kind, value)) for kind, value in identifiers(entities)}
    if not digests:
        return []
    out = []
    with store.write_lock, store.write_engine.begin() as conn:
        rows = conn.execute(select(signals_in).where(signals_in.c.hmac.in_([d for _, d in digests]))).all()
        for row in rows:
            if (row.signal_type, row.hmac) not in digests:
                continue
            status = "quarantined" if row.status == "quarantined" else "open"
            if not _add_match(conn, row.pk, ad_pk, status, now_iso()):
                continue
            if status == "open" and _matches(conn, row.pk) > flood:
                status = "quarantined"
                conn.execute(signals_in.update().where(signals_in.c.pk == row.pk).values(status=status))
                conn.execute(
                    signal_matches.update()
                    .where((signal_matches.c.signal_pk == row.pk) & (signal_matches.c.status == "open"))
                    .values(status=status)
                )
            out.append({"source": row.source, "signal_type": row.signal_type, "reason": row.reason,
                        "status": status})  # fmt: skip
    return out


def _matches(conn, signal_pk: int) -> int:
    query = select(sa.func.count()).select_from(signal_matches).where(signal_matches.c.signal_pk == signal_pk)
    return conn.execute(query).scalar_one()


def review_items(store: Store, status: str | None = None) -> list[dict[str, Any]]:
    query = (
        select(signal_matches.c.pk, signal_matches.c.status, signal_matches.c.created_at, ads.c.platform,
               ads.c.ad_id, ads.c.revision, signals_in.c.source, signals_in.c.signal_type, signals_in.c.reason,
               signals_in.c.confidence)
        .join(ads, ads.c.pk == signal_matches.c.ad_pk)
        .join(signals_in, signals_in.c.pk == signal_matches.c.signal_pk)
        .order_by(signal_matches.c.pk)
    )  # fmt: skip
    if status:
        query = query.where(signal_matches.c.status == status)
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def decide_item(store: Store, item: int, verdict: str, reviewer: str, note: str = "") -> bool:
    """A reviewer confirms or disputes one review item; disputes go back in the next export."""
    if verdict not in ("confirmed", "disputed"):
        raise ValueError("a review item is confirmed or disputed")
    with store.write_lock, store.write_engine.begin() as conn:
        done = conn.execute(
            signal_matches.update()
            .where(signal_matches.c.pk == item)
            .values(status=verdict, reviewer=reviewer, note=note, decided_at=now_iso())
        ).rowcount
    if done:
        store.audit_event(f"signal.{verdict}", reviewer, None, str(item), {"note_chars": len(note)})
    return bool(done)
