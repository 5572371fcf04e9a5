"""Which rows the audit chain covers, and the content hash of each.

Every write to a covered row appends an audit entry whose `rows` field claims the row's new
content hash (or that it is gone), so `verify` can recompute every row from the tables and
check it against the last claim the chain makes about it. A table defined later (users, say)
joins the chain with one `cover(...)` call beside its definition.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Connection, Table, select

from samaritan.evidence.records import sha256_hex
from samaritan.evidence.schema import ads, api_keys, blobs, decisions, verdicts, webhooks

# One claim: [table name, row key as text, content hash or None when the row was deleted].
Claim = list


@dataclass(frozen=True)
class Covered:
    table: Table
    key: str
    columns: tuple[str, ...]


COVERED: dict[str, Covered] = {}


def cover(table: Table, key: str, exclude: Iterable[str] = ()) -> None:
    """Put a table under the audit chain: every column but `exclude` is hashed."""
    skip = set(exclude)
    COVERED[table.name] = Covered(table, key, tuple(c.name for c in table.columns if c.name not in skip))


cover(api_keys, "key_id")
cover(ads, "pk")
cover(verdicts, "pk")
cover(decisions, "pk")
cover(webhooks, "platform")
# A blob's bytes are checked against its own sha256; the row records whether it is still held.
# Media type and first-seen time are descriptive and stay with the first upload of the bytes.
cover(blobs, "sha256", exclude=("content", "media_type", "stored_at"))


def row_hash(table: str, values: Mapping[str, Any]) -> str:
    spec = COVERED[table]
    return hash_values(table, [values[c] for c in spec.columns])


def hash_values(table: str, values: Sequence[Any]) -> str:
    """row_hash for the covered columns' values in the table's column order."""
    return sha256_hex(orjson.dumps([table, list(values)]))


def claim(table: str, values: Mapping[str, Any]) -> Claim:
    """The claim for a row whose every covered column is in `values`."""
    return [table, str(values[COVERED[table].key]), row_hash(table, values)]


def gone(table: str, key: Any) -> Claim:
    return [table, str(key), None]


def claim_rows(conn: Connection, table: str, keys: Iterable[Any]) -> list[Claim]:
    """Claims for rows as they now stand in the caller's transaction (deleted rows: gone)."""
    spec = COVERED[table]
    keys = list(keys)
    found: dict[str, Claim] = {}
    key_col = spec.table.c[spec.key]
    for start in range(0, len(keys), 500):
        query = select(*(spec.table.c[c] for c in spec.columns)).where(key_col.in_(keys[start : start + 500]))
        for row in conn.execute(query).mappings():
            found[str(row[spec.key])] = claim(table, row)
    return [found.get(str(k)) or gone(table, k) for k in keys]
