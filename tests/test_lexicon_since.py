"""A rule added to the lexicon after a learned model was trained (`since`) is reported and
counted by the rules, but the model does not read it until retrained on that lexicon: a word the
model never saw in training must not move its probabilities (the packaged model reads a payment
hit as an independent's and lowers trafficking risk)."""

from __future__ import annotations

import copy

import pytest
from pydantic import ValidationError

from samaritan import Screener
from samaritan.engine.learned.model import load_model
from samaritan.engine.lexicon import Rule, load_lexicon

# A commercial ad (clinical, synthetic) whose only payment wording is a rule with `since`.
AD = {
    "id": "since-1",
    "category": "adult",
    "title": "Mia 24",
    "body": "GFE, 200 an hour, incall. Prepay by Google Pay to confirm. Text 702-555-0142.",
}


def _rule(**extra: object) -> Rule:
    base = {
        "code": "PAY_TEST",
        "category": "payment",
        "weight": 0.3,
        "description": "test rule",
        "evidence": "test",
        "terms": ["test pay"],
        "examples": {"match": ["test pay"], "no_match": ["other"]},
    }
    return Rule.model_validate(base | extra)


def test_since_must_be_a_lexicon_version() -> None:
    assert _rule(since="2026.12.13").since == "2026.12.13"
    with pytest.raises(ValidationError):
        _rule(since="next week")


def test_rules_newer_than_a_version() -> None:
    lexicon = load_lexicon()
    newer = lexicon.newer_than("2026.12.12")
    assert "PAY_CHANNEL" in newer
    assert "PAY_APP_CARD_CRYPTO" not in newer  # no `since`: read by every model
    assert lexicon.newer_than(lexicon.version) == frozenset()
    assert "PAY_CHANNEL" in lexicon.newer_than(None)  # a model that recorded no lexicon
    assert lexicon.newer_than("2026.12.9") >= newer  # numeric, not string, order: 9 < 12


def test_the_packaged_model_does_not_read_a_newer_rule_but_the_verdict_reports_it() -> None:
    screener = Screener()
    assert "lexicon" not in screener.model.meta  # trained before the lexicon version was recorded
    assert screener.features(AD).totals.get("payment", 0.0) == 0.0
    verdict = screener.screen(AD).to_dict()
    assert "commercial_sex" in verdict["labels"]
    assert any(i["code"] == "PAY_CHANNEL" and i["text"] == "Google Pay" for i in verdict["indicators"])


def test_a_model_trained_on_the_lexicon_reads_it() -> None:
    model = copy.copy(load_model())
    model.meta = {**model.meta, "lexicon": load_lexicon().version}
    assert Screener(model=model).features(AD).totals.get("payment") == pytest.approx(0.3)
    # Training reads every rule: its screener has no model.
    assert Screener(model="none").features(AD).totals.get("payment") == pytest.approx(0.3)
