"""Company, time or dates offered for pay in so many words is a hard commercial-sex term on both
paths (CS_PAID_COMPANY, lexicon 2026.12.20). The packaged model predates the rule and reads
commercial_sex rules only through its fixed prior, so a hard term newer than the model reaches it
there (screener: `_unlearned` keeps hard commercial_sex codes in). Clinical synthetic text; phone
numbers in the 555-01xx range."""

from __future__ import annotations

import pytest

from samaritan.engine.screener import Screener

OFFERS = [
    (
        "dating",
        "Sara, 31 - dinner tonight?",
        "Hi gentlemen, I am Sara. Available for paid dates this week, dinner and drinks first. Text 702-555-0150",
    ),
    (
        "personals",
        "Afternoon company",
        "Attractive and discreet lady, 35. Strictly paid company, afternoons at my place downtown. Call 702-555-0151",
    ),
    (
        "dating",
        "Looking for a generous man",
        "Easygoing, 29, love wine and good conversation. Compensation for my time is expected. Text me 702-555-0152",
    ),
    (
        "services",
        "Date for hire",
        "Polished and fun, 30. A date for hire for weddings, dinners, nights out. Hourly companionship. 702-555-0153",
    ),
]
LAWFUL = [
    ("jobs", "Research study", "Adults needed for a one hour study, compensated for your time. 702-555-0154"),
    ("personals", "Real dates only", "Not looking for paid dates, just a kind man for dinners. 702-555-0155"),
    ("jobs", "Caregiver", "Paid training, hourly pay, companionship for seniors. 702-555-0156"),
]


@pytest.mark.parametrize(("section", "title", "body"), OFFERS)
def test_company_offered_for_pay_is_commercial(either_path: Screener, section: str, title: str, body: str) -> None:
    verdict = either_path.screen({"id": "o", "category": section, "title": title, "body": body})
    assert "commercial_sex" in verdict.labels, (body, verdict.risk, verdict.reasons)
    assert any(i.code == "CS_PAID_COMPANY" for i in verdict.indicators)


@pytest.mark.parametrize(("section", "title", "body"), LAWFUL)
def test_pay_for_others_time_or_a_denial_is_not(either_path: Screener, section: str, title: str, body: str) -> None:
    verdict = either_path.screen({"id": "l", "category": section, "title": title, "body": body})
    assert verdict.labels == [], (body, verdict.risk, verdict.reasons)


def test_the_models_prior_or_the_deal_terms_label_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the rule in the model's prior these scored 0.00-0.10 on the default engine: the
    packaged model has no weight for wording it never saw, and the prior is where hard terms go.
    Payment for her company is also one of a deal's terms (weights.yaml `commercial.terms`), which
    label past the model's veto where the rules' reading agrees: either labels them, and without
    both (no deal's terms at all: "compensation for my time" is CS_PAY_FOR_TIME's too) they go
    unlabelled; except the first offer, whose title states her name and age ("Sara, 31 - ...", read
    since the title-dash form of ages): that shape raises the model's probability and the rules'
    own reading agrees, a route of its own; and the offer titled "Looking for a generous man", whose
    sugar wording the lexicon reads since 2026.12.54 (CS_SUGAR): the model weighs that feature as
    it was trained to (0.10 -> 0.61) and the rules' reading agrees, a route of its own too."""
    screener = Screener()
    monkeypatch.setattr(screener, "_unlearned", screener._unlearned | {"CS_PAID_COMPANY"})
    for section, title, body in OFFERS:
        verdict = screener.screen({"id": "o", "category": section, "title": title, "body": body})
        assert "commercial_sex" in verdict.labels, body
    monkeypatch.setattr(screener.weights.commercial, "terms", [])
    unlabelled = 0
    for section, title, body in OFFERS[1:]:
        verdict = screener.screen({"id": "o", "category": section, "title": title, "body": body})
        sugar = "CS_SUGAR" in {i.code for i in verdict.indicators}
        # Model 23d17ec1 reads some of these offers as offers from their other words (a lady's age
        # and discretion, "at my place"): a label then is the model's own, at the commercial bar.
        model = verdict.risk["commercial_sex"] >= screener.policy.thresholds.commercial_sex
        assert not verdict.labels or sugar or model, body
        unlabelled += not verdict.labels
    assert unlabelled, "without the prior's rule and the deal's terms, some offer goes unlabelled"
    assert any("generous man" in title for _, title, _ in OFFERS[1:])


def test_only_hard_commercial_terms_newer_than_the_model_reach_it(screener: Screener) -> None:
    """Soft terms newer than the model stay out of it (their lawful uses were never weighed)."""
    rules = {r.code: r for r in screener.lexicon.rules}
    assert "CS_PAID_COMPANY" not in screener._unlearned
    soft = [c for c in screener._unlearned if c in rules and rules[c].category == "commercial_sex"]
    assert soft and all(rules[c].weight < screener.weights.commercial.threshold for c in soft)
