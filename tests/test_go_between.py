"""Someone between the client and the people offered (lexicon TP_GO_BETWEEN, TP_KEPT): the money
goes to a manager or the house, a boss takes the calls or sets the prices, the client books with
him and not with them, the women are brought or delivered, or they never leave the place, or one
number is given for all of them (TP_ONE_NUMBER). Booker
ads written so carried no other third-party wording and were ordinary or commercial only on both
paths; they are trafficking_risk now. The same words in a mover's, a landlord's, a salon's or a
parent's ad stay ordinary (the rules' cue kind makes an ad with a phone commercial, so those forms
are left out of the rule). On the default engine that control is the lexicon's agreement with the
model's probability, as a hard term is. Clinical synthetic text written for these tests; phones
555-01xx."""

from __future__ import annotations

import pytest

from conftest import fix_model
from samaritan.engine.screener import Screener

BOOKERS = [
    (
        "massage",
        "Evening spa - new staff",
        "New staff this month, the girls never leave, open past midnight. Mamasan handles the calls. "
        "Text 323-555-0131.",
        {"TP_GO_BETWEEN", "TP_KEPT"},
    ),
    (
        "adult",
        "Two ladies free now",
        "Two ladies free now, hotel or home. Book through me, not her. Their driver will drop off the ladies. "
        "Text 702-555-0132.",
        {"TP_GO_BETWEEN"},
    ),
    (
        "adult",
        "Downtown companions",
        "Companions for the evening, $200 an hour. Pay me and I send the girls. No texts to the ladies. "
        "Call 702-555-0133.",
        {"TP_GO_BETWEEN"},
    ),
    (
        "dating",
        "Friend visiting from abroad",
        "My friend Lina, 25, is here for a month and speaks little English. I make the rates, I do the bookings, "
        "she only arrives. Text 646-555-0134.",
        {"TP_GO_BETWEEN"},
    ),
    (
        "services",
        "Evening hostesses",
        "We send hostesses to your suite. Cash goes to our manager only. The ladies sleep on the premises "
        "between visits. Call 305-555-0135.",
        {"TP_GO_BETWEEN", "TP_KEPT"},
    ),
    # (lexicon 2026.12.42) one phone for all the women, said in the ad
    (
        "adult",
        "Five ladies tonight",
        "Five ladies tonight, 21 to 30, quick visits 60, half hour 100, near the airport. Same number for all the "
        "ladies: 702-555-0146.",
        {"TP_ONE_NUMBER"},
    ),
]

LAWFUL = [
    ("for-sale", "Sofa, free delivery", "Grey three-seat sofa. Payment to the driver on delivery, cash or card. "
     "Text 702-555-0136."),
    ("services", "Moving help", "Two movers and a truck, $90 an hour. Tips to the driver are appreciated but never "
     "expected. Call 702-555-0141."),
    ("housing", "Studio available", "Studio, $1,100 a month. Rent payment to the manager by the first. The manager "
     "takes calls about the unit weekdays. Call 702-555-0145."),
    ("services", "Hair and nails", "Walk-ins welcome. Our ladies are friendly and you never leave disappointed. "
     "$35 manicure. Call 702-555-0138."),
    ("pets", "Gentle senior dog", "Sweet older lab, house trained. She never leaves my side. Adoption fee $50. "
     "Call 702-555-0139."),
    ("for-sale", "Daughter's hatchback", "Selling my daughter's hatchback, $3,000 firm. Text me, not her, she is at "
     "school. 702-555-0144."),
    ("jobs", "Event staff", "Event hostesses for conferences, $25 an hour. Our coordinator books your shifts; payment "
     "through our office by direct deposit. Email staff@example.org."),
    ("services", "Three salons", "Cuts, color and nails in three salons. Same number for all locations: "
     "702-555-0147."),
]  # fmt: skip


@pytest.mark.parametrize(("section", "title", "body", "codes"), BOOKERS)
def test_a_go_between_makes_a_booker_ad_trafficking_risk(
    either_path: Screener, section: str, title: str, body: str, codes: set[str]
) -> None:
    verdict = either_path.screen({"id": "b", "category": section, "title": title, "body": body})
    assert {"commercial_sex", "trafficking_risk"} <= set(verdict.labels), (verdict.risk, verdict.reasons)
    assert codes <= {i.code for i in verdict.indicators}
    assert verdict.decision == "block"


@pytest.mark.parametrize(("section", "title", "body"), LAWFUL)
def test_the_same_words_in_a_lawful_ad_stay_ordinary(
    either_path: Screener, section: str, title: str, body: str
) -> None:
    verdict = either_path.screen({"id": "l", "category": section, "title": title, "body": body})
    assert verdict.labels == [], ([i.code for i in verdict.indicators], verdict.reasons)


@pytest.fixture
def middling(monkeypatch: pytest.MonkeyPatch) -> Screener:
    """The default engine with the model scoring every ad 0.5 commercial: over the policy's
    commercial_sex threshold, under its text_only bar."""
    fix_model(monkeypatch, 0.5)
    return Screener(model="default")


def test_a_third_partys_control_agrees_with_the_model_as_a_hard_term_does(middling: Screener) -> None:
    """A dating profile whose contact is her manager and who owes for her trip names no price: the
    lexicon's reading of control lets the model's 0.5 label it, as a hard term would."""
    controlled = middling.screen(
        {
            "id": "c",
            "category": "dating",
            "title": "Kind man wanted for Anna",
            "body": "Anna, 24, came over last month; she needs help with her costs. Book a meeting through her "
            "manager: 702-555-0150.",
        }
    )
    assert "commercial_sex" in controlled.labels, (controlled.risk, controlled.reasons)
    plain = middling.screen(
        {
            "id": "p",
            "category": "dating",
            "title": "Kind man wanted",
            "body": "Anna, 24, came over last month and hopes to find someone kind for walks. Write to me here.",
        }
    )
    assert plain.labels == []
