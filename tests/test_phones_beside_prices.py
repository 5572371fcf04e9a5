"""A number spelled out digit by digit right after a price, a menu written with "=", a word
between two prices and body measurements before a number: the forms in which ads written apart
from the project (training/written, directory profiles) had a wrong number read, which would link
unrelated ads in the contact graph."""

from __future__ import annotations

import pytest

from samaritan import Screener
from samaritan.engine.extract.prices import find_prices


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener(model="none")


def _phones(screener: Screener, body: str) -> list[str]:
    return screener.screen({"id": "1", "platform": "p", "body": body}).entities.phones


@pytest.mark.parametrize(
    ("body", "phone"),
    [
        # A price closes a sentence and the number follows digit by digit: the price is no part of it.
        ("Gutters and windows, 60min 180. 7 2 0 . 5 5 5 . 0 1 0 6", "+17205550106"),
        ("Walk-in hours today, first visit 120. 8 5 8 . 5 5 5 . 0 1 5 5", "+18585550155"),
        ("Group classes 70 per hour, a 5-pack 325. 6 1 2 . 5 5 5 . 0 1 1 0", "+16125550110"),
        ("Menu: 30 = 120 / 60 = 200. Text only 3 1 2 . 5 5 5 . 0 1 2 4", "+13125550124"),
        # ... and a price after it: the number is not read from its second digit into the price.
        ("The front desk answers 4 1 5 5 5 5 0 1 7 7. 60 min 90 plus tip.", "+14155550177"),
        # Other countries group otherwise: the North American grouping weighs only +1 numbers.
        ("tel +33 6 12 34 56 78", "+33612345678"),
        ("Taille 85-62-93, tel +33 6 12 34 56 78", "+33612345678"),
        ("+44 20 7946 0958 call", "+442079460958"),
        ("+61 491 570 156 text only", "+61491570156"),
    ],
)
def test_a_number_is_read_whole_in_its_own_groups(screener: Screener, body: str, phone: str) -> None:
    assert _phones(screener, body) == [phone]


@pytest.mark.parametrize(
    "body",
    [
        "💜 15 = 80 💜 30 = 120 💜 60 = 200, ask by text",  # a menu with "=" and emoji between its pairs
        "Both of us 500, solo 280. Book ahead.",  # "solo" is a word, not 5010
        "Pairs: 30 = 90 | 60 = 150 | 90 = 210",
    ],
)
def test_a_menu_or_a_word_between_prices_is_no_phone(screener: Screener, body: str) -> None:
    assert _phones(screener, body) == []


@pytest.mark.parametrize(
    ("body", "phones"),
    [
        # Measurements before a number that is not valid: no number is made of the two.
        ("Mina • 24 • 5 ft 8 in • 85-62-93 • 293-555-0128", []),
        ("Stats 34D-24-36 call 293-555-0128", []),
        ("36C 26 38 2935550128", []),
        ("86 67 86 293 555 0128", []),
        # ... and before a valid one: the number alone.
        ("36DD-26-38 702 555 0142", ["+17025550142"]),
        ("Measurements: 34/24/36, 702-555-0142", ["+17025550142"]),
        ("90-60-90 | 312.555.0124", ["+13125550124"]),
        # A number grouped in pairs keeps its pairs, though three of them look like measurements.
        ("appel 06 85 62 93 78", ["+33685629378"]),
        ("+49 30 85 62 93 11", ["+493085629311"]),
    ],
)
def test_body_measurements_are_no_part_of_a_number(screener: Screener, body: str, phones: list[str]) -> None:
    location = "Paris, France" if body.startswith("appel") else "Dallas, TX"
    found = screener.screen({"id": "1", "platform": "p", "body": body, "location": location}).entities.phones
    assert found == phones


def test_a_menu_written_with_equals_signs_prices_its_sessions() -> None:
    found = [(p.amount, p.unit) for p in find_prices("sweet and slim, 30 = 120 / 60 = 200 tonight")]
    assert found == [(120.0, "half_hour"), (200.0, "hour")]
    emoji_parted = find_prices("🌸 15 = 80 🌸 30 = 120")
    assert [(p.amount, p.unit) for p in emoji_parted] == [(80.0, "short_visit"), (120.0, "half_hour")]
    # One pair alone is too often something else (a sum, a score): no menu.
    assert find_prices("the score was 30 = 120 points") == []


def test_numbers_written_plainly_and_disguised_are_still_read(screener: Screener) -> None:
    assert _phones(screener, "call 702-555-0142 $150") == ["+17025550142"]
    assert _phones(screener, "1 702 555 0142 anytime") == ["+17025550142"]
    assert _phones(screener, "text 7 0 2 5 5 5 0 1 4 2 now") == ["+17025550142"]
    assert _phones(screener, "seven oh two, 555, 0142") == ["+17025550142"]
    assert _phones(screener, "702 SSS Ol42 after six") == ["+17025550142"]
