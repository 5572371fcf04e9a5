"""Shared contact signals between two stores: every shared identifier behind a blocked or
reported ad is found and nothing else; the file holds no identifier in clear; another key
matches nothing; floods are quarantined; disputes go back."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from samaritan.cli.main import main
from samaritan.engine.adparse import parse_ad
from samaritan.engine.extract import Extractor
from samaritan.evidence.db import Store, now_iso
from samaritan.evidence.signals import collect_blocked, import_signals, match_new_ad, review_items
from samaritan.service.screening import ScreeningService
from samaritan.signals.codec import SignalFileError, dump, load

KEY = b"a shared key of the participating platforms"
OTHER_KEY = b"some other platforms' shared key"


def _store(path: Path, screener) -> tuple[Store, ScreeningService]:
    path.mkdir()
    store = Store(f"sqlite:///{path / 'samaritan.db'}")
    store.migrate()
    return store, ScreeningService(store, screener)


def _post(service: ScreeningService, ad_id: str, body: str, platform: str = "site") -> None:
    service.screen(orjson.dumps({"id": ad_id, "category": "services", "body": body}), platform, "test")


@pytest.fixture
def stores(tmp_path: Path, screener):
    a_store, a = _store(tmp_path / "a", screener)
    b_store, b = _store(tmp_path / "b", screener)
    # Platform A: reviewers blocked or reported three ads; a fourth was allowed.
    _post(a, "a1", "Massage, call 702-555-0131 or mail mia.rose@example.com.")
    _post(a, "a2", "New in town, text 702-555-0132. snapchat: rosie_vip22")
    _post(a, "a3", "Bike for sale, call 303-555-0133.")
    _post(a, "a4", "Lamp for sale, call 303-555-0134.")
    for ad_id, decision in (("a1", "block"), ("a2", "report"), ("a3", "block"), ("a4", "allow")):
        a_store.record_decision("site", ad_id, decision, "rev", "", "test")
    # Platform B: ads sharing A's blocked phone, email and handle; one sharing only A's allowed ad.
    _post(b, "b1", "Call 702-555-0131 today.")
    _post(b, "b2", "Write to Mia.Rose@example.com for details.")
    _post(b, "b3", "Find me, snapchat: rosie_vip22")
    _post(b, "b4", "Lamp wanted, call 303-555-0134.")
    _post(b, "b5", "Guitar lessons, call 415-555-0135.")
    yield a_store, b_store, b
    a_store.close()
    b_store.close()


def test_round_trip_finds_every_shared_identifier_and_nothing_else(stores) -> None:
    a_store, b_store, _ = stores
    data = dump("platform-a", KEY, collect_blocked(a_store, KEY), now_iso())
    header, signals = load(data, KEY)
    summary = import_signals(b_store, KEY, header["source"], signals)
    items = review_items(b_store)
    matched = sorted((row["ad_id"], row["signal_type"]) for row in items)
    assert matched == [("b1", "phone"), ("b2", "email"), ("b3", "handle")]
    assert all(row["source"] == "platform-a" and row["status"] == "open" for row in items)
    assert summary["matches"] == 3
    # Each line: type, keyed hash, reason category, first and last seen, confidence; nothing else.
    rows = [orjson.loads(line) for line in data.splitlines()[1:]]
    assert {tuple(sorted(r)) for r in rows} == {
        ("confidence", "first_seen", "hmac", "kind", "last_seen", "reason", "signal_type")
    }
    assert {r["reason"] for r in rows} <= {"minor_risk", "trafficking_risk", "commercial_sex", "reviewer_block"}
    assert all(0 < r["confidence"] <= 1 and r["first_seen"] <= r["last_seen"] for r in rows)


def test_the_file_holds_no_identifier_in_clear(stores) -> None:
    a_store, _, _ = stores
    data = dump("platform-a", KEY, collect_blocked(a_store, KEY), now_iso())
    text = data.decode()
    found = Extractor().extract(parse_ad({"id": "file", "body": text})).entities.to_dict()
    assert not found.get("phones") and not found.get("emails") and not found.get("handles")
    for clear in ("7025550131", "555-0131", "mia.rose", "rosie_vip22", "massage", "bike"):
        assert clear not in text.lower()


def test_another_key_matches_nothing(stores) -> None:
    a_store, b_store, _ = stores
    data = dump("platform-a", OTHER_KEY, collect_blocked(a_store, OTHER_KEY), now_iso())
    with pytest.raises(SignalFileError, match="another shared key"):
        load(data, KEY)
    _, signals = load(data, KEY, same_key=False)
    assert signals and import_signals(b_store, KEY, "platform-a", signals)["matches"] == 0
    assert review_items(b_store) == []


def test_new_ads_match_at_post_time_and_floods_are_quarantined(stores) -> None:
    a_store, b_store, b = stores
    _, signals = load(dump("platform-a", KEY, collect_blocked(a_store, KEY), now_iso()), KEY)
    for i in range(4):  # the same number on many ads here: implausible for one poster
        _post(b, f"flood{i}", f"Ad {i}: call 303-555-0133.")
    summary = import_signals(b_store, KEY, "platform-a", signals, flood=3)
    assert summary["quarantined"] == 1
    assert {r["ad_id"] for r in review_items(b_store, "quarantined")} == {f"flood{i}" for i in range(4)}
    _post(b, "b9", "Text 702-555-0132 now.")
    rev = b_store.latest("site", "b9")
    entities = b_store.latest_verdict(rev.pk)["entities"]
    (item,) = match_new_ad(b_store, KEY, rev.pk, entities)
    assert item["source"] == "platform-a" and item["status"] == "open"
    # The service does it itself when it holds the shared key: a posted ad becomes a review item.
    b.signals_key = KEY
    _post(b, "b10", "Call 702-555-0131 any time.")
    assert "b10" in {r["ad_id"] for r in review_items(b_store, "open")}
    _post(b, "b11", "Piano tuning, call 415-555-0136.")
    assert "b11" not in {r["ad_id"] for r in review_items(b_store)}


def test_cli_export_import_dispute_and_dispute_goes_back(stores, tmp_path: Path, monkeypatch) -> None:
    _, b_store, _ = stores
    monkeypatch.setenv("SAMARITAN_SIGNALS_KEY", KEY.decode())
    out = tmp_path / "a-signals.jsonl"
    assert main(["signals", "--data", str(tmp_path / "a"), "export", "-o", str(out), "--source", "platform-a"]) == 0
    assert main(["signals", "--data", str(tmp_path / "b"), "import", str(out)]) == 0
    item = review_items(b_store)[0]["pk"]
    assert main(["signals", "--data", str(tmp_path / "b"), "review", str(item), "--dispute", "--note", "not them"]) == 0
    assert review_items(b_store, "disputed")[0]["pk"] == item
    back = tmp_path / "b-signals.jsonl"
    assert main(["signals", "--data", str(tmp_path / "b"), "export", "-o", str(back), "--source", "platform-b"]) == 0
    disputes = [orjson.loads(x) for x in back.read_bytes().splitlines()[1:] if b'"dispute"' in x]
    assert len(disputes) == 1
    sent = {orjson.loads(x)["hmac"] for x in out.read_bytes().splitlines()[1:]}
    assert disputes[0]["hmac"] in sent
