"""Lawful ads that use the trade's words in their own sense pass on both paths (lexicon
2026.12.20): escorts who walk, ride or guide people (campus safety, funeral processions, clinic
volunteers, tour escorts), a radar detector brand, a full-service dog groomer, donations
collected for a cause, and a litter of puppies ("new arrivals", "2 girls", "real photos") - an
independently written corpus of lawful ads found the rule path labelling each. Clinical
synthetic text; phone numbers in the 555-01xx range."""

from __future__ import annotations

import pytest

from samaritan.engine.screener import Screener

LAWFUL = [
    ("jobs", "Campus escorts", "Night campus escort officers wanted, walk students to cars. $21/hr. 909-555-0110"),
    ("jobs", "Motorcycle riders", "Riders wanted for funeral procession escorts, weekdays. Clean record. 713-555-0111"),
    ("community", "Clinic escorts", "Volunteer clinic escorts needed to guide visitors to appointments. 713-555-0112"),
    ("events", "Fall foliage trip", "Coach trip, 2 nights, hotel included, tour escort on board. $399. 417-555-0113"),
    ("for-sale", "Radar detector", "Escort Redline radar detector with cord and mount. $150. 678-555-0114"),
    ("services", "Dog grooming", "Full service dog grooming at your door: bath, nails, trim. 678-555-0115"),
    ("jobs", "Canvassers", "Canvassers wanted to collect donations for a river cleanup group. $17/hr. 720-555-0116"),
    ("pets", "New arrivals!", "New arrivals: lab puppies, 2 girls and 3 boys, vet checked, real photos. 417-555-0117"),
]  # fmt: skip


@pytest.mark.parametrize(("section", "title", "body"), LAWFUL)
def test_a_lawful_sense_of_the_trades_words_passes(either_path: Screener, section: str, title: str, body: str) -> None:
    verdict = either_path.screen({"id": "l", "category": section, "title": title, "body": body})
    assert verdict.labels == [] and verdict.decision == "allow", (body, verdict.risk, verdict.reasons)


@pytest.mark.parametrize(
    "body",
    [
        "Upscale escort in the city tonight, incall only. 702-555-0140",
        "Donations for my time only, text first. Mia, 25. 702-555-0141",
    ],
)
def test_the_trades_own_sense_still_reads(either_path: Screener, body: str) -> None:
    verdict = either_path.screen({"id": "c", "category": "adult", "title": "Mia - 25", "body": body})
    assert "commercial_sex" in verdict.labels, (body, verdict.risk, verdict.reasons)


def test_the_model_alone_never_labels_beside_another_trades_terms(screener: Screener) -> None:
    """A sale's or a rental's own terms (obo, like new, for rent: weights.yaml `cues.trade`) mark
    another trade's ad: the model alone had labelled this sofa at 0.99 on "real pics", "discreet"
    and "text anytime"; a hard term beside such terms still labels."""
    sofa = "Leather sofa, real pics, like new, obo. Discreet pickup by the back door, text anytime 713-555-0121"
    verdict = screener.screen({"id": "s", "category": "for-sale", "title": "Real pics - sofa", "body": sofa})
    assert verdict.labels == [], (verdict.risk, verdict.reasons)
    offer = "Room for rent by the hour with a GFE companion, incall only. Text 702-555-0122"
    verdict = screener.screen({"id": "o", "category": "dating", "title": "Mia - 25", "body": offer})
    assert "commercial_sex" in verdict.labels, (verdict.risk, verdict.reasons)


def test_kittens_as_the_trades_word_for_women_is_no_sale(screener: Screener) -> None:
    """A litter is read by its vet's words ("vet checked", "first shots"), never by "kittens" or
    "puppies" alone: ads call the women offered so, and a sale's terms keep the model alone from
    labelling (this ad had lost both labels at 1.0)."""
    body = (
        "Meet the sweet girls to choose from, tell us which photo you liked when you call. 100% real. "
        "Here till Saturday only, then Orlando. 702-555-0130"
    )
    verdict = screener.screen(
        {"id": "k", "category": "adult", "title": "Latina kittens JUST ARRIVED - 24", "body": body}
    )
    assert {"commercial_sex", "trafficking_risk"} <= set(verdict.labels), (verdict.risk, verdict.reasons)
