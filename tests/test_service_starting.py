"""`serve` listens before the store, the engine and the app are built (#12: a restart listens
within seconds whatever the store holds). Meanwhile `/livez` answers, `/readyz` says what is
loading, and other requests wait for the app (bounded, then 503 with Retry-After). A build that
fails stops the server with its error."""

from __future__ import annotations

import contextlib
import gc
import socket
import threading
import time
from pathlib import Path

import httpx
import orjson
import pytest
import uvicorn
from fastapi import FastAPI

from samaritan.evidence.db import Store
from samaritan.service import server as server_module
from samaritan.service.settings import ServiceSettings
from samaritan.service.starting import Starting

AD = {"id": "s1", "category": "for-sale", "body": "Oak bookshelf, $40. Call 702-555-0142."}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_listening(base: str, deadline_s: float = 30) -> None:
    deadline = time.monotonic() + deadline_s
    while True:
        try:
            if httpx.get(f"{base}/livez", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline, "never listened"
        time.sleep(0.05)


class _Served:
    """A uvicorn server for `app` on a thread."""

    def __init__(self, app) -> None:
        port = _free_port()
        self.base = f"http://127.0.0.1:{port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> _Served:
        self.thread.start()
        _wait_listening(self.base)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


def _tiny_app(events: list[str]) -> FastAPI:
    @contextlib.asynccontextmanager
    async def lifespan(_app):
        events.append("startup")
        yield
        events.append("shutdown")

    app = FastAPI(lifespan=lifespan)

    @app.get("/thing")
    def thing() -> dict:
        return {"from": "the app"}

    return app


def test_probes_answer_and_requests_wait_until_the_app_is_built() -> None:
    release, events = threading.Event(), []

    def build(shell: Starting):
        release.wait(30)
        shell.checks.update(database="ok")
        return _tiny_app(events)

    with _Served(Starting(build, wait_s=20)) as served:
        live = httpx.get(f"{served.base}/livez", headers={"X-Request-ID": "probe-7"})
        assert live.status_code == 200 and live.json() == {"status": "ok"}
        assert live.headers["X-Request-ID"] == "probe-7"
        ready = httpx.get(f"{served.base}/readyz")
        assert ready.status_code == 503 and ready.headers["Retry-After"]
        assert ready.json()["code"] == "not_ready" and ready.json()["checks"]["engine"] == "loading"
        assert "engine loading" in ready.json()["detail"]
        answers: list[httpx.Response] = []
        waiting = threading.Thread(target=lambda: answers.append(httpx.get(f"{served.base}/thing", timeout=30)))
        waiting.start()
        time.sleep(0.5)
        assert not answers, "a request was answered before the app existed"
        release.set()
        waiting.join(30)
        assert answers[0].status_code == 200 and answers[0].json() == {"from": "the app"}
        assert events == ["startup"]  # the app's own start-up ran before it took requests
    assert events == ["startup", "shutdown"]  # and its shutdown when the server stopped


def test_a_request_that_waits_too_long_gets_503_starting() -> None:
    release = threading.Event()
    with _Served(Starting(lambda shell: release.wait(30) and _tiny_app([]), wait_s=0.3)) as served:
        answer = httpx.get(f"{served.base}/thing", timeout=10)
        release.set()
    assert answer.status_code == 503 and answer.headers["Retry-After"] == "5"
    assert answer.json()["code"] == "starting"
    assert answer.headers["content-type"] == "application/problem+json"


def _serve_in_thread(monkeypatch, parts, tmp_path: Path):
    """`server.serve` on a thread, and a way to stop it (the uvicorn server it made)."""
    made: list[uvicorn.Server] = []
    real = server_module._server

    def capture(*args, **kwargs):
        made.append(real(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(server_module, "_server", capture)
    port, outcome = _free_port(), {}

    def run() -> None:
        try:
            server_module.serve(parts, "127.0.0.1", port, settings=ServiceSettings(data_dir=tmp_path, workers=0))
        except BaseException as exc:
            outcome["raised"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return f"http://127.0.0.1:{port}", thread, made, outcome


def test_serve_listens_before_the_engine_and_store_exist_and_screens_once_they_do(
    monkeypatch, tmp_path: Path, screener
) -> None:
    store = Store(f"sqlite:///{tmp_path / 'samaritan.db'}")
    store.migrate()
    key = store.create_key("site-a", ("screen", "read"))
    release = threading.Event()

    def parts():
        release.wait(60)  # as slow as a loaded machine's imports and engine build
        return store, screener

    base, thread, made, outcome = _serve_in_thread(monkeypatch, parts, tmp_path)
    try:
        _wait_listening(base)
        ready = httpx.get(f"{base}/readyz").json()
        assert ready["checks"]["engine"] == "loading" and ready["checks"]["database"] == "opening"
        release.set()
        answer = httpx.post(f"{base}/v1/screen", content=orjson.dumps(AD), timeout=60,
                            headers={"Authorization": f"Bearer {key}"})  # fmt: skip
        assert answer.status_code == 200, answer.text
        assert answer.json()["id"] == "s1" and answer.json()["decision"] == "allow"
        deadline = time.monotonic() + 30
        while httpx.get(f"{base}/readyz").status_code != 200:
            assert time.monotonic() < deadline, httpx.get(f"{base}/readyz").text
            time.sleep(0.1)
    finally:
        release.set()
        if made:
            made[0].should_exit = True
        thread.join(60)
    assert "raised" not in outcome, outcome
    assert (tmp_path / "link-index.snapshot").exists(), "the app's shutdown (the last snapshot) did not run"


def test_a_build_that_fails_stops_the_server_with_its_error(monkeypatch, tmp_path: Path) -> None:
    def parts():
        raise ValueError("the lexicon file is not valid")

    base, thread, _made, outcome = _serve_in_thread(monkeypatch, parts, tmp_path)
    thread.join(60)
    assert not thread.is_alive(), "the server kept running without an app"
    assert isinstance(outcome.get("raised"), ValueError)
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"{base}/livez", timeout=2)


def test_what_lives_for_good_is_kept_out_of_the_collectors_walks() -> None:
    """A full collection walks every object the collector sees, with every thread stopped: the
    app, the engine and the link indices (tens of millions of objects at 1M ads) must not be
    among them."""
    loaded = threading.Event()
    # Start with nothing frozen: after an earlier test's freeze, the objects it froze and that
    # start-up frees again could outnumber what start-up adds, and the count would not grow.
    gc.unfreeze()
    before = gc.get_freeze_count()
    try:
        server_module.freeze_when(loaded)
        at_start = gc.get_freeze_count()
        assert at_start > before  # what start-up built
        index = [{"ad": i, "keys": [i]} for i in range(20_000)]  # as a link index loads later
        loaded.set()
        deadline = time.monotonic() + 30
        while gc.get_freeze_count() < at_start + len(index):
            assert time.monotonic() < deadline, "the loaded index was never frozen"
            time.sleep(0.05)
    finally:
        gc.unfreeze()


def test_server_timing_tells_the_services_own_time_and_cpu_only_when_asked(monkeypatch, tmp_path, screener) -> None:
    """Benchmarks on a shared machine read `Server-Timing` to tell the service's own latency and
    screening CPU from the client's and the machine's waits; clients see nothing by default."""
    from fastapi.testclient import TestClient

    from samaritan.service.app import create_app
    from samaritan.service.screening import ScreeningService
    from samaritan.service.settings import ServiceSettings

    store = Store(f"sqlite:///{tmp_path / 'samaritan.db'}")
    store.migrate()
    headers = {"Authorization": f"Bearer {store.create_key('site-a', ('screen',))}"}
    quiet = TestClient(create_app(ScreeningService(store, screener)))
    assert "server-timing" not in quiet.post("/v1/screen", content=orjson.dumps(AD), headers=headers).headers
    timed = TestClient(create_app(ScreeningService(store, screener), settings=ServiceSettings(server_timing=True)))
    answer = timed.post("/v1/screen", content=orjson.dumps(dict(AD, id="s2")), headers=headers)
    parts = dict(p.strip().split(";dur=") for p in answer.headers["server-timing"].split(","))
    assert float(parts["app"]) >= float(parts["work"]) > 0  # the screening is part of the request
    assert "work" not in timed.get("/livez").headers["server-timing"]  # no ad, no screening
    store.close()
