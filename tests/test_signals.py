"""Shared contact signals between two stores: every shared identifier behind a blocked or
reported ad is found and nothing else; the file holds no identifier in clear; another key
matches nothing; floods are quarantined; disputes go back."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
import sqlalchemy as sa

from samaritan.cli.main import main
from samaritan.engine.adparse import parse_ad
from samaritan.engine.extract import Extractor
from samaritan.evidence.db import Store, now_iso
from samaritan.evidence.schema import audit_log
from samaritan.evidence.signals import collect_blocked, decide_item, import_signals, match_new_ad, review_items
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


def _populate(a_store: Store, a: ScreeningService, b: ScreeningService) -> None:
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


@pytest.fixture
def stores(tmp_path: Path, screener, store_url):
    """Platform A on SQLite; platform B on SQLite and on PostgreSQL."""
    a_store, a = _store(tmp_path / "a", screener)
    b_store = Store(store_url)
    b_store.migrate()
    b = ScreeningService(b_store, screener)
    _populate(a_store, a, b)
    yield a_store, b_store, b
    a_store.close()
    b_store.close()


@pytest.fixture
def sqlite_stores(tmp_path: Path, screener):
    """Both platforms in SQLite files under the test's directory, for the command."""
    a_store, a = _store(tmp_path / "a", screener)
    b_store, b = _store(tmp_path / "b", screener)
    _populate(a_store, a, b)
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


def test_cli_export_import_dispute_and_dispute_goes_back(sqlite_stores, tmp_path: Path, monkeypatch, capsys) -> None:
    _, b_store, _ = sqlite_stores
    monkeypatch.setenv("SAMARITAN_SIGNALS_KEY", KEY.decode())
    out = tmp_path / "a-signals.jsonl"
    assert main(["signals", "--data", str(tmp_path / "a"), "export", "-o", str(out), "--source", "platform-a"]) == 0
    assert main(["signals", "--data", str(tmp_path / "b"), "import", str(out)]) == 0
    item = review_items(b_store)[0]["pk"]
    both = ["signals", "--data", str(tmp_path / "b"), "review", str(item), "--dispute", "--confirm"]
    assert main(both) == 1 and "give one of --confirm or --dispute" in capsys.readouterr().err
    assert review_items(b_store, "open")[0]["pk"] == item  # undecided
    assert main(["signals", "--data", str(tmp_path / "b"), "review", str(item), "--dispute", "--note", "not them"]) == 0
    assert review_items(b_store, "disputed")[0]["pk"] == item
    back = tmp_path / "b-signals.jsonl"
    assert main(["signals", "--data", str(tmp_path / "b"), "export", "-o", str(back), "--source", "platform-b"]) == 0
    disputes = [orjson.loads(x) for x in back.read_bytes().splitlines()[1:] if b'"dispute"' in x]
    assert len(disputes) == 1
    sent = {orjson.loads(x)["hmac"] for x in out.read_bytes().splitlines()[1:]}
    assert disputes[0]["hmac"] in sent


def _audited(store: Store, action: str) -> list[str]:
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(audit_log.c.subject).where(audit_log.c.action == action).order_by(audit_log.c.seq)
        )
        return [subject for (subject,) in rows]


def test_a_reviewer_confirms_or_disputes_and_only_disputes_go_back(stores) -> None:
    a_store, b_store, _ = stores
    data = dump("platform-a", KEY, collect_blocked(a_store, KEY), now_iso())
    import_signals(b_store, KEY, "platform-a", load(data, KEY)[1])
    first, second, third = (row["pk"] for row in review_items(b_store))
    assert decide_item(b_store, first, "confirmed", "rev-1", "same poster")
    assert decide_item(b_store, second, "disputed", "rev-2", "a shared office line")
    assert not decide_item(b_store, 999, "disputed", "rev-2")  # no such item: nothing recorded
    assert [r["pk"] for r in review_items(b_store, "confirmed")] == [first]
    assert [r["pk"] for r in review_items(b_store, "disputed")] == [second]
    assert [r["pk"] for r in review_items(b_store, "open")] == [third]
    assert _audited(b_store, "signal.confirmed") == [str(first)] and _audited(b_store, "signal.disputed") == [
        str(second)
    ]
    # B's export sends back the disputed signal's keyed hash, as a dispute, and not the confirmed one.
    back = collect_blocked(b_store, KEY)
    sent = {s.hmac: s for s in load(data, KEY)[1]}
    disputes = [s for s in back if s.kind == "dispute"]
    disputed_type = review_items(b_store, "disputed")[0]["signal_type"]
    assert len(disputes) == 1 and disputes[0].signal_type == disputed_type and disputes[0].hmac in sent
    assert sent[disputes[0].hmac].signal_type == disputed_type
    # A reads B's dispute of its own signal as one.
    assert (
        import_signals(a_store, KEY, "platform-b", load(dump("platform-b", KEY, back, now_iso()), KEY)[1])["disputes"]
        == 1
    )


def test_a_signal_that_becomes_a_flood_after_import_is_quarantined_at_post_time(stores) -> None:
    a_store, b_store, b = stores
    _, signals = load(dump("platform-a", KEY, collect_blocked(a_store, KEY), now_iso()), KEY)
    import_signals(b_store, KEY, "platform-a", signals, flood=3)  # b1 holds the phone: one match

    def post(ad_id: str, body: str) -> list[dict]:
        _post(b, ad_id, body)
        rev = b_store.latest("site", ad_id)
        return match_new_ad(b_store, KEY, rev.pk, b_store.latest_verdict(rev.pk)["entities"], flood=3)

    assert [i["status"] for i in post("c1", "Call 702-555-0131, new pictures.")] == ["open"]
    assert [i["status"] for i in post("c2", "Ring 702-555-0131 after six.")] == ["open"]
    assert [i["status"] for i in post("c3", "Still here, 702-555-0131.")] == ["quarantined"]  # a 4th ad
    phone = [r for r in review_items(b_store) if r["signal_type"] == "phone"]
    assert sorted(r["ad_id"] for r in phone) == ["b1", "c1", "c2", "c3"]
    assert {r["status"] for r in phone} == {"quarantined"}
    # Other signals stay open, and the next ad with the phone is quarantined at once.
    assert {r["status"] for r in review_items(b_store) if r["signal_type"] != "phone"} == {"open"}
    assert [i["status"] for i in post("c4", "Text 702-555-0131.")] == ["quarantined"]
