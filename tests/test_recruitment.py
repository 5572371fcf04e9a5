"""Coercive recruitment is trafficking_risk in any section (engine/recruit.py, weights.yaml
`trafficking.recruitment`): a job offer that keeps the worker's passport, or binds her with a
travel debt repaid from her wages and confines her, names no paid sex at all - a hostess, dancer
or model job abroad - and was an ordinary ad on both paths. Lawful hiring that mentions passports,
deductions or phones stays ordinary. Clinical synthetic text written for these tests; phone
numbers use the 555-01xx range."""

from __future__ import annotations

import pytest

from samaritan.engine.policy import ConfigError, Weights
from samaritan.engine.screener import Screener
from samaritan.engine.weight_codes import check_codes

COERCIVE = [
    (
        "Hostess work overseas - flights paid",
        "Hiring women 21-30 as hostesses for clubs overseas. Flights and apartment paid in advance. Passport held by "
        "the agency for visa processing. Apply by text 702-555-0171.",
        {"TP_DOCUMENTS_HELD"},
    ),
    (
        "Dancers wanted abroad",
        "Dancers 21+ for a one year contract abroad. Travel is advanced, you repay it from your earnings. Staff live "
        "on site and no personal phones during shifts. Email jobs@example.org.",
        {"TP_WORK_DEBT", "TP_CONFINED"},
    ),
    # Papers kept in other words, a debt "for the ticket", and living where she works
    (
        "Waitress job abroad",
        "Kitchen and floor staff for a seaside restaurant overseas. Ticket and room arranged. Your papers "
        "we keep in the office until the season ends. Call 718-555-0152.",
        {"TP_DOCUMENTS_HELD"},
    ),
    (
        "Club hostess - housing provided",
        "Bar hostesses 21+, housing above the bar. There is a debt for the ticket, taken from pay each week, "
        "and the boss keeps your phone at work. Text 212-555-0179.",
        {"TP_WORK_DEBT", "TP_LIVE_IN", "TP_CONFINED"},
    ),
    # Workers sought who cannot check the offer (no English, no work permit) and a debt; housing
    # shared with the others and a contract held by the debt; papers kept and a sum repaid from tips
    (
        "Kitchen helpers abroad",
        "Kitchen helpers for a restaurant in another country. No English needed, no work permit is needed. "
        "The bus ticket is advanced and you repay it from your wages. Email work@example.org.",
        {"TP_VULNERABLE_RECRUIT", "TP_WORK_DEBT"},
    ),
    (
        "Hostess contract overseas",
        "Dancers 21+ for a club overseas. Free housing shared with other dancers near the club. The agreement "
        "may not be ended until you pay back the fares. Text 212-555-0143.",
        {"TP_LIVE_IN", "TP_WORK_DEBT"},
    ),
    (
        "Lounge hostess abroad",
        "Lounge hostesses 21-29. Papers required - the club keeps them during the contract. Flight paid, "
        "repay $2,400 from tips. Email lounge@example.org.",
        {"TP_DOCUMENTS_HELD", "TP_WORK_DEBT"},
    ),
    # Lexicon 2026.12.63: the advance and its repayment across a comma, the age ceiling after the job's
    # noun, and no papers asked and answered across a question mark
    (
        "Seasonal hostess work",
        "Seasonal hostess jobs abroad for women 19-25. Flights and a shared room covered, "
        "repay later. Text 702-555-0175.",
        {"TP_RECRUIT_YOUNG_WOMEN", "TP_WORK_DEBT"},
    ),
    (
        "Club dancers, start now",
        "Club dancers, women 20-27 only. No papers? No problem. Flights paid, you repay it from your earnings. "
        "Text 702-555-0176.",
        {"TP_VULNERABLE_RECRUIT", "TP_WORK_DEBT"},
    ),
    # Lexicon 2026.12.65, weights 2026.12.40: earnings kept to the end of a tour and a phone handed over
    # (restricted pay and communication), and a fare repaid from the first paycheck beside a lure
    (
        "Event hostesses, good pay",
        "Event hostesses wanted, women 20-28, duties explained at interview. The club keeps your earnings until "
        "the tour is over. Text 702-555-0161.",
        {"TP_CONFINED", "TP_RECRUIT_VAGUE_DUTIES"},
    ),
    (
        "Entertainment staff",
        "Private events, women wanted, some companionship duties. On arrival you hand over your phone to the "
        "manager. Text 702-555-0162.",
        {"TP_CONFINED", "TP_RECRUIT_VAGUE_DUTIES"},
    ),
    (
        "Fast money for women",
        "Easy money for women 21+, apartment provided. The agency pays airfare, you repay from your earnings. "
        "Text 702-555-0163.",
        {"TP_WORK_DEBT", "TP_RECRUIT_LURE"},
    ),
]

LAWFUL = [
    (
        "Flight attendants - open day",
        "Airline hiring cabin crew. Bring your passport and two references to the interview. Paid training, "
        "taxes are deducted from your pay as usual. Call 702-555-0172.",
    ),
    (
        "Cruise ship jobs",
        "Cruise line hiring bartenders. We never hold your passport; crew keep their own documents. Tips paid out "
        "nightly. Apply at careers@example.org.",
    ),
    (
        "Cinema ushers",
        "Part-time ushers for our cinema, evenings. No phones during the movie please, staff included. $15 an hour.",
    ),
    (
        "Modelling agency - fair terms",
        "Catalogue models wanted. You keep your passport and your contract, we pay your flight, nothing is "
        "repaid. Email casting@example.org.",
    ),
    (
        "Relocation package",
        "Nurses wanted, relocation costs covered by the hospital, nothing repaid. Housing stipend. Call 702-555-0173.",
    ),
    (
        "Youth soccer coaches",
        "Coaches wanted for our girls league, players 12 to 16. Background check required. Call 702-555-0177.",
    ),
    (
        "Furniture store",
        "Sofa sets in stock, delivery covered, repay later with our store card. Call 702-555-0178.",
    ),
    (
        "Warehouse pickers",
        "Warehouse pickers wanted, no English needed, Spanish speakers welcome. $18 an hour, weekly direct deposit. "
        "Call 702-555-0140.",
    ),
    (
        "Summer camp counselors",
        "Camp counselors for July, housing and meals included. Counselors turn in their phones at the office "
        "during cabin hours. Call 702-555-0164.",
    ),
    (
        "Post office boxes",
        "Mailbox rental: we keep your letters until you collect them, parcels held safely. Call 702-555-0165.",
    ),
]


@pytest.mark.parametrize(("title", "body", "codes"), COERCIVE)
@pytest.mark.parametrize("section", ["jobs", "services"])
def test_a_coercive_job_offer_is_trafficking_risk_without_commercial_wording(
    either_path: Screener, section: str, title: str, body: str, codes: set[str]
) -> None:
    verdict = either_path.screen({"id": "r", "category": section, "title": title, "body": body})
    assert "trafficking_risk" in verdict.labels, (verdict.risk, verdict.reasons)
    assert "commercial_sex" not in verdict.labels
    assert verdict.decision == "block"
    assert codes <= {i.code for i in verdict.indicators}
    assert any("job offer" in reason for reason in verdict.reasons)


@pytest.mark.parametrize(("title", "body"), LAWFUL)
def test_lawful_hiring_that_names_passports_or_deductions_stays_ordinary(
    either_path: Screener, title: str, body: str
) -> None:
    verdict = either_path.screen({"id": "l", "category": "jobs", "title": title, "body": body})
    assert verdict.labels == [], ([i.code for i in verdict.indicators], verdict.reasons)


def test_a_debt_alone_is_not_enough() -> None:
    """A travel cost repaid from wages, without held papers or confinement, weighs under the
    threshold: it is reported only where the ad is commercial."""
    verdict = Screener(model="none").screen(
        {
            "id": "d",
            "category": "jobs",
            "title": "Farm work",
            "body": "Seasonal farm work, bus fare advanced and deducted from your first paycheck. Call 702-555-0174.",
        }
    )
    assert verdict.labels == []


def test_a_recruitment_code_that_is_no_lexicon_code_is_a_config_error(rules_screener: Screener) -> None:
    weights = rules_screener.weights.model_dump()
    weights["trafficking"]["recruitment"]["codes"]["TP_NO_SUCH_RULE"] = 1.0
    with pytest.raises(ConfigError, match="TP_NO_SUCH_RULE"):
        check_codes(Weights.model_validate(weights), rules_screener.lexicon)


# An age ceiling said with looks between the words (lexicon 2026.12.71): "must be female, slim,
# 19-24", "women 20-28, attractive, no experience needed". Beside vague duties with clients it is
# coercive recruitment, as the plain form is.
@pytest.mark.parametrize(
    "ceiling",
    ["Must be female, slim, 19-24, and free to travel.", "Women 20-28, attractive, no experience needed."],
)
def test_an_age_ceiling_with_looks_between_is_read(either_path: Screener, ceiling: str) -> None:
    body = f"Event hostesses for private clients, top pay. {ceiling} Duties depend on the guest. Text 555-0154."
    verdict = either_path.screen({"id": "y", "category": "jobs", "title": "Hostesses wanted", "body": body})
    assert "trafficking_risk" in verdict.labels, verdict.reasons
    assert "TP_RECRUIT_YOUNG_WOMEN" in {i.code for i in verdict.indicators}


def test_a_seekers_ages_with_looks_stay_ordinary(either_path: Screener) -> None:
    body = "Easygoing guy, 31, seeking women, attractive, 25-35, no drama, for coffee and walks. Text 555-0155."
    verdict = either_path.screen({"id": "s", "category": "personals", "title": "Coffee?", "body": body})
    assert verdict.labels == [] and verdict.decision == "allow", verdict.reasons
