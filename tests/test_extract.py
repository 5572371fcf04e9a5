"""Tables for the other extractors: emails, handles, URLs, ages, prices and places."""

from __future__ import annotations

import pytest

from samaritan.engine.extract.ages import find_ages
from samaritan.engine.extract.contacts import find_emails, find_handles, find_urls
from samaritan.engine.extract.places import find_places, location_field
from samaritan.engine.extract.prices import find_prices


@pytest.mark.parametrize(
    ("text", "expected", "obscured"),
    [
        ("mail jane.doe@example.com", "jane.doe@example.com", False),
        ("jane at gmail dot com", "jane@gmail.com", True),
        ("jane (at) yahoo (dot) com", "jane@yahoo.com", True),
        ("jane[at]example[dot]net", "jane@example.net", True),
        ("JANE @ EXAMPLE . ORG", "jane@example.org", True),
    ],
)
def test_emails(text: str, expected: str, obscured: bool) -> None:
    (match,) = find_emails(text)
    assert (match.value, match.obscured) == (expected, obscured)


@pytest.mark.parametrize("text", ["meet at noon dot com", "see you at the park", "email me", "rate is 5.com"])
def test_not_emails(text: str) -> None:
    assert find_emails(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("snap: jane_99", "snapchat:jane_99"),
        ("Snapchat jane_99", "snapchat:jane_99"),
        ("ig @lily.rose", "instagram:lily.rose"),
        ("kik - candygirl", "kik:candygirl"),
        ("telegram @mia22", "telegram:mia22"),
        ("cash app $mia22", "cashapp:mia22"),
        ("of: mia22", "onlyfans:mia22"),
        ("WhatsApp: ruby_k", "whatsapp:ruby_k"),
        ("wechat id: lin88", "wechat:lin88"),
    ],
)
def test_handles(text: str, expected: str) -> None:
    assert expected in [h.value for h in find_handles(text)]


@pytest.mark.parametrize("text", ["one of the best", "snapchat only", "signal ahead", "$100 cash", "line of sight"])
def test_not_handles(text: str) -> None:
    assert find_handles(text) == []


def test_urls() -> None:
    found = [u.value for u in find_urls("see https://example.com/a?b=1, www.example.org and example.net/x.")]
    assert found == ["https://example.com/a?b=1", "www.example.org", "example.net/x"]
    assert find_urls("mail me at jane@example.com") == []


@pytest.mark.parametrize(
    ("text", "ages"),
    [
        ("19yo new here", [19]),
        ("Age: 19", [19]),
        ("nineteen years old", [19]),
        ("19 years young", [19]),
        ("just turned 18", [18]),
        ("im 21 and easygoing", [21]),
        ("a 24-year-old tutor", [24]),
        ("twenty-two yrs old", [22]),
        ("5'6\" 120lbs", []),
        ("I am 5 ft 4", []),
        ("30 min for 80", []),
        ("I am 10 minutes away", []),
        ("open 24 hours", []),
        ("she is 5 foot 7", []),
    ],
)
def test_ages(text: str, ages: list[int]) -> None:
    assert [a.age for a in find_ages(text)] == ages


@pytest.mark.parametrize(
    ("text", "prices"),
    [
        ("150 roses", [(150, "USD", None)]),
        ("$80 hh", [(80, "USD", "half_hour")]),
        ("donation 200 overnight", [(200, "USD", "overnight")]),
        ("$150/hr", [(150, "USD", "hour")]),
        ("hh 100", [(100, "USD", "half_hour")]),
        ("qv 60 roses", [(60, "USD", "short_visit")]),
        ("$2,500 obo", [(2500, "USD", None)]),
        ("rent $1200 per month", [(1200, "USD", "month")]),
        ("150 for an hour", [(150, "USD", "hour")]),
        ("80 hh 140 hr", [(80, "USD", "half_hour"), (140, "USD", "hour")]),
        ("€90 per hour", [(90, "EUR", "hour")]),
        ("open 24/7", []),
        ("2 for 1 special", []),
        ("24 hr service", []),
    ],
)
def test_prices(text: str, prices: list[tuple]) -> None:
    assert [(p.amount, p.currency, p.unit) for p in find_prices(text)] == prices


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("Visiting Dallas, TX this week", ["Dallas, TX"]),
        ("now in Phoenix for a few days", ["Phoenix, AZ"]),
        ("Austin Texas and Kansas City", ["Austin, TX"]),
        ("Now in Kansas City", ["Kansas City, MO"]),
        ("mobile home in good shape", []),
        ("Mia Rose here", []),
    ],
)
def test_places(text: str, places: list[str]) -> None:
    assert [p.name for p in find_places(text)] == places


def test_location_field_forms() -> None:
    assert location_field({"city": "Dallas", "region": "TX", "country": "US"}) == "Dallas, TX"
    assert location_field("Dallas, TX") == "Dallas, TX"
    assert location_field({}) is None
