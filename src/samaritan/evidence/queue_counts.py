"""Counts of queue rows per platform, state, priority, labels and section, kept in step with
the queue in the same transactions, so the queue page's counts per priority are a sum over a
few dozen rows instead of a count over every open case (a million-ad store has ~100k)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Column, Integer, String, Table, insert, select, update

from samaritan.evidence.schema import metadata

queue_counts = Table(
    "queue_counts",
    metadata,
    Column("platform", String(200), primary_key=True),
    Column("state", String(10), primary_key=True),
    Column("neg_priority", Integer, primary_key=True, autoincrement=False),
    Column("labels", String(200), primary_key=True),
    Column("section", String(200), primary_key=True),
    Column("n", Integer, nullable=False),
)
KEY = ("platform", "state", "neg_priority", "labels", "section")


def key_of(item: Any, state: str | None = None) -> tuple:
    get = item.get if isinstance(item, dict) else item._mapping.get
    return (get("platform"), state or get("state"), get("neg_priority"), get("labels"), get("section"))


def apply(conn: sa.Connection, delta: Counter) -> None:
    """Add each change; the caller holds the queue cursor's lock, so writers never interleave."""
    for key, change in delta.items():
        if not change:
            continue
        where = [queue_counts.c[name] == value for name, value in zip(KEY, key, strict=True)]
        moved = conn.execute(update(queue_counts).where(*where).values(n=queue_counts.c.n + change)).rowcount
        if not moved:
            conn.execute(insert(queue_counts).values(**dict(zip(KEY, key, strict=True)), n=change))


def per_priority(conn: sa.Connection, platform: str, state: str, label: str, section: str) -> list[tuple[int, int]]:
    where = [queue_counts.c.platform == platform]
    if state in ("open", "decided"):
        where.append(queue_counts.c.state == state)
    if label:
        where.append((sa.literal(",") + queue_counts.c.labels + ",").contains(f",{label},", autoescape=True))
    if section:
        where.append(queue_counts.c.section == section)
    query = select(queue_counts.c.neg_priority, sa.func.sum(queue_counts.c.n)).where(*where)
    return [(neg, int(n or 0)) for neg, n in conn.execute(query.group_by(queue_counts.c.neg_priority))]
