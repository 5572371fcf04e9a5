"""The screening and commercial-wording rules of lexicon 2026.12.19 are soft: no cue kind, weight
0.3 at most (the wording a lesson, a trade or a personal post also uses weighs nothing: it is shown
to a reviewer, never evidence), counted only in commercial context. They name the screening and
the offer of a commercial ad, and lawful posts full of their words (a care agency's visits, a landlord's ID check, a
personal post asking about the reader) stay unlabelled."""

from __future__ import annotations

import pytest

from samaritan import Screener
from samaritan.engine.detect import Detector
from samaritan.engine.lexicon import load_lexicon

LEXICON = load_lexicon()
NEW = {rule.code: rule for rule in LEXICON.rules if rule.since == "2026.12.19"}
DETECTOR = Detector(LEXICON)
SCREENER = Screener()


def _codes(text: str) -> set[str]:
    return {hit.rule.code for hit in DETECTOR.find("body", text)}


def test_the_new_rules_are_soft_and_commercial_only() -> None:
    assert {code for code in NEW if code.startswith("SCREEN_")} >= {
        "SCREEN_NEW_CLIENTS",
        "SCREEN_INTRODUCTION",
        "SCREEN_REFERENCE_CHECK",
        "SCREEN_CALLER_RULES",
        "SCREEN_BOOKING_TERMS",
    }
    assert {code for code in NEW if code.startswith("CS_")} >= {
        "CS_SESSION_LENGTH",
        "CS_PROVIDER_CLAIM",
        "CS_SESSION_BOOKED",
        "CS_PROVIDER_PERSONA",
        "CS_ADULT_DIRECTORY",
        "CS_OFFER_WORDING",
        "CS_SERVICE_WORD",
    }
    for rule in NEW.values():
        if rule.category not in ("screening", "commercial_sex"):
            continue
        assert rule.weight <= 0.3, rule.code
        assert rule.context == "commercial", rule.code
        assert rule.cue is None, rule.code
    # Wording that lessons, trades and personal posts share weighs nothing.
    for code in (
        "CS_SESSION_LENGTH",
        "CS_SERVICE_WORD",
        "CS_PROVIDER_PERSONA",
        "CS_PROVIDER_CLAIM",
        "CS_SESSION_BOOKED",
    ):
        assert NEW[code].weight == 0.0, code
    # Screening says what it says with its negation ("no blocked numbers"): never negatable.
    assert not any(rule.negatable for rule in NEW.values() if rule.category == "screening")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("New friends must send a reference before we meet.", "SCREEN_NEW_CLIENTS"),
        ("Please text with your name and age.", "SCREEN_INTRODUCTION"),
        ("Text me your name, age and occupation.", "SCREEN_INTRODUCTION"),
        ("One reference from an established provider, or your LinkedIn.", "SCREEN_REFERENCE_CHECK"),
        ("No restricted numbers. Screening is a must.", "SCREEN_CALLER_RULES"),
        ("All bookings require screening; allow 24 hours for verification.", "SCREEN_BOOKING_TERMS"),
        ("Half hour or one hour, overnights by request.", "CS_SESSION_LENGTH"),
        ("I cater to discerning gentlemen.", "CS_PROVIDER_CLAIM"),
        ("Book her for the evening.", "CS_SESSION_BOOKED"),
        ("Eager to please, your pleasure is my priority.", "CS_PROVIDER_PERSONA"),
        ("Home > Escort profiles > Denver", "CS_ADULT_DIRECTORY"),
        ("Text me for my rates; generosity is appreciated.", "CS_OFFER_WORDING"),
        ("Sessions by request, incall only.", "CS_SERVICE_WORD"),
    ],
)
def test_each_rule_reads_its_wording(text: str, code: str) -> None:
    assert code in _codes(text)


def test_one_menu_of_lengths_counts_once() -> None:
    # Bare lengths, lengths with a visit word and a menu of lengths are one code: a menu's three
    # lengths add 0.3 to the commercial score, not 0.9.
    codes = _codes("Short visits, half hour or one hour, 30 mins, overnights.")
    assert "CS_SESSION_LENGTH" in codes
    assert not {"CS_VISIT_LENGTH", "CS_VISIT_NOUN"} & {rule.code for rule in LEXICON.rules}


def test_a_commercial_ad_reports_screening_and_offer_wording() -> None:
    body = (
        "Sweet and discreet, eager to please. Half hour or one hour, incall only. New friends must provide "
        "a reference from an established provider. No blocked numbers. Call 555-0142."
    )
    verdict = SCREENER.screen({"id": "cs-1", "category": "adult", "title": "Mia, 24, incall", "body": body}).to_dict()
    assert "commercial_sex" in verdict["labels"]
    categories = {i["category"] for i in verdict["indicators"]}
    assert {"screening", "commercial_sex"} <= categories


@pytest.mark.parametrize(
    ("section", "title", "body"),
    [
        (
            "services",
            "Home care visits",
            "Caring aides for seniors: one hour visits or overnight care, appointments with our nurse. "
            "New clients must complete an intake form. Call 555-0150.",
        ),
        (
            "housing",
            "2BR near the park",
            "All applicants require screening. Valid ID and references from previous landlords required. "
            "Half hour from downtown. Call 555-0161 to tour.",
        ),
        (
            "personals",
            "Hiking partner",
            "Quiet guy, 40, into old films and long walks. Tell me a little about yourself and your name. "
            "Happy to spend an hour over coffee first. Reply by email.",
        ),
        (
            "services",
            "Guitar lessons",
            "Patient teacher, twenty years of experience. One hour session $40, half hour $25. "
            "Available now for new students, evenings and weekends. Call 555-0162.",
        ),
        (
            "personals",
            "Fun guy here",
            "Easygoing man, 38, here to please and happy to satisfy your needs, no rush at all. "
            "Let's spend some time together and see. Send a pic and tell me about yourself.",
        ),
        (
            "services",
            "Handyman",
            "Reliable handyman here to satisfy your every need: repairs, painting, moving help. "
            "No job too small, no rush charges. Call or text 555-0163.",
        ),
        (
            "personals",
            "Free relaxing massage",
            "Kind, fit man offering a free relaxing massage to a lady who needs it. Treat yourself to a massage "
            "session, nothing expected in return. I am available most afternoons. Reply with a note.",
        ),
    ],
)
def test_lawful_posts_with_the_words_stay_unlabelled(
    section: str, title: str, body: str, rules_screener: Screener
) -> None:
    for screener in (SCREENER, rules_screener):  # the model's path and the rules' own
        verdict = screener.screen({"id": f"lawful-{section}", "category": section, "title": title, "body": body})
        assert verdict.to_dict()["labels"] == []
