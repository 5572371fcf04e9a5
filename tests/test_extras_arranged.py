"""More than the advertised show, dance, shoot or massage, arranged with the women themselves or
for a further fee, is a hard commercial-sex term on both paths (CS_EXTRAS_ARRANGED, lexicon
2026.12.39); a band's extra hours, a plumber's after-hours fee and a photographer's extras are
not. Clinical synthetic text; phone numbers in the 555-01xx range."""

from __future__ import annotations

import pytest

from samaritan.engine.screener import Screener

OFFERS = [
    (
        "services",
        "Party dancers",
        "Dancers for birthdays and private events, two minimum, 250 each an hour. Extras are settled "
        "directly with the dancers. 702-555-0182",
    ),
    (
        "services",
        "Studio portraits",
        "Model, 26, studio portraits by the hour, 250. Anything more for an extra charge. 702-555-0183",
    ),
    (
        "jobs",
        "Hiring party staff",
        "Party company hiring hostesses 21+, 40 an hour, and whatever you do in the private room "
        "is your business. 702-555-0184",
    ),
    (
        "services",
        "Show for your group",
        "Dancer available for private parties, 300 a show. Personal time may be booked after your party.",
    ),
]
LAWFUL = [
    ("services", "Wedding band", "Four-piece band, extra hours are negotiated with our manager. 702-555-0185"),
    ("services", "Plumbing", "Licensed plumber, after hours calls for an additional fee. 702-555-0186"),
    ("services", "Photographer", "Family sessions 150, prints and extras for an additional fee. 702-555-0187"),
    ("jobs", "Servers", "Restaurant servers wanted, what you do with your tips is your business. 702-555-0188"),
]


@pytest.mark.parametrize(("section", "title", "body"), OFFERS)
def test_extras_arranged_with_the_women_are_commercial(
    either_path: Screener, section: str, title: str, body: str
) -> None:
    verdict = either_path.screen({"id": "o", "category": section, "title": title, "body": body})
    assert "commercial_sex" in verdict.labels, (body, verdict.risk, verdict.reasons)


@pytest.mark.parametrize(("section", "title", "body"), LAWFUL)
def test_a_trades_extras_and_fees_are_not(either_path: Screener, section: str, title: str, body: str) -> None:
    verdict = either_path.screen({"id": "l", "category": section, "title": title, "body": body})
    assert verdict.labels == [], (body, verdict.risk, verdict.reasons)
