"""Words joined by emoji ("no🚫police", "new 🌹 in 🌹 town") are one phrase to a reader, and to
the lexicon (engine/normalize/fold.py: a view with the emoji as spaces, beside the first view,
which keeps them: a kiss or a candy is a cue of its own). Spans point at the original text, emoji
included. Clinical synthetic text written for these tests; phone numbers use the 555-01xx range."""

from __future__ import annotations

import random

import pytest

from samaritan.engine.detect import Detector
from samaritan.engine.extract.prices import find_prices
from samaritan.engine.lexicon import load_lexicon
from samaritan.engine.screener import Screener
from samaritan.generate.corpus import Mix, SiteGenerator
from samaritan.generate.lookalikes import emoji_spaces
from samaritan.generate.obfuscate import only

DETECTOR = Detector(load_lexicon())


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("no🚫police, please", "SCREEN_NO_POLICE"),
        ("just arrived, new 🌹 in 🌹 town", "MOVE_NEW_IN_TOWN"),
        ("new✨in✨town this week", "MOVE_NEW_IN_TOWN"),
    ],
)
def test_a_phrase_joined_by_emoji_is_read(text: str, code: str) -> None:
    hits = [h for h in DETECTOR.find("body", text) if h.rule.code == code]
    assert hits, text
    for hit in hits:
        assert text[hit.start : hit.end] == hit.text


def test_the_emoji_themselves_are_still_read() -> None:
    codes = {h.rule.code for h in DETECTOR.find("body", "new💋in💋town")}
    assert {"MOVE_NEW_IN_TOWN", "CUE_KISS_EMOJI"} <= codes


@pytest.mark.parametrize("seed", range(4))
def test_an_ad_so_written_is_labelled_as_its_plain_text(either_path: Screener, seed: int) -> None:
    plain = "Kind lady, new in town. Incall only, no police. Text 702-555-0143"
    disguised = ". ".join(emoji_spaces(part, random.Random(seed)) for part in plain.split(". ")[:-1])
    disguised += ". Text 702-555-0143"
    a = either_path.screen({"id": "p", "category": "dating", "title": "", "body": plain})
    b = either_path.screen({"id": "d", "category": "dating", "title": "", "body": disguised})
    assert "commercial_sex" in a.labels
    assert b.labels == a.labels
    assert {i.code for i in a.indicators} - {"CUE_KISS_EMOJI"} <= {i.code for i in b.indicators}


@pytest.mark.parametrize(
    "body",
    [
        "Two-bedroom flat 🏠 by the river 🌳 cats welcome 🐈 smoke-free. Call 702-555-0144.",
        "Birthday cake orders 🎂 taken until Friday 🎉 pick up at the bakery on Main.",
    ],
)
def test_lawful_posts_with_emoji_between_words_stay_ordinary(screener: Screener, body: str) -> None:
    verdict = screener.screen({"id": "l", "category": "housing", "title": "", "body": body})
    assert verdict.labels == []
    assert verdict.decision == "allow"


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("$180 🔥 per 🔥 hour", 180.0, "hour"),
        ("120 💋 for 💋 half 💋 hour", 120.0, "half_hour"),
        ("hh ✨ 140", 140.0, "half_hour"),
    ],
)
def test_a_price_decorated_with_emoji_keeps_its_unit(text: str, amount: float, unit: str) -> None:
    prices = [(p.amount, p.unit) for p in find_prices(f"Kind lady. {text}. Text 702-555-0145")]
    assert (amount, unit) in prices


@pytest.mark.parametrize(
    "text", ["Call 702 555 0146 💋 overnight bookings welcome", "Text 702 555 0147 💋🌹", "rent 1,200 🏠 a month"]
)
def test_a_phone_or_a_rent_beside_emoji_is_no_session_price(text: str) -> None:
    assert not [p for p in find_prices(text) if p.unit in ("hour", "half_hour", "overnight") or p.amount < 1000]


def test_the_category_tagger_reads_the_words_too(screener: Screener) -> None:
    # The learned category tagger reads the words with the emoji between them as spaces (beside
    # the first view's reading, which keeps them): every generated commercial ad whose plain text
    # it tags with commercial wording is tagged so with its phrases joined by emoji.
    with only("emoji_spaces"):
        decorated = list(SiteGenerator(2000, seed=7, mix=Mix(obfuscation=1.0)))
    plain = list(SiteGenerator(2000, seed=7, mix=Mix(obfuscation=0.0)))
    # One exception: a span of a single word, whose neighbours the phone's disguise changed
    # ("Gifts" beside a number written with a separator after every digit, model 23d17ec1).
    checked = 0
    for (d, truth), (p, _) in zip(decorated, plain, strict=True):
        if "commercial_sex" not in truth["labels"]:
            continue
        tagged = [[i for i in screener.screen(ad).indicators if i.code == "LEARNED_COMMERCIAL_SEX"] for ad in (p, d)]
        if tagged[0]:
            checked += 1
            one_word = all(len(i.text.split()) == 1 for i in tagged[0])
            assert tagged[1] or one_word, d["body"]
    assert checked >= 5
