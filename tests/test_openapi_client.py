"""The OpenAPI document as a contract: a client generated from the running server's
/openapi.json (openapi-python-client) screens an ad and reads it back with typed models."""

from __future__ import annotations

import importlib
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
import uvicorn

from samaritan.engine.screener import Screener
from samaritan.evidence.db import Store
from samaritan.service.app import create_app
from samaritan.service.screening import ScreeningService
from samaritan.service.settings import ServiceSettings

BODY = "Incall and outcall, 150 roses hh. Text 702-555-0142."


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path, screener: Screener):
    store = Store(f"sqlite:///{tmp_path / 'evidence.db'}")
    store.migrate()
    key = store.create_key("site-a", ("screen", "read", "review"))
    app = create_app(ScreeningService(store, screener), settings=ServiceSettings(metrics=True))
    port = _free_port()
    uv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", key
    uv.should_exit = True
    thread.join(timeout=10)
    store.close()


def _generate(base_url: str, directory: Path):
    spec = directory / "openapi.json"
    spec.write_bytes(httpx.get(f"{base_url}/openapi.json", timeout=10).content)
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    tool = Path(sys.executable).parent / "openapi-python-client"
    done = subprocess.run(
        [str(tool), "generate", "--path", str(spec), "--meta", "none", "--output-path", str(directory / "sam_client")],
        capture_output=True, text=True, env=env, cwd=directory, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    sys.path.insert(0, str(directory))
    try:
        importlib.invalidate_caches()
        return importlib.import_module("sam_client")
    finally:
        sys.path.remove(str(directory))


def test_a_generated_client_screens_an_ad_and_reads_it_back(server, tmp_path) -> None:
    base_url, key = server
    sam = _generate(base_url, tmp_path)
    from sam_client.api.evidence import get_ad
    from sam_client.api.screening import screen
    from sam_client.api.service import readyz
    from sam_client.models import Ad, AdHistory, Problem, Ready, Verdict

    client = sam.AuthenticatedClient(base_url=base_url, token=key)
    verdict = screen.sync(client=client, body=Ad(id="gen-1", body=BODY))
    assert isinstance(verdict, Verdict)
    assert verdict.id == "gen-1" and verdict.platform == "site-a" and verdict.revision == 1
    assert verdict.decision.value in ("review", "block")
    assert "commercial_sex" in [label.value for label in verdict.labels]
    assert verdict.entities.phones == ["+17025550142"]

    history = get_ad.sync(platform="site-a", ad_id="gen-1", client=client)
    assert isinstance(history, AdHistory)
    stored = history.revisions[0]
    assert stored.ad.additional_properties["body"] == BODY
    assert isinstance(stored.verdicts[0].verdict, Verdict)
    assert stored.verdicts[0].verdict.decision == verdict.decision

    missing = get_ad.sync(platform="site-a", ad_id="no-such-ad", client=client)
    assert isinstance(missing, Problem) and missing.status == 404 and missing.code == "not_found"
    ready = readyz.sync(client=sam.Client(base_url=base_url))  # no key needed
    assert isinstance(ready, Ready) and ready.checks.additional_properties["database"] == "ok"
