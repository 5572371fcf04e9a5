"""Quality targets on a generated site (fixed seed), asserted with a margin.

Targets from the issues: ordinary ads flagged <= 0.2%; commercial-sex recall >= 99%; minor_risk
recall >= 98% with precision >= 95%; every category recalled >= 95%; phones F1 >= 0.98, ages
>= 0.95, emails and handles >= 0.97, prices >= 0.90; disguise costs at most 1 point of recall.
"""

from __future__ import annotations

import pytest

from samaritan.runs.evaluate import evaluate_verdicts

MARGIN = 0.005


@pytest.fixture(scope="module")
def result(corpus) -> dict:
    return evaluate_verdicts(str(corpus["truth"]), str(corpus["verdicts"]))


def test_ordinary_ads_are_not_flagged(result) -> None:
    assert result["ordinary"]["ads"] > 4000
    assert result["ordinary"]["false_positive_rate"] <= 0.002 - 0.001


def test_commercial_sex_recall(result) -> None:
    assert result["labels"]["commercial_sex"]["recall"] >= 0.99 + MARGIN


def test_minor_risk_recall_and_precision(result) -> None:
    minor = result["labels"]["minor_risk"]
    assert minor["recall"] >= 0.98 + MARGIN and minor["precision"] >= 0.95 + MARGIN


def test_trafficking_risk(result) -> None:
    traff = result["labels"]["trafficking_risk"]
    assert traff["recall"] >= 0.95 and traff["precision"] >= 0.95


def test_every_category_recalled(result) -> None:
    low = {c: s["recall"] for c, s in result["categories"].items() if s["ads"] and s["recall"] < 0.95 + MARGIN}
    assert not low


def test_risk_scores_rank_well(result) -> None:
    assert result["auc"]["trafficking"] >= 0.98 and result["auc"]["minor"] >= 0.98


@pytest.mark.parametrize(
    ("kind", "target"), [("phones", 0.98), ("ages", 0.95), ("emails", 0.97), ("handles", 0.97), ("prices", 0.90)]
)
def test_entity_f1(result, kind: str, target: float) -> None:
    assert result["entities"][kind]["f1"] >= target + MARGIN


def test_disguise_costs_at_most_one_point(screener) -> None:
    from samaritan.runs.robustness import robustness_report

    report = robustness_report(2500, 13, screener)
    worst = max((row for row in report["rows"] if row["drop"] is not None), key=lambda r: r["drop"])
    assert worst["drop"] <= 0.01, report["text"]


def test_every_verdict_line_matches_the_contract_schema(corpus) -> None:
    import json
    from importlib import resources

    import orjson
    from jsonschema import Draft202012Validator

    schema = json.loads(resources.files("samaritan").joinpath("schemas/result.schema.json").read_text())
    validator = Draft202012Validator(schema)
    lines = corpus["verdicts"].read_bytes().splitlines()
    assert len(lines) > 5000
    for line in lines:
        validator.validate(orjson.loads(line))
