"""An arrangement's price in a personal post: an allowance stated as a sum (CS_ALLOWANCE_SUM), an
allowance for dates sought without one (CS_ALLOWANCE_SOUGHT: "a generous allowance", "gifts and
allowance"; lexicon 2026.12.34) and money for the poster's own bills traded for her company
(CS_HELP_EXCHANGE). All are deal terms (weights.yaml `commercial.terms`), so the learned model's veto
of a personal voice does not hold them back. A bare sugar word, a job's, a trip's or a child's
allowance, a roommate who shares the rent and a carer's help with a client's bills stay ordinary.
Clinical synthetic text written for these tests."""

from __future__ import annotations

import pytest

from samaritan.engine.screener import Screener

OFFERS = [
    (
        "Clear terms, regular dates",
        "I'm 29, cheerful and well read. Looking for one steady gentleman: two dinners a week and a monthly "
        "allowance of 3k. Coffee first to see if we click.",
        "CS_ALLOWANCE_SUM",
    ),
    (
        "Four visits a month",
        "Easygoing, 33, loves live music. Looking for 2k a month for 4 visits, nothing complicated. Message me here.",
        "CS_ALLOWANCE_SUM",
    ),
    (
        "Rough month",
        "Hi, 31 and new to the city. Hoping to meet a generous man who can help me with my rent this month, "
        "and in return you get my company a few evenings. Be respectful.",
        "CS_HELP_EXCHANGE",
    ),
    (
        "Seeking my benefactor",
        "I'm 26, a nurse who loves hiking and jazz. Hoping to find a settled man for something steady: dinners "
        "twice a month and a generous allowance. Discretion expected.",
        "CS_ALLOWANCE_SOUGHT",
    ),
    (
        "Honest profile",
        "I'm 33, an architect, and I want a partner who spoils me a little. Presents and allowance keep me "
        "smiling. Weekends are best.",
        "CS_ALLOWANCE_SOUGHT",
    ),
]

ORDINARY = [
    (
        "Line cook, relocation help",
        "Line cook wanted for a mountain lodge. Housing allowance of $1,200 a month and a travel allowance "
        "of 300. Apply with your resume.",
    ),
    (
        "Roommate wanted",
        "Looking for a roommate to split the rent and bills on a two bedroom flat. In return you get the big "
        "bedroom and a parking spot. No smokers.",
    ),
    (
        "Not a sugar arrangement",
        "Retired teacher, 61, looking for a companion for walks and concerts. No allowance, no arrangement, "
        "just good company. I pay my own way.",
    ),
    (
        "Field technician",
        "Field technician wanted. Company van, generous allowance for travel and meals, $28 an hour. "
        "Email jobs@example.org.",
    ),
    (
        "Family budget tips",
        "Our kids get a weekly allowance for chores, and we match what they save. Happy to share the chart we use.",
    ),
]


@pytest.mark.parametrize(("title", "body", "code"), OFFERS)
@pytest.mark.parametrize("section", ["dating", "personals"])
def test_an_arrangement_with_its_price_is_commercial_sex(
    either_path: Screener, section: str, title: str, body: str, code: str
) -> None:
    verdict = either_path.screen({"id": "o", "category": section, "title": title, "body": body})
    assert "commercial_sex" in verdict.labels, (verdict.risk, verdict.reasons)
    assert code in {i.code for i in verdict.indicators}


@pytest.mark.parametrize(("title", "body"), ORDINARY)
@pytest.mark.parametrize("section", ["dating", "jobs", "housing"])
def test_an_allowance_or_shared_rent_with_no_company_sold_is_ordinary(
    either_path: Screener, section: str, title: str, body: str
) -> None:
    verdict = either_path.screen({"id": "n", "category": section, "title": title, "body": body})
    assert verdict.labels == [], ([i.code for i in verdict.indicators], verdict.reasons)
