"""SQLAlchemy statements run on the SQLite driver's own cursor, inside the caller's transaction.

A post's save is six small statements; SQLAlchemy's per-statement work (execution context,
parameter processing, result wrapping, events) cost more than SQLite running them. Each
statement here is compiled once by SQLAlchemy, for the columns given, and then only its SQL
text and the parameters in order go to the driver: the same statements, the same rows.
Only for plain values (text, numbers, bytes, booleans): no type processing happens.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.sql import Executable

_compiled: dict[tuple[int, tuple[str, ...]], tuple[str, tuple[str, ...], dict[str, Any]]] = {}


def run(conn: Connection, statement: Executable, params: dict[str, Any]) -> sqlite3.Cursor:
    key = (id(statement), tuple(params))
    found = _compiled.get(key)
    if found is None:
        compiled = statement.compile(dialect=conn.dialect, column_keys=list(params))  # type: ignore[attr-defined]
        found = (str(compiled), tuple(compiled.positiontup or ()), dict(compiled.params))
        _compiled[key] = found
    sql, names, fixed = found
    cursor: sqlite3.Cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    cursor.execute(sql, tuple(params[n] if n in params else fixed[n] for n in names))
    return cursor
