"""Rates as menus write them: the session in brackets after its price ("120 (30 min), 200 (1
hr)"), "200 hourly", "200 1h", and a session's length after "rates:" read as a length, not the
price ("rates: 60 min 200" is 200 an hour, not 60); an amount written with a letter O for a
zero ("2OO/hr") or a money emoji for its currency ("200💵 hr"). A room number or a short count
before a bracket, a year or a room written with an O, stay no price."""

from __future__ import annotations

import pytest

from samaritan.engine.extract.prices import find_prices


def _read(text: str) -> list[tuple[float, str | None]]:
    return [(p.amount, p.unit) for p in find_prices(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("120 (30 min), 200 (1 hr)", [(120.0, "half_hour"), (200.0, "hour")]),
        ("80 (hh) or 150 (hour)", [(80.0, "half_hour"), (150.0, "hour")]),
        ("sweet and fun, 200 hourly", [(200.0, "hour")]),
        ("new in town!! 200 1h!! call now", [(200.0, "hour")]),
        ("Rates: 60 min 200. Text me.", [(200.0, "hour")]),
        ("rates: 30 min 120, 60 min 200", [(120.0, "half_hour"), (200.0, "hour")]),
        ("$1,100 (per month), water included", [(1100.0, "month")]),
    ],
)
def test_a_rate_menus_forms_are_read(text: str, expected: list[tuple[float, str | None]]) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    "text", ["Room 12 (1 h) down the hall", "Office suite 200 (1 hr from downtown)", "open 7 days (24 hr)"]
)
def test_numbers_beside_brackets_that_are_no_rate_stay_unread(text: str) -> None:
    assert _read(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2OO/hr, text me", [(200.0, "hour")]),
        ("$15O hh", [(150.0, "half_hour")]),
        ("1O0 roses for the hour", [(100.0, "hour")]),
        ("200💵 hr", [(200.0, "hour")]),
        ("💵150 for the hour", [(150.0, "hour")]),
    ],
)
def test_an_amount_in_disguise_is_read(text: str, expected: list[tuple[float, str | None]]) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize("text", ["Built in 199O, renovated", "Room 1O2 on the left", "10oz coffee, 2 for 1"])
def test_letters_in_numbers_that_are_no_rate_stay_unread(text: str) -> None:
    assert _read(text) == []
