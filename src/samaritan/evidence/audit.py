"""The hash-chained audit log: every verdict, decision, hold, key change, view, export and purge
is one entry whose hash covers its content, the content hashes of the rows it wrote (`rows`,
see coverage.py) and the previous entry's hash. Changing, removing or reordering any entry
breaks the chain at that entry; cutting the tail breaks the head record; rewriting the whole
chain is caught by the signed checkpoints kept outside the database (checkpoints.py)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Connection, insert, select, update

from samaritan.evidence.schema import audit_head, audit_log

GENESIS = "0" * 64


def entry_hash(prev_hash: str, entry: dict[str, Any]) -> str:
    body = orjson.dumps(entry, option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(prev_hash.encode() + b"\n" + body).hexdigest()


# Built once: constructing SQLAlchemy statements per call costs more than running them.
_HEAD = select(audit_head.c.seq, audit_head.c.hash).where(audit_head.c.id == 1).with_for_update()
_INSERT = insert(audit_log)
_MOVE_HEAD = update(audit_head).where(audit_head.c.id == 1)
INSERT_ENTRY, MOVE_HEAD = _INSERT, _MOVE_HEAD  # for a writer that runs them itself (revisions, SQLite)


def append(
    conn: Connection,
    at: str,
    action: str,
    actor: str,
    platform: str | None = None,
    subject: str | None = None,
    detail: dict[str, Any] | None = None,
    rows: list[list] | None = None,
) -> int:
    """Append one entry inside the caller's transaction; returns its sequence number. `rows`
    are the coverage claims of the rows this transaction wrote (coverage.claim / claim_rows)."""
    # FOR UPDATE serialises appends on PostgreSQL; SQLite writers are already serialised.
    head = conn.execute(_HEAD).one()
    row = next_entry(head.seq, head.hash, at, action, actor, platform, subject, detail, rows)
    conn.execute(_INSERT, row)
    conn.execute(_MOVE_HEAD, {"seq": row["seq"], "hash": row["hash"]})
    return row["seq"]


def lock_head(conn: Connection) -> None:
    """Lock the chain head for the rest of the caller's transaction (PostgreSQL), so writers
    that touch other rows too always take the head first and never deadlock."""
    conn.execute(_HEAD).one()


def next_entry(
    head_seq: int,
    head_hash: str,
    at: str,
    action: str,
    actor: str,
    platform: str | None = None,
    subject: str | None = None,
    detail: dict[str, Any] | None = None,
    rows: list[list] | None = None,
) -> dict[str, Any]:
    """The audit_log row that follows the head (head_seq, head_hash), hash included."""
    detail_text = orjson.dumps(detail or {}, option=orjson.OPT_SORT_KEYS).decode()
    rows_text = orjson.dumps(rows).decode() if rows else None
    entry = _entry(head_seq + 1, at, action, actor, platform, subject, detail_text, rows_text)
    return dict(entry, rows=rows_text, prev_hash=head_hash, hash=entry_hash(head_hash, entry))


def _entry(seq, at, action, actor, platform, subject, detail_text, rows_text) -> dict[str, Any]:
    entry = {
        "seq": seq,
        "at": at,
        "action": action,
        "actor": actor,
        "platform": platform,
        "subject": subject,
        "detail": detail_text,
    }
    if rows_text is not None:  # entries written before rows were covered hash as they always did
        entry["rows"] = rows_text
    return entry


@dataclass
class ChainReport:
    entries: int
    ok: bool
    problem: str | None = None
    bad_seq: int | None = None
    head_hash: str = GENESIS


def verify_chain(
    conn: Connection,
    on_entry: Callable[[Any], None] | None = None,
    expected: dict[int, str] | None = None,
) -> ChainReport:
    """Walk the whole log in order, recomputing every hash; `on_entry` sees each sound entry,
    and `expected` (seq -> hash, from signed checkpoints) must agree with the recomputed chain."""
    prev_hash, expected_seq, count = GENESIS, 1, 0
    expected = expected or {}
    rows = conn.execute(
        select(audit_log).order_by(audit_log.c.seq), execution_options={"stream_results": True, "yield_per": 2000}
    )
    for row in rows:
        if row.seq != expected_seq:
            return ChainReport(count, False, f"entry {expected_seq} is missing (next entry is {row.seq})", expected_seq)
        if row.prev_hash != prev_hash:
            return ChainReport(count, False, f"entry {row.seq} does not follow entry {row.seq - 1}", row.seq)
        entry = _entry(row.seq, row.at, row.action, row.actor, row.platform, row.subject, row.detail, row.rows)
        if entry_hash(prev_hash, entry) != row.hash:
            return ChainReport(count, False, f"entry {row.seq} ({row.action}) was changed", row.seq)
        signed = expected.get(row.seq)
        if signed is not None and signed != row.hash:
            problem = f"entry {row.seq} ({row.action}) differs from the signed checkpoint: the chain was rewritten"
            return ChainReport(count, False, problem, row.seq)
        if on_entry is not None:
            on_entry(row)
        prev_hash, expected_seq, count = row.hash, expected_seq + 1, count + 1
    if expected and max(expected) > count:
        problem = f"entry {count + 1} is missing: a signed checkpoint covers entries up to {max(expected)}"
        return ChainReport(count, False, problem, count + 1)
    head = conn.execute(select(audit_head.c.seq, audit_head.c.hash).where(audit_head.c.id == 1)).one_or_none()
    if head is None:
        return ChainReport(count, False, "the chain head record is missing", None)
    if head.seq != count or head.hash != prev_hash:
        return ChainReport(
            count, False, f"the log ends at entry {count} but its head says {head.seq}: entries were removed", count + 1
        )
    return ChainReport(count, True, head_hash=prev_hash)
