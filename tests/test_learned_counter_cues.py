"""The learned stage weighs a personal ad's counter-cues as the rule path does (issue 14, real
personals): asking for the reader's picture, an explicit no-payment or a free massage are no
features of the model, so the stage itself keeps soft commercial wording (a sensual massage,
"allowance") from lowering the bar to the commercial threshold, and asks the model alone to be
near certain (learned/alone.py COUNTERED_TEXT_ONLY). A hard term still labels at the threshold.

The model's probability is fixed in each test, so that what is measured is the stage's rule and
not where the packaged model happens to score a sentence. Clinical synthetic text written for
these tests; phone numbers use the 555-01xx range."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from samaritan.engine.learned.alone import COUNTERED_TEXT_ONLY
from samaritan.engine.learned.model import LearnedModel
from samaritan.engine.screener import Screener

SUITOR = (
    "Tall, fit and easygoing. I enjoy dinners out, weekend getaways and giving long sensual massages. "
    "Looking for a playful, affectionate woman."
)
PICTURE = " Send a pic when you write back."
HOOKUP = "Home tonight and looking to meet someone fun nearby. Text me at 702-555-0142."
STATS = " Send me your stats first."


@pytest.fixture(scope="module")
def model_screener() -> Screener:
    return Screener(model="default")


@pytest.fixture
def fixed(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[float], None]]:
    """Sets the model's commercial-sex probability for every ad (risk probabilities 0)."""

    def set_probability(p: float) -> None:
        def probabilities(self: LearnedModel, feats: Any, youth: bool = True) -> dict[str, float]:
            return {"commercial_sex": p, "trafficking_risk": 0.0, "minor_risk": 0.0}

        def probabilities_many(model: LearnedModel, feats: Any, youth: Any) -> list[dict[str, float]]:
            return [probabilities(model, f) for f in feats]

        monkeypatch.setattr(LearnedModel, "probabilities", probabilities)
        # Screening scores a chunk's ads at once (learned/scores.py).
        monkeypatch.setattr("samaritan.engine.learned.stage.probabilities_many", probabilities_many)

    yield set_probability


def _labels(screener: Screener, body: str, title: str = "Dinner and a massage") -> list[str]:
    return screener.screen({"id": "cc", "title": title, "body": body, "category": "personals"}).labels


def test_soft_massage_wording_labels_at_the_threshold_without_a_counter_cue(
    model_screener: Screener, fixed: Callable[[float], None]
) -> None:
    fixed(0.4)
    assert _labels(model_screener, SUITOR) == ["commercial_sex"]


def test_a_request_for_the_readers_picture_takes_the_soft_wording_out(
    model_screener: Screener, fixed: Callable[[float], None]
) -> None:
    fixed(0.4)
    verdict = model_screener.screen({"id": "cc", "title": "Dinner and a massage", "body": SUITOR + PICTURE})
    assert verdict.labels == [] and verdict.decision == "allow"


@pytest.mark.parametrize(
    "marker",
    [" Incall only, by the hour.", " Full service for generous gentlemen."],
)
def test_a_hard_term_still_labels_beside_a_counter_cue(
    model_screener: Screener, fixed: Callable[[float], None], marker: str
) -> None:
    fixed(0.4)
    assert _labels(model_screener, SUITOR + marker + PICTURE) == ["commercial_sex"]


def test_the_model_alone_needs_to_be_near_certain_beside_a_counter_cue(
    model_screener: Screener, fixed: Callable[[float], None]
) -> None:
    """A hookup post with a phone: at 0.9 (above text_only) the model alone labels it, unless the
    post asks for the reader's stats; near certain, it labels that one too."""
    fixed(0.9)
    assert _labels(model_screener, HOOKUP, "Tonight") == ["commercial_sex"]
    assert _labels(model_screener, HOOKUP + STATS, "Tonight") == []
    countered = model_screener.policy.thresholds.text_only_countered or COUNTERED_TEXT_ONLY
    fixed(max(0.99, countered))
    assert _labels(model_screener, HOOKUP + STATS, "Tonight") == ["commercial_sex"]


def test_near_certain_means_the_policys_countered_threshold(
    model_screener: Screener, fixed: Callable[[float], None]
) -> None:
    """Policy 2026.12.11 raised the bar beside a counter-cue to 0.995: a woman's post seeking women
    only, read at 0.99 by the model, had been flagged on the real personals half. At 0.99 the post
    that asks for the reader's stats stays unlabelled; without the counter-cue it is labelled."""
    assert model_screener.policy.thresholds.text_only_countered == 0.995
    fixed(0.99)
    assert _labels(model_screener, HOOKUP + STATS, "Tonight") == []
    assert _labels(model_screener, HOOKUP, "Tonight") == ["commercial_sex"]


def test_counter_cues_are_no_features_of_the_model(model_screener: Screener) -> None:
    """The stage reads the counter-cue; the model's features (what it was trained on) are the same
    with or without the indicator passed on, so the packaged model needs no retraining."""
    ad = {"id": "cc", "title": "Dinner and a massage", "body": SUITOR + PICTURE, "category": "personals"}
    names = {name for _, name in model_screener.features(ad).named}
    assert not any(name.startswith(("CUE_PERSONAL_EXCHANGE", "CUE_REPLY_PROTOCOL")) for name in names)
    verdict = model_screener.screen(ad)
    assert verdict.labels == []
