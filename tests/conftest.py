"""Shared fixtures: one engine and one small labelled corpus per test session."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from samaritan import Screener
from samaritan.generate.corpus import Mix, SiteGenerator

DATA = Path(__file__).parent / "data"
CORPUS_SIZE = 6000
CORPUS_SEED = 11


@pytest.fixture(scope="session")
def screener() -> Screener:
    return Screener()


def write_corpus(directory: Path, n: int, seed: int, obfuscation: float = 0.3) -> tuple[Path, Path]:
    ads, truth = directory / "ads.jsonl", directory / "truth.jsonl"
    with ads.open("wb") as a, truth.open("wb") as t:
        for ad, tr in SiteGenerator(n, seed=seed, mix=Mix(obfuscation=obfuscation)):
            a.write(orjson.dumps(ad) + b"\n")
            t.write(orjson.dumps(tr) + b"\n")
    return ads, truth


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> dict[str, Path]:
    """A generated site, screened once: ads, truth and verdicts."""
    from samaritan.batch import Summary, screen_records
    from samaritan.io.readers import read_jsonl
    from samaritan.io.writers import JsonlWriter

    directory = tmp_path_factory.mktemp("corpus")
    ads, truth = write_corpus(directory, CORPUS_SIZE, CORPUS_SEED)
    verdicts = directory / "verdicts.jsonl"
    with JsonlWriter(str(verdicts)) as out:
        for record in screen_records(read_jsonl(str(ads)), Screener(), Summary()):
            out.write(record)
    return {"dir": directory, "ads": ads, "truth": truth, "verdicts": verdicts}


# ---------------------------------------------------------------- evidence store backends
POSTGRES_URL_ENV = "SAMARITAN_TEST_DATABASE_URL"


def _fresh_postgres(url: str) -> str:
    """Empty the test database so each test starts from a fresh migration."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path: Path) -> str:
    """Each storage test runs on embedded SQLite and on PostgreSQL. scripts/test.sh starts a
    throwaway PostgreSQL server and sets SAMARITAN_TEST_DATABASE_URL; without it (a quick local
    run) the PostgreSQL variants are skipped, unless SAMARITAN_REQUIRE_POSTGRES=1 (CI)."""
    import os

    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'samaritan.db'}"
    url = os.environ.get(POSTGRES_URL_ENV)
    if not url:
        if os.environ.get("SAMARITAN_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{POSTGRES_URL_ENV} is not set but PostgreSQL tests are required")
        pytest.skip(f"set {POSTGRES_URL_ENV} to run the PostgreSQL variant")
    return _fresh_postgres(url)
