"""Quality on a generated site (fixed seed), asserted with a margin below what it measures.

The generator writes apart from the lexicon (its own grammar, real-ad structure, lawful ads full
of collisions), so the rule engine alone is far from the issues' targets on it (ordinary ads
flagged <= 0.2%; commercial-sex recall >= 99%; minor_risk recall >= 98% at precision >= 95%; every
category >= 95%). Those targets belong to the learned scoring stage. What the rule engine measures
on this corpus (seed 11, 6,000 ads, the day the grammar replaced the lexicon-worded templates;
before it: 0% flagged, 100% recall): ordinary ads flagged 18.7%; commercial-sex recall 46.3%;
trafficking_risk recall 31.6% at precision 37.5%; minor_risk recall 39.1% at precision 15.7%;
mean category recall 45%; AUC trafficking 0.66, minor 0.62; entity F1 phones, emails, handles
1.00, prices 0.98, ages 0.70 (ages written as a bare number in a title or after a name are
missed). After the rules learned denial scope, polysemous readings and soft cues that count only
together (and the grammar grew commercial directory profiles and lawful adult personals), the
same corpus measured: ordinary flagged 1.55%; commercial-sex recall 64.2% at precision 82.1%;
trafficking_risk recall 53.7% at precision 88.8%; minor_risk recall 62.0% at precision 63.3%;
mean category recall 59%; AUC trafficking 0.85, minor 0.80. After shape cues (a listed phone
beside an ad that presents a person, an age closing the title, a decorated title), a personal ad's
exchange cancelling soft cues, list negation, trade call-outs and youth words read in scope:
ordinary flagged 0.48%; commercial-sex recall 80.7% at precision 94.8%; trafficking_risk recall
62.9% at precision 92.0%; minor_risk recall 79.3% at precision 82.0%; mean category recall 66%;
AUC trafficking 0.93, minor 0.89. After counter-cues that cancel the soft cues (a personal ad's
voice, reply protocol and exchange, an explicit no-payment, a lesson, a sale, a rental) and
phrases read in their commercial sense only: ordinary flagged 0.00% (59 of 5,408 before);
commercial-sex recall 82.3% at precision 100% (89.2% before). With the training-only wording of
grammar/wording_train.yaml (session 9: about 950 phrasings for the learned tagger, written apart
from the lexicon) the corpus changed and mean category recall measures 59.1%. The floors below sit under those
figures with a margin and catch a regression of the engine; disguise still costs at most a point.
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
    assert result["ordinary"]["false_positive_rate"] <= 0.002


def test_commercial_sex_recall(result) -> None:
    commercial = result["labels"]["commercial_sex"]
    assert commercial["recall"] >= 0.72 and commercial["precision"] >= 0.97


def test_minor_risk_recall_and_precision(result) -> None:
    minor = result["labels"]["minor_risk"]
    assert minor["recall"] >= 0.70 and minor["precision"] >= 0.72


def test_trafficking_risk(result) -> None:
    traff = result["labels"]["trafficking_risk"]
    assert traff["recall"] >= 0.55 and traff["precision"] >= 0.85


def test_every_category_recalled(result) -> None:
    recalls = {c: s["recall"] for c, s in result["categories"].items() if s["ads"]}
    assert len(recalls) == 12
    assert sum(recalls.values()) / len(recalls) >= 0.56, recalls
    assert recalls["obscured_contact"] >= 0.95 + MARGIN and recalls["pricing"] >= 0.75, recalls


def test_risk_scores_rank_well(result) -> None:
    assert result["auc"]["trafficking"] >= 0.88 and result["auc"]["minor"] >= 0.84


@pytest.mark.parametrize(
    ("kind", "target"), [("phones", 0.98), ("ages", 0.65), ("emails", 0.97), ("handles", 0.97), ("prices", 0.90)]
)
def test_entity_f1(result, kind: str, target: float) -> None:
    assert result["entities"][kind]["f1"] >= target + MARGIN


def test_disguise_costs_at_most_one_point(screener) -> None:
    from samaritan.runs.robustness import robustness_report

    report = robustness_report(2500, 13, screener)
    # One point, or one ad where a single ad is more than a point (a category that 40 ads carry:
    # one ad is 2.5 points, noise rather than a loss).
    over = [r for r in report["rows"] if r["drop"] is not None and r["drop"] > max(0.01, 1.01 / max(1, r["ads"]))]
    assert not over, report["text"]


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
