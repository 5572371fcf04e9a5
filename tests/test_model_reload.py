"""A new model without a restart: when the model directory's content changes, `serve` takes the
new model (loaded, checked and, with worker processes, warmed off the request path); new
verdicts and `/readyz` carry its version. A bad model is logged and the old one stays."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import numpy as np
import orjson
import pytest
from fastapi.testclient import TestClient
from tests.conftest import write_corpus

from samaritan.cli.main import main as cli
from samaritan.engine.learned.model import load_model
from samaritan.engine.screener import Screener
from samaritan.evidence.db import Store
from samaritan.service.server import build, model_watcher
from samaritan.service.settings import ServiceSettings
from samaritan.service.workers import WorkerPool

AD = {"body": "Incall and outcall, 150 roses hh. Text 702-555-0123.", "category": "personals"}


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> tuple[Path, Path]:
    """A model trained by `samaritan train` on a small generated set, and a second version of it
    (the same model with other biases, as a retrained model would differ)."""
    root = tmp_path_factory.mktemp("models")
    ads, truth = write_corpus(root, 150, seed=11)
    first = root / "first"
    assert cli(["train", str(ads), "--truth", str(truth), "-o", str(first), "--folds", "2", "--workers", "1"]) == 0
    second = load_model(first)
    second.bias = second.bias + np.float32(0.25)
    second.save(root / "second")
    return first, root / "second"


def _install(source: Path, live: Path) -> str:
    """Replace the live model directory's files, as an operator deploying a model would."""
    live.mkdir(exist_ok=True)
    for name in ("model.json", "weights.npz"):
        shutil.copyfile(source / name, live / name)
    return load_model(live).version


def _app(tmp_path: Path, live: Path, workers: int = 0):
    store = Store(f"sqlite:///{tmp_path / 'samaritan.db'}")
    store.migrate()
    settings = ServiceSettings(model_dir=live, model_check_s=3600, workers=workers)
    app, service, _deliverer, _keeper = build(store, Screener(model=live), settings)
    if workers:
        service.pool = WorkerPool(service.screener, workers, 30.0)
        service.pool.start()
    client = TestClient(app)
    client.headers["Authorization"] = f"Bearer {store.create_key('site', ('screen', 'read'))}"
    return client, service, model_watcher(service, settings), store


def _screen(client: TestClient, ad_id: str) -> dict:
    response = client.post("/v1/screen", content=orjson.dumps({**AD, "id": ad_id}))
    assert response.status_code == 200, response.text
    return response.json()


def test_a_changed_model_directory_is_taken_without_a_restart(trained, tmp_path, caplog) -> None:
    first, second = trained
    live = tmp_path / "model"
    v1 = _install(first, live)
    client, _service, watcher, store = _app(tmp_path, live)
    try:
        assert _screen(client, "a")["versions"]["model"] == v1
        assert client.get("/readyz").json()["model"] == v1
        assert watcher.check() is None  # nothing changed: nothing loaded

        v2 = _install(second, live)
        assert v2 != v1 and watcher.check() == v2
        assert _screen(client, "b")["versions"]["model"] == v2
        assert client.get("/readyz").json()["model"] == v2
        risk_v2 = _screen(client, "c")["risk"]["commercial_sex"]

        # A broken model (weights of the wrong shape): logged, not taken; the last good one stays.
        np.savez_compressed(live / "weights.npz", W=np.zeros((3, 10), dtype=np.float32))
        with caplog.at_level(logging.ERROR, logger="samaritan.service.modelwatch"):
            assert watcher.check() is None
        assert "not taken" in caplog.text and "keeping " + v2 in caplog.text
        verdict = _screen(client, "d")
        assert verdict["versions"]["model"] == v2 and verdict["risk"]["commercial_sex"] == risk_v2
        assert client.get("/readyz").json()["model"] == v2
        caplog.clear()
        assert watcher.check() is None and not caplog.text  # the same bad version is not retried

        assert _install(first, live) == v1 and watcher.check() == v1  # a good model again
        assert _screen(client, "e")["versions"]["model"] == v1
    finally:
        store.close()


def test_with_worker_processes_the_new_model_screens_on_a_new_warm_pool(trained, tmp_path) -> None:
    first, second = trained
    live = tmp_path / "model"
    v1 = _install(first, live)
    client, service, watcher, store = _app(tmp_path, live, workers=1)
    old_pool = service.pool
    try:
        assert _screen(client, "a")["versions"]["model"] == v1  # the workers use the model too
        v2 = _install(second, live)
        assert watcher.check() == v2
        assert service.pool is not old_pool and old_pool._closed
        assert _screen(client, "b")["versions"]["model"] == v2
    finally:
        service.pool.close()
        store.close()


def test_serve_watches_the_model_directory_it_was_given(tmp_path, monkeypatch) -> None:
    # The watcher only runs when `serve` names a directory; the packaged model and rules-only
    # cannot change under a running server, so nothing is watched for them.
    from samaritan.cli.kit import Args
    from samaritan.cli.service import _model_dir

    monkeypatch.delenv("SAMARITAN_MODEL", raising=False)
    assert _model_dir(Args(model=str(tmp_path))) == tmp_path
    assert _model_dir(Args(model="default")) is None
    assert _model_dir(Args(model=None)) is None
    monkeypatch.setenv("SAMARITAN_MODEL", str(tmp_path))
    assert _model_dir(Args(model=None)) == tmp_path
