"""A negator that opens an avowal ("not gonna lie", "no lie", "I won't lie", "not kidding") says
that what follows is true; it denies nothing. Posters write it right before the terms they state,
and the rule path had read those terms as denied (a corpus written apart from the project).
Denials keep their scope. Both paths. Clinical synthetic text; phones 555-01xx."""

from __future__ import annotations

import pytest

from samaritan import Screener
from samaritan.engine.learned.scope import claim_is_denied
from samaritan.engine.learned.wording import is_negated

TERMS = "i need a little help with my bills this month so if you're generous we will get along great"


@pytest.mark.parametrize("avowal", ["not gonna lie", "im not going to lie", "no lie", "i won't lie", "not kidding"])
@pytest.mark.parametrize("model", ["none", "default"])
def test_terms_after_an_avowal_are_read(avowal: str, model: str, rules_screener: Screener, screener: Screener) -> None:
    engine = rules_screener if model == "none" else screener
    body = f"Hi, new in the area and bored. {avowal} {TERMS}. Text 404-555-0121"
    verdict = engine.screen({"id": "a", "category": "dating", "title": "hey there", "body": body})
    assert "commercial_sex" in verdict.labels, verdict.reasons


@pytest.mark.parametrize(
    "body",
    [
        # A denial after the avowal is still a denial.
        "Not gonna lie, I will never date a sugar daddy, a real date with a kind man is my goal.",
        "No lie, escorts and paid dates please move along, I want a friend for hikes.",
        # ... and a denial with no avowal, as before.
        "I do not need help with my bills every month, I just want company for concerts.",
    ],
)
def test_denials_keep_their_scope(body: str, rules_screener: Screener, screener: Screener) -> None:
    for engine in (rules_screener, screener):
        assert engine.screen({"id": "d", "category": "personals", "title": "friendly", "body": body}).labels == []


def test_the_scope_checks_read_an_avowal_as_no_negation() -> None:
    text = "not gonna lie i need help with my rent"
    at = text.index("need")
    assert not is_negated(text, at) and not claim_is_denied(text, at, len(text))
    denied = "i do not need help with my rent"
    assert is_negated(denied, denied.index("need")) and claim_is_denied(denied, denied.index("need"), len(denied))
