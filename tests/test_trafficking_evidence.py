"""A commercial ad is labelled trafficking_risk from its risk alone only where it carries a kind of
indicator that points to trafficking (weights.yaml `trafficking.evidence_categories`, weights
2026.12.49): youth, ethnicity, an obscured phone or a third party. An independent's rate menu,
"incall only" and "specials", movement wording and client screening are no such sign (the one
outcome study found movement wording pointing the other way), and the learned model had put
trafficking risk over the threshold on them. Control, a rotating house and minor risk still label.
Clinical synthetic text; phones 555-01xx."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from conftest import fix_model
from samaritan.engine.policy import Weights
from samaritan.engine.score import label_risks
from samaritan.engine.screener import Screener

RATE_MENU = {
    "id": "menu",
    "category": "adult",
    "title": "Specials today - Kim 27",
    "body": "Morning specials: QV 80 / HH 140 / H 220. Incall only, in town this week. No blocked #s. 702-555-0150",
}
# The same menu from a house that offers several women by their origin, through a driver.
HOUSE_MENU = {
    **RATE_MENU,
    "id": "house",
    "body": "Three new Asian girls, our driver brings them to you. QV 80 / HH 140 / H 220. 702-555-0151",
}


def test_a_rate_menu_with_no_trafficking_kind_is_commercial_only(monkeypatch: pytest.MonkeyPatch) -> None:
    fix_model(monkeypatch, 0.99, trafficking=0.9)
    verdict = Screener().screen(RATE_MENU)
    assert verdict.labels == ["commercial_sex"], verdict.reasons
    assert verdict.risk["trafficking"] <= Screener().weights.trafficking.unsupported_cap
    # The reviewer is told what the risk reached and why it was held: no trafficking kind in the ad.
    held = [r for r in verdict.reasons if r.startswith("Not labelled trafficking")]
    assert len(held) == 1 and "youth-suggestive language" in held[0], verdict.reasons
    read = re.search(r"risk reads (\d\.\d\d)", held[0])
    assert read is not None and float(read.group(1)) >= 0.5 and held[0].endswith("reported at 0.45."), held[0]
    # ... the same menu beside a third party and women offered by origin keeps the model's reading.
    house = Screener().screen(HOUSE_MENU)
    assert "trafficking_risk" in house.labels, house.reasons
    assert house.risk["trafficking"] == pytest.approx(0.9, abs=1e-3)
    assert not any(r.startswith("Not labelled trafficking") for r in house.reasons)


def test_the_packaged_model_no_longer_labels_the_menu(screener: Screener) -> None:
    verdict = screener.screen(RATE_MENU)
    assert "commercial_sex" in verdict.labels and "trafficking_risk" not in verdict.labels, verdict.reasons


def test_label_risks_caps_only_where_no_evidence_category_fired() -> None:
    weights = Screener(model="none").weights
    cap = weights.trafficking.unsupported_cap
    plain = label_risks(True, False, 0.8, 0.0, weights, None, categories={"pricing", "venue", "movement"})
    assert plain[0] == ["commercial_sex"] and plain[1] == cap
    assert plain.held is not None and plain.held.risk == 0.8
    assert set(plain.held.kinds) == set(weights.trafficking.evidence_categories)
    # A risk under the label anyway was held back from nothing: no reason is owed.
    assert label_risks(True, False, 0.3, 0.0, weights, None, categories={"pricing"}).held is None
    for category in weights.trafficking.evidence_categories:
        labels, trafficking, _, held = label_risks(
            True, False, 0.8, 0.0, weights, None, categories={"pricing", category}
        )
        assert labels == ["commercial_sex", "trafficking_risk"] and trafficking == 0.8 and held is None
    # Control said plainly, and a minor, label whatever the categories.
    controlled = label_risks(True, False, 0.8, 0.0, weights, None, controlled=True, categories={"pricing"})
    assert "trafficking_risk" in controlled[0] and controlled.held is None
    minor = label_risks(True, False, 0.1, 0.9, weights, None, categories={"pricing"})
    assert {"trafficking_risk", "minor_risk"} <= set(minor[0])
    # No categories given (an older caller): the risk alone labels, as before.
    assert "trafficking_risk" in label_risks(True, False, 0.8, 0.0, weights, None)[0]


def test_a_misspelt_evidence_category_is_refused() -> None:
    data = Screener(model="none").weights.model_dump()
    data["trafficking"]["evidence_categories"] = ["third_parties"]
    with pytest.raises(ValidationError, match="unknown category 'third_parties'"):
        Weights.model_validate(data)
