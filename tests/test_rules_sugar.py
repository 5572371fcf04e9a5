"""Sugar roles on the rule path (issue 14, real personals): a poster who claims or seeks a sugar
role offers or seeks paid company, and is commercial on that alone (CS_SUGAR_ROLE); the same
words told about other people, denied or excluded stay ordinary, and a bare mention of the word
stays soft (CS_SUGAR). Clinical synthetic text written for these tests."""

from __future__ import annotations

import pytest

from rules_screen import screen
from samaritan import Screener


@pytest.fixture(scope="module")
def screener(rules_screener: Screener) -> Screener:
    """This file tests the rule path's own reading (its docstring): pinned to `model="none"`;
    the default engine's verdicts on lawful ads are held by test_screen.py's trap suite."""
    return rules_screener


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("Weekend company", "Successful businessman seeking a sugar baby for dinners and travel."),
        ("Older lady wanted", "In need of a sugar mama, I will be loyal and attentive."),
        ("About me", "I am a generous sugar daddy looking to spoil the right woman."),
        ("New in town", "Student looking for a sugar daddy to help with rent."),
    ],
)
def test_a_sugar_role_claimed_or_sought_is_commercial(screener: Screener, title: str, body: str) -> None:
    labels, codes = screen(screener, title, body, "personals")
    assert "commercial_sex" in labels and "CS_SUGAR_ROLE" in codes


@pytest.mark.parametrize(
    "body",
    [
        "Tired of women looking for a sugar daddy, I want a real partner for hiking and films.",
        "Never seeking a sugar daddy; paying my own way and cooking for friends.",
        "I am not a sugar daddy, just a regular guy who likes fishing.",
        "If you are looking for a sugar daddy, keep scrolling. Coffee and a walk first.",
        "The people here just want a sugar daddy, I want conversation.",
        "Baking sugar cookies for the school fair, looking for a friend to help.",
    ],
)
def test_sugar_words_about_others_or_denied_stay_ordinary(screener: Screener, body: str) -> None:
    assert screen(screener, "Real person here", body, "personals")[0] == []
