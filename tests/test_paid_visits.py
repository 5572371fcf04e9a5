"""Payment for her company in everyday words; a florist's roses, a practice's insurance and a friend's
moving day (lexicon 2026.12.79, weights 2026.12.46).

A corpus written apart from the project asked for money beside the poster's company in words no
rule held: a small present at each visit, help with her bills from the men who see her every week,
the envelope left on the dresser, her time that is not given away (CS_PAID_VISITS). Where the rules
read such a term beside their commercial reading, the learned model's low score does not veto the
label (weights.yaml `commercial.terms`). A denial, a shop's referral gift, a roommate who splits the
rent or a reward for a lost pet names no meeting with her.

Its lawful half showed the other side: a florist's "two dozen" long-stem roses beside a rose emoji
read as a rate, a massage practice "licensed & insured" had its "incall / outcall" read as an
escort's, and a friend asked for "full service" on moving day as a service term. Clinical
synthetic text; phone numbers use 555-01xx."""

from __future__ import annotations

import pytest

from samaritan.engine.screener import Screener

PAID = [
    (
        "dating",
        "Weekday afternoons",
        "Nora, 33, easygoing and affectionate. A small present at each visit keeps it simple between us. "
        "Text 702-555-0131.",
    ),
    (
        "personals",
        "Steady friend wanted",
        "I am 29 and warm company. Visit me every week and cover my rent, nothing more complicated than "
        "that. 415-555-0172",
    ),
    (
        "dating",
        "Read first",
        "Ivy, 31. Come by after work, be on time and polite, and please leave the envelope on the dresser. "
        "Text 213-555-0119",
    ),
    (
        "personals",
        "Honest ad",
        "Plain terms: gentlemen who pay cash for time with me, nobody else. Tess, 30, lovely company. 646-555-0150",
    ),
    (
        "personals",
        "Some help this month",
        "Kind woman, 41, short this month. Any gentleman who can help with the rent will find it worth his "
        "while. 816-555-0159",
    ),
    (
        "dating",
        "Looking for a sponsor",
        "Red hair, 30, good listener. Looking to be a steady girlfriend in exchange for monthly support. 206-555-0176",
    ),
    (
        "dating",
        "Treat me well",
        "Sweet and pretty, 33, likes a gentleman who shows his appreciation up front. Text 602-555-0108",
    ),
    (
        "dating",
        "Tonight",
        "Kim, 27, bored and free tonight. You pay and I stay, hotels only. 305-555-0164",
    ),
]

UNPAID = [
    ("dating", "Coffee?", "I do not need help with my bills every month, I cover my own. Just coffee and a walk. 34."),
    ("for-sale", "Loyalty card", "Our bakery gives a free gift each time you refer a friend. Open daily. 503-555-0108"),
    ("housing", "Roommate wanted", "Roommate wanted to split rent and bills, quiet house, we meet weekly to clean."),
    ("personals", "Lost cat", "Lost grey cat near the park. A reward to anyone who helps bring her home. 612-555-0144"),
]


@pytest.mark.parametrize(("section", "title", "body"), PAID)
def test_payment_for_her_company_is_a_commercial_offer(
    either_path: Screener, section: str, title: str, body: str
) -> None:
    verdict = either_path.screen({"id": "p", "category": section, "title": title, "body": body})
    assert "CS_PAID_VISITS" in {i.code for i in verdict.indicators}, verdict.reasons
    assert "commercial_sex" in verdict.labels, verdict.reasons


@pytest.mark.parametrize(("section", "title", "body"), UNPAID)
def test_denials_referrals_rent_and_rewards_stay_ordinary(
    either_path: Screener, section: str, title: str, body: str
) -> None:
    verdict = either_path.screen({"id": "u", "category": section, "title": title, "body": body})
    assert verdict.labels == [], verdict.reasons
    assert verdict.decision == "allow"


LAWFUL_TRADES = [
    (
        "for-sale",
        "🌹 Roses for Mother's Day 🌹",
        "Long stem roses, one dozen $45 🌹 two dozen $80, each bouquet in a glass vase. Text 901-555-0126 🌹",
    ),
    (
        "massage",
        "Incall or outcall massage",
        "Incall at my clinic room downtown. Outcall: I bring the table to your home. Swedish and deep tissue. "
        "Licensed & insured, I follow the state draping laws. 720-555-0185",
    ),
    (
        "personals",
        "Moving day help",
        "Moving day Saturday, full service wanted from a buddy: you help carry the boxes, I bring the truck and lunch.",
    ),
]


@pytest.mark.parametrize(("section", "title", "body"), LAWFUL_TRADES)
def test_a_florist_a_licensed_practice_and_a_moving_day_pass(
    either_path: Screener, section: str, title: str, body: str
) -> None:
    verdict = either_path.screen({"id": "t", "category": section, "title": title, "body": body})
    assert verdict.labels == [], verdict.reasons
    assert verdict.decision == "allow"


def test_roses_priced_without_a_florist_are_still_a_rate(either_path: Screener) -> None:
    body = "Sweet and discreet, Lena 28. 🌹 200 for the hour, incall near the airport. Text 702-555-0177"
    verdict = either_path.screen({"id": "r", "category": "dating", "title": "Lena 28", "body": body})
    assert "commercial_sex" in verdict.labels, verdict.reasons


ESCORTS_OF_OTHER_TRADES = [
    (
        "services",
        "Pet relocation",
        "Pet transport coast to coast, a trained escort rides with your dog and walks it twice a day.",
    ),
    (
        "services",
        "Night walk home",
        "Campus safe walk: student volunteers escort you to your dorm or car after dark, free, 8pm to 2am.",
    ),
]


@pytest.mark.parametrize(("section", "title", "body"), ESCORTS_OF_OTHER_TRADES)
def test_an_escort_for_pets_or_students_walking_home_passes(
    either_path: Screener, section: str, title: str, body: str
) -> None:
    # (lexicon 2026.12.85, weights 2026.12.47: care of animals and a campus safety walk take "escort" out)
    verdict = either_path.screen({"id": "o", "category": section, "title": title, "body": body})
    assert verdict.labels == [], verdict.reasons
