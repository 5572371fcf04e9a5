"""The synthetic site: deterministic, streamed, labelled, and within the content rules."""

from __future__ import annotations

import itertools
import re

import orjson

from samaritan.engine.adparse import parse_ad
from samaritan.generate.corpus import SiteGenerator

PHONE_DIGITS = re.compile(r"\d")


def test_same_seed_same_site() -> None:
    a = [orjson.dumps(x) for x in itertools.islice(SiteGenerator(500, seed=3), 500)]
    b = [orjson.dumps(x) for x in itertools.islice(SiteGenerator(500, seed=3), 500)]
    c = [orjson.dumps(x) for x in itertools.islice(SiteGenerator(500, seed=4), 500)]
    assert a == b and a != c


def test_every_ad_is_a_valid_contract_ad_with_truth() -> None:
    labels = set()
    for ad, truth in SiteGenerator(3000, seed=1):
        parse_ad(ad)
        assert truth["id"] == ad["id"] and truth["label"] in {"benign", "commercial", "trafficking", "minor"}
        labels.add(truth["label"])
        for span in truth["indicators"]:
            assert 0 <= span["start"] < span["end"] <= len(ad[span["field"]])
    assert labels == {"benign", "commercial", "trafficking", "minor"}


def test_only_fictional_555_numbers() -> None:
    for _ad, truth in SiteGenerator(3000, seed=2):
        for phone in truth["phones"]:
            assert phone[5:8] == "555", phone
            assert phone[8:] != "1212"
        # small corpora stay inside the 555-0100..0199 lines
        assert all(p[8:10] == "01" for p in truth["phones"])


def test_networks_move_between_cities_and_share_contacts() -> None:
    cities: dict[str, set[str]] = {}
    phones: dict[str, set[str]] = {}
    for ad, truth in SiteGenerator(4000, seed=5):
        if truth["label"] in ("trafficking", "minor"):
            cities.setdefault(truth["network_id"], set()).add(ad["location"]["city"])
            phones.setdefault(truth["network_id"], set()).update(truth["phones"])
    assert any(len(c) >= 2 for c in cities.values())
    assert any(len(p) >= 2 for p in phones.values())  # rotating phones


def test_reposts_point_to_an_earlier_ad_of_the_same_network() -> None:
    seen: dict[str, str] = {}
    reposts = 0
    for ad, truth in SiteGenerator(4000, seed=6):
        seen[ad["id"]] = truth["network_id"]
        if ad.get("previous_id"):
            reposts += 1
            assert seen[ad["previous_id"]] == truth["network_id"]
    assert reposts > 0


def test_adult_section_closes_and_ads_move_to_dating() -> None:
    late = [
        ad["category"] for ad, t in itertools.islice(SiteGenerator(3000, seed=7), 2500, 3000) if t["label"] != "benign"
    ]
    assert late and set(late) == {"dating"}


def test_images_are_generated_patterns_with_variants(tmp_path) -> None:
    from PIL import Image

    images = tmp_path / "img"
    paths = set()
    for ad, _ in SiteGenerator(400, seed=8, images_dir=str(images)):
        paths.update(i["path"] for i in ad.get("images", []))
    assert paths and all(Image.open(p).size[0] > 0 for p in list(paths)[:20])
    assert any("mirror" in p for p in paths) and any("original" in p for p in paths)
