"""A man, a boyfriend, a relative or a boss who arranges, answers for, drives or chaperones the
woman offered is control said plainly (TP_KEEPER_ARRANGES, kind `control`, 1.3): "text, boss will
reply", "her friend will text you the room number", "she can set u up with one of our girls".
Until lexicon 2026.12.72 these forms weighed 0.8 beside an agency's booking line
(TP_BOOKED_BY_OTHERS), so a commercial ad that said them stayed under the trafficking threshold,
while "call uncle to book" (TP_CONTROL_SPOKEN) weighed 1.3. An agency's or a booker's line stays
the weaker reading; a hotel, a band or a carpool saying the same words is no commercial ad."""

from __future__ import annotations

import pytest

from samaritan.engine.policy import ConfigError, Weights
from samaritan.engine.screener import Screener
from samaritan.engine.weight_codes import check_codes

ARRANGED = [
    (
        "massage",
        "New Asian lady",
        "New Asian lady just arrived, here only 4 days. Table shower, 60 min 80. Text 702-555-0131, boss will reply.",
    ),
    (
        "adult",
        "New in town",
        "Brand new, 25, visiting from the coast. Incall near the airport, her friend will text the room number when"
        " you arrive. 702-555-0132",
    ),
    (
        "adult",
        "Ask for Tia",
        "Ask for Tia, she can set u up with one of our girls. Motel off the interstate, bring the donation."
        " 702-555-0133",
    ),
    (
        "dating",
        "Meet Lola",
        "Lola, 24, curvy and sweet. Incall only. My uncle will set up your visit, he speaks English. 702-555-0134",
    ),
]


@pytest.mark.parametrize(("section", "title", "body"), ARRANGED)
def test_someone_in_her_life_who_arranges_her_is_trafficking_risk(
    screener: Screener, section: str, title: str, body: str
) -> None:
    verdict = screener.screen({"id": "k", "category": section, "title": title, "body": body})
    assert "TP_KEEPER_ARRANGES" in {i.code for i in verdict.indicators}, verdict.reasons
    assert {"commercial_sex", "trafficking_risk"} <= set(verdict.labels), verdict.reasons


@pytest.mark.parametrize(
    "body",
    [
        "Companion visiting this week, 28. Incall 300/hr. Appointments only via her booker, text 702-555-0135.",
        "Elegant and discreet, 30. Outcall 400/hr. All bookings through our agency line. 702-555-0136",
    ],
)
def test_an_agencys_booking_line_stays_the_weaker_reading(rules_screener: Screener, body: str) -> None:
    verdict = rules_screener.screen({"id": "a", "category": "adult", "title": "Tonight", "body": body})
    codes = {i.code for i in verdict.indicators}
    assert "TP_BOOKED_BY_OTHERS" in codes and "TP_KEEPER_ARRANGES" not in codes, verdict.reasons


@pytest.mark.parametrize(
    ("section", "body"),
    [
        ("housing", "Studio by the week. The front desk guy gives you the room key at check-in. 702-555-0137"),
        ("services", "Cover band for weddings and parties. Our team handles the bookings, call 702-555-0138."),
        ("community", "Carpool: my brother drives a truck and I bring her to school at 8. Room for one more child."),
        ("for sale", "Selling a dresser. My husband is outside in the car with it, the owner will reply to texts."),
    ],
)
def test_the_same_words_in_a_lawful_ad_are_nothing(either_path: Screener, section: str, body: str) -> None:
    verdict = either_path.screen({"id": "l", "category": section, "title": "Info", "body": body})
    assert verdict.labels == [], verdict.reasons
    assert "TP_KEEPER_ARRANGES" not in {i.code for i in verdict.indicators}


def test_control_is_trafficking_risk_whatever_the_movement_wording(either_path: Screener) -> None:
    # Control alone weighed a little under the trafficking threshold (0.47) and movement wording
    # weighs against trafficking (the comparison study), so a boss who answers for a woman "moving
    # on to the next city" stayed commercial only. Control is the pimp's mark: weights 2026.12.44
    # label it whatever else the ad says (`trafficking.control_kinds`).
    ad = {
        "id": "c",
        "category": "massage",
        "title": "Sun, leaving Friday",
        "body": "New girl Sun just arrived, stays until Friday then moves on to the next city. Text 702-555-0161,"
        " boss will reply.",
    }
    verdict = either_path.screen(ad)
    assert {"commercial_sex", "trafficking_risk"} <= set(verdict.labels), verdict.reasons
    assert verdict.risk["trafficking"] >= 0.5


def test_the_same_ad_without_control_is_commercial_only(screener: Screener) -> None:
    ad = {
        "id": "n",
        "category": "massage",
        "title": "Sun, leaving Friday",
        "body": "New girl Sun just arrived, stays until Friday then moves on to the next city. 60 min 120."
        " Text 702-555-0161.",
    }
    verdict = screener.screen(ad)
    assert verdict.labels == ["commercial_sex"], verdict.reasons


def test_a_house_that_rotates_its_women_is_trafficking_risk(either_path: Screener) -> None:
    # A house's staff who move on every few days (TP_TURNOVER) beside a circuit's wording: the rules'
    # trafficking reading was 0.14-0.42, the movement wording weighing against it. The rotation
    # that keeps women isolated labels it by itself (weights 2026.12.44 `trafficking.rotation_codes`).
    ad = {
        "id": "h",
        "category": "adult",
        "title": "Omaha this week",
        "body": "Staff moves on every few days. Incall only, gone by Thursday, next stop Denver. Text 702-555-0173.",
    }
    verdict = either_path.screen(ad)
    assert "TP_TURNOVER" in {i.code for i in verdict.indicators}
    assert {"commercial_sex", "trafficking_risk"} <= set(verdict.labels), verdict.reasons


@pytest.mark.parametrize(("key", "value"), [("control_kinds", "no_such_kind"), ("rotation_codes", "TP_NO_SUCH_RULE")])
def test_a_misspelt_control_kind_or_rotation_code_is_refused(rules_screener: Screener, key: str, value: str) -> None:
    # A typo would silently label nothing: the weights are checked against the lexicon at load.
    weights = rules_screener.weights.model_dump()
    weights["trafficking"][key].append(value)
    with pytest.raises(ConfigError, match=value):
        check_codes(Weights.model_validate(weights), rules_screener.lexicon)


@pytest.mark.parametrize(
    "body",
    [
        "Hello, I'm Leo and I manage the social calendar for several beautiful women aged 23 to 31. They prefer that"
        " I handle every introduction, so please call me first. 702-555-0139",
        "We handle the bookings for a few gorgeous ladies new to the city. One call to us and the evening is set."
        " 702-555-0140",
    ],
)
def test_a_writer_who_keeps_several_womens_calendar_is_control(either_path: Screener, body: str) -> None:
    """A booker who keeps the calendar of several women described by their looks (TP_KEEPS_THEIR_CALENDAR,
    lexicon 2026.12.90): control said plainly, so the ad is commercial and trafficking risk though it
    names no rate and no service (corpora written apart from the project wrote him so)."""
    verdict = either_path.screen({"id": "c", "category": "dating", "title": "Introductions", "body": body})
    assert "TP_KEEPS_THEIR_CALENDAR" in {i.code for i in verdict.indicators}, verdict.reasons
    assert {"commercial_sex", "trafficking_risk"} <= set(verdict.labels), verdict.reasons


@pytest.mark.parametrize(
    ("section", "body"),
    [
        ("jobs", "Office manager wanted: I manage the calendars of several busy executives. 702-555-0141"),
        ("services", "We handle the bookings for three cleaning ladies, weekly or monthly visits. 702-555-0142"),
        ("services", "Bridal party styling: I keep the schedule for five lovely bridesmaids on the day. 702-555-0143"),
    ],
)
def test_a_calendar_kept_for_staff_or_a_wedding_is_nothing(either_path: Screener, section: str, body: str) -> None:
    verdict = either_path.screen({"id": "l", "category": section, "title": "Info", "body": body})
    assert verdict.labels == [], verdict.reasons
