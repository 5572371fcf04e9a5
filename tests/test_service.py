"""The platform service over HTTP: screen at post time, keep the evidence, never a 5xx.
Every test runs on embedded SQLite and on PostgreSQL (see conftest.store_url)."""

from __future__ import annotations

import hashlib
import json
import threading
from datetime import UTC, datetime, timedelta
from importlib import resources

import jsonschema
import orjson
import pytest
from fastapi.testclient import TestClient

from samaritan.engine.policy import load_policy
from samaritan.engine.screener import Screener
from samaritan.evidence.db import Store
from samaritan.service.app import create_app
from samaritan.service.screening import ScreeningService

COMMERCIAL = "Incall and outcall, 150 roses hh, 250 roses hr. Text 702-555-0123."
TRAFFICKING = (
    "New girls every week, ask for Candy. Exotic Asian, 100% real pics. Incall, 150 roses hh. Text 702-555-0177."
)
VERDICT_SCHEMA = json.loads(resources.files("samaritan").joinpath("schemas/result.schema.json").read_text("utf-8"))


@pytest.fixture
def store(store_url: str):
    store = Store(store_url)
    store.migrate()
    yield store
    store.close()


@pytest.fixture
def api(store: Store, screener: Screener):
    service = ScreeningService(store, screener)
    client = TestClient(create_app(service, max_body=64 * 1024), raise_server_exceptions=True)
    client.service = service
    client.key_a = store.create_key("site-a", ("screen", "read", "review", "admin"))
    client.key_b = store.create_key("site-b")
    return client


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def post(api, ad: dict | bytes, key: str | None = None):
    body = ad if isinstance(ad, bytes) else orjson.dumps(ad)
    return api.post("/v1/screen", content=body, headers={**auth(key or api.key_a), "Content-Type": "application/json"})


def test_screen_returns_a_contract_verdict_and_keeps_the_exact_bytes(api) -> None:
    # Odd spacing, key order and escapes must survive byte for byte.
    raw = b'{ "body" : "Incall and outcall, 150 roses hh.  Text 702-555-0123. caf\\u00e9" ,"id":"a1", "x":[1,2] }'
    response = post(api, raw)
    assert response.status_code == 200, response.text
    verdict = response.json()
    jsonschema.validate(verdict, VERDICT_SCHEMA)
    assert verdict["decision"] == "block" and verdict["platform"] == "site-a" and verdict["revision"] == 1
    assert response.headers["Samaritan-Stored"] == "new"
    raw_back = api.get("/v1/ads/site-a/a1/revisions/1/raw", headers=auth(api.key_a))
    assert raw_back.content == raw
    assert raw_back.headers["Samaritan-Content-SHA256"] == hashlib.sha256(raw).hexdigest()


def test_same_bytes_are_idempotent_and_new_bytes_make_a_linked_revision(api) -> None:
    ad = {"id": "r1", "category": "for-sale", "body": "Girls bike, 20 inch, $40. Call 702-555-0142."}
    first, again = post(api, ad), post(api, ad)
    assert again.headers["Samaritan-Stored"] == "existing" and again.json() == first.json()
    edited = post(api, dict(ad, body="Girls bike, 20 inch, now $35. Call 702-555-0142."))
    assert edited.json()["revision"] == 2
    assert {"id": "r1@1", "via": "previous_id:r1@1"} in edited.json()["network"]["links"]
    history = api.get("/v1/ads/site-a/r1", headers=auth(api.key_a)).json()
    assert [r["revision"] for r in history["revisions"]] == [1, 2]
    assert history["revisions"][0]["ad"] == ad and len(history["revisions"][0]["verdicts"]) == 1
    assert history["revisions"][0]["network_id"] == history["revisions"][1]["network_id"] is not None


def test_a_blocked_ad_reposted_without_its_words_goes_to_review_at_post_time(api) -> None:
    blocked = post(
        api, {"id": "d1", "category": "adult", "body": "Incall, 150 roses hh, ask for Mia. Text 702-555-0150."}
    )
    assert blocked.json()["decision"] == "block"
    repost = {
        "id": "d2",
        "category": "dating",
        "previous_id": "d1",
        "body": "Mia here, new profile, say hello. Text 702-555-0150.",
    }
    verdict = post(api, repost).json()
    # On its own this text is allowed; the re-post of a blocked ad is what sends it to review.
    assert verdict["labels"] == [] and verdict["decision"] == "review"
    assert verdict["network"]["repost_of_blocked"] == "d1"
    assert any("Re-post of ad d1" in r for r in verdict["reasons"])


def test_sharing_a_phone_with_an_ad_blocked_for_trafficking_goes_to_review(api) -> None:
    first = post(api, {"id": "t1", "category": "adult", "body": TRAFFICKING}).json()
    assert "trafficking_risk" in first["labels"] and first["decision"] == "block"
    verdict = post(
        api, {"id": "t2", "category": "for-sale", "body": "Used sofa, good shape. Text 702-555-0177."}
    ).json()
    assert verdict["decision"] == "review" and verdict["labels"] == []
    assert any("Shares phone with ad t1" in r for r in verdict["reasons"])
    # An unrelated ordinary ad stays allowed.
    assert (
        post(api, {"id": "t3", "category": "for-sale", "body": "Used sofa. Text 702-555-0188."}).json()["decision"]
        == "allow"
    )


def test_keys_are_per_platform_and_scoped(api, store: Store) -> None:
    ad = {"id": "p1", "body": COMMERCIAL}
    assert post(api, ad).status_code == 200
    missing = api.post("/v1/screen", content=orjson.dumps(ad))
    assert missing.status_code == 401 and missing.headers["content-type"] == "application/problem+json"
    assert post(api, ad, key="sam_nope_nope").status_code == 401
    # site-b cannot see site-a's ad, cannot post as site-a, and has no admin scope.
    assert api.get("/v1/ads/site-a/p1", headers=auth(api.key_b)).status_code == 404
    assert post(api, dict(ad, platform="site-a"), key=api.key_b).json()["code"] == "wrong_platform"
    assert api.put("/v1/webhook", json={"url": "http://127.0.0.1:9/x"}, headers=auth(api.key_b)).status_code == 403
    read_only = store.create_key("site-a", ("read",))
    assert post(api, ad, key=read_only).status_code == 403
    key_id = api.key_a.split("_")[1]
    assert store.revoke_key(key_id)
    assert post(api, ad).status_code == 401


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (b"{not json", 400, "invalid_json"),
        (b"", 400, "empty_body"),
        (b"[1, 2]", 422, "not_an_object"),
        (b'{"body": "hello"}', 422, "missing_id"),
        (b'{"id": "x", "body": 5}', 422, "wrong_type"),
        (b'{"id": "x", "body": "  "}', 422, "no_text"),
        (b'{"id": "x", "body": "hi", "images": "a.png"}', 422, "wrong_type"),
        (b"\xff\xfe{}", 400, "invalid_json"),
    ],
)
def test_bad_ads_get_a_clear_problem(api, body: bytes, status: int, code: str) -> None:
    response = post(api, body)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == code and response.json()["detail"]


def test_body_size_is_limited(api) -> None:
    big = {"id": "big", "body": "x" * (70 * 1024)}
    response = post(api, big)
    assert response.status_code == 413 and response.json()["status"] == 413


def test_batch_keeps_order_and_reports_bad_ads_in_place(api) -> None:
    body = b'{"ads": [{"id": "b1", "body": "Girls bike for sale, $40."},  {"body": "no id"} ,{"id":"b3","body":"' + (
        COMMERCIAL.encode() + b'"}]}'
    )
    response = api.post("/v1/screen/batch", content=body, headers=auth(api.key_a))
    verdicts = response.json()["verdicts"]
    assert [v.get("id") for v in verdicts] == ["b1", None, "b3"]
    assert verdicts[1]["error"] == {
        "code": "missing_id",
        "message": verdicts[1]["error"]["message"],
        "line": 2,
        "status": 422,
        "path": "$.ads[1].id",
    }
    assert [verdicts[0]["decision"], verdicts[2]["decision"]] == ["allow", "block"]
    # Each ad of the batch is kept as the exact bytes it had inside the batch.
    raw = api.get("/v1/ads/site-a/b3/revisions/1/raw", headers=auth(api.key_a)).content
    assert raw == b'{"id":"b3","body":"' + COMMERCIAL.encode() + b'"}'
    assert api.post("/v1/screen/batch", content=b'{"ads": 5}', headers=auth(api.key_a)).status_code == 400
    assert api.post("/v1/screen/batch", content=b'{"other": []}', headers=auth(api.key_a)).status_code == 400


def test_reviewer_decision_holds_evidence_a_year_and_is_audited(api, store: Store) -> None:
    post(api, {"id": "h1", "category": "for-sale", "body": "Desk lamp, $10. Call 702-555-0101."})
    before = api.get("/v1/ads/site-a/h1", headers=auth(api.key_a)).json()["revisions"][0]
    assert before["hold"] is False
    response = api.post(
        "/v1/ads/site-a/h1/decisions",
        json={"decision": "report", "reviewer": "rev-7", "note": "CyberTipline report filed"},
        headers=auth(api.key_a),
    )
    assert response.status_code == 201
    after = api.get("/v1/ads/site-a/h1", headers=auth(api.key_a)).json()
    assert after["revisions"][0]["hold"] is True
    until = datetime.fromisoformat(after["revisions"][0]["retain_until"].replace("Z", "+00:00"))
    assert until >= datetime.now(UTC) + timedelta(days=364)
    assert after["decisions"][0]["decision"] == "report"
    bad = api.post("/v1/ads/site-a/h1/decisions", json={"decision": "delete", "reviewer": "x"}, headers=auth(api.key_a))
    assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"
    assert (
        api.post(
            "/v1/ads/site-a/none/decisions", json={"decision": "allow", "reviewer": "x"}, headers=auth(api.key_a)
        ).status_code
        == 404
    )
    report = store.verify()
    assert report["ok"], report
    with store.engine.connect() as conn:
        actions = [r.action for r in conn.exec_driver_sql("SELECT action FROM audit_log ORDER BY seq")]
    assert actions.count("ad.viewed") == 2 and "decision.recorded" in actions and "ad.screened" in actions


def test_rescreen_adds_a_verdict_only_after_a_version_change(api, store: Store, screener: Screener) -> None:
    post(api, {"id": "s1", "category": "adult", "body": COMMERCIAL})
    same = api.post("/v1/ads/site-a/s1/rescreen", headers=auth(api.key_a))
    assert same.status_code == 200 and same.json()["rescreened"] is False
    # A platform changes its policy: adult ads now go to review. The old verdict stays.
    changed = Screener(lexicon=screener.lexicon, weights=screener.weights, policy=_adult_review_policy())
    service = ScreeningService(store, changed)
    verdict, added = service.rescreen("site-a", "s1", "test")
    assert added and verdict["decision"] == "review" and verdict["versions"]["policy"] == "2026.12.1-test"
    history = api.get("/v1/ads/site-a/s1", headers=auth(api.key_a)).json()
    versions = [v["verdict"]["decision"] for v in history["revisions"][0]["verdicts"]]
    assert versions == ["block", "review"]
    assert [v["trigger"] for v in history["revisions"][0]["verdicts"]] == ["post", "rescreen"]
    assert store.verify()["ok"]


def _adult_review_policy():
    from samaritan.engine.policy import Policy

    base = load_policy().model_dump()
    base["version"] = "2026.12.1-test"
    base["sections"] = {"adult": {"commercial_sex": "review"}}
    return Policy.model_validate(base)


def test_network_read_shows_only_the_platforms_own_ads(api) -> None:
    verdicts = [
        post(api, {"id": f"n{i}", "category": "adult", "body": f"Ask for Mia {i}. {COMMERCIAL}"}).json()
        for i in range(3)
    ]
    post(api, {"id": "other", "category": "adult", "body": COMMERCIAL}, key=api.key_b)
    network_id = verdicts[-1]["network"]["network_id"]
    network = api.get(f"/v1/networks/{network_id}", headers=auth(api.key_a)).json()
    assert sorted(a["id"] for a in network["ads"]) == ["n0", "n1", "n2"]
    assert all(a["decision"] == "block" for a in network["ads"])
    assert api.get(f"/v1/networks/{network_id}", headers=auth(api.key_b)).status_code == 404


def test_images_are_stored_byte_exact_and_link_ads(api) -> None:
    import io

    from samaritan.generate.images import pattern

    buffer = io.BytesIO()
    pattern(3).save(buffer, format="PNG")
    image = buffer.getvalue()
    stored = api.post("/v1/images", content=image, headers={**auth(api.key_a), "Content-Type": "image/png"})
    assert stored.status_code == 201
    sha = stored.json()["sha256"]
    assert sha == hashlib.sha256(image).hexdigest()
    a = post(api, {"id": "i1", "category": "dating", "body": "Hello, new here.", "images": [{"sha256": sha}]}).json()
    b = post(api, {"id": "i2", "category": "dating", "body": "Hi all, say hi.", "images": [{"sha256": sha}]}).json()
    assert a["network"]["network_id"] is None
    assert b["network"]["network_id"] is not None and b["network"]["links"][0]["via"].startswith("image_sha256:")


def test_a_client_image_path_is_never_read_on_the_server(api, tmp_path) -> None:
    secret = tmp_path / "server-file.png"
    secret.write_bytes(b"not yours")
    verdict = post(api, {"id": "x1", "body": "hello there", "images": [{"path": str(secret)}]}).json()
    assert verdict["network"]["links"] == []


def test_concurrent_posts_store_each_ad_once(api, store: Store) -> None:
    same = {"id": "c-same", "category": "for-sale", "body": "Chair, $5. Call 702-555-0133."}
    errors: list[int] = []

    def worker(i: int) -> None:
        for ad in (same, {"id": f"c-{i}", "category": "for-sale", "body": f"Table number {i}, $20."}):
            status = post(api, ad).status_code
            if status != 200:
                errors.append(status)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    history = api.get("/v1/ads/site-a/c-same", headers=auth(api.key_a)).json()
    assert len(history["revisions"]) == 1
    assert store.count_ads("site-a") == 9
    assert store.verify()["ok"]


def test_openapi_is_published(api) -> None:
    spec = api.get("/openapi.json").json()
    for path in ("/v1/screen", "/v1/screen/batch", "/v1/ads/{platform}/{ad_id}", "/v1/networks/{network_id}"):
        assert path in spec["paths"]
    body = spec["paths"]["/v1/screen"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/Ad"}  # the contract's ad schema, as a named component
    assert spec["components"]["schemas"]["Ad"]["required"] == ["id", "body"]
