"""The reassurance rules of lexicon 2026.12.19 are weak, commercial-only and no commercial cue:
a landlord's "safe, clean, quiet building", a seller's "photos are of the actual item" and a
personal post's "no drama" stay unlabelled and carry no reassurance indicator, while the same
families of wording in an escort ad are reported."""

from __future__ import annotations

import pytest

from samaritan import Screener
from samaritan.engine.detect import Detector
from samaritan.engine.learned.scope import hit_is_negated
from samaritan.engine.lexicon import load_lexicon

LEXICON = load_lexicon()
NEW = [rule for rule in LEXICON.rules if rule.since == "2026.12.19" and rule.category == "reassurance"]
DETECTOR = Detector(LEXICON)
SCREENER = Screener()


def _codes(text: str) -> set[str]:
    return {hit.rule.code for hit in DETECTOR.find("body", text)}


def _reassurance(verdict: dict) -> list[dict]:  # type: ignore[type-arg]
    return [i for i in verdict["indicators"] if i["category"] == "reassurance"]


def test_the_new_rules_are_weak_commercial_only_and_no_cue() -> None:
    assert len(NEW) >= 10
    cues = LEXICON.cues()
    for rule in NEW:
        assert rule.weight == 0.3, rule.code
        assert rule.context == "commercial", rule.code
        assert rule.code not in cues, rule.code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Your visit stays between you and her, first names only.", "REASSURE_SECRECY"),
        ("Your information is always kept confidential.", "REASSURE_CLIENT_INFO"),
        ("What you see is what you get, no switching.", "REASSURE_AS_SHOWN"),
        ("All our ladies are real and as pictured.", "REASSURE_REAL_PERSON"),
        ("Photos updated weekly.", "REASSURE_PHOTO_FRESH"),
        ("No clock watcher, she takes her time.", "REASSURE_UNHURRIED"),
        ("I don't bite, you are in good hands.", "REASSURE_KIND_PROMISE"),
        ("Check our great reviews.", "REASSURE_REPUTATION"),
        ("Your safety is our top priority.", "REASSURE_SAFE_PROMISE"),
        ("Pictures are not edited and match who shows up.", "REASSURE_PHOTO_HONEST"),
        ("Nobody needs to know, we keep things very quiet.", "REASSURE_KEPT_QUIET"),
        ("Zero hassle, no stress no drama.", "REASSURE_NO_FEAR"),
        ("Video verified, happy to prove it is me.", "REASSURE_VIDEO_PROOF"),
    ],
)
def test_each_family_is_read(text: str, code: str) -> None:
    assert code in _codes(text)


def test_a_negated_fear_starts_at_its_negator() -> None:
    # The learned path drops a reassurance hit that follows a negator in its clause as denied:
    # the hit starts at the negator, so the first of a chain is never read as denied.
    text = "Incall near the airport, zero hassle no stress no drama."
    hits = [h for h in DETECTOR.find("body", text) if h.rule.code == "REASSURE_NO_FEAR"]
    assert hits
    assert any(text[h.start : h.end].startswith("zero") for h in hits)
    assert any(not hit_is_negated("reassurance", text, h.start) for h in hits)


def test_an_escort_ad_reports_the_new_reassurance() -> None:
    body = (
        "Sweet new girl visiting this week, incall only. Donation 150 per hour, cash. "
        "We keep things very quiet, first names only. Call 555-0123."
    )
    verdict = SCREENER.screen({"id": "c-1", "category": "adult", "title": "Mia, 24", "body": body}).to_dict()
    assert "commercial_sex" in verdict["labels"]
    assert {"REASSURE_SECRECY", "REASSURE_KEPT_QUIET"} & {i["code"] for i in _reassurance(verdict)}


@pytest.mark.parametrize(
    ("section", "title", "body", "codes"),
    [
        (
            "housing",
            "2BR apartment, quiet street",
            "Safe, clean, quiet building with easy access to the highway. Photos are of the actual unit, "
            "what you see is what you get. No drama neighbors, no hassle move in. Call 555-0145.",
            {"REASSURE_SECRECY", "REASSURE_LOCATION", "REASSURE_AS_SHOWN", "REASSURE_NO_FEAR"},
        ),
        (
            "for-sale",
            "Oak dresser",
            "Solid oak dresser, as shown. Photos are of the actual item, no surprises, no hassle. "
            "Pick up only, text 555-0177.",
            {"REASSURE_AS_SHOWN", "REASSURE_NO_FEAR"},
        ),
        (
            "personals",
            "Hiking partner",
            "Easygoing man, 40, likes hiking and board games. No drama, no games, I am honest and keep my "
            "word. Looking for a friend first. Reply by email.",
            {"REASSURE_NO_FEAR"},
        ),
    ],
)
def test_ordinary_ads_full_of_the_words_are_not_labelled(section: str, title: str, body: str, codes: set[str]) -> None:
    assert codes <= _codes(body)
    verdict = SCREENER.screen({"id": "o-1", "category": section, "title": title, "body": body}).to_dict()
    assert verdict["labels"] == []
    assert _reassurance(verdict) == []
