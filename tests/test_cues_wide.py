"""Soft commercial cues in wider phrasing (issue 14, lexicon 2026.12.18): greetings, a visit or an
arrival, an unhurried meeting, a satisfaction promise, availability, hosting, an experience
offered, a stock persona, client manners, and phone invitations in more words. Each is one KIND:
several kinds together make the rule path read an ad as commercial, one alone never does, and a
personal ad's counter-cues still cancel them. Clinical synthetic text written for these tests;
phone numbers use the 555-01xx range."""

from __future__ import annotations

import pytest

from rules_screen import screen_full as screen
from samaritan import Screener
from samaritan.engine.detect import Detector
from samaritan.engine.lexicon import load_lexicon

LEXICON = load_lexicon()
DETECTOR = Detector(LEXICON)
NEW_CUES = (
    "CUE_GREETING_OPEN",
    "CUE_RETURNING",
    "CUE_UNHURRIED_WIDE",
    "CUE_PROMISE",
    "CUE_AVAILABLE_WIDE",
    "CUE_HOST_WIDE",
    "CUE_EXPERIENCE",
    "CUE_PERSONA",
    "CUE_MANNERS",
)


def _codes(text: str) -> set[str]:
    return {hit.rule.code for hit in DETECTOR.find("body", text)}


@pytest.fixture(scope="module")
def screener(rules_screener: Screener) -> Screener:
    return rules_screener


def test_the_new_cues_are_newer_than_the_packaged_model() -> None:
    """The packaged model was trained before these rules: it must not read them as features (a
    word it never saw must not move its probabilities); the rule path counts them."""
    unread = LEXICON.newer_than(None)
    for code in NEW_CUES:
        assert code in unread
    cues = LEXICON.cues()
    assert {cues[code] for code in NEW_CUES} <= {
        "gentlemen",
        "visiting",
        "unhurried",
        "available",
        "host_travel",
        "pleasure",
        "allure",
        "screening",
    }


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Hello there handsome, I am Ann.", "CUE_GREETING_OPEN"),
        ("Back in town for a few days.", "CUE_RETURNING"),
        ("We take our time, you never feel rushed.", "CUE_UNHURRIED_WIDE"),
        ("You will be glad you called.", "CUE_PROMISE"),
        ("Available all week, same day appointments.", "CUE_AVAILABLE_WIDE"),
        ("Your place or hotel.", "CUE_HOST_WIDE"),
        ("Let me help you relax.", "CUE_EXPERIENCE"),
        ("Your girl next door.", "CUE_PERSONA"),
        ("Respectful gentlemen only.", "CUE_MANNERS"),
        ("Text to book, I am just a call away.", "CUE_CALL_TEXT"),
    ],
)
def test_each_family_reads_its_phrasing(text: str, code: str) -> None:
    assert code in _codes(text)


def test_several_kinds_together_read_as_commercial(screener: Screener) -> None:
    """A greeting, a visit, an unhurried meeting and an invitation to phone: four kinds, no hard
    term - the shape of the shortest escort ads."""
    labels, codes, _ = screen(
        screener,
        "Ann",
        "Hello there gentlemen. Back in town for a few days, we take our time and you never feel rushed. "
        "Text to book 702-555-0171.",
    )
    assert "commercial_sex" in labels
    assert {"CUE_GREETING_OPEN", "CUE_RETURNING", "CUE_UNHURRIED_WIDE"} <= codes


@pytest.mark.parametrize(
    "body",
    [
        "Hello there, I am new in town and would like to find a running group.",
        "Back in town for a few days to see old friends, anyone up for a hike?",
        "Take your time and enjoy the garden tour, the café is open late.",
        "Available all week for tutoring, same day appointments. Email me.",
    ],
)
def test_one_kind_alone_stays_ordinary(screener: Screener, body: str) -> None:
    labels, _, _ = screen(screener, "", body, "personals")
    assert labels == []


@pytest.mark.parametrize(
    "text",
    [
        "Hello there, selling my road bike.",
        "Hi there, I am new to the city.",
        "Greetings from the garden club.",
        "Hi everyone, I run a book club.",
        "Good afternoon, ladies. I am a teacher who likes hiking.",
    ],
)
def test_a_greeting_to_no_one_in_particular_is_no_cue(text: str) -> None:
    """Personal posts and sales open with "hello there" or greet "everyone" as often as escort
    ads do (on real personals the commonest false cue), and a man greeting "ladies" seeks them."""
    assert not {"CUE_GREETING_OPEN", "TP_PLURAL_WOMEN"} & _codes(text)


def test_a_casual_personal_post_stays_ordinary_on_the_rule_path(screener: Screener) -> None:
    """Discreet fun, a visit, a hotel and overnights are a date's words too: with no rate, no
    service term and a reply by picture, the rule path keeps the post ordinary."""
    labels, codes, _ = screen(
        screener,
        "Visiting this week",
        "Hey there, visiting town for work and staying at a hotel. Looking for discreet fun and "
        "good company, overnights welcome. You can come to me. Tell me about yourself.",
        "personals",
    )
    assert labels == []
    assert "CS_TRADE_WORDS" not in codes


@pytest.mark.parametrize(
    "body",
    [
        # A personal ad's voice (a single parent, looking for love) cancels the soft cues.
        "Hello there, single dad back in town for a few days. We can take our time, no need to rush. "
        "Text me 702-555-0172, looking for love.",
        # A sale's terms do too.
        "Hello there, returning the favor: like new bicycle, obo, take your time and call me.",
    ],
)
def test_counter_cues_still_cancel_the_new_kinds(screener: Screener, body: str) -> None:
    labels, _, _ = screen(screener, "", body, "personals")
    assert labels == []


@pytest.mark.parametrize(
    "body",
    [
        "Call for a free estimate, licensed plumber.",
        "Returning students welcome, the library is open late.",
        "We will paint your place, call the office for a quote.",
        "You will love the location of this flat, for rent, application fee applies.",
    ],
)
def test_errands_and_lawful_offers_stay_ordinary(screener: Screener, body: str) -> None:
    labels, _, _ = screen(screener, "", body, "services")
    assert labels == []
