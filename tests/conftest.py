"""Shared fixtures: one engine and one small labelled corpus per test session."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest

from samaritan import Screener
from samaritan.engine.learned.model import LearnedModel
from samaritan.generate.corpus import Mix, SiteGenerator

DATA = Path(__file__).parent / "data"
CORPUS_SIZE = 6000
CORPUS_SEED = 11


@pytest.fixture(scope="session")
def screener() -> Screener:
    """The default engine: the packaged learned model over the rules."""
    return Screener()


@pytest.fixture(scope="session")
def rules_screener() -> Screener:
    """The rule path alone (`model="none"`), for tests of the lexicon's and rules' own reading."""
    return Screener(model="none")


@pytest.fixture(scope="session", params=["default", "none"])
def either_path(request: pytest.FixtureRequest) -> Screener:
    """Each path in turn, for what both must do: the session's default engine, then its rule path."""
    return request.getfixturevalue("screener" if request.param == "default" else "rules_screener")


def fix_model(monkeypatch: pytest.MonkeyPatch, commercial: float, trafficking: float = 0.0) -> None:
    """The learned model scores every ad `commercial` commercial-sex and `trafficking` trafficking
    risk (minor risk 0), one ad or a chunk at once: what a test measures is then the stage's rule,
    not where the packaged model happens to score a sentence."""

    def probabilities(self: LearnedModel, feats: object, youth: bool = True) -> dict[str, float]:
        return {"commercial_sex": commercial, "trafficking_risk": trafficking, "minor_risk": 0.0}

    def probabilities_many(model: LearnedModel, feats: list[object], youth: object) -> list[dict[str, float]]:
        return [probabilities(model, f) for f in feats]

    monkeypatch.setattr(LearnedModel, "probabilities", probabilities)
    monkeypatch.setattr("samaritan.engine.learned.stage.probabilities_many", probabilities_many)


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
    from samaritan.io.readers import read_jsonl
    from samaritan.io.writers import JsonlWriter
    from samaritan.runs.batch import Summary, screen_records

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


@pytest.fixture(scope="session")
def postgres_url():
    """SAMARITAN_TEST_DATABASE_URL when set (scripts/test.sh sets it), else a throwaway server
    started here by scripts/postgres.sh and stopped at the end of the session."""
    import subprocess

    url = os.environ.get(POSTGRES_URL_ENV)
    if url:
        yield _worker_database(url)
        return
    if os.environ.get("PYTEST_XDIST_WORKER"):
        # (Workers would each start a server in the same folder and stop one another's.)
        pytest.fail(
            f"pytest-xdist workers share one PostgreSQL server: start it first (source scripts/postgres.sh "
            f"start sets {POSTGRES_URL_ENV}), or run with -n 0, or SAMARITAN_SKIP_POSTGRES=1."
        )
    root = Path(__file__).resolve().parent.parent
    start = f"source scripts/postgres.sh start >/dev/null && echo ${POSTGRES_URL_ENV}"
    done = subprocess.run(["bash", "-c", start], cwd=root, capture_output=True, text=True)
    if done.returncode != 0 or not done.stdout.strip():
        pytest.fail(
            f"no PostgreSQL for the storage tests: {done.stderr.strip()[-500:]}. Set {POSTGRES_URL_ENV}, "
            "or SAMARITAN_SKIP_POSTGRES=1 to run the SQLite variants only."
        )
    yield done.stdout.strip()
    subprocess.run(["bash", "scripts/postgres.sh", "stop"], cwd=root, check=False)


def _worker_database(url: str) -> str:
    """Under pytest-xdist each worker gets a database of its own on the same server (each test
    empties its database's schema first); a single process uses the server's own database."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    import sqlalchemy as sa

    base = sa.engine.make_url(url)
    name = f"{base.database}_{worker}"
    engine = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if conn.exec_driver_sql("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).first() is None:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


# SAMARITAN_SKIP_POSTGRES=1 leaves the PostgreSQL variants out of the run (they are not
# collected, so nothing reports them as checked).
_BACKENDS = ["sqlite"] if os.environ.get("SAMARITAN_SKIP_POSTGRES") == "1" else ["sqlite", "postgresql"]


@pytest.fixture(params=_BACKENDS)
def store_url(request, tmp_path: Path) -> str:
    """Each storage test runs on embedded SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'samaritan.db'}"
    return _fresh_postgres(request.getfixturevalue("postgres_url"))
