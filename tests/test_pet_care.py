"""Care of animals in an escort ad's words (lexicon 2026.12.78, weights 2026.12.45): a mobile
groomer's "outcall" is the van that comes to the house, its "incall" a dog brought to her
studio. CUE_PET_CARE cancels the soft cues and takes "incall / outcall" out (weights.yaml
`cues.drops`), as a licensed trade's credentials do; an escort ad that says incall and outcall
is read as before. Clinical synthetic text; phone numbers use 555-01xx."""

from __future__ import annotations

import pytest

from samaritan.engine.screener import Screener

PET_CARE = [
    (
        "pets",
        "Incall or outcall grooming",
        "Outcall: my grooming van parks outside your house. Incall: bring your dog to my garage studio."
        " De-shedding, flea baths and trims. Text 541-555-0121.",
    ),
    (
        "services",
        "Pet sitting, incall and outcall",
        "Pet sitting for cats and small dogs. Outcall visits twice a day or incall boarding in my fenced yard."
        " $30 a visit. Call 541-555-0122.",
    ),
]


@pytest.mark.parametrize(("section", "title", "body"), PET_CARE)
def test_a_groomers_incall_and_outcall_is_no_offer(either_path: Screener, section: str, title: str, body: str) -> None:
    verdict = either_path.screen({"id": "p", "category": section, "title": title, "body": body})
    assert verdict.labels == [], verdict.reasons
    assert verdict.decision == "allow"


def test_an_escort_ads_incall_and_outcall_still_count(either_path: Screener) -> None:
    ad = {
        "id": "e",
        "category": "dating",
        "title": "Rae - 29",
        "body": "Sweet and discreet, incall and outcall tonight. Text 541-555-0123.",
    }
    assert "commercial_sex" in either_path.screen(ad).labels
