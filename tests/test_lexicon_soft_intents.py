"""The payment, third-party and ethnicity rules of lexicon 2026.12.18 count only in commercial
context: lawful posts full of their words (a rental's deposit and management office, a personal
post that names women) stay unlabelled, and of the plural-women words only the offering ones
("ladies", "models") are a soft commercial cue."""

from __future__ import annotations

from samaritan import Screener
from samaritan.engine.detect import Detector
from samaritan.engine.lexicon import load_lexicon

LEXICON = load_lexicon()
NEW = {rule.code for rule in LEXICON.rules if rule.since == "2026.12.18"}
SCREENER = Screener()


def _codes(text: str) -> set[str]:
    return {hit.rule.code for hit in Detector(LEXICON).find("body", text)}


def test_only_the_offering_plurals_are_a_commercial_cue() -> None:
    cues = LEXICON.cues()
    assert cues["TP_PLURAL_WOMEN"] == "several"
    assert "TP_WOMEN_PLAIN" not in cues
    assert not {code for code in NEW if code.startswith(("PAY_", "ETH_"))} & set(cues)


def test_a_rental_with_a_deposit_and_a_management_office_is_not_labelled() -> None:
    body = (
        "Our apartments have new management. Deposit required before move in, payment by Zelle or money order. "
        "Call us at 555-0142 to tour; the front desk is open daily."
    )
    assert {"PAY_DEPOSIT_ADVANCE", "TP_ROLE_NAMED", "TP_HOUSE_VOICE"} <= _codes(body)
    verdict = SCREENER.screen({"id": "rent-1", "category": "housing", "title": "2BR near the park", "body": body})
    assert verdict.to_dict()["labels"] == []


def test_a_personal_post_naming_women_and_a_nationality_is_not_labelled() -> None:
    body = (
        "Quiet Portuguese man, 45, into hiking and old films. I get along well with women, dogs and neighbours. "
        "Looking for a friend first. Reply by email."
    )
    assert {"TP_WOMEN_PLAIN", "ETH_DEMONYM"} <= _codes(body)
    verdict = SCREENER.screen({"id": "pers-1", "category": "personals", "title": "Hiking partner", "body": body})
    assert verdict.to_dict()["labels"] == []
