"""Prices said in words or in thousands ("a hundred and fifty an hour", "two hours is a thousand",
"fifteen hundred for the night", "$4k a month"), the unit named before a bare price ("a dinner
date is 500", "by the hour ($400)", "dates from $450"), a length said in words ("two hours 300"),
a number of hours after "for" ("500 for three hours"), "/h", and Spanish and Portuguese units
("media hora", "por la noche", "a hora"). A number word with no currency, unit or fee beside it
stays a number: "two hundred people", "a hundred years", "two hundred pounds" and a 5k race are
no prices. Clinical synthetic text written for these tests."""

from __future__ import annotations

import pytest

from samaritan.engine.extract.price_words import words_value
from samaritan.engine.extract.prices import find_prices


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("a hundred and fifty an hour", 150, "hour"),
        ("two hours is a thousand", 1000, "two_hours"),
        ("fifteen hundred for the night", 1500, "night"),
        ("a buck fifty for the hour", 150, "hour"),
        ("one fifty an hour", 150, "hour"),
        ("two-fifty an hour", 250, "hour"),
        ("eighty an hour", 80, "hour"),
        ("it costs two hundred and fifty dollars", 250, None),
        ("my fee is two hundred", 200, None),
        ("two hours for three hundred", 300, "two_hours"),
        ("2 hunnid for the hour", 200, "hour"),
        ("rent is $4k/month", 4000, "month"),
        ("allowance $4k a month", 4000, "month"),
        ("$3.5k monthly", 3500, "month"),
        ("5k/month, discussed first", 5000, "month"),
        # a session named before a bare price or a price with its currency
        ("a dinner date is 450, drinks included", 450, "session"),
        ("charged by the hour ($350)", 350, "hour"),
        ("the whole night is $900", 900, "night"),
        ("300 every visit", 300, "session"),
        # lengths in words, and hours or minutes after "for"
        ("two hours 300, thanks", 300, "two_hours"),
        ("500 for three hours", 500, "session"),
        ("200 for 45 minutes", 200, "session"),
        # a sentence's stop, then a phone number: the price is kept
        ("2 hrs 400. 773-555-0195", 400, "two_hours"),
        # "/h" and "/2h", a unit after "from", a night or an evening without its article
        ("200/h, 350/2h", 200, "hour"),
        ("dinner dates from $450", 450, "session"),
        ("my gift is 300 for evening", 300, "night"),
        # Spanish and Portuguese units
        ("media hora $120, hora $200", 120, "half_hour"),
        ("un regalo de $250 por la noche", 250, "night"),
        ("200 a hora", 200, "hour"),
    ],
)
def test_a_price_in_words_or_thousands_is_read(text: str, amount: int, unit: str | None) -> None:
    prices = find_prices(f"hello there. {text}. text me")
    assert [(p.amount, p.unit) for p in prices][:1] == [(amount, unit)]


@pytest.mark.parametrize(
    "text",
    [
        "we had two hundred people at the picnic",
        "a hundred years old farmhouse",
        "two hundred pounds of gear",
        "ran a 5k a week ago",
        "two hundred. tonight.",
        "the meeting is 10 minutes",
        "open for 3 hours daily",
        "call 90 minutes 702-555-0142",
    ],
)
def test_number_words_with_no_price_beside_them_are_no_price(text: str) -> None:
    assert [p.amount for p in find_prices(text) if p.amount >= 20] == []


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("a hundred and fifty", 150),
        ("two grand", 2000),
        ("a buck fifty", 150),
        ("twenty-two hundred", 2200),
        ("two thousand five hundred", 2500),
        ("5 hundred", 500),
        ("a couple thousand", 2000),
    ],
)
def test_words_value(words: str, value: int) -> None:
    assert words_value(words) == value
