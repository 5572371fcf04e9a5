"""A licensed trade's "incall or outcall" is where the tradesperson works (weights.yaml
`commercial.cues.drops`, lexicon CUE_LICENSED_TRADE): a mobile hairstylist or a licensed massage
therapist who names a credential is an ordinary ad on both paths, while an offer with the same
words and no credential is still read. A procession's motorcycle escort is no escort service.
Clinical synthetic text written for these tests; phone numbers use the 555-01xx range."""

from __future__ import annotations

import pytest

from samaritan.engine.policy import ConfigError, Weights
from samaritan.engine.screener import Screener
from samaritan.engine.weight_codes import check_codes

LAWFUL = [
    (
        "services",
        "Mobile hairstylist - incall or outcall",
        "Licensed hairstylist with a small salon suite at home (incall) or outcall to you for weddings and "
        "homebound clients. Cuts from $40, colour from $90. Book at 720-555-0131.",
    ),
    (
        "massage",
        "Deep tissue and sports massage, incall and outcall",
        "Board certified, ten years in sports clinics. Incall at my studio or outcall to your home or office with a "
        "portable table. 60 min $95, 90 min $130. Strictly therapeutic, draping always.",
    ),
    (
        "services",
        "Escort service for funeral processions",
        "Our riders provide escort service for funeral processions in three towns. Uniforms, lights and a "
        "lead car; booked through the chapel. Call 702-555-0164.",
    ),
]


@pytest.mark.parametrize(("section", "title", "body"), LAWFUL)
def test_a_licensed_trade_or_a_procession_escort_is_an_ordinary_ad(
    either_path: Screener, section: str, title: str, body: str
) -> None:
    verdict = either_path.screen({"id": "l", "category": section, "title": title, "body": body})
    assert verdict.labels == [], ([i.code for i in verdict.indicators], verdict.reasons)
    assert verdict.decision == "allow"


def test_incall_and_outcall_without_a_credential_are_still_read(either_path: Screener) -> None:
    verdict = either_path.screen(
        {
            "id": "c",
            "category": "adult",
            "title": "Nina, 29 - incall and outcall",
            "body": "Sweet and discreet, incall near the airport or outcall to your hotel. 200 an hour. "
            "Text 702-555-0165.",
        }
    )
    assert "commercial_sex" in verdict.labels
    assert "CS_INCALL_OUTCALL" in {i.code for i in verdict.indicators}


def test_a_dropped_code_that_is_no_lexicon_code_is_a_config_error(rules_screener: Screener) -> None:
    weights = rules_screener.weights.model_dump()
    weights["commercial"]["cues"]["drops"]["licensed_trade"] = ["CS_NO_SUCH_RULE"]
    with pytest.raises(ConfigError, match="CS_NO_SUCH_RULE"):
        check_codes(Weights.model_validate(weights), rules_screener.lexicon)
