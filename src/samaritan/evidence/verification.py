"""`audit verify`: the chain, then every covered row against the chain's last claim about it,
then every held blob against its own sha256. Rows without entries, entries without rows, and
rows changed since their entry are all failures; the report names the first bad entry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Connection, select

from samaritan.evidence import audit, coverage
from samaritan.evidence.records import sha256_hex
from samaritan.evidence.schema import audit_log

# Per statement, never on the connection: a purge verifies on its own write connection.
_STREAM = {"stream_results": True, "yield_per": 1000}


@dataclass(frozen=True)
class Failure:
    seq: int | None  # the audit entry that recorded the row's last state; None: no entry at all
    table: str | None
    row: str | None
    problem: str


def verify(conn: Connection, expected: dict[int, str] | None = None) -> dict[str, Any]:
    """Verify the store on `conn`; `expected` are entry hashes from signed checkpoints.
    Returns {"ok", "entries", "problem", "seq", "table", "row", "rows", "failures"}."""
    state: dict[tuple[str, str], tuple[str | None, int]] = {}

    def on_entry(row) -> None:
        if row.rows:
            for table, key, digest in orjson.loads(row.rows):
                state[(table, key)] = (digest, row.seq)

    chain = audit.verify_chain(conn, on_entry, expected)
    if not chain.ok:
        claimed = _claims_of(conn, chain.bad_seq)
        table, row = (claimed[0][0], claimed[0][1]) if claimed else (None, None)
        rows = [f"{t} {k}" for t, k, _ in claimed]
        problem = chain.problem + (f" (it recorded {', '.join(rows)})" if rows else "")
        return _report(chain.entries, [Failure(chain.bad_seq, table, row, problem)], rows)
    return _report(chain.entries, check_rows(conn, state), [])


def _report(entries: int, failures: list[Failure], rows: list[str]) -> dict[str, Any]:
    if not failures:
        return {
            "ok": True,
            "entries": entries,
            "problem": None,
            "seq": None,
            "table": None,
            "row": None,
            "rows": [],
            "failures": 0,
        }
    first = min(failures, key=lambda f: (f.seq is None, f.seq or 0))
    return {
        "ok": False,
        "entries": entries,
        "problem": first.problem,
        "seq": first.seq,
        "table": first.table,
        "row": first.row,
        "rows": rows,
        "failures": len(failures),
    }


def _claims_of(conn: Connection, seq: int | None) -> list[list]:
    if seq is None:
        return []
    row = conn.execute(select(audit_log.c.rows).where(audit_log.c.seq == seq)).first()
    return orjson.loads(row.rows) if row is not None and row.rows else []


def check_rows(conn: Connection, state: dict[tuple[str, str], tuple[str | None, int]]) -> list[Failure]:
    """Each covered row against its last claim (consumed from `state`), then claims left over."""
    failures: list[Failure] = []
    for name, spec in coverage.COVERED.items():
        columns = [spec.table.c[c] for c in spec.columns]
        width, key_at = len(columns), spec.columns.index(spec.key)
        if name == "blobs":
            columns.append(spec.table.c.content)
        # Plain tuples in column order: this loop runs once per covered row.
        for row in conn.execute(select(*columns), execution_options=_STREAM):
            key = str(row[key_at])
            claimed = state.pop((name, key), None)
            if claimed is None:
                failures.append(Failure(None, name, key, f"{name} row {key} has no audit entry"))
                continue
            digest, seq = claimed
            if digest is None:
                failures.append(Failure(seq, name, key, f"{name} row {key} is present after entry {seq} removed it"))
            elif digest != coverage.hash_values(name, row[:width]):
                failures.append(Failure(seq, name, key, f"{name} row {key} was changed after audit entry {seq}"))
            elif name == "blobs":
                problem = _blob_problem(dict(zip((*spec.columns, "content"), row, strict=True)))
                if problem:
                    failures.append(Failure(seq, name, key, problem))
    for (name, key), (digest, seq) in state.items():
        if digest is not None:
            failures.append(Failure(seq, name, key, f"{name} row {key} recorded by audit entry {seq} is missing"))
    return failures


def _blob_problem(row) -> str | None:
    content = row["content"]
    if content is None:
        return None if row["purged_at"] is not None else f"evidence {row['sha256']} was emptied without a purge"
    content = content.encode() if isinstance(content, str) else bytes(content)  # SQLite typing
    if sha256_hex(content) != row["sha256"]:
        return f"evidence {row['sha256']} no longer matches its sha256"
    return None
