"""minor_risk fills the urgent queue (issue 14): every minor_risk label on the rules path is
urgent, soft youth wording counts only beside a third party holding the person or another kind
of youth word, and lawful ads get no minor label whatever youth or third-party words they use.
Clinical synthetic text written for these tests; nothing in it is sexual."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samaritan import Screener
from samaritan.engine.model import Indicator
from samaritan.engine.score import minor_risk

_PROPERTY = settings(derandomize=True, max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

OFFER = "Incall and outcall, 150 roses hh, 250 roses hr. Text 702-555-0142."

# Youth and third-party wording a commercial ad may carry, soft and strong, with adult ages.
FRAGMENTS = [
    "Young and calm.",
    "Tiny and sporty.",
    "New to the game.",
    "Totally new, first week.",
    "Never done this before.",
    "🍭",
    "🍬 sweet treat.",
    "I am 19 years old.",
    "I am 27 years old.",
    "She just turned 18.",
    "Barely legal.",
    "Her booker takes the calls.",
    "She is waiting.",
    "This one is shy.",
    "Our newest girl arrives today.",
    "We have a relaxed pace.",
    "Our agency is discreet.",
    "Two girls available.",
    "My friend is available too.",
    "Ask for Mia.",
    "Unhurried visits.",
]


@_PROPERTY
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=5, unique=True))
def test_every_minor_risk_label_is_urgent(parts: list[str]) -> None:
    screener = _screener()
    verdict = screener.screen({"id": "p", "category": "dating", "body": " ".join(parts) + " " + OFFER})
    assert "commercial_sex" in verdict.labels
    if "minor_risk" in verdict.labels:
        assert verdict.priority == "urgent", (parts, verdict.risk)
        assert verdict.risk["minor"] >= screener.policy.urgent.minor_risk
    else:
        assert verdict.priority != "urgent" and verdict.risk["minor"] < 0.5, (parts, verdict.risk)


def test_the_packaged_weights_put_every_label_at_the_urgent_floor() -> None:
    """The weights' own arithmetic: soft wording that reaches `needed` and each strong youth code
    alone give a minor risk at or above the policy's urgent floor, so no weaker tier exists."""
    screener = _screener()
    mw, floor = screener.weights.minor, screener.policy.urgent.minor_risk

    def risk(strength: float) -> float:
        return 1.0 / (1.0 + math.exp(-(mw.bias + mw.youth_weight * strength)))

    assert risk(mw.soft.per_cue * mw.soft.needed) >= floor
    strong = [r for r in screener.lexicon.rules if r.category == "youth" and r.extracted is None]
    strong = [r for r in strong if r.code not in mw.soft.codes]
    assert {r.code for r in strong} >= {"YOUTH_EXPLICIT", "YOUTH_TEEN", "YOUTH_CODED", "YOUTH_SCHOOL"}
    for rule in strong:
        assert risk(rule.weight) >= floor, rule.code


def _hit(code: str, category: str, start: int) -> Indicator:
    return Indicator(code, category, "body", start, start + 5, "words", 0.7)


def test_minor_risk_is_what_the_rules_give_youth_evidence() -> None:
    """The helper the learned stage may floor its probability at: baseline for one soft word,
    the urgent floor once a third party holds the person."""
    screener = _screener()
    floor = screener.policy.urgent.minor_risk
    young = [_hit("YOUTH_SUGGESTIVE", "youth", 0)]
    assert minor_risk(young, {"YOUTH_SUGGESTIVE"}, screener.weights) < 0.5
    assert minor_risk(young, {"YOUTH_SUGGESTIVE", "TP_CONTROL"}, screener.weights) >= floor
    assert minor_risk(young, {"YOUTH_SUGGESTIVE", "TP_THIRD_PERSON"}, screener.weights) >= floor
    # a business voice alone is not enough; beside a stated age of 19 it is
    assert minor_risk(young, {"YOUTH_SUGGESTIVE", "TP_AGENCY_VOICE"}, screener.weights) < 0.5
    aged = [*young, _hit("YOUTH_STATED_AGE_18_19", "youth", 10)]
    codes = {"YOUTH_SUGGESTIVE", "TP_AGENCY_VOICE", "YOUTH_STATED_AGE_18_19"}
    assert minor_risk(aged, codes, screener.weights) >= floor
    # the person's own adult age weighs the booker and one soft word down again
    assert minor_risk(young, {"YOUTH_SUGGESTIVE", "TP_CONTROL", "STATED_ADULT_AGE"}, screener.weights) < 0.5
    verdict = screener.screen(
        {"id": "b", "category": "dating", "body": f"Young and calm, her booker takes the calls. {OFFER}"}
    )
    assert verdict.risk["minor"] >= floor and "minor_risk" in verdict.labels


# Control said in the other ways the lexicon reads it: the money goes to someone else, she is kept
# where she is offered, she says so herself, the house speaks of her.
CONTROL_IN_OTHER_WORDS = [
    "Donations go to my boyfriend.",
    "The girls never leave, open all night.",
    "I am not allowed to use my own phone.",
    "Cash goes to the manager at the door.",
    "Their manager confirms every booking.",
]


@pytest.mark.parametrize("control", CONTROL_IN_OTHER_WORDS)
def test_control_in_other_words_corroborates_soft_youth_wording(control: str) -> None:
    """One soft youth word beside a third party holding the person reaches the urgent floor
    whatever words say who holds her; the same ad without the youth word gets no minor label."""
    screener = _screener()
    floor = screener.policy.urgent.minor_risk
    young = screener.screen({"id": "y", "category": "dating", "body": f"Young and calm. {control} {OFFER}"})
    assert "minor_risk" in young.labels and young.risk["minor"] >= floor, (control, young.risk)
    plain = screener.screen({"id": "a", "category": "dating", "body": f"Calm and friendly. {control} {OFFER}"})
    assert "minor_risk" not in plain.labels, (control, plain.risk)


# Lawful ads, with the youth and third-party words ordinary sellers, landlords and parents use.
LAWFUL = [
    "Responsible 19 year old babysitter, CPR certified, evenings and weekends.",
    "Girls bike, 20 inch, pink, barely used.",
    "Lolita style dress, size 6, worn once to a convention.",
    "Room for someone new to town, utilities included, quiet house.",
]
LAWFUL_EXTRA = [
    "This one is a steal.",
    "Totally new condition.",
    "We have two of them.",
    "Ask for Sam at the front desk.",
    "Young family moving, must sell.",
    "She is available on weekends for pickup.",
    "Our agency has openings for drivers.",
    "Text 702-555-0142.",
    "Call for details, 40 dollars.",
    "My daughter is 12 and outgrew it.",
    "Brand new, first week on the market.",
]


@_PROPERTY
@given(
    st.sampled_from(LAWFUL),
    st.lists(st.sampled_from(LAWFUL_EXTRA), max_size=4, unique=True),
    st.sampled_from(["for-sale", "housing", "services", "jobs", "personals", "dating"]),
)
def test_lawful_ads_get_no_minor_label(base: str, extra: list[str], section: str) -> None:
    verdict = _screener().screen({"id": "l", "category": section, "body": " ".join([base, *extra])})
    assert verdict.labels == [], (base, extra, section, verdict.labels)
    assert verdict.priority != "urgent" and verdict.risk["minor"] <= 0.05


_SCREENER: list[Screener] = []


def _screener() -> Screener:
    """One engine for the property tests (hypothesis calls the test body many times; function
    fixtures are not reset between its examples)."""
    if not _SCREENER:
        _SCREENER.append(Screener())
    return _SCREENER[0]
