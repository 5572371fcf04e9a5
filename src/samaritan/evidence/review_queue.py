"""The review queue: one row per ad whose latest verdict is not `allow`, kept beside the
evidence as a projection of the verdicts and decisions tables, and claim leases on its rows.

The projection follows the store by two cursors (the last verdict pk and decision pk it has
read), so it catches up with ads posted or decided through the API as well as the console,
and it can be rebuilt from the evidence at any time. Rows are ordered by priority, then risk,
then age, through one index per platform; pages are cut by keyset, never by offset.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy import Column, Float, Index, Integer, String, Table, UniqueConstraint, select, update

from samaritan.evidence import queue_counts
from samaritan.evidence.db import Store, now_iso, parse_iso
from samaritan.evidence.schema import TS, ads, blobs, decisions, metadata, verdicts
from samaritan.evidence.users import _Tx

PRIORITY_RANK = {"urgent": 4, "high": 3, "medium": 2, "low": 1, "none": 0}
PRIORITIES = ("urgent", "high", "medium", "low", "none")

queue_items = Table(
    "queue_items",
    metadata,
    Column("ad_pk", Integer, primary_key=True, autoincrement=False),  # the latest revision's row
    Column("platform", String(200), nullable=False),
    Column("ad_id", String(500), nullable=False),
    Column("revision", Integer, nullable=False),
    # Negated so that one ascending index serves "highest priority, highest risk, oldest first".
    Column("neg_priority", Integer, nullable=False),
    Column("neg_risk", Float, nullable=False),
    Column("received_at", TS, nullable=False),
    Column("verdict", String(10), nullable=False),  # review | block
    Column("labels", String(200), nullable=False),
    Column("section", String(200), nullable=False),
    Column("network_id", String(100)),
    Column("state", String(10), nullable=False),  # open | decided
    Column("decision", String(20)),
    Column("decided_at", TS),
    Column("claimed_by", String(100)),
    Column("claim_until", TS),
    UniqueConstraint("platform", "ad_id", name="uq_queue_ad"),
)
Index(
    "ix_queue_order",
    queue_items.c.platform,
    queue_items.c.state,
    queue_items.c.neg_priority,
    queue_items.c.neg_risk,
    queue_items.c.received_at,
    queue_items.c.ad_pk,
)
Index("ix_queue_network", queue_items.c.platform, queue_items.c.network_id)
Index("ix_queue_received", queue_items.c.platform, queue_items.c.state, queue_items.c.received_at,
      queue_items.c.neg_priority)  # fmt: skip

queue_cursor = Table(
    "queue_cursor",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("verdict_pk", Integer, nullable=False),
    Column("decision_pk", Integer, nullable=False),
)


@dataclass
class Filters:
    label: str = ""
    section: str = ""
    platform: str = ""
    network: str = ""
    state: str = "open"  # open | decided | all
    since: str = ""  # ISO date, inclusive
    until: str = ""  # ISO date, exclusive


@dataclass(frozen=True)
class Claim:
    ok: bool
    holder: str | None
    until: str | None


_CURSOR = select(queue_cursor).where(queue_cursor.c.id == 1)
_NEW_VERDICTS = (
    select(
        verdicts.c.pk, verdicts.c.ad_pk, verdicts.c.trigger, verdicts.c.decision, verdicts.c.priority,
        verdicts.c.labels, verdicts.c.body, ads.c.platform, ads.c.ad_id, ads.c.revision, ads.c.received_at,
        ads.c.raw_sha256,
    )
    .join(ads, ads.c.pk == verdicts.c.ad_pk)
    .where(verdicts.c.pk > sa.bindparam("after"))
    .order_by(verdicts.c.pk)
    .limit(sa.bindparam("n"))
)  # fmt: skip
_NEW_DECISIONS = (
    select(decisions.c.pk, decisions.c.ad_pk, decisions.c.decision, decisions.c.created_at)
    .where(decisions.c.pk > sa.bindparam("after"))
    .order_by(decisions.c.pk)
    .limit(sa.bindparam("n"))
)


class ReviewQueue:
    def __init__(self, store: Store, lease_minutes: float = 15.0):
        self.store = store
        self.lease = timedelta(minutes=lease_minutes)

    # ------------------------------------------------------------------ projection
    def sync(
        self, network_of: Callable[[str, str, int], str | None] | None = None, batch: int = 5000, max_batches: int = 0
    ) -> int:
        """Read verdicts and decisions stored since the last call into the queue, at most
        `max_batches` batches when given (a page request stays quick; the rest comes with the
        next call). Returns how many rows were read."""
        done = 0
        for _ in itertools.count() if not max_batches else range(max_batches):
            with self.store.engine.connect() as conn:
                cur = conn.execute(_CURSOR).first()
                vpk, dpk = (cur.verdict_pk, cur.decision_pk) if cur else (0, 0)
                vrows = conn.execute(_NEW_VERDICTS, {"after": vpk, "n": batch}).all()
                # Decisions wait until the verdicts are caught up, so the rows they close exist.
                drows = [] if len(vrows) == batch else conn.execute(_NEW_DECISIONS, {"after": dpk, "n": batch}).all()
                flagged = [r for r in vrows if r.decision != "allow"]
                shas = sorted({r.raw_sha256 for r in flagged})
                contents = {}
                if shas:
                    query = select(blobs.c.sha256, blobs.c.content).where(blobs.c.sha256.in_(shas))
                    contents = dict(conn.execute(query).all())
            if not vrows and not drows:
                return done
            with _Tx(self.store) as conn:
                # Another server (or thread) may have read the same rows meanwhile: the cursor
                # row, locked here, says so, and this batch is then read again.
                now = conn.execute(_CURSOR.with_for_update()).first()
                if now is not None and (now.verdict_pk, now.decision_pk) != (vpk, dpk):
                    continue
                fresh, delta = [], Counter()
                for row in vrows:
                    item = self._item_of(row, contents, network_of)
                    # A first revision's first verdict cannot replace a row: skip the lookup.
                    if row.revision == 1 and row.trigger == "post":
                        if item:
                            fresh.append(item)
                            delta[queue_counts.key_of(item)] += 1
                        continue
                    self._replace(conn, row, item, delta)
                if fresh:
                    conn.execute(sa.insert(queue_items), fresh)
                for row in drows:
                    self._decided(conn, row, delta)
                queue_counts.apply(conn, delta)
                values = {
                    "verdict_pk": vrows[-1].pk if vrows else vpk,
                    "decision_pk": drows[-1].pk if drows else dpk,
                }
                if cur is None:
                    conn.execute(sa.insert(queue_cursor).values(id=1, **values))
                else:
                    conn.execute(update(queue_cursor).where(queue_cursor.c.id == 1).values(**values))
            done += len(vrows) + len(drows)
        return done

    @staticmethod
    def _replace(conn: sa.Connection, row, item: dict[str, Any] | None, delta: Counter) -> None:
        existing = conn.execute(
            select(queue_items).where(queue_items.c.platform == row.platform, queue_items.c.ad_id == row.ad_id)
        ).first()
        if existing is not None and existing.ad_pk > row.ad_pk:
            return  # a verdict on an older revision: the queue shows the latest one
        if existing is not None:
            conn.execute(sa.delete(queue_items).where(queue_items.c.ad_pk == existing.ad_pk))
            delta[queue_counts.key_of(existing)] -= 1
        if item:
            conn.execute(sa.insert(queue_items).values(**item))
            delta[queue_counts.key_of(item)] += 1

    @staticmethod
    def _decided(conn: sa.Connection, row, delta: Counter) -> None:
        item = conn.execute(select(queue_items).where(queue_items.c.ad_pk == row.ad_pk)).first()
        if item is None:
            return
        conn.execute(
            update(queue_items)
            .where(queue_items.c.ad_pk == row.ad_pk)
            .values(state="decided", decision=row.decision, decided_at=row.created_at, claimed_by=None)
        )
        delta[queue_counts.key_of(item)] -= 1
        delta[queue_counts.key_of(item, "decided")] += 1

    @staticmethod
    def _item_of(row, contents: dict[str, bytes], network_of) -> dict[str, Any] | None:
        if row.decision == "allow":
            return None
        risk = orjson.loads(row.body).get("risk") or {}
        try:
            section = str(orjson.loads(contents.get(row.raw_sha256) or b"{}").get("category") or "")[:200]
        except (orjson.JSONDecodeError, AttributeError):
            section = ""
        return {
            "ad_pk": row.ad_pk,
            "platform": row.platform,
            "ad_id": row.ad_id,
            "revision": row.revision,
            "neg_priority": -PRIORITY_RANK.get(row.priority, 0),
            "neg_risk": -round(max(risk.get("trafficking", 0.0), risk.get("minor", 0.0)), 4),
            "received_at": row.received_at,
            "verdict": row.decision,
            "labels": row.labels,
            "section": section,
            "network_id": network_of(row.platform, row.ad_id, row.revision) if network_of else None,
            "state": "open",
            "decision": None,
            "decided_at": None,
            "claimed_by": None,
            "claim_until": None,
        }

    # ------------------------------------------------------------------ reading
    def page(
        self, platforms: tuple[str, ...], filters: Filters, after: tuple | None = None, limit: int = 50
    ) -> list[dict[str, Any]]:
        """One page in queue order after the keyset `after` (neg_priority, neg_risk, received_at,
        ad_pk). Each platform is read through its own index range, then the ranges are merged."""
        order = (
            queue_items.c.neg_priority, queue_items.c.neg_risk, queue_items.c.received_at, queue_items.c.ad_pk
        )  # fmt: skip
        rows: list[dict[str, Any]] = []
        with self.store.engine.connect() as conn:
            for platform in self._platforms(platforms, filters):
                query = select(queue_items).where(*self._where(platform, filters))
                if after is not None:
                    query = query.where(sa.tuple_(*order) > sa.tuple_(*[sa.literal(v) for v in after]))
                rows.extend(dict(r) for r in conn.execute(query.order_by(*order).limit(limit)).mappings())
        rows.sort(key=lambda r: (r["neg_priority"], r["neg_risk"], r["received_at"], r["ad_pk"]))
        return rows[:limit]

    def counts(self, platforms: tuple[str, ...], filters: Filters) -> dict[str, int]:
        out = dict.fromkeys(PRIORITIES, 0)
        names = {-rank: name for name, rank in PRIORITY_RANK.items()}
        f = filters
        with self.store.engine.connect() as conn:
            for platform in self._platforms(platforms, filters):
                if f.network or f.since or f.until:  # counted from the queue itself, through an index
                    query = (
                        select(queue_items.c.neg_priority, sa.func.count())
                        .where(*self._where(platform, filters))
                        .group_by(queue_items.c.neg_priority)
                    )
                    pairs = conn.execute(query).all()
                else:
                    pairs = queue_counts.per_priority(conn, platform, f.state, f.label, f.section)
                for neg, count in pairs:
                    out[names.get(neg, "none")] += count
        return out

    @staticmethod
    def _platforms(platforms: tuple[str, ...], filters: Filters) -> list[str]:
        if filters.platform:
            return [filters.platform] if filters.platform in platforms else []
        return sorted(set(platforms))

    @staticmethod
    def _where(platform: str, f: Filters) -> list:
        where = [queue_items.c.platform == platform]
        if f.state in ("open", "decided"):
            where.append(queue_items.c.state == f.state)
        if f.label:
            where.append((sa.literal(",") + queue_items.c.labels + ",").contains(f",{f.label},", autoescape=True))
        if f.section:
            where.append(queue_items.c.section == f.section)
        if f.network:
            where.append(queue_items.c.network_id == f.network)
        if f.since:
            where.append(queue_items.c.received_at >= f.since)
        if f.until:
            where.append(queue_items.c.received_at < f.until)
        return where

    def item(self, platform: str, ad_id: str) -> dict[str, Any] | None:
        with self.store.engine.connect() as conn:
            row = conn.execute(
                select(queue_items).where(queue_items.c.platform == platform, queue_items.c.ad_id == ad_id)
            ).first()
        return dict(row._mapping) if row else None

    def latest_many(self, platform: str, ad_ids: list[str]) -> dict[str, tuple[str, bytes | None, dict]]:
        """For each ad: (received_at, raw bytes of its latest revision, latest verdict), in three
        queries however many ads (the case view draws a network's ads at once)."""
        if not ad_ids:
            return {}
        newest = (
            select(ads.c.ad_id, sa.func.max(ads.c.revision).label("rev"))
            .where(ads.c.platform == platform, ads.c.ad_id.in_(ad_ids))
            .group_by(ads.c.ad_id)
            .subquery()
        )
        with self.store.engine.connect() as conn:
            revs = conn.execute(
                select(ads.c.pk, ads.c.ad_id, ads.c.received_at, blobs.c.content)
                .join(newest, sa.and_(ads.c.ad_id == newest.c.ad_id, ads.c.revision == newest.c.rev))
                .join(blobs, blobs.c.sha256 == ads.c.raw_sha256)
                .where(ads.c.platform == platform)
            ).all()
            last = select(sa.func.max(verdicts.c.pk)).where(verdicts.c.ad_pk.in_([r.pk for r in revs]))
            bodies = dict(
                conn.execute(
                    select(verdicts.c.ad_pk, verdicts.c.body).where(verdicts.c.pk.in_(last.group_by(verdicts.c.ad_pk)))
                ).all()
            )
        return {r.ad_id: (r.received_at, r.content, orjson.loads(bodies.get(r.pk, "{}"))) for r in revs}

    # ------------------------------------------------------------------ claims
    def claim(self, platform: str, ad_id: str, user: str) -> Claim:
        """Take (or renew) the lease on an item. Only one user holds an unexpired lease: the
        update is conditional, so two reviewers claiming at once cannot both win."""
        now = now_iso()
        until = now_iso(parse_iso(now) + self.lease)
        mine_or_free = sa.or_(
            queue_items.c.claimed_by.is_(None), queue_items.c.claimed_by == user, queue_items.c.claim_until < now
        )
        with _Tx(self.store) as conn:
            won = conn.execute(
                update(queue_items)
                .where(queue_items.c.platform == platform, queue_items.c.ad_id == ad_id, mine_or_free)
                .values(claimed_by=user, claim_until=until)
            ).rowcount
            row = conn.execute(
                select(queue_items.c.claimed_by, queue_items.c.claim_until).where(
                    queue_items.c.platform == platform, queue_items.c.ad_id == ad_id
                )
            ).first()
        if row is None:
            return Claim(False, None, None)
        return Claim(bool(won), row.claimed_by, row.claim_until)

    def holder(self, item: dict[str, Any]) -> str | None:
        """Who holds an unexpired lease on a queue row, if anyone."""
        if item.get("claimed_by") and (item.get("claim_until") or "") > now_iso():
            return item["claimed_by"]
        return None

    def release(self, platform: str, ad_id: str, user: str) -> None:
        with _Tx(self.store) as conn:
            conn.execute(
                update(queue_items)
                .where(
                    queue_items.c.platform == platform, queue_items.c.ad_id == ad_id, queue_items.c.claimed_by == user
                )
                .values(claimed_by=None, claim_until=None)
            )
