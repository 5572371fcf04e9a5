"""An age under 18 written as a bare number after a name ("Amy, 16", "Amy (16)"), and the age of
a friend or sister an ad is posted for ("my friend Rosa (30)"): read where the ad sells company,
left alone where the same shape is a size, a count or a list (a sale, a housing ad)."""

from __future__ import annotations

import pytest

from samaritan.engine.extract.ages import PEER, YOUNG, find_ages
from samaritan.engine.screener import Screener

RULES = Screener(model="none")
MODEL = Screener(model="default")
OFFER = " Incall now, 200 an hour, call 702-555-0142."


def _screen(screener: Screener, body: str, title: str = "Evening company") -> tuple[list[int], list[str], set[str]]:
    v = screener.screen({"id": "t", "title": title, "body": body, "category": "dating"})
    return v.entities.ages, list(v.labels), {i.code for i in v.indicators}


@pytest.mark.parametrize("screener", [RULES, MODEL], ids=["rules", "model"])
@pytest.mark.parametrize(
    "body", ["Amy, 16, new in town.", "Amy (16) new in town.", "Meet Amy, 16.", "Amy here, 16, new in town."]
)
def test_a_bare_age_under_18_after_a_name_in_an_offer_is_minor_risk(screener: Screener, body: str) -> None:
    ages, labels, codes = _screen(screener, body + OFFER)
    assert ages == [16]
    assert "YOUTH_STATED_MINOR_AGE" in codes and "minor_risk" in labels


@pytest.mark.parametrize("screener", [RULES, MODEL], ids=["rules", "model"])
@pytest.mark.parametrize(
    "body",
    [
        "Girls jeans, sizes: Medium, 14. Ten each.",
        "Kids bikes: Huffy (16) and Schwinn (12), forty each.",
        "Lego Technic (14) sets, complete with boxes.",
        "Volunteers wanted here, 15 spots left for the park cleanup.",
        "Amy, 16, looking for a babysitting job, 15 an hour, call 702-555-0142.",
        "Room wanted for me and my sister Kate (17), she starts college in the fall.",
    ],
)
def test_the_same_shape_outside_an_offer_is_no_age(screener: Screener, body: str) -> None:
    ages, labels, codes = _screen(screener, body, title="Listing")
    assert ages == [] and labels == [] and "YOUTH_STATED_MINOR_AGE" not in codes


def test_find_ages_marks_the_bare_young_reading_tentative() -> None:
    [amy] = find_ages("Amy, 16, new in town")
    assert (amy.age, amy.tentative) == (16, YOUNG)
    [kira] = find_ages("Kira, 27, new in town")
    assert (kira.age, kira.tentative) == (27, 0)
    # Stated as an age, it is read outright, whatever follows.
    [stated] = find_ages("I am 16 years old")
    assert (stated.age, stated.tentative) == (16, 0)
    [rosa] = find_ages("my close friend Rosa (30) is shy")
    assert (rosa.age, rosa.tentative) == (30, PEER)


@pytest.mark.parametrize("screener", [RULES, MODEL], ids=["rules", "model"])
@pytest.mark.parametrize(
    ("body", "age"),
    [
        ("Posting for my close friend Rosa (30), she is shy.", 30),
        ("My sister Lucy, 29, is visiting this week.", 29),
        ("My little sister Jo (24) is visiting this week.", 24),
        ("Posting for my friend Amy (16), she is new in town.", 16),
    ],
)
def test_the_friend_or_sister_an_offer_is_posted_for_has_her_age_read(screener: Screener, body: str, age: int) -> None:
    ages, labels, codes = _screen(screener, body + OFFER)
    assert ages == [age]
    assert "commercial_sex" in labels
    assert ("minor_risk" in labels) == (age < 18) and ("YOUTH_STATED_MINOR_AGE" in codes) == (age < 18)


@pytest.mark.parametrize("screener", [RULES, MODEL], ids=["rules", "model"])
def test_a_childs_age_in_an_offer_stays_the_childs(screener: Screener) -> None:
    ages, labels, codes = _screen(screener, "Single mom, my daughter Lily (8) is at school all day." + OFFER)
    assert 8 not in ages and "YOUTH_STATED_MINOR_AGE" not in codes and "minor_risk" not in labels


@pytest.mark.parametrize("screener", [RULES, MODEL], ids=["rules", "model"])
@pytest.mark.parametrize(
    ("body", "minor"),
    [
        # "years" after a name the poster gives herself, a person's noun, or the trade's shorthand
        # opening the ad: her age
        ("Amy 16yrs new in town.", True),
        ("I'm Amy, 17 years, new in town.", True),
        ("Sweet girl, 17 yrs, new in town.", True),
        # a status, a trade or a list before "years": a duration, no one's age
        ("Divorced, 15 yrs, now single.", False),
        ("Welding, 15 yrs. Carpentry, 16 years.", False),
        ("Married, 15 years, now single.", False),
    ],
)
def test_years_after_a_name_are_her_age_and_after_a_status_a_duration(
    screener: Screener, body: str, minor: bool
) -> None:
    _, labels, codes = _screen(screener, body + OFFER)
    assert ("YOUTH_STATED_MINOR_AGE" in codes) == minor and ("minor_risk" in labels) == minor
