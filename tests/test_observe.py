"""Observability of the service: probes, Prometheus metrics, request ids and JSON logs."""

from __future__ import annotations

import io
import json
import logging
import shutil

import orjson
import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from samaritan.engine.screener import Screener
from samaritan.evidence.db import Store
from samaritan.service import logconfig
from samaritan.service.app import create_app
from samaritan.service.screening import ScreeningService
from samaritan.service.settings import ServiceSettings

COMMERCIAL = "Incall and outcall, 150 roses hh, 250 roses hr. Text 702-555-0123."
PLAIN = "Oak dining table, seats six, minor scratches. Pick up downtown."


def _client(store: Store, screener: Screener, **settings) -> TestClient:
    app = create_app(ScreeningService(store, screener), settings=ServiceSettings(**settings))
    client = TestClient(app)
    client.key = store.create_key("site-a", ("screen", "read", "review", "admin"))
    return client


def _screen(client: TestClient, ad: dict, headers: dict | None = None):
    headers = {"Authorization": f"Bearer {client.key}", "Content-Type": "application/json", **(headers or {})}
    return client.post("/v1/screen", content=orjson.dumps(ad), headers=headers)


@pytest.fixture
def store(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'db' / 'evidence.db'}")
    (tmp_path / "db").mkdir()
    store.migrate()
    yield store
    store.close()


def _samples(text: str) -> dict[str, list]:
    found: dict[str, list] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found.setdefault(sample.name, []).append(sample)
    return found


def test_metrics_count_routes_decisions_queue_and_audit_without_client_values(store, screener) -> None:
    client = _client(store, screener, metrics=True, metrics_sample_s=0.0)
    verdicts = [_screen(client, {"id": f"ad-{i}", "body": body}).json() for i, body in enumerate([COMMERCIAL, PLAIN])]
    assert _screen(client, {"id": "ad-x"}).status_code == 422
    client.get("/v1/ads/site-a/ad-0", headers={"Authorization": f"Bearer {client.key}"})
    client.post(
        "/v1/ads/site-a/ad-0/decisions",
        json={"decision": "block", "reviewer": "r1"},
        headers={"Authorization": f"Bearer {client.key}"},
    )
    client.get("/no/such/path")
    scrape = client.get("/metrics")
    assert scrape.status_code == 200 and scrape.headers["content-type"].startswith("text/plain")
    samples = _samples(scrape.text)

    requests = {(s.labels["route"], s.labels["status"]): s.value for s in samples["samaritan_http_requests_total"]}
    assert requests[("/v1/screen", "200")] == 2 and requests[("/v1/screen", "422")] == 1
    assert requests[("/v1/ads/{platform}/{ad_id}", "200")] == 1
    assert requests[("<unmatched>", "404")] == 1
    count = {s.labels["route"]: s.value for s in samples["samaritan_http_request_duration_seconds_count"]}
    assert count["/v1/screen"] == 3

    decisions: dict[str, float] = {}
    for verdict in verdicts:
        decisions[verdict["decision"]] = decisions.get(verdict["decision"], 0) + 1
    assert {s.labels["decision"]: s.value for s in samples["samaritan_screens_total"]} == decisions
    labels = {s.labels["label"]: s.value for s in samples.get("samaritan_screen_labels_total", [])}
    assert labels.get("commercial_sex", 0) == sum("commercial_sex" in v["labels"] for v in verdicts)

    # The review queue: undecided non-allow verdicts. ad-0 was decided, so it left the queue.
    undecided = sum(v["decision"] != "allow" for v in verdicts[1:])
    assert samples["samaritan_review_queue_depth"][0].value == undecided
    assert samples["samaritan_audit_chain_length"][0].value == store.verify()["entries"]
    outbox = {s.labels["state"]: s.value for s in samples["samaritan_webhook_outbox_depth"]}
    assert set(outbox) == {"pending", "retrying", "dead"}

    label_values = {v for family in samples.values() for s in family for v in s.labels.values()}
    assert not label_values & {"ad-0", "ad-1", "ad-x", "site-a", "/v1/ads/site-a/ad-0", "/no/such/path"}


def test_metrics_are_off_unless_asked_for(store, screener) -> None:
    client = _client(store, screener)
    assert client.get("/metrics").status_code == 404
    assert "/metrics" not in client.get("/openapi.json").json()["paths"]


def test_probes_need_no_key_and_readyz_names_a_missing_database(store, screener, tmp_path) -> None:
    client = _client(store, screener)
    assert client.get("/livez").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": "ok", "migrations": "ok", "engine": "ok", "links": "ok"}

    client.app.state.service.ready.clear()  # the link index is loading
    loading = client.get("/readyz")
    assert loading.status_code == 503 and "links loading" in loading.json()["detail"]
    client.app.state.service.ready.set()

    shutil.rmtree(tmp_path / "db")  # the volume holding the database is gone
    gone = client.get("/readyz")
    assert gone.status_code == 503
    assert gone.headers["content-type"] == "application/problem+json"
    problem = gone.json()
    assert problem["code"] == "not_ready" and problem["detail"].startswith("not ready: database")
    assert problem["checks"]["database"].startswith("unreachable")
    assert client.get("/livez").status_code == 200  # alive, only not ready


def test_readyz_names_migrations_that_are_not_applied(store, screener) -> None:
    client = _client(store, screener)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM alembic_version")
    problem = client.get("/readyz").json()
    assert problem["status"] == 503 and problem["checks"]["migrations"].startswith("not current")
    assert problem["checks"]["database"] == "ok"


@pytest.fixture
def json_log():
    """JSON logs at INFO with the access log on, captured; the previous configuration restored."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    stream = io.StringIO()
    logconfig.configure("json", level=logging.INFO, access_log=True, stream=stream)
    yield stream
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])
    logging.getLogger("samaritan.access").setLevel(logging.NOTSET)


def test_request_id_is_echoed_and_in_the_json_access_log_without_ad_data(store, screener, json_log) -> None:
    client = _client(store, screener)
    given = _screen(client, {"id": "ad-7", "body": COMMERCIAL}, {"X-Request-ID": "req-42.a"})
    assert given.headers["X-Request-ID"] == "req-42.a"
    made = _screen(client, {"id": "ad-8", "body": COMMERCIAL + " Ask for Dana."})
    generated = made.headers["X-Request-ID"]
    assert len(generated) == 32 and generated != "req-42.a"
    forged = _screen(client, {"id": "ad-9", "body": PLAIN}, {"X-Request-ID": "x" * 200})
    assert forged.headers["X-Request-ID"] != "x" * 200  # too long: replaced, never echoed
    assert client.get("/livez").headers["X-Request-ID"]

    lines = [json.loads(line) for line in json_log.getvalue().splitlines()]
    access = [line for line in lines if line["logger"] == "samaritan.access"]
    by_id = {line["request_id"]: line for line in access}
    assert by_id["req-42.a"]["route"] == "/v1/screen" and by_id["req-42.a"]["status"] == 200
    assert by_id[generated]["duration_ms"] >= 0 and by_id[generated]["level"] == "INFO"
    text = json_log.getvalue()
    for secret in ("Incall", "702-555-0123", "+17025550123", "Dana", "Oak dining", "ad-7", "ad-8", "site-a"):
        assert secret not in text


def test_text_logs_carry_the_request_id(store, screener) -> None:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    stream = io.StringIO()
    try:
        logconfig.configure("text", level=logging.WARNING, access_log=True, stream=stream)
        client = _client(store, screener)
        rid = _screen(client, {"id": "t-1", "body": PLAIN}).headers["X-Request-ID"]
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
        logging.getLogger("samaritan.access").setLevel(logging.NOTSET)
    assert f"[{rid}] POST /v1/screen 200" in stream.getvalue()


def test_openapi_names_every_response_schema_and_healthz_needs_no_key(store, screener) -> None:
    spec = _client(store, screener, metrics=True).get("/openapi.json").json()
    components = spec["components"]["schemas"]
    for name in ("Ad", "Verdict", "ErrorRecord", "Problem", "Decision", "Network", "BatchResult", "AdHistory",
                 "RescreenResult", "ImageStored", "Webhook", "WebhookCreated", "Health", "Live", "Ready"):  # fmt: skip
        assert name in components, name
        assert components[name].get("examples"), f"{name} has no example"
    for probe in ("/healthz", "/livez", "/readyz", "/metrics"):
        operation = spec["paths"][probe]["get"]
        assert not {"401", "403"} & set(operation["responses"]), probe
        assert "security" not in operation, probe
    screen = spec["paths"]["/v1/screen"]["post"]
    assert screen["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Ad"}
    ok = screen["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/Verdict"}
    # Every $ref in the document resolves.
    refs = set()

    def walk(node) -> None:
        if isinstance(node, dict):
            if "$ref" in node:
                refs.add(node["$ref"].rsplit("/", 1)[1])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    assert refs <= set(components)


def test_serve_with_metrics_flag_and_json_log_setting(tmp_path) -> None:
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAMARITAN_")}
    env["SAMARITAN_LOG_FORMAT"] = "json"  # the setting from the environment, the flag for metrics
    command = [sys.executable, "-m", "samaritan.cli", "serve", "--data", str(tmp_path / "data"), "--port", str(port),
               "--metrics", "--access-log", "--workers", "0"]  # fmt: skip
    server = subprocess.Popen(command, env=env, cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                ready = httpx.get(f"{base}/readyz", headers={"X-Request-ID": "probe-1"}, timeout=2)
                if ready.status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline and server.poll() is None, "serve did not become ready"
            time.sleep(0.2)
        scrape = httpx.get(f"{base}/metrics", timeout=5)
        families = {f.name for f in text_string_to_metric_families(scrape.text)}
        assert {"samaritan_http_requests", "samaritan_audit_chain_length"} <= families
    finally:
        server.send_signal(signal.SIGTERM)
        _, stderr = server.communicate(timeout=30)
    lines = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    assert any(line.get("request_id") == "probe-1" and line.get("route") == "/readyz" for line in lines), stderr
    # The start-up line is a JSON record too, not plain text among the JSON lines.
    assert any("listening on http://127.0.0.1" in line.get("message", "") for line in lines), stderr
    assert not any(line.startswith("samaritan serve:") for line in stderr.splitlines()), stderr


def test_announce_writes_one_json_record_past_the_log_level(json_log) -> None:
    logging.getLogger().setLevel(logging.ERROR)  # an operator who asked for errors only still sees it
    logconfig.announce("samaritan serve: listening on http://127.0.0.1:8470", "json")
    record = json.loads(json_log.getvalue().strip())
    assert record["message"] == "samaritan serve: listening on http://127.0.0.1:8470"
    assert record["level"] == "INFO" and record["request_id"] == "-"
