"""Offers as posters type them in a personal post: the price of her own time ("150 and you're
mine for an hour"), the age tag in lower case ("29 f."), text-message shorthand ("u", "2 u",
"gimme"), a paid date in the client's car beside its prices, and a manager who books her and
takes the donation.

Each was a kind of miss on corpora written apart from the project: the rules' words were there
only in their typed forms, or the learned model's low score vetoed what the rules read. Lawful
text in the same forms (a helper's afternoon, a temperature, a song genre, a bra size) must not
move. Clinical synthetic text; phones in the 555-01xx range."""

from __future__ import annotations

import pytest

from samaritan.engine.extract.ages import find_ages
from samaritan.engine.extract.prices import find_prices
from samaritan.engine.normalize import fold
from samaritan.engine.screener import Screener


def prices(text: str) -> list[tuple[float, str | None]]:
    return [(p.amount, p.unit) for p in find_prices(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("27 f. 170 and you're mine for one hour.", [(170, "hour")]),
        ("180 n ur mine 4 one hour", [(180, "hour")]),
        ("240 and im yours for a morning", [(240, "session")]),
        ("300 & i am yours for the night", [(300, "night")]),
        ("a full hour with me is 220", [(220, "hour")]),
    ],
)
def test_a_price_on_the_poster_herself_is_a_session_price(text: str, expected: list[tuple[float, str]]) -> None:
    assert prices(text) == expected


@pytest.mark.parametrize(
    "body",
    [
        "27 f. 170 and you're mine for one hour. my place or yours.",
        "im 23, between jobs lol. 260 n im all urs 4 the evening. zelle or cash. u host",
    ],
)
def test_her_time_priced_in_a_personal_post_is_labelled(either_path: Screener, body: str) -> None:
    verdict = either_path.screen({"id": "p", "category": "casual encounters", "title": "tonight", "body": body})
    assert "CS_PRICED_TIME" in {i.code for i in verdict.indicators}
    assert "commercial_sex" in verdict.labels, verdict.reasons


def test_a_helpers_afternoon_is_a_trade_not_an_offer(either_path: Screener) -> None:
    body = "I'm Dan, 35. Moving help and yard work: 90 and I am yours for a morning. Free estimates."
    verdict = either_path.screen({"id": "h", "category": "services", "title": "Odd jobs", "body": body})
    assert verdict.labels == [] and verdict.decision == "allow", verdict.reasons


@pytest.mark.parametrize(
    ("text", "ages"),
    [
        ("29 f. looking for fun tonight", [29]),
        ("hi, 24 f here", [24]),
        ("35F looking", [35]),
        ("kept at 68f all winter", []),
        ("curvy, chest!! 42F and proud", []),
        ("stats 36F-26-38", []),
        ("bust 38F, tall", []),
    ],
)
def test_an_age_tag_in_lower_case_and_a_cup_size(text: str, ages: list[int]) -> None:
    assert [a.age for a in find_ages(text)] == ages


def test_shorthand_is_read_in_a_view_of_its_own() -> None:
    screener = Screener(model="none")
    views = [v.text for v in fold("pls, i drive her 2 u. u gimme the cash", screener.detector.vocabulary)]
    assert views[0].startswith("pls i drive her 2 u")  # the plain view keeps what was written
    assert "please i drive her to you you give me the cash" in views
    # A count, a price and a song genre stay as written.
    for text in ("2 girls tonight", "$2 u", "r&b night"):
        assert any(v.text == fold(text)[0].text for v in fold(text, screener.detector.vocabulary))
    assert "2 girls" in fold("2 girls 4 you", screener.detector.vocabulary)[-1].text


def test_a_booker_in_shorthand_is_read_as_one(screener: Screener) -> None:
    body = "my friend is free tonight, 24 yo, sweet. i drive her 2 u. u gimme the cash first"
    verdict = screener.screen({"id": "b", "category": "casual encounters", "title": "dates 4 her", "body": body})
    assert "TP_CONTROL" in {i.code for i in verdict.indicators}
    assert {"commercial_sex", "trafficking_risk"} <= set(verdict.labels), verdict.reasons


def test_a_car_date_beside_its_prices_is_labelled(screener: Screener) -> None:
    body = "Car date 90, short visit 70. Dana 30, north side, cash. Text 702-555-0141"
    verdict = screener.screen({"id": "c", "category": "casual encounters", "title": "car date tonight", "body": body})
    assert "commercial_sex" in verdict.labels, verdict.reasons


def test_a_manager_who_books_her_and_takes_the_donation(either_path: Screener) -> None:
    body = (
        "Nova, 26, visiting this week. I book only through my manager, he will text you the room and collects "
        "the donation at the door. 702-555-0166"
    )
    verdict = either_path.screen({"id": "m", "category": "women seeking men", "title": "Nova 25", "body": body})
    codes = {i.code for i in verdict.indicators}
    assert {"TP_BOOKED_BY_OTHERS", "TP_GO_BETWEEN"} <= codes
    assert {"commercial_sex", "trafficking_risk"} <= set(verdict.labels), verdict.reasons


def test_a_seller_who_handles_the_payment_is_no_go_between(either_path: Screener) -> None:
    body = "Selling my late father's tools. My husband will meet you and take care of the payment. Call 702-555-0167."
    verdict = either_path.screen({"id": "s", "category": "for-sale", "title": "Tools", "body": body})
    assert verdict.labels == [] and "TP_GO_BETWEEN" not in {i.code for i in verdict.indicators}
