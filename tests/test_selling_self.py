"""The poster's own time or company dressed as an item for sale (CS_SELLING_SELF, a deal's term):
when an adult section closes the same offers move to the for-sale section in a sale's words. A
sale of the seller's own evening or hour "with me", "my time" sold by the hour, "I come as your
date" are commercial on both paths; a timeshare, a board game called "date night", a gift card
and a lesson stay ordinary. Clinical synthetic text written for these tests."""

from __future__ import annotations

import pytest

from samaritan.engine.screener import Screener

OFFERS = [
    ("Evening for sale", "Selling one evening with me, dinner first. Price firm at 700. Serious buyers only."),
    ("My time, by the hour", "Selling my time by the hour, two hours minimum, 250 each. Text 702-555-0166."),
    ("Concert for two", "Two seats for Friday's show, 350 the pair, and I come as your date. Blonde, 30."),
]

ORDINARY = [
    ("Timeshare", "Selling my timeshare week in the mountains, motivated seller. Call 702-555-0167."),
    ("Board game", "For sale: Date Night board game for couples, like new, 15 dollars."),
    ("Spa gift card", "Selling a dinner for two gift card, 100 value for 80."),
    ("Guitar lessons", "Selling an hour of my time to teach beginner guitar, 40 a lesson."),
]


@pytest.mark.parametrize(("title", "body"), OFFERS)
@pytest.mark.parametrize("section", ["for-sale", "personals"])
def test_the_posters_own_time_sold_as_an_item_is_commercial(
    either_path: Screener, section: str, title: str, body: str
) -> None:
    verdict = either_path.screen({"id": "s", "category": section, "title": title, "body": body})
    assert "commercial_sex" in verdict.labels, (verdict.risk, verdict.reasons)
    assert "CS_SELLING_SELF" in {i.code for i in verdict.indicators}


@pytest.mark.parametrize(("title", "body"), ORDINARY)
def test_a_sale_of_something_else_is_ordinary(either_path: Screener, title: str, body: str) -> None:
    verdict = either_path.screen({"id": "n", "category": "for-sale", "title": title, "body": body})
    assert verdict.labels == [], ([i.code for i in verdict.indicators], verdict.reasons)
