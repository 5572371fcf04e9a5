"""Prices written beside a session's length: the length first ("60 min 180", "3 hr package 700"),
"for the hour", "per date", "per meet", "for an evening", "hourly 250", "overnights 700"; and a
length is never a price ("5 hr dates 1000" was $5 an hour, "2hr min" $2, "90 minutes" before a
phone number the area code)."""

from __future__ import annotations

import pytest

from samaritan.engine.extract.prices import find_prices


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("60 min 180", 180, "hour"),
        ("30 min 80 cash", 80, "half_hour"),
        ("90 min 260", 260, "session"),
        ("2 hours 300", 300, "two_hours"),
        ("3 hr package 700", 700, "session"),
        ("5 hr dates 1000", 1000, "session"),
        ("120 for the hour", 120, "hour"),
        ("120 for a half hr", 120, "half_hour"),
        ("300 per date", 300, "session"),
        ("hourly 250", 250, "hour"),
        ("overnights 700", 700, "overnight"),
        ("50 for a quick visit", 50, "short_visit"),
        # pay-per-meeting posts price a meeting or an evening, not an hour
        ("200 per meet", 200, "session"),
        ("$300 a meeting", 300, "session"),
        ("250 per meetup", 250, "session"),
        ("500 for an evening", 500, "night"),
        # a half or a full hour named before its unit
        ("120 half hr", 120, "half_hour"),
        ("200 full hr", 200, "hour"),
        ("the full hour 220", 220, "hour"),
        # a length or a unit beside a price written with its currency, "h" for hours
        ("45 min $280", 280, "session"),
        ("2 hrs $400", 400, "two_hours"),
        # the unit's hours in brackets, or its minimum, between the unit and the price
        ("overnight (11pm to 7am): $1,900", 1900, "overnight"),
        ("two hours minimum: $900", 900, "two_hours"),
        ("1 hour minimum $260", 260, "hour"),
        ("$200 flat for the hour", 200, "hour"),
        ("2h 750", 750, "two_hours"),
        ("hourly $350", 350, "hour"),
        ("midweek overnights $2,000", 2000, "overnight"),
        ("1hr $140", 140, "hour"),
        ("$250 for the afternoon", 250, "session"),
    ],
)
def test_a_price_beside_its_sessions_length(text: str, amount: int, unit: str) -> None:
    assert [(p.amount, p.unit) for p in find_prices(f"sweet lady. {text}. text me")] == [(amount, unit)]


@pytest.mark.parametrize(
    "text",
    [
        "2hr min",
        "open 24 hours 7 days a week",
        "1 hour 15 minutes from downtown",
        "shifts of 8 hours 40 per week",
        "call 90 minutes 702-555-0142",
        "1/2hr - ask",
        "a full 24 hr gym",
        "it takes 2 full hours",
        "open 24h 7 days a week",
        "meet at 10h 30",
        "open in the afternoon",
    ],
)
def test_a_length_is_no_price(text: str) -> None:
    assert find_prices(text) == [], text


def test_the_length_before_a_price_is_not_read_as_the_price() -> None:
    assert [(p.amount, p.unit) for p in find_prices("5 hr dates 1000, 2hr min")] == [(1000, "session")]


def test_meet_before_a_number_is_an_invitation_not_a_unit() -> None:
    # "ready to meet 300 roses": the price has no unit; "meet" is a unit only after its amount
    assert [(p.amount, p.unit) for p in find_prices("ready to meet 300 roses")] == [(300, None)]
    assert [p.unit for p in find_prices("call when ready to meet 702 555 0142")] == []


def test_a_unit_further_back_after_another_amount_is_that_amounts() -> None:
    """The unit is looked for further back than before only where no other amount owns it."""
    prices = find_prices("Studio $725 each month          $725 to hold it")
    assert [(p.amount, p.unit) for p in prices] == [(725, "month"), (725, None)]


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        # a session's own length before its price across a comma
        ("we meet for two hours, $380 in advance", 380, "two_hours"),
        ("lessons 1 hour, $40", 40, "hour"),
        # ... but no other length ("open 24 hours"), and a unit is a word of its own: "person",
        # "donation" and "Saturday" hold no "on" (overnight) nor "day"
        ("open 24 hours, $10 entry", 10, None),
        ("tickets $12 per person, $8 for each child", 8, None),
        ("donation 150, thursday to sunday", 150, None),
        ("entry on saturday is $15", 15, None),
    ],
)
def test_a_unit_before_its_price_is_a_word_of_its_own(text: str, amount: float, unit: str | None) -> None:
    prices = {p.amount: p.unit for p in find_prices(text)}
    assert prices.get(amount, "missing") == unit, prices


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30/150 60/250 90/350", [(150, "half_hour"), (250, "hour"), (350, "session")]),
        ("30 / 170. 60 / 260. 90 / 380.", [(170, "half_hour"), (260, "hour"), (380, "session")]),
        ("15/80, 30/120, 60/200, overnight ask", [(80, "short_visit"), (120, "half_hour"), (200, "hour")]),
        ("Rates 45/160 and 60/200", [(160, "session"), (200, "hour")]),
    ],
)
def test_a_menu_of_minutes_and_amounts_is_a_price_for_each_session(text: str, expected: list[tuple[int, str]]) -> None:
    """A session's minutes, a slash and its amount, two pairs or more (engine/extract/ratemenu.py)."""
    assert [(p.amount, p.unit) for p in find_prices(text)] == expected


@pytest.mark.parametrize(
    "text",
    ["bp 120/80 this morning", "open 10/15, 10/20 and 10/25", "dates 10/15/2026 and 10/20/2026", "30/150 only",
     "24/7 service, 30/20 split"],
)  # fmt: skip
def test_a_date_a_ratio_or_one_pair_is_no_menu(text: str) -> None:
    assert find_prices(text) == []


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        # "half" alone is a half hour ("90 half, 160 hour"); a half day, a half price or half the
        # night is no half hour (a shoot's day rate was read as a half hour's)
        ("$750 for a half-day shoot", None),
        ("$400 half day", None),
        ("$200 half the night", None),
        ("90 half", "half_hour"),
    ],
)
def test_half_a_day_is_no_half_hour(text: str, unit: str | None) -> None:
    assert [p.unit for p in find_prices(f"{text}, text me")] == [unit]
