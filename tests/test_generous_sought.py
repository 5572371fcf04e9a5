"""A generous man sought, and words glued by "!" (lexicon 2026.12.76, weights 2026.12.44).

A poster who seeks a generous man to meet asks for a sugar arrangement without its name, as one
who seeks a sugar daddy or an allowance does (CS_SEEKS_GENEROUS: in corpora written apart from the
project every post that said it was a commercial one). A denial, other people's wishes, a man who
calls himself generous, or a seeker who asks for the reader's picture is no such offer.

Real posts leave out the space after "!" ("pics!!call"); read as leetspeak the marks glued the
words into one and both were lost. Clinical synthetic text; phone numbers use 555-01xx."""

from __future__ import annotations

import pytest

from samaritan.engine.normalize import fold
from samaritan.engine.screener import Screener

SOUGHT = [
    (
        "personals",
        "Weekday lunches",
        "Married, 34, and bored at home. In search of an attentive, generous man for weekday lunches. Very discreet.",
    ),
    ("dating", "New here", "Student, 22, wants a generous older gent to buy me dinner on Fridays. Text me."),
    (
        "casual encounters",
        "Payday blues",
        "Rent is late again. Need a generous friend or two this month, I'm fun and easygoing.",
    ),
]

NOT_SOUGHT = [
    ("dating", "Hiking partner", "Not looking for a generous man, just someone who likes long walks. I'm 35."),
    ("personals", "Rant", "Tired of all the girls who want a generous man. Real conversation or nothing, thanks."),
    ("personals", "Travel companion", "As a generous fellow of 52 I would like a travel companion. Two grown kids."),
    (
        "personals",
        "Lady seeks partner",
        "In search of a caring and generous gentleman for a steady relationship. Please send a clear photo with"
        " your first message.",
    ),
]


@pytest.mark.parametrize(("section", "title", "body"), SOUGHT)
def test_a_generous_man_sought_is_a_sugar_offer(either_path: Screener, section: str, title: str, body: str) -> None:
    verdict = either_path.screen({"id": "s", "category": section, "title": title, "body": body})
    assert "CS_SEEKS_GENEROUS" in {i.code for i in verdict.indicators}
    assert "commercial_sex" in verdict.labels, verdict.reasons


@pytest.mark.parametrize(("section", "title", "body"), NOT_SOUGHT)
def test_denials_talk_givers_and_seekers_stay_ordinary(
    either_path: Screener, section: str, title: str, body: str
) -> None:
    verdict = either_path.screen({"id": "n", "category": section, "title": title, "body": body})
    assert verdict.labels == [], verdict.reasons
    assert verdict.decision == "allow"


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("real pics!!call now", "real pics call now"),
        ("new in town!call me", "new in town call me"),
        ("y0ung!!call", "young call"),
        ("fr!ends only", "friends only"),  # a leet "i" inside a word stays one
        ("k!ss", "kiss"),
    ],
)
def test_words_glued_by_exclamation_marks_are_read_apart(screener: Screener, written: str, read: str) -> None:
    views = [" ".join(view.text.split()) for view in fold(written, screener.detector.vocabulary)]
    assert read in views, views


def test_a_glued_ad_keeps_its_cues(rules_screener: Screener) -> None:
    body = "Mia, 24!!New in town!!Real pics!!Incall only, 150 for the hour!!Text 702-555-0147"
    verdict = rules_screener.screen({"id": "g", "category": "dating", "title": "Mia", "body": body})
    codes = {i.code for i in verdict.indicators}
    assert {"MOVE_NEW_IN_TOWN", "CS_INCALL_OUTCALL"} <= codes, sorted(codes)
    assert "commercial_sex" in verdict.labels


def test_her_own_reviews_are_a_providers_word(rules_screener: Screener) -> None:
    # (lexicon 2026.12.77) "my reviews", "amazing reviews", a "reviewed companion": a person with
    # reviews in a dating post is a provider (CUE_PROVIDER), one soft kind among several.
    ad = {
        "id": "r",
        "category": "dating",
        "title": "Nova - 27",
        "body": "Sweet and playful, my reviews speak for me. Available now. Text 702-555-0152.",
    }
    verdict = rules_screener.screen(ad)
    assert "CUE_PROVIDER" in {i.code for i in verdict.indicators}
    assert "commercial_sex" in verdict.labels, verdict.reasons
    rental = {
        "id": "h",
        "category": "housing",
        "title": "Guest suite by the week",
        "body": "Quiet guest suite, my reviews speak for me. Available now. Text 702-555-0153.",
    }
    assert rules_screener.screen(rental).labels == []
