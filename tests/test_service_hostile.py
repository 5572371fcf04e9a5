"""The service against hostile input: wrong types at any depth, hostile batches, non-images and
pixel bombs, webhook URLs that point inside, client values in logs, and the expensive work kept
outside the store's write lock. Runs on embedded SQLite and PostgreSQL (conftest.store_url)."""

from __future__ import annotations

import http.server
import io
import logging
import os
import struct
import threading
import zlib
from typing import Annotated, ClassVar

import orjson
import pytest
from fastapi import APIRouter, Depends
from fastapi.testclient import TestClient
from PIL import Image

from samaritan.engine.adparse import AdError, parse_ad
from samaritan.engine.screener import Screener
from samaritan.evidence.db import ApiKey, Store
from samaritan.service import admission, urlguard, workers
from samaritan.service.app import create_app
from samaritan.service.deps import require
from samaritan.service.screening import Rejected, ScreeningService
from samaritan.service.settings import ServiceSettings, WebhookPolicy
from samaritan.service.webhooks import Deliverer

COMMERCIAL = "Incall and outcall, 150 roses hh, 250 roses hr. Text 702-555-0123."
MARKER = "zq-marker-7731"  # a client value that must never reach a log above debug


def _offline(host: str, port: int) -> list[str]:
    # No DNS in tests: "localhost" is loopback, any other name does not resolve.
    if host == "localhost":
        return ["127.0.0.1"]
    raise OSError("no DNS in tests")


@pytest.fixture
def store(store_url: str):
    store = Store(store_url)
    store.migrate()
    yield store
    store.close()


@pytest.fixture
def api(store: Store, screener: Screener):
    service = ScreeningService(store, screener)
    settings = ServiceSettings(max_body=64 * 1024, webhooks=WebhookPolicy(resolver=_offline))
    client = TestClient(create_app(service, settings=settings), raise_server_exceptions=False)
    client.service = service
    client.headers["Authorization"] = "Bearer " + store.create_key("site-a", ("screen", "read", "review", "admin"))
    return client


def _batch(api, ads: list[bytes]):
    return api.post("/v1/screen/batch", content=b'{"ads": [' + b",".join(ads) + b"]}")


# ---------------------------------------------------------------- validation at any depth
BAD_ADS = [
    ({"id": "v", "body": "hi", "images": [{"pdq": "zz"}]}, "$.images[0].pdq"),
    ({"id": "v", "body": "hi", "images": [123]}, "$.images[0]"),
    ({"id": "v", "body": "hi", "images": [[1]]}, "$.images[0]"),
    ({"id": "v", "body": "hi", "images": [{"sha256": 5}]}, "$.images[0].sha256"),
    ({"id": "v", "body": "hi", "images": [{}]}, "$.images[0]"),
    ({"id": "v", "body": "hi", "location": {"city": 1}}, "$.location.city"),
    ({"id": "v", "body": "hi", "poster": {"phone": 7025550123}}, "$.poster.phone"),
    ({"id": "v", "body": "hi", "price": [1]}, "$.price"),
    ({"id": 12, "body": "hi"}, "$.id"),
    ({"id": True, "body": "hi"}, "$.id"),
]


@pytest.mark.parametrize(("ad", "path"), BAD_ADS)
def test_a_wrong_type_anywhere_is_a_422_naming_its_path_on_the_service_and_the_cli(api, ad, path) -> None:
    response = api.post("/v1/screen", content=orjson.dumps(ad))
    assert response.status_code == 422, response.text
    problem = response.json()
    assert response.headers["content-type"] == "application/problem+json"
    assert problem["code"] == "wrong_type" and problem["path"] == path
    with pytest.raises(AdError) as raised:  # the CLI's readers use the same parser
        parse_ad(ad)
    assert raised.value.path == path


def test_an_ad_nested_too_deep_is_a_4xx_alone_and_in_a_batch(api) -> None:
    deep = b'{"id": "d", "body": "hi", "x": ' + b"[" * 2000 + b"]" * 2000 + b"}"
    assert api.post("/v1/screen", content=deep).status_code == 400
    response = _batch(api, [orjson.dumps({"id": "ok1", "body": COMMERCIAL}), deep, b"[" * 2000 + b"]" * 2000])
    assert response.status_code == 200
    results = response.json()["verdicts"]
    assert results[0]["id"] == "ok1" and "decision" in results[0]
    assert [r["error"]["status"] for r in results[1:]] == [400, 400]


# ---------------------------------------------------------------- batches
def test_a_batch_applies_the_single_ad_limit_to_each_ad(api) -> None:
    big = orjson.dumps({"id": "big", "body": "a " * 40_000})  # 80 KB: over the 64 KiB single-ad limit
    assert api.post("/v1/screen", content=big).status_code == 413
    results = _batch(api, [big, orjson.dumps({"id": "small", "body": COMMERCIAL})]).json()["verdicts"]
    assert results[0]["error"]["code"] == "ad_too_large" and results[0]["error"]["status"] == 413
    assert results[1]["id"] == "small" and results[1]["decision"] == "block"
    assert api.get("/v1/ads/site-a/big").status_code == 404


def test_a_retried_batch_stores_nothing_twice_and_returns_the_same_verdicts(api, store: Store) -> None:
    ads = [orjson.dumps({"id": f"r{i}", "body": f"{COMMERCIAL} Room {i}."}) for i in range(5)]
    ads.insert(2, b'{"id": "r-bad", "body": 5}')
    first = _batch(api, ads).json()["verdicts"]
    count = store.count_ads("site-a")
    again = _batch(api, ads).json()["verdicts"]
    assert again == first and store.count_ads("site-a") == count == 5
    assert first[2]["error"] == {
        "code": "wrong_type",
        "message": first[2]["error"]["message"],
        "line": 3,
        "status": 422,
        "path": "$.ads[2].body",
    }


def test_an_id_twice_in_one_batch_is_refused_the_second_time(api) -> None:
    one = orjson.dumps({"id": "twice", "body": COMMERCIAL})
    two = orjson.dumps({"id": "twice", "body": COMMERCIAL + " New."})
    results = _batch(api, [one, two]).json()["verdicts"]
    assert results[0]["revision"] == 1
    assert results[1]["error"]["code"] == "duplicate_in_batch" and results[1]["error"]["status"] == 409


# ---------------------------------------------------------------- images
def _png(width: int, height: int) -> bytes:
    """A PNG header claiming this size, with almost no pixel data: the shape of a pixel bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def _pattern_png() -> bytes:
    image = Image.new("RGB", (64, 64))
    image.putdata([((x * 4) % 256, (y * 4) % 256, ((x ^ y) * 8) % 256) for y in range(64) for x in range(64)])
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_images_are_checked_before_decoding(api) -> None:
    for junk in (b"not an image at all", b"%PDF-1.4 ...", b"BM" + b"\0" * 60):
        response = api.post("/v1/images", content=junk, headers={"Content-Type": "image/png"})
        assert response.status_code == 415 and response.json()["code"] == "not_an_image"
    bomb = api.post("/v1/images", content=_png(12000, 12000), headers={"Content-Type": "image/png"})
    assert bomb.status_code == 413 and bomb.json()["code"] == "image_too_large"
    good = _pattern_png()
    stored = api.post("/v1/images", content=good, headers={"Content-Type": "text/plain"})
    assert stored.status_code == 201
    sha = stored.json()["sha256"]
    # Two ads naming the same stored image are linked by it.
    api.post("/v1/screen", content=orjson.dumps({"id": "i1", "body": "Desk for sale.", "images": [{"sha256": sha}]}))
    second = api.post("/v1/screen", content=orjson.dumps({"id": "i2", "body": "A chair.", "images": [{"sha256": sha}]}))
    assert any(link["via"].startswith("image_sha256:") for link in second.json()["network"]["links"])


# ---------------------------------------------------------------- webhooks
REFUSED = [
    "http://example.com/hook",  # plain http
    "https://127.0.0.1/hook",
    "https://127.1/hook",
    "https://[::1]/hook",
    "https://[::ffff:127.0.0.1]/hook",
    "https://[::ffff:a9fe:a9fe]/hook",
    "https://169.254.169.254/latest/meta-data",
    "https://0/hook",
    "https://0.0.0.0/hook",
    "https://10.1.2.3/hook",
    "https://192.168.1.1/hook",
    "https://100.64.0.1/hook",
    "https://224.0.0.1/hook",
    "https://[fe80::1]/hook",
    "https://[fc00::1]/hook",
    "https://[64:ff9b::7f00:1]/hook",
    "https://localhost/hook",
    "https://example.com/a\x00b",
    "https://example.com/a\nb",
    "https://exa mple.com/",
    "https://user:pw@93.184.215.14/",
    "ftp://93.184.215.14/",
    "https://no-such-host.invalid/",
]


@pytest.mark.parametrize("url", REFUSED)
def test_webhook_urls_that_reach_inside_are_refused(api, url: str) -> None:
    response = api.put("/v1/webhook", json={"url": url})
    assert response.status_code == 422, response.text
    assert api.get("/v1/webhook").status_code == 404


def test_a_public_https_webhook_is_accepted(api) -> None:
    response = api.put("/v1/webhook", json={"url": "https://93.184.215.14/hook"})
    assert response.status_code == 200 and response.json()["secret"].startswith("whsec_")


class _Receiver(http.server.BaseHTTPRequestHandler):
    seen: ClassVar[list[dict[str, str]]] = []
    status = 200

    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        type(self).seen.append(dict(self.headers))
        self.send_response(self.status)
        if self.status == 302:
            self.send_header("Location", "/elsewhere")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    _Receiver.seen, _Receiver.status = [], 200
    server = http.server.HTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def _deliver(store: Store, service: ScreeningService, url: str, policy: WebhookPolicy) -> Deliverer:
    store.set_webhook("site-a", url, "test")  # as if it passed when set, and DNS changed since
    service.screen(orjson.dumps({"id": "w1", "category": "adult", "body": COMMERCIAL}), "site-a", "test")
    deliverer = Deliverer(store, base_delay_s=0.0, max_attempts=2, policy=policy)
    for _ in range(2):
        deliverer.deliver_due()
    deliverer.stop()
    return deliverer


def test_every_delivery_checks_the_address_again(api, store: Store, receiver) -> None:
    url = f"http://localhost:{receiver.server_port}/hook"
    _deliver(store, api.service, url, WebhookPolicy(allow_http=True, resolver=_offline))
    assert _Receiver.seen == []
    row = store.outbox("site-a")[0]
    assert row["dead"] and row["last_error"].startswith("refused")


def test_delivery_goes_to_the_checked_address_with_the_host_name_kept(api, store: Store, receiver) -> None:
    policy = WebhookPolicy(allow_http=True, allow_hosts=frozenset({"localhost"}), resolver=_offline)
    assert urlguard.check(f"http://localhost:{receiver.server_port}/h", policy).url.startswith("http://127.0.0.1:")
    _deliver(store, api.service, f"http://localhost:{receiver.server_port}/hook", policy)
    assert [h["Host"] for h in _Receiver.seen] == [f"localhost:{receiver.server_port}"]
    assert store.outbox("site-a")[0]["delivered_at"]


def test_redirects_are_not_followed(api, store: Store, receiver) -> None:
    _Receiver.status = 302
    policy = WebhookPolicy(allow_http=True, allow_hosts=frozenset({"127.0.0.1"}))
    _deliver(store, api.service, f"http://127.0.0.1:{receiver.server_port}/hook", policy)
    assert len(_Receiver.seen) == 2  # two attempts, each one request: the Location was never fetched
    assert store.outbox("site-a")[0]["last_error"] == "HTTP 302"


# ---------------------------------------------------------------- logs, the lock, abandoned work
def test_no_client_value_reaches_the_logs_above_debug(api, caplog, monkeypatch) -> None:
    caplog.set_level(logging.INFO)
    api.post("/v1/screen", content=orjson.dumps({"id": MARKER, "body": 5}))
    _batch(api, [orjson.dumps({"id": MARKER, "body": "hi", "images": [{"pdq": MARKER}]})])
    api.put("/v1/webhook", json={"url": f"https://{MARKER}.invalid/"})

    def explode(ad):
        raise ValueError(f"failed on {ad.body}")

    monkeypatch.setattr(api.service.screener, "screen", explode)
    crashed = api.post("/v1/screen", content=orjson.dumps({"id": "c1", "body": MARKER}))
    assert crashed.status_code == 500 and MARKER not in crashed.text
    assert any(r.levelno >= logging.ERROR and "ValueError" in r.getMessage() for r in caplog.records)
    assert not [r for r in caplog.records if r.levelno >= logging.INFO and MARKER in r.getMessage()]


def test_screening_and_link_keys_run_outside_the_write_lock(api, store: Store, monkeypatch) -> None:
    def lock_is_free() -> bool:
        # Asked from another thread: an RLock held by this thread would still look free here.
        result = []

        def probe_lock() -> None:
            result.append(store.write_lock.acquire(blocking=False))
            if result[0]:
                store.write_lock.release()

        probe = threading.Thread(target=probe_lock)
        probe.start()
        probe.join()
        return result[0]

    held_during: list[str] = []
    screen, collect = api.service.screener.screen, workers.collect_record

    def watched_screen(ad):
        held_during.extend([] if lock_is_free() else ["screen"])
        return screen(ad)

    def watched_collect(*args, **kwargs):
        held_during.extend([] if lock_is_free() else ["collect_record"])
        return collect(*args, **kwargs)

    monkeypatch.setattr(api.service.screener, "screen", watched_screen)
    monkeypatch.setattr(workers, "collect_record", watched_collect)
    assert api.post("/v1/screen", content=orjson.dumps({"id": "l1", "body": COMMERCIAL})).status_code == 200
    assert held_during == []


def test_work_for_a_client_that_has_gone_is_abandoned_before_storing(api, store: Store) -> None:
    gone = threading.Event()
    gone.set()
    with pytest.raises(Rejected) as raised:
        api.service.screen(orjson.dumps({"id": "g1", "body": COMMERCIAL}), "site-a", "test", gone)
    assert raised.value.code == "client_gone"
    assert store.latest("site-a", "g1") is None


_console = APIRouter()


@_console.get("/console/whoami")
def _whoami(key: Annotated[ApiKey, Depends(require("review"))]) -> dict[str, str]:
    return {"platform": key.platform}


def test_another_router_mounts_with_one_argument_and_shares_the_key_checks(store: Store, screener: Screener) -> None:
    console = _console
    client = TestClient(create_app(ScreeningService(store, screener), extra_routers=[console]))
    assert client.get("/console/whoami").status_code == 401
    read_only = store.create_key("site-a", ("read",))
    assert client.get("/console/whoami", headers={"Authorization": f"Bearer {read_only}"}).status_code == 403
    reviewer = store.create_key("site-a", ("review",))
    response = client.get("/console/whoami", headers={"Authorization": f"Bearer {reviewer}"})
    assert response.json() == {"platform": "site-a"}


def test_while_the_link_index_loads_health_answers_and_screens_are_asked_to_retry(api) -> None:
    api.service.ready.clear()
    api.service.ready_timeout_s = 0.05
    assert api.get("/healthz").json()["links"] == "loading"
    waiting = api.post("/v1/screen", content=orjson.dumps({"id": "s1", "body": COMMERCIAL}))
    assert waiting.status_code == 503 and waiting.json()["code"] == "starting" and waiting.headers["Retry-After"]
    api.service.ready.set()
    assert api.post("/v1/screen", content=orjson.dumps({"id": "s1", "body": COMMERCIAL})).status_code == 200


def test_on_worker_processes_an_ad_over_its_budget_is_stopped_and_the_next_is_served(
    screener: Screener, tmp_path
) -> None:
    store = Store(f"sqlite:///{tmp_path / 'samaritan.db'}")  # workers never touch the store: one backend
    store.migrate()
    service = ScreeningService(store, screener)
    api = TestClient(create_app(service))
    api.headers["Authorization"] = "Bearer " + store.create_key("site-a", ("screen",))
    pool = workers.WorkerPool(screener, size=1, budget_s=0.0)
    pool.start()
    service.pool = pool
    try:
        stopped = api.post("/v1/screen", content=orjson.dumps({"id": "p1", "body": COMMERCIAL}))
        assert stopped.status_code == 422 and stopped.json()["code"] == "over_budget"
        assert pool.replaced == 1 and store.latest("site-a", "p1") is None
        pool.budget_s = 120.0
        served = api.post("/v1/screen", content=orjson.dumps({"id": "p2", "body": COMMERCIAL})).json()
    finally:
        pool.close()
    service.pool = None
    alone = api.post("/v1/screen", content=orjson.dumps({"id": "p3", "body": COMMERCIAL})).json()
    store.close()
    assert served["decision"] == alone["decision"] == "block"
    assert served["entities"] == alone["entities"] and served["indicators"] == alone["indicators"]
    assert {"id": "p2@1", "via": "phone:+17025550123"} in alone["network"]["links"]


def _heavy(ad_id: str) -> bytes:
    return orjson.dumps({"id": ad_id, "body": "a" * 40_000})


def test_ads_shaped_like_an_attack_wait_in_a_bounded_lane_of_their_own(api) -> None:
    service: ScreeningService = api.service
    service.heavy.serial.acquire()  # the heavy lane is busy: heavy ads queue, up to its slots
    answers: dict[str, tuple[int, list[str]]] = {}

    def post(ad_id: str, headers: dict[str, str]) -> None:
        response = api.post("/v1/screen", content=_heavy(ad_id), headers=headers)
        answers[ad_id] = response.status_code, response.json().get("reasons", [])

    other = {"Authorization": "Bearer " + service.store.create_key("site-b", ("screen",))}
    flood = [threading.Thread(target=post, args=(f"h{i}", {})) for i in range(admission.PER_CLIENT)]
    try:
        for thread in flood:
            thread.start()
        while service.heavy.taken() < admission.PER_CLIENT:  # the client's heavy ads are waiting
            threading.Event().wait(0.01)
        refused = api.post("/v1/screen", content=_heavy("h-extra"))  # one client: its share is taken
        assert refused.status_code == 503 and refused.json()["code"] == "busy"
        assert refused.headers["Retry-After"]
        ordinary = api.post("/v1/screen", content=orjson.dumps({"id": "o1", "body": COMMERCIAL}))
        assert ordinary.status_code == 200 and ordinary.json()["decision"] == "block"
        others = [threading.Thread(target=post, args=(f"b{i}", other)) for i in range(admission.PER_CLIENT)]
        for thread in others:  # another client still has slots of its own
            thread.start()
        while service.heavy.taken() < admission.HEAVY_SLOTS:
            threading.Event().wait(0.01)
        full = api.post("/v1/screen", content=_heavy("b-extra"), headers=other)
        assert full.status_code == 503 and full.json()["code"] == "busy"
        flood += others
    finally:
        service.heavy.serial.release()
        for thread in flood:
            thread.join()
    assert sorted(answers) == sorted([f"{c}{i}" for c in "hb" for i in range(admission.PER_CLIENT)])
    for status, reasons in answers.values():  # each screened once the lane was free, cut to the budget
        assert status == 200 and any("work budget" in r for r in reasons)


def test_on_worker_processes_heavy_ads_run_in_their_own_lower_priority_pool(screener: Screener, tmp_path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'samaritan.db'}")
    store.migrate()
    service = ScreeningService(store, screener)
    api = TestClient(create_app(service))
    api.headers["Authorization"] = "Bearer " + store.create_key("site-a", ("screen",))
    lanes = workers.Lanes(screener, size=1, budget_s=120.0, heavy_size=1)
    lanes.start()
    service.pool = lanes
    try:
        lanes.warm()
        heavy_pid = lanes.heavy._free[0].process.pid
        ordinary_pid = lanes.ordinary._free[0].process.pid
        assert os.getpriority(os.PRIO_PROCESS, heavy_pid) >= os.getpriority(os.PRIO_PROCESS, ordinary_pid) + 1
        lanes.heavy.budget_s = 0.0  # a heavy ad now overruns: only the heavy lane's worker is replaced
        stopped = api.post("/v1/screen", content=_heavy("h1"))
        assert stopped.status_code == 422 and stopped.json()["code"] == "over_budget"
        assert lanes.heavy.replaced == 1 and lanes.ordinary.replaced == 0
        served = api.post("/v1/screen", content=orjson.dumps({"id": "o1", "body": COMMERCIAL}))
        assert served.status_code == 200 and served.json()["decision"] == "block"
    finally:
        lanes.close()
        store.close()
