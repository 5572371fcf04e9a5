"""The evidence store on SQLite and PostgreSQL: the audit chain catches every kind of tampering,
retention keeps what the law requires, webhooks arrive signed after failures."""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading
import typing
from datetime import UTC, datetime, timedelta

import orjson
import pytest

from samaritan.engine.screener import Screener
from samaritan.evidence.db import Store
from samaritan.service.screening import ScreeningService
from samaritan.service.settings import WebhookPolicy
from samaritan.service.webhooks import Deliverer, verify_signature

COMMERCIAL = "Incall and outcall, 150 roses hh, 250 roses hr. Text 702-555-0123."
YOUTH = "Sweet t33n, new to the game. Incall, 150 roses hh. Text 702-555-0124."


@pytest.fixture
def service(store_url: str, screener: Screener):
    store = Store(store_url)
    store.migrate()
    service = ScreeningService(store, screener)
    for i, body in enumerate(["Desk lamp, $10.", COMMERCIAL, YOUTH, "Room for rent, new to town ok."]):
        service.screen(orjson.dumps({"id": f"ad{i}", "category": "adult" if i in (1, 2) else "for-sale", "body": body}),
                       "site-a", "test")  # fmt: skip
    store.record_decision("site-a", "ad0", "allow", "rev", "fine", "test")
    yield service
    store.close()


def _sql(store: Store, statement: str) -> None:
    with store.write_engine.begin() as conn:
        for part in statement.split(";"):
            conn.exec_driver_sql(part)


def test_untouched_store_verifies(service) -> None:
    report = service.store.verify()
    assert report["ok"] and report["entries"] == 5


@pytest.mark.parametrize(
    ("tamper", "found"),
    [
        ("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2", "entry 2 (ad.screened) was changed"),
        ("DELETE FROM audit_log WHERE seq = 3", "entry 3 is missing"),
        ("DELETE FROM audit_log WHERE seq = 5", "entries were removed"),
        # Swap two entries' places: their hashes no longer follow each other.
        (
            "UPDATE audit_log SET seq = 100 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3;"
            "UPDATE audit_log SET seq = 3 WHERE seq = 100",
            "entry 2",
        ),
        ("UPDATE verdicts SET body = replace(body, 'block', 'allow') WHERE pk = 2", "verdicts row 2 was changed"),
        (
            "UPDATE blobs SET content = CAST(content || 'x' AS BLOB) WHERE media_type = 'application/json'",
            "no longer matches",
        ),
    ],
)
def test_audit_verify_finds_every_kind_of_tampering(service, tamper: str, found: str) -> None:
    store = service.store
    if "||" in tamper and not store.is_sqlite:
        tamper = tamper.replace("CAST(content || 'x' AS BLOB)", "content || '\\x00'::bytea")
    _sql(store, tamper)
    report = store.verify()
    assert not report["ok"] and found in report["problem"], report


def test_cli_audit_verify_exit_codes(tmp_path) -> None:
    data = tmp_path / "data"
    run = [sys.executable, "-m", "samaritan.cli"]
    assert (
        subprocess.run([*run, "keys", "create", "--platform", "p", "--data", str(data)], capture_output=True).returncode
        == 0
    )
    ok = subprocess.run([*run, "audit", "verify", "--data", str(data)], capture_output=True, text=True)
    assert ok.returncode == 0 and "intact" in ok.stdout
    store = Store(f"sqlite:///{data / 'samaritan.db'}")
    _sql(store, "UPDATE audit_log SET action = 'x' WHERE seq = 1")
    store.close()
    bad = subprocess.run([*run, "audit", "verify", "--data", str(data)], capture_output=True, text=True)
    assert bad.returncode == 4 and "entry 1" in bad.stderr


def test_purge_keeps_held_evidence_and_is_audited(service) -> None:
    store = service.store
    later = datetime.now(UTC) + timedelta(days=120)  # past the 90-day default, inside the 1-year hold
    result = store.purge(later)
    history = {i: store.history("site-a", f"ad{i}")["revisions"][0] for i in range(4)}
    # ad2 has youth indicators (minor risk): held; ad1 is commercial only, ad0 and ad3 ordinary.
    assert history[2]["hold"] and history[2]["raw"] is not None and history[2]["verdicts"]
    purged = [i for i in range(4) if history[i]["purged_at"]]
    assert purged == [0, 1, 3] and result["purged"] == 3
    assert all(history[i]["raw"] is None and not history[i]["verdicts"] for i in purged)
    assert history[0]["sha256"]  # the tombstone keeps what was held
    report = store.verify()
    assert report["ok"], report
    with store.engine.connect() as conn:
        last = conn.exec_driver_sql("SELECT action, detail FROM audit_log ORDER BY seq DESC").first()
    assert last.action == "purge" and "site-a/ad1@1" in orjson.loads(last.detail)["ads"]
    # A year and a day later the hold has ended too.
    assert store.purge(datetime.now(UTC) + timedelta(days=366))["purged"] == 1


def test_retention_hold_cannot_be_configured_below_a_year() -> None:
    from pydantic import ValidationError

    from samaritan.engine.policy import Retention

    with pytest.raises(ValidationError):
        Retention(hold_days=200)


def test_links_are_rebuilt_from_the_store_after_a_restart(service, screener: Screener) -> None:
    before = service.screen(orjson.dumps({"id": "ad9", "category": "adult", "body": COMMERCIAL}), "site-a", "t").verdict
    restarted = ScreeningService(service.store, screener)
    assert restarted.rebuild_links() == 5
    again = restarted.screen(
        orjson.dumps({"id": "ad10", "category": "adult", "body": COMMERCIAL}), "site-a", "t"
    ).verdict
    assert again["network"]["network_id"] == before["network"]["network_id"] is not None


class _Receiver(http.server.BaseHTTPRequestHandler):
    fail_first = 2
    received: typing.ClassVar[list[tuple[dict, bytes]]] = []

    def do_POST(self):  # http.server's naming
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((dict(self.headers), body))
        status = 500 if len(type(self).received) <= type(self).fail_first else 204
        self.send_response(status)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_webhooks_are_signed_and_retried_with_backoff(service) -> None:
    store = service.store
    _Receiver.received = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        secret = store.set_webhook("site-a", f"http://127.0.0.1:{server.server_port}/hook", "test")
        service.screen(orjson.dumps({"id": "w1", "category": "adult", "body": COMMERCIAL}), "site-a", "test")
        service.screen(orjson.dumps({"id": "w2", "category": "for-sale", "body": "Desk, $5."}), "site-a", "test")
        # The receiver is on loopback: only an explicit test policy lets a webhook go there.
        policy = WebhookPolicy(allow_http=True, allow_hosts=frozenset({"127.0.0.1"}))
        deliverer = Deliverer(store, base_delay_s=0.0, max_attempts=5, policy=policy)
        for _ in range(5):
            deliverer.deliver_due()
        deliverer.stop()
    finally:
        server.shutdown()
    # One event (the allowed ad sends none), failed twice, then delivered; same id each time.
    assert len(_Receiver.received) == 3
    ids = {headers["Samaritan-Event-Id"] for headers, _ in _Receiver.received}
    assert len(ids) == 1
    headers, body = _Receiver.received[-1]
    assert verify_signature(secret, body, headers["Samaritan-Signature"])
    assert not verify_signature("whsec_wrong", body, headers["Samaritan-Signature"])
    assert not verify_signature(secret, body + b" ", headers["Samaritan-Signature"])
    event = orjson.loads(body)
    assert event["event"] == "verdict.created" and event["id"] == "w1" and event["decision"] == "block"
    assert "body" not in event  # no ad text leaves in a webhook
    row = store.outbox("site-a")[0]
    assert row["delivered_at"] and row["attempts"] == 3


def test_demo_posts_its_site_to_the_store(tmp_path) -> None:
    import io

    from samaritan.runs.demo import run_demo
    from samaritan.service.demo import load_into_store

    run_demo(tmp_path, n=300, seed=3, out=io.StringIO())
    out = io.StringIO()
    service, key = load_into_store(tmp_path, 8470, out=out)
    assert service.store.count_ads("synthetic-site") == 300
    assert service.store.authenticate(key).platform == "synthetic-site"
    assert service.store.verify()["ok"]
    assert "not allowed" in out.getvalue()
    service.store.close()


def test_two_writers_on_one_database_keep_one_chain(service, screener: Screener) -> None:
    # A second server process on the same database: each appends while the other's idea of
    # the chain head goes stale. Every post must land, once, and the chain must still verify.
    other = Store(service.store.url)
    second = ScreeningService(other, screener)
    try:
        for i in range(6):
            writer = service if i % 2 else second
            writer.screen(orjson.dumps({"id": f"both{i}", "body": f"Bike number {i}, $40."}), "site-a", "test")
            other.audit_event("ad.viewed", "test", "site-a", f"both{i}")  # moves the head under `service`
        errors: list[Exception] = []

        def post(writer: ScreeningService, name: str) -> None:
            try:
                for i in range(15):
                    body = orjson.dumps({"id": f"{name}{i}", "body": f"Chair {i} from {name}, $15."})
                    writer.screen(body, "site-a", "test")
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=post, args=(w, n)) for w, n in ((service, "a"), (second, "b"))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors
        report = service.store.verify()
        assert report["ok"], report
        assert service.store.count_ads("site-a") == 4 + 6 + 30
    finally:
        other.close()


def test_a_purged_ad_posted_again_gets_its_bytes_back(service) -> None:
    store = service.store
    raw = orjson.dumps({"id": "ad0", "category": "for-sale", "body": "Desk lamp, $10."})
    store.purge(datetime.now(UTC) + timedelta(days=120))
    assert store.history("site-a", "ad0")["revisions"][0]["raw"] is None
    # The very same bytes again: a new revision whose blob (shared by hash) holds them again.
    assert service.screen(raw, "site-a", "test").created
    latest = store.history("site-a", "ad0")["revisions"][-1]
    assert latest["revision"] == 2 and latest["raw"] is not None
    assert store.verify()["ok"]
