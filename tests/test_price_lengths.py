"""Hours that measure something else are no rate: a day's 24 hours ("24hr gym", "24/h", "available
24hrs"), a working week's or a notice's hours ("a 40 hour week", "40 hrs per week", "48 hour
notice"), and a bra's band glued to its cup ("busty 36hh"). Housing and job posts say them all the
time; read as "$24 an hour" they gave a lawful ad an hourly price, which the learned model weighs
as a commercial structure. A session's rate beside them is still read, and so is a wage written
with its currency."""

from __future__ import annotations

import pytest

from samaritan.engine.extract.prices import find_prices
from samaritan.engine.screener import Screener


def _read(text: str) -> list[tuple[float, str | None]]:
    return [(p.amount, p.unit) for p in find_prices(text.lower())]


@pytest.mark.parametrize(
    "text",
    [
        "Pool, sauna and a 24hr gym for residents",
        "Laundry room - 24hr. on-call maintenance - bike storage",
        "Front desk staffed 24hrs, parcel lockers",
        "open 24/h, walk-ins welcome",
        "Warehouse role, 40 hour a week, benefits after 90 days",
        "I put in a 40 hour week and hike on weekends",
        "schedule is 36 hrs per week on nights",
        "Please give 48 hour notice before a viewing",
        "72 hour cancellation policy applies",
        "busty 32hh, 5'6\"",
        "stats: 36hh - 26 - 38",
    ],
)
def test_hours_of_a_day_a_week_or_a_notice_are_no_price(text: str) -> None:
    assert _read(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("80hh 150hr", [(80.0, "half_hour"), (150.0, "hour")]),
        ("40hh 70hr, table shower", [(40.0, "half_hour"), (70.0, "hour")]),
        ("available 24hrs, 200 hr special", [(200.0, "hour")]),
        ("Rates 150 hr 80 hh", [(150.0, "hour"), (80.0, "half_hour")]),
        ("Cleaner wanted, $24/hr, 40 hour week", [(24.0, "hour")]),
        ("busty 36hh, incall 120 hh", [(120.0, "half_hour")]),
    ],
)
def test_a_sessions_rate_beside_them_is_still_read(text: str, expected: list[tuple[float, str | None]]) -> None:
    assert _read(text) == expected


def test_an_apartment_with_a_24_hour_gym_states_no_hourly_price(screener: Screener) -> None:
    ad = {
        "id": "h1",
        "category": "housing",
        "title": "2 bed 2 bath, pool and 24hr gym",
        "body": "Bright unit on the third floor. Pool, 24hr gym, 24hr. on-call maintenance. Rent $1,450 per month,"
        " deposit $500. Call 555-0142 for a viewing.",
    }
    verdict = screener.screen(ad).to_dict()
    assert {(p["amount"], p["unit"]) for p in verdict["entities"]["prices"]} == {(1450, "month"), (500, None)}
    assert verdict["labels"] == []
    assert not any("per hour" in r for r in verdict["reasons"])
