"""A session's price written with a bare amount and the words between it and its length.

"150 the hour", "220 gets you an hour", "150 for full hour", "80 la media hora" and "400 for 90
relaxed minutes" are prices of a session; the reader found their amounts but not their unit, so
the lexicon's priced-time reading missed them. Counts, a month's rent and prices of goods are
still not read as a session's price. Clinical synthetic text; phones in the 555-01xx range."""

from __future__ import annotations

import pytest

from samaritan.engine.extract.prices import find_prices
from samaritan.engine.screener import Screener


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("150 the hour, cash", 150, "hour"),
        ("220 gets you an hour, cash", 220, "hour"),
        ("150 for full hour", 150, "hour"),
        ("160 for a full hour", 160, "hour"),
        ("80 la media hora", 80, "half_hour"),
        ("120 la hora", 120, "hour"),
        ("400 for 90 relaxed minutes", 400, "session"),
    ],
)
def test_a_bare_amount_before_its_session_is_a_session_price(text: str, amount: int, unit: str) -> None:
    prices = find_prices(text)
    assert [(p.amount, p.unit) for p in prices] == [(amount, unit)]


@pytest.mark.parametrize(
    "text",
    ["rent 900 the month", "3 for the price of 2", "I have 2 kids, 3 the oldest", "5 the hour later",
     "sleeps 6 for a full week"],
)  # fmt: skip
def test_counts_and_other_units_are_no_session_price(text: str) -> None:
    assert [p for p in find_prices(text) if p.unit in ("hour", "half_hour", "session")] == []


def test_an_hour_priced_beside_a_stated_age_is_priced_time(rules_screener: Screener) -> None:
    body = "Hi, I'm Dana, 31. I keep it simple: 220 gets you an hour, I host near the river. 702-555-0144"
    verdict = rules_screener.screen({"id": "p", "category": "personals", "title": "Dana", "body": body})
    assert "CS_PRICED_TIME" in {i.code for i in verdict.indicators}
    assert "commercial_sex" in verdict.labels


def test_a_tutor_by_the_hour_passes(either_path: Screener) -> None:
    body = "Math tutor, 31, patient and clear. 40 the hour at the library or online. 702-555-0145"
    verdict = either_path.screen({"id": "t", "category": "services", "title": "Math tutor", "body": body})
    assert verdict.labels == [] and verdict.decision == "allow"
