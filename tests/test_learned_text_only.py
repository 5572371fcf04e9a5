"""The model alone (no hard term, no agreement of the rules) labels an ad only at the policy's
text_only, and, by default, only when there is evidence beside the wording: the lexicon reads
something in the ad or it lists a phone or a link (thresholds.text_only_needs_evidence). One-line
lawful ads have too few words for the linear model to weigh: two travel words gave 0.99."""

from __future__ import annotations

import numpy as np
import pytest

from samaritan.engine.policy import Thresholds, load_policy
from samaritan.engine.screener import Screener
from samaritan.runs.train_report import predicted_labels

# Lawful one-liners the mission names or that collide with its words; no phone, no price.
ONE_LINERS = [
    "Road trip through Virginia next month.",
    "No teens, no minors, adults only book club.",
    "Brand new in box blender.",
    "Cruise to the Virgin Islands, two tickets.",
    "Room for someone new to town, utilities included.",
    "Girls bike with streamers.",
]


@pytest.fixture(scope="module")
def model_screener() -> Screener:
    return Screener(model="default")


@pytest.mark.parametrize("body", ONE_LINERS)
@pytest.mark.parametrize("section", ["personals", "dating", "for-sale"])
def test_lawful_one_liners_pass_on_the_model_path(model_screener: Screener, body: str, section: str) -> None:
    verdict = model_screener.screen({"id": "t1", "title": "", "body": body, "category": section})
    assert verdict.decision == "allow" and verdict.labels == [], (body, verdict.risk, verdict.reasons)


def test_without_the_evidence_rule_the_one_liners_stay_under_text_only() -> None:
    """Switched off, the rule keeps none of them out any more: the packaged model had labelled
    them at 0.92-0.99 on a missing title (its "s:no_title" feature, learned from a few generated
    commercial ads), which it no longer reads (session 22, engine/headline.py); their wording alone
    stays under text_only, with or without a title."""
    base = load_policy()
    assert base.thresholds.text_only_needs_evidence
    policy = base.model_copy(
        update={"thresholds": base.thresholds.model_copy(update={"text_only_needs_evidence": False})}
    )
    screener = Screener(model="default", policy=policy)
    text_only = base.thresholds.text_only
    assert text_only is not None
    for title in ("", "For sale"):
        for body in ONE_LINERS:
            verdict = screener.screen({"id": "t2", "title": title, "body": body, "category": "personals"})
            assert verdict.labels == [] and verdict.risk["commercial_sex"] < text_only, (title, body, verdict.risk)


def test_training_report_counts_labels_as_the_stage_gives_them() -> None:
    """The report's labels follow the same rule (train_report.predicted_labels), so its recall is
    the engine's: an ad at text_only without evidence is not counted as labelled."""
    thresholds = Thresholds(commercial_sex=0.3, text_only=0.75, text_only_needs_evidence=True)
    P = np.array([[0.9, 0.0, 0.0], [0.9, 0.0, 0.0], [0.5, 0.0, 0.0]])
    prior = np.zeros(3)
    evidence = np.array([True, False, True])
    labels = predicted_labels(P, thresholds, prior, lexicon=evidence)
    assert labels[:, 0].tolist() == [True, False, False]
    off = Thresholds(commercial_sex=0.3, text_only=0.75)
    assert predicted_labels(P, off, prior, lexicon=evidence)[:, 0].tolist() == [True, True, False]
