"""OpenTelemetry tracing of the service (the `tracing` setting, the otel extra): one server span per
request named by its route template, child spans for the screening stages and the store write, the
caller's trace continued, and never a path, ad id, ad text or contact in any attribute."""

from __future__ import annotations

import orjson
import pytest
from fastapi.testclient import TestClient
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from samaritan.evidence.db import Store
from samaritan.service import tracing
from samaritan.service.app import create_app
from samaritan.service.screening import ScreeningService
from samaritan.service.settings import ServiceSettings

PHONE = "702-555-0142"
BODY = f"Incall and outcall, 150 roses hh. Ask for Amberlyn, text {PHONE}."
AD_ID = "ad-trace-7731"


@pytest.fixture
def traced(tmp_path, screener):
    store = Store(f"sqlite:///{tmp_path / 'evidence.db'}")
    store.migrate()
    exporter = InMemorySpanExporter()
    tracing.configure(exporter=exporter)
    service = ScreeningService(store, screener)
    tracing.instrument(service)
    client = TestClient(create_app(service, settings=ServiceSettings()))
    client.key = store.create_key("site-a", ("screen", "read"))
    yield client, exporter
    tracing.configure("off")
    store.close()


def _values(span) -> list[str]:
    return [str(v) for v in span.attributes.values()] + [span.name]


def test_a_screen_is_a_request_span_with_stage_spans_and_no_ad_data(traced) -> None:
    client, exporter = traced
    parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    answer = client.post("/v1/screen", content=orjson.dumps({"id": AD_ID, "category": "dating", "body": BODY}),
                         headers={"Authorization": f"Bearer {client.key}", "Content-Type": "application/json",
                                  "traceparent": parent, "X-Request-ID": "req-42"})  # fmt: skip
    assert answer.status_code == 200, answer.text
    spans = {span.name: span for span in exporter.get_finished_spans()}
    request = spans["POST /v1/screen"]
    assert request.attributes["http.route"] == "/v1/screen"
    assert request.attributes["http.response.status_code"] == 200
    assert request.attributes["samaritan.request_id"] == "req-42"
    assert format(request.context.trace_id, "032x") == "0af7651916cd43dd8448eb211c80319c"  # the caller's trace
    for stage in ("screen.parse", "screen.engine", "screen.link_and_store", "store.write"):
        assert spans[stage].context.trace_id == request.context.trace_id, stage
    assert spans["screen.parse"].parent.span_id == request.context.span_id
    assert spans["store.write"].parent.span_id == spans["screen.link_and_store"].context.span_id
    assert spans["screen.engine"].attributes["samaritan.decision"] == answer.json()["decision"]
    assert spans["store.write"].attributes["samaritan.revision"] == 1
    everything = " ".join(value for span in spans.values() for value in _values(span))
    for secret in (AD_ID, PHONE, "Amberlyn", "roses", "site-a", client.key):
        assert secret not in everything, secret


def test_a_read_names_the_route_template_not_the_path(traced) -> None:
    client, exporter = traced
    answer = client.get(f"/v1/ads/site-a/{AD_ID}", headers={"Authorization": f"Bearer {client.key}"})
    assert answer.status_code == 404
    (span,) = exporter.get_finished_spans()
    assert span.name == "GET /v1/ads/{platform}/{ad_id}" and span.attributes["http.response.status_code"] == 404
    assert AD_ID not in " ".join(_values(span))


def test_off_by_default_and_a_clear_error_for_an_unknown_mode(tmp_path, screener) -> None:
    assert tracing.configure() is None and tracing.tracer() is None
    store = Store(f"sqlite:///{tmp_path / 'evidence.db'}")
    store.migrate()
    service = ScreeningService(store, screener)
    tracing.instrument(service)  # wrapped, but nothing is recorded while tracing is off
    client = TestClient(create_app(service, settings=ServiceSettings()))
    key = store.create_key("site-a", ("screen",))
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    assert client.post("/v1/screen", content=b'{"id": "x", "body": "Desk, $5"}', headers=headers).status_code == 200
    store.close()
    with pytest.raises(ValueError, match="tracing is one of off, console, otlp"):
        tracing.configure("jaeger")


def test_serve_with_the_tracing_setting_prints_spans_of_a_screen(tmp_path) -> None:
    """`SAMARITAN_TRACING=console samaritan serve`: the command turns tracing on and wraps the
    service's stages; the spans of one screen reach the exporter (stderr) without the ad's data."""
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time

    import httpx

    from samaritan.evidence import open_store

    store = open_store(str(tmp_path / "data"))
    key = store.create_key("site-a", ("screen",))
    store.close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAMARITAN_")}
    env["SAMARITAN_TRACING"] = "console"
    command = [sys.executable, "-m", "samaritan.cli", "serve", "--data", str(tmp_path / "data"), "--port", str(port),
               "--workers", "0"]  # fmt: skip
    server = subprocess.Popen(command, env=env, cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{base}/livez", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline and server.poll() is None, "serve did not start"
            time.sleep(0.2)
        ad = orjson.dumps({"id": AD_ID, "category": "dating", "body": BODY})
        answer = httpx.post(f"{base}/v1/screen", content=ad, timeout=30,
                            headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})  # fmt: skip
        assert answer.status_code == 200, answer.text
    finally:
        server.send_signal(signal.SIGTERM)
        _, stderr = server.communicate(timeout=60)
    for name in ('"POST /v1/screen"', '"screen.engine"', '"store.write"'):
        assert f'"name": {name}' in stderr, stderr[-2000:]
    for secret in (AD_ID, PHONE, "Amberlyn", key):
        assert secret not in stderr, secret
