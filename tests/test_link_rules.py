"""Link rules as data, identities that must look like identities, generic keys and photos, and
the hard case: networks that rotate phones and keep their photos."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samaritan.engine.adparse import parse_ad
from samaritan.engine.extract.contacts import find_handles
from samaritan.engine.lexicon import load_lexicon
from samaritan.generate.images import ImageWriter
from samaritan.link.config import LinkConfigError, content_hash, load_rules
from samaritan.link.index import LinkIndex
from samaritan.link.keys import canonical_key
from samaritan.link.linker import Linker
from samaritan.runs.rotation import base_images, pair_recall, rotated_corpus

PACKAGED = Path(__file__).resolve().parent.parent / "src" / "samaritan" / "data" / "link.yaml"


def _link(ads: list[dict], entities: list[dict]) -> dict[str, str | None]:
    linker = Linker()
    for ad, ent in zip(ads, entities, strict=True):
        linker.add(parse_ad(ad), ent, None)
    result = linker.run()
    return dict(zip([r.id for r in result.records], result.network_of, strict=True))


def test_link_rules_reject_unknown_keys_and_stale_versions(tmp_path: Path) -> None:
    raw = PACKAGED.read_text()
    typo = tmp_path / "typo.yaml"
    typo.write_text(raw.replace("  max_ip_ads:", "  max_ipp_ads:"))
    with pytest.raises(LinkConfigError, match="max_ipp_ads"):
        load_rules(typo)
    stale = tmp_path / "stale.yaml"
    stale.write_text(raw.replace("text: 0.7", "text: 0.9"))
    with pytest.raises(LinkConfigError, match="version"):
        load_rules(stale)
    # Re-hashed, the edited file loads and carries its new values.
    fixed = stale.read_bytes()
    fixed = fixed.replace(load_rules().sha256.encode(), content_hash(fixed).encode())
    stale.write_bytes(fixed)
    assert load_rules(stale).strength.text == 0.9


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("handle", "cashapp:a-c-c-e-p-t-e-d"),
        ("handle", "snapchat:t.e.x.t.m.e"),
        ("handle", "instagram:cash-only-please"),
        ("handle", "telegram:abc"),  # Telegram names have at least 5 characters
        ("handle", "x:this_is_far_too_long_for_x"),
        ("email", "a.b.c.d@example.com"),
        ("email", "jane@@example.com"),
        ("email", "jane@example"),
        ("phone", "7025550142"),
    ],
)
def test_garbage_is_not_an_identity(kind: str, value: str) -> None:
    assert canonical_key(kind, value) is None


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("handle", "cashapp:jane_doe"),
        ("handle", "snapchat:mia.rose22"),
        ("handle", "telegram:rosie_vip"),
        ("email", "Jane.Doe@Example.com"),
        ("phone", "+17025550142"),
    ],
)
def test_real_identities_stay(kind: str, value: str) -> None:
    assert canonical_key(kind, value) == (kind, value.lower() if kind != "phone" else value)


@settings(derandomize=True, max_examples=60)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=12), st.sampled_from("-._ "))
def test_separator_joined_letters_are_text(word: str, sep: str) -> None:
    assert canonical_key("handle", "cashapp:" + sep.join(word)) is None


@settings(derandomize=True, max_examples=60)
@given(
    st.sampled_from(["cash app", "cashapp", "snap:", "telegram", "kik -", "venmo", "ig @"]),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=12),
    st.sampled_from("-._ "),
)
def test_the_extractor_reports_only_handles_linking_accepts(service: str, word: str, sep: str) -> None:
    """One rule for both: the extractor never reads spaced-out letters as a handle, and every
    handle it reports is one linking keeps."""
    for text in (f"{service} {sep.join(word)} today", f"{service} {word}_22"):
        for found in find_handles(text):
            assert canonical_key("handle", found.value) == ("handle", found.value)
    assert all(sep.join(word) not in h.value for h in find_handles(f"{service} {sep.join(word)}"))
    assert find_handles("cash app a-c-c-e-p-t-e-d") == []
    assert [h.value for h in find_handles("cash app: jane_doe22")] == ["cashapp:jane_doe22"]


def test_spaced_out_word_does_not_merge_two_networks() -> None:
    ads, entities = [], []
    for net, phone in (("a", "+17025550110"), ("b", "+13035550111")):
        for i in range(3):
            ads.append({"id": f"{net}{i}", "body": f"Ad {i} of network {net}. cash app a-c-c-e-p-t-e-d"})
            entities.append({"phones": [phone], "handles": ["cashapp:a-c-c-e-p-t-e-d"]})
    nets = _link(ads, entities)
    assert nets["a0"] == nets["a2"] and nets["b0"] == nets["b2"] and nets["a0"] != nets["b0"]


def test_help_line_is_generic_at_post_time_as_in_batch() -> None:
    """A number shared by ads that each have their own contacts is generic incrementally too."""
    ads = [{"id": f"h{i}", "body": f"Selling item {i}. Own line."} for i in range(12)]
    entities = [{"phones": ["+18005550199", f"+1702555{i + 100:04d}"]} for i in range(12)]
    assert set(_link(ads, entities).values()) == {None}
    index = LinkIndex()
    lines = [index.attach(parse_ad(a), e) for a, e in zip(ads, entities, strict=True)]
    assert "phone:+18005550199" in index.generic
    # The first few joined before the number was seen to be generic; the rest stay apart.
    assert all(line["network_id"] is None for line in lines[8:])


def test_low_quality_and_flagged_stock_photos_link_nothing(tmp_path: Path) -> None:
    pdq = "f" * 32 + "0" * 32
    flat = [{"id": f"q{i}", "body": f"Listing {i}.", "images": [{"pdq": pdq, "pdq_quality": 20}]} for i in range(2)]
    good = [{"id": f"g{i}", "body": f"Listing {i}.", "images": [{"pdq": pdq, "pdq_quality": 90}]} for i in range(2)]
    writer = ImageWriter(str(tmp_path), seed=3)
    stock = [{"id": f"s{i}", "body": f"Item {i}.", "images": [{"path": writer.path(5, "original"), "stock": True}]}
             for i in range(2)]  # fmt: skip
    nets = _link(flat + good + stock, [{}] * 6)
    assert nets["q0"] is None and nets["s0"] is None
    assert nets["g0"] == nets["g1"] is not None


def test_photo_across_many_unrelated_posters_is_generic(tmp_path: Path) -> None:
    """Not a count cap: ten posters with their own contacts and nothing else in common."""
    writer = ImageWriter(str(tmp_path), seed=3)
    shared = writer.path(77, "original")
    ads = [{"id": f"u{i}", "body": f"Item {i} for sale.", "images": [{"path": shared}]} for i in range(10)]
    entities = [{"phones": [f"+1702555{i + 100:04d}"]} for i in range(10)]
    assert set(_link(ads, entities).values()) == {None}
    # The same photo on a network's ads that share other photos too still links them.
    others = [writer.path(78 + i % 2, "mirror") for i in range(10)]
    net = [{**ad, "images": [*ad["images"], {"path": other}]} for ad, other in zip(ads, others, strict=True)]
    assert len(set(_link(net, entities).values())) == 1


def test_rotating_phones_keeping_photos_are_linked(tmp_path: Path) -> None:
    rows = list(rotated_corpus(1500, seed=9, images_dir=str(tmp_path)))
    nets = _link([ad for ad, _, _ in rows], [e for _, _, e in rows])
    scores = pair_recall([t for _, t, _ in rows], nets, {ad["id"]: base_images(ad) for ad, _, _ in rows})
    assert scores["rotating_network_precision"] >= 0.99
    assert scores["pairwise_recall"] >= 0.97
    assert scores["networks_joining_several_large_true_networks"] == 0
    assert scores["pairs_by_evidence"]["photo"] > 50  # the photo-only case is really exercised
    assert scores["recall_by_evidence"]["photo"] >= 0.9


def test_several_people_codes_are_lexicon_codes_and_raise_a_multi_city_network() -> None:
    """The codes live in link.yaml, checked against the lexicon; a network whose ads offer
    several people in two cities is raised to the configured risk, one in one city is not."""
    rules = load_rules()
    known = {rule.code for rule in load_lexicon().rules}
    assert set(rules.network.several_people_codes) <= known
    code = rules.network.several_people_codes[0]

    def verdict(code_: str) -> dict:
        return {"decision": "review", "labels": [], "risk": {"trafficking": 0.3},
                "indicators": [{"code": code_, "category": "third_party", "text": "x"}]}  # fmt: skip

    def risk(cities: list[str], code_: str) -> float:
        linker = Linker()
        for i, city in enumerate(cities):
            ad = parse_ad({"id": f"s{i}", "body": f"Ad {i}.", "location": {"city": city}})
            linker.add(ad, {"phones": ["+17025550150"]}, verdict(code_))
        return linker.run().network_risk[0]["trafficking"]

    assert risk(["Reno", "Elko"], code) == rules.network.several_people_min_risk
    assert risk(["Reno", "Reno"], code) == 0.3
    assert risk(["Reno", "Elko"], "TP_SOMETHING_ELSE") == 0.3


# fmt: off
_WORDS = (
    "oak", "table", "chair", "sofa", "lamp", "desk", "shelf", "cabinet", "mirror", "rug", "bench", "stool",
    "dresser", "drawer", "wardrobe", "bookcase", "ottoman", "couch", "futon", "crib", "mattress",
    "frame", "headboard", "nightstand",
    "sideboard", "console", "hutch", "pantry", "trolley", "cart", "basket", "crate", "chest", "trunk", "locker", "rack",
    "hanger", "hook", "panel", "board", "plank", "beam",
)
# fmt: on


def _listing(seed: int) -> str:
    words = random.Random(seed).sample(_WORDS, 30)
    return "Used furniture for sale: " + " ".join(words) + "."


def test_text_alone_does_not_pull_a_one_off_ad_into_a_large_network() -> None:
    """A one-off ad whose text echoes one listing of a large business (one phone, many ads)
    stays on its own, in batch and at post time; the same echo still attaches a re-post to a
    network of a few ads, where shared text is a sign of one poster."""
    big = [{"id": f"biz{i}", "body": _listing(i)} for i in range(12)]
    small = [{"id": f"ind{i}", "body": _listing(100 + i)} for i in range(2)]
    echoes = [{"id": "oneoff", "body": _listing(5)}, {"id": "repost", "body": _listing(100)}]
    ads = [*big, *small, *echoes]
    entities = [{"phones": ["+17025550120"]}] * 12 + [{"phones": ["+13035550121"]}] * 2 + [{}, {}]
    nets = _link(ads, entities)
    assert nets["biz0"] == nets["biz11"] and nets["ind0"] == nets["ind1"]
    assert nets["oneoff"] != nets["biz5"]
    assert nets["repost"] == nets["ind0"]
    index = LinkIndex()
    lines = {a["id"]: index.attach(parse_ad(a), e) for a, e in zip(ads, entities, strict=True)}
    assert lines["oneoff"]["network_id"] is None
    assert lines["repost"]["network_id"] == lines["ind1"]["network_id"] is not None


def _short(seed: int) -> str:
    return "For sale: " + " ".join(random.Random(seed).sample(_WORDS, 9)) + "."


def test_a_short_copy_counts_as_text_only_in_proportion() -> None:
    """A one-off ad copying a short listing (9 distinctive word triples, under
    `text.full_shared`) does not join the small network that posted it by text alone, in
    batch or at post time: strangers' one-liners and template fill-ins meet at that size.
    With a shared address beside it (weak evidence that alone joins nothing) it does, and a
    long copy joins by text alone as before."""
    net = [{"id": f"own{i}", "body": _short(i)} for i in range(2)]
    phone = [{"phones": ["+17025550131"]}] * 2
    alone = {"id": "copy", "body": _short(0)}
    with_ip = {"id": "copy_ip", "body": _short(1), "poster": {"ip": "192.0.2.10"}}
    long_net = [{"id": f"long{i}", "body": _listing(300 + i)} for i in range(2)]
    long_copy = {"id": "long_copy", "body": _listing(300)}
    ads = [{**net[0], "poster": {"ip": "192.0.2.10"}}, net[1], alone, with_ip, *long_net, long_copy]
    entities = [*phone, {}, {}, *[{"phones": ["+13035550132"]}] * 2, {}]
    nets = _link(ads, entities)
    assert nets["own0"] == nets["own1"] is not None and nets["long0"] == nets["long1"] is not None
    assert nets["copy"] is None
    assert nets["copy_ip"] == nets["own0"]
    assert nets["long_copy"] == nets["long0"]
    index = LinkIndex()
    lines = {a["id"]: index.attach(parse_ad(a), e) for a, e in zip(ads, entities, strict=True)}
    assert lines["copy"]["network_id"] is None
    assert lines["copy_ip"]["network_id"] == lines["own1"]["network_id"] is not None
    assert lines["long_copy"]["network_id"] == lines["long1"]["network_id"] is not None


def test_distinct_patterns_close_in_phash_alone_are_not_one_photo(tmp_path: Path) -> None:
    """Two different generated patterns whose pHashes are 10 bits apart but whose PDQ hashes
    are far apart (68 bits) once tied a one-off ad to a network; a small crop of one pattern,
    which only pHash finds, still matches its original."""
    writer = ImageWriter(str(tmp_path), seed=5)
    first, second = writer.path(701695771, "original"), writer.path(191435554, "original")
    ads = [
        {"id": "net0", "body": "Item one.", "images": [{"path": first}]},
        {"id": "net1", "body": "Item two.", "images": [{"path": writer.path(701695771, "mirror")}]},
        {"id": "other", "body": "Item three.", "images": [{"path": second}]},
        {"id": "crop0", "body": "Item four.", "images": [{"path": writer.path(1009, "original")}]},
        {"id": "crop1", "body": "Item five.", "images": [{"path": writer.path(1009, "crop")}]},
    ]
    nets = _link(ads, [{}] * 5)
    assert nets["net0"] == nets["net1"] is not None
    assert nets["other"] is None
    assert nets["crop0"] == nets["crop1"] is not None
    index = LinkIndex()
    lines = {a["id"]: index.attach(parse_ad(a), {}) for a in ads}
    assert lines["other"]["network_id"] is None
    assert lines["crop1"]["network_id"] == index.network_name("crop0") is not None


def test_false_pairs_are_counted_by_the_evidence_that_made_them() -> None:
    """A wrong handle ties two true networks (one false pair); the correct phone and email
    joins after it carry that mistake to three more pairs, counted as chains."""
    from samaritan.link.config import LinkConfig
    from samaritan.link.graph import Edge
    from samaritan.runs.rotation import false_pairs_by_evidence

    truth = [{"id": "x1", "network_id": "X"}, {"id": "x2", "network_id": "X"},
             {"id": "y1", "network_id": "Y"}, {"id": "y2", "network_id": "Y"}]  # fmt: skip
    edges = [
        Edge(1, 2, "handle:telegram:rosie_vip", "handle", 1.0),
        Edge(0, 1, "phone:+17025550142", "phone", 1.0),
        Edge(2, 3, "email:jane@example.com", "email", 1.0),
    ]
    assert false_pairs_by_evidence(edges, truth, LinkConfig()) == {
        "email (chain)": 2,
        "handle": 1,
        "phone (chain)": 1,
    }
    # Text alone between two single ads, and the same pair of sides where the text is right.
    singles = [{"id": "a"}, {"id": "b"}]
    assert false_pairs_by_evidence([Edge(0, 1, "text:0.90", "text", 0.7)], singles, LinkConfig()) == {"text": 1}
    pair = [{"id": "a", "network_id": "N"}, {"id": "b", "network_id": "N"}]
    assert false_pairs_by_evidence([Edge(0, 1, "text:0.90", "text", 0.7)], pair, LinkConfig()) == {}
