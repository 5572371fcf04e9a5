"""Readiness: what must hold before a load balancer sends this process traffic.

- database: a query answers (and, for SQLite, the database file is still where it was opened);
- migrations: the store is at every head revision this code ships;
- engine: the screener, its lexicon and model are loaded (and the worker processes, if any);
- links: the link indices have finished loading.
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from sqlalchemy import text

from samaritan.service.screening import ScreeningService

OK = "ok"


@functools.cache
def shipped_heads() -> frozenset[str]:
    from alembic.script import ScriptDirectory

    return frozenset(ScriptDirectory(str(resources.files("samaritan.evidence") / "migrations")).get_heads())


def _sqlite_file(service: ScreeningService) -> Path | None:
    url = service.store.engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def check_store(service: ScreeningService) -> dict[str, str]:
    from alembic.runtime.migration import MigrationContext

    path = _sqlite_file(service)
    if path is not None and not path.exists():
        # An open connection would still answer from the deleted file, and every write be lost.
        return {"database": "unreachable: the database file is gone", "migrations": "unknown"}
    try:
        with service.store.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            current = frozenset(MigrationContext.configure(conn).get_current_heads())
    except Exception as exc:
        return {"database": f"unreachable: {type(exc).__name__}", "migrations": "unknown"}
    wanted = shipped_heads()
    if current == wanted:
        return {"database": OK, "migrations": OK}
    missing = ", ".join(sorted(wanted - current)) or "none"
    return {"database": OK, "migrations": f"not current: missing {missing}"}


def check_engine(service: ScreeningService) -> str:
    screener = service.screener
    if screener is None or not getattr(screener, "versions", None):
        return "not loaded"
    pool = service.pool
    if pool is not None and getattr(pool, "_closed", False):
        return "worker pool closed"
    starting = pool.starting() if pool is not None and hasattr(pool, "starting") else 0
    if starting:  # an ad now would wait for a worker to build its engine
        return f"{starting} worker(s) starting"
    return OK


def checks(service: ScreeningService) -> dict[str, str]:
    found = check_store(service)
    found["engine"] = check_engine(service)
    found["links"] = OK if service.ready.is_set() else "loading"
    return found
