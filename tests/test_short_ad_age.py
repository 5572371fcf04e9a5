"""A short ad that states the person's adult age and that the model scores near certain.

Short ads (under the policy's text_only_short_words) are labelled by the model alone only beside
the lexicon's commercial or structural reading, because short lawful ads made of context words
scored 0.75-0.99. Short commercial ads written apart from the project ("Name. 24. New. Private
place. Open late.") scored 0.99 and carried none of that reading. weights `commercial.short_sure`
now names the person's stated adult age beside bodywork: at the policy's text_only_short_sure
(0.95) such an ad is labelled; below it, or without the age, the short-ad rule still holds it.
The model's probability is fixed here so the test measures the rule, not a sentence's score."""

from __future__ import annotations

import pytest

from conftest import fix_model
from samaritan.engine.screener import Screener

# (A dating section: in a section for adult services the section itself agrees with the model,
# engine/learned/alone.py adult_prior, and the short-ad rule is not what decides.)
AD = {"id": "s", "category": "dating", "title": "Sweet and new"}
SHORT_WITH_AGE = {**AD, "body": "Lola. 24. Cozy private spot. Open late. Text."}
SHORT_WITHOUT_AGE = {**AD, "body": "Cozy private spot. Open late. Text."}


def test_a_near_certain_short_ad_with_a_stated_age_is_labelled(monkeypatch: pytest.MonkeyPatch) -> None:
    fix_model(monkeypatch, 0.97)
    verdict = Screener().screen(SHORT_WITH_AGE)
    assert "commercial_sex" in verdict.labels, verdict.reasons
    assert "STATED_ADULT_AGE" in {i.code for i in verdict.indicators}
    # The label comes from weights `commercial.short_sure`: with bodywork alone there, none.
    screener = Screener()
    assert screener.stage is not None
    monkeypatch.setattr(screener.stage.weights.commercial, "short_sure", ["CUE_BODYWORK"])
    assert screener.screen(SHORT_WITH_AGE).labels == []


@pytest.mark.parametrize(("ad", "probability"), [(SHORT_WITH_AGE, 0.9), (SHORT_WITHOUT_AGE, 0.97)])
def test_below_near_certain_or_without_an_age_the_short_ad_rule_holds(
    monkeypatch: pytest.MonkeyPatch, ad: dict[str, str], probability: float
) -> None:
    fix_model(monkeypatch, probability)
    assert Screener().screen(ad).labels == []


def test_a_lawful_short_ad_with_an_age_passes_on_the_packaged_model() -> None:
    body = "Tom, 34. Tennis partner wanted on weekends. Text."
    ad = {"id": "t", "category": "personals", "title": "Tennis, 34", "body": body}
    verdict = Screener().screen(ad)
    assert verdict.labels == [] and verdict.decision == "allow"


def test_law_enforcement_kept_out_counts_as_the_age_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """weights `commercial.short_sure` names SCREEN_NO_POLICE too: a short ad that keeps police out
    and that the model scores near certain is labelled; below near certain it is not."""
    ad = {**AD, "body": "Curvy and sweet, open 24 hrs. No cops. 702-555-0192"}
    fix_model(monkeypatch, 0.97)
    verdict = Screener().screen(ad)
    assert "commercial_sex" in verdict.labels and "SCREEN_NO_POLICE" in {i.code for i in verdict.indicators}
    fix_model(monkeypatch, 0.9)
    assert Screener().screen(ad).labels == []
