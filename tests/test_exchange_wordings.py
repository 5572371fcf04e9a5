"""A date's price said without a rate (lexicon 2026.12.74): company offered first and a bill helped
with "in return" after it (CS_HELP_EXCHANGE), "not into freebies" (CS_NOT_FREE, as "no freebies"
already was), "gifts and spoiling are expected" (CS_GIFTS_REQUIRED). Care for a relative
in exchange for a room, a seller's terms and a birthday's gifts are no such exchange."""

from __future__ import annotations

import pytest

from samaritan.engine.screener import Screener

EXCHANGES = [
    (
        "personals",
        "Kind gentleman wanted",
        "Retired teacher, 55, I love cooking and old films. I'd welcome a gentleman who likes my company and is"
        " able to help with a bill in return. Texts only.",
        "CS_HELP_EXCHANGE",
    ),
    (
        "personals",
        "Mature lady seeks younger men",
        "Fit and fun, 41, I entertain at my place on Sundays. Gifts and spoiling are expected, not into freebies.",
        "CS_GIFTS_REQUIRED",
    ),
]


@pytest.mark.parametrize(("section", "title", "body", "code"), EXCHANGES)
def test_an_exchange_said_without_a_rate_is_commercial(
    either_path: Screener, section: str, title: str, body: str, code: str
) -> None:
    verdict = either_path.screen({"id": "e", "category": section, "title": title, "body": body})
    assert code in {i.code for i in verdict.indicators}, verdict.reasons
    assert "commercial_sex" in verdict.labels, verdict.reasons


@pytest.mark.parametrize(
    ("section", "body"),
    [
        ("housing", "Free room for a student who gives companionship to my mother and helps with the bills in return."),
        ("for sale", "Solid oak table, price is firm. Not interested in trades or lowball offers."),
        ("community", "Birthday party for our twins on Saturday: gifts are optional, smiles expected."),
    ],
)
def test_the_same_words_in_a_lawful_ad_are_nothing(either_path: Screener, section: str, body: str) -> None:
    verdict = either_path.screen({"id": "l", "category": section, "title": "Info", "body": body})
    assert verdict.labels == [], verdict.reasons
