"""Soft commercial cues for the intents short ads rest on (issue 14, lexicon 2026.12.19): a
confident invitation to call, newness in other words, a claim that the pictures are real, privacy
promised, and assured satisfaction promises. Each is one KIND: several kinds together make the
rule path read an ad as commercial, one alone never does. Clinical synthetic text written for
these tests; phone numbers use the 555-01xx range."""

from __future__ import annotations

import pytest

from rules_screen import screen_full as screen
from samaritan import Screener
from samaritan.engine.detect import Detector
from samaritan.engine.lexicon import load_lexicon

LEXICON = load_lexicon()
DETECTOR = Detector(LEXICON)
NEW_CUES = {
    "CUE_INVITE_SURE": "contact_terms",
    "CUE_NEW_POSTER": "visiting",
    "CUE_PHOTOS_TRUE": "real_photos",
    "CUE_PRIVACY_OFFER": "discretion",
}


def _codes(text: str) -> set[str]:
    return {hit.rule.code for hit in DETECTOR.find("body", text)}


@pytest.fixture(scope="module")
def screener(rules_screener: Screener) -> Screener:
    return rules_screener


def test_the_new_cues_are_existing_kinds_newer_than_the_packaged_model() -> None:
    """The packaged model must not read them as features; the rule path counts them, each as a
    kind that weights.yaml already weighs."""
    unread = LEXICON.newer_than(None)
    cues = LEXICON.cues()
    for code, kind in NEW_CUES.items():
        assert code in unread
        assert cues[code] == kind
        assert next(r for r in LEXICON.rules if r.code == code).since == "2026.12.19"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Pick up the phone", "CUE_INVITE_SURE"),
        ("I will be waiting for your call", "CUE_INVITE_SURE"),
        ("Call with confidence", "CUE_INVITE_SURE"),
        ("You won't regret calling", "CUE_INVITE_SURE"),
        ("Brand new to the scene", "CUE_NEW_POSTER"),
        ("This is my very first ad", "CUE_NEW_POSTER"),
        ("A newcomer this week", "CUE_NEW_POSTER"),
        ("Just started this month", "CUE_NEW_POSTER"),
        ("My photos are 100% real", "CUE_PHOTOS_TRUE"),
        ("Accurate recent photos", "CUE_PHOTOS_TRUE"),
        ("What you see is what you get", "CUE_PHOTOS_TRUE"),
        ("Your privacy is respected", "CUE_PRIVACY_OFFER"),
        ("Discretion assured", "CUE_PRIVACY_OFFER"),
        ("I am sure you will enjoy it", "CUE_PROMISE"),
        ("You are in good hands", "CUE_PROMISE"),
    ],
)
def test_each_family_reads_its_phrasing(text: str, code: str) -> None:
    assert code in _codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "What are you waiting for, the sale ends Sunday",
        "Waiting for the bus downtown",
        "A new version of the app is out",
        "First week of school starts Monday",
        "The pic is me at the beach",
        "Send your recent photo",
        "Our privacy policy is online",
        "Private entrance and yard",
    ],
)
def test_lawful_phrasings_are_no_cue(text: str) -> None:
    assert not set(NEW_CUES) & _codes(text)


def test_several_new_kinds_together_read_as_commercial(screener: Screener) -> None:
    """Newness, real pictures, an assured invitation and privacy: four kinds, no hard term."""
    labels, codes, _ = screen(
        screener,
        "Ann",
        "Brand new to the scene. My photos are 100% real. Your privacy is respected. Pick up the phone, 702-555-0173.",
    )
    assert "commercial_sex" in labels
    assert set(NEW_CUES) <= codes


@pytest.mark.parametrize(
    "body",
    [
        "Brand new to the area, looking for a hiking partner. Tell me about yourself.",
        "I will be waiting for your reply. Email me.",
        "First week in the city for work, looking for a running group.",
    ],
)
def test_one_or_two_kinds_stay_ordinary(screener: Screener, body: str) -> None:
    labels, _, _ = screen(screener, "", body, "personals")
    assert labels == []
