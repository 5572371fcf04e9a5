"""A fresh PostgreSQL store for the benchmarks that measure one (bench_banks, bench_console)."""

from __future__ import annotations

import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def fresh_postgres() -> tuple[str, bool]:
    """SAMARITAN_TEST_DATABASE_URL, emptied, or a throwaway server of scripts/postgres.sh; and
    whether it was started here (the caller stops it with `scripts/postgres.sh stop`)."""
    import sqlalchemy as sa

    url, started = os.environ.get("SAMARITAN_TEST_DATABASE_URL"), False
    if not url:
        start = "source scripts/postgres.sh start >/dev/null && echo $SAMARITAN_TEST_DATABASE_URL"
        out = subprocess.run(["bash", "-c", start], cwd=ROOT, capture_output=True, text=True, check=True)
        url, started = out.stdout.strip(), True
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:  # a fresh store each run
        conn.exec_driver_sql("DROP SCHEMA public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()
    return url, started
