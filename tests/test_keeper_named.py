"""Her keeper named by a relation and his name, what she may not do herself, her fare paid back and
a quota before she may go home; shorthand with a digit (lexicon 2026.12.80, 2026.12.84).

A trafficking corpus written apart from the project named the woman's keeper with his own name or a
relative's word the control rules did not hold, told that she keeps no phone or books nothing
herself, or that she must earn her fare back for the owner (TP_HANDLER_BOOKS, TP_NOT_HER_OWN,
TP_DEBT). Each is third-party control of the person offered: in a commercial ad it is
trafficking_risk by itself (weights.yaml `trafficking.control_kinds`). A performer's manager, a
parent's care or a seller's own number are no such thing.

"b4" was read as leetspeak ("ba") before the shorthand view could write it out as "before".
Clinical synthetic text; phone numbers use 555-01xx."""

from __future__ import annotations

import pytest

from samaritan.engine.normalize import fold
from samaritan.engine.screener import Screener

CONTROLLED = [
    (
        "dating",
        "Lovely Kay",
        "Kay, 25, sweet and shy. Her friend Marco books her dates, text him at 404-555-0166.",
        "TP_HANDLER_BOOKS",
    ),
    (
        "dating",
        "New girl in town",
        "Lia, 23, just arrived. Her tita answers the texts and sets up each visit. Text 907-555-0111",
        "TP_HANDLER_BOOKS",
    ),
    (
        "adult",
        "Party girls tonight",
        "Party girls for private nights, 21 and up. The girls don't have phones, call the office. 702-555-0190",
        "TP_NOT_HER_OWN",
    ),
    (
        "massage",
        "New lady this week",
        "New lady Sun, 30, 60 for the half hour, she needs customers to pay her plane ticket back to the boss. "
        "214-555-0133",
        "TP_DEBT",
    ),
    (
        "adult",
        "Specials till 3",
        "gotta hit my quota b4 i leave so specials all night, 80 for the hour. 337-555-0120",
        "TP_DEBT",
    ),
]

# (lexicon 2026.12.84) the writer books and collects; a driver brings her; the women always on site
CONTROLLED += [
    (
        "personals",
        "For my friend",
        "My friend Jo, 26, wants to meet generous men. I book the dates and collect, she shows up. 859-555-0149",
        "TP_HANDLER_BOOKS",
    ),
    (
        "massage",
        "Asian massage to your hotel",
        "Pretty Asian lady to your hotel, one hour 160. Our driver bring her, you pay him. 408-555-0135",
        "TP_HANDLER_BOOKS",
    ),
    (
        "massage",
        "Private home spa",
        "Home spa, quiet street. Three pretty ladies always on site, choose one. 510-555-0173",
        "TP_LIVES_ON_SITE",
    ),
]

NOT_CONTROLLED = [
    (
        "services",
        "Singer for weddings",
        "Jazz singer for weddings and parties. Her manager books her gigs: 312-555-0144",
    ),
    (
        "services",
        "Companion for mom",
        "Looking for a companion for my mother. Her daughter schedules her appointments, you drive. 555-0155",
    ),
    ("for-sale", "Sedan for sale", "Runs great. My wife cannot give her number out, so text me: 615-555-0171"),
]


@pytest.mark.parametrize(("section", "title", "body", "code"), CONTROLLED)
def test_a_keeper_named_or_a_debt_is_trafficking_risk(
    either_path: Screener, section: str, title: str, body: str, code: str
) -> None:
    verdict = either_path.screen({"id": "c", "category": section, "title": title, "body": body})
    assert code in {i.code for i in verdict.indicators}, verdict.reasons
    assert {"commercial_sex", "trafficking_risk"} <= set(verdict.labels), verdict.reasons


@pytest.mark.parametrize(("section", "title", "body"), NOT_CONTROLLED)
def test_a_performers_manager_a_parents_care_and_a_seller_pass(
    either_path: Screener, section: str, title: str, body: str
) -> None:
    verdict = either_path.screen({"id": "n", "category": section, "title": title, "body": body})
    assert verdict.labels == [], verdict.reasons


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("text me b4 u come", "text me before you come"),
        ("free 2nite", "free tonight"),
        ("see u 2morrow", "see you tomorrow"),
    ],
)
def test_shorthand_with_a_digit_is_written_out_not_read_as_leet(screener: Screener, written: str, read: str) -> None:
    assert read in [view.text for view in fold(written, screener.detector.vocabulary)]
