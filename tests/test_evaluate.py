"""The evaluation metrics on hand-computed cases."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import orjson

from samaritan.runs.evaluate import adjusted_rand_index, auc, evaluate_networks


def test_auc() -> None:
    assert auc([0.1, 0.2, 0.8, 0.9], [False, False, True, True]) == 1.0
    assert auc([0.9, 0.8, 0.2, 0.1], [False, False, True, True]) == 0.0
    assert auc([0.5, 0.5], [False, True]) == 0.5
    assert auc([0.5], [True]) is None


def test_adjusted_rand_index_perfect_and_random() -> None:
    perfect = Counter({("a", "x"): 3, ("b", "y"): 3})
    assert adjusted_rand_index(perfect, Counter({"a": 3, "b": 3}), Counter({"x": 3, "y": 3}), 6) == 1.0
    merged = Counter({("a", "x"): 3, ("b", "x"): 3})
    assert adjusted_rand_index(merged, Counter({"a": 3, "b": 3}), Counter({"x": 6}), 6) == 0.0


def _jsonl(path: Path, rows: list[dict]) -> str:
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    return str(path)


def test_network_pairwise_scores_and_false_merges(tmp_path: Path) -> None:
    truth = [{"id": f"a{i}", "network_id": "N1" if i < 5 else ("N2" if i < 10 else None)} for i in range(12)]
    # Predicted: N1 complete, N2 split in two, and one false merge of a1 with a singleton.
    pred = [
        {"id": f"a{i}", "network_id": "P1" if i < 5 else ("P2" if i < 7 else "P3" if i < 10 else None)}
        for i in range(12)
    ]
    result = evaluate_networks(_jsonl(tmp_path / "t.jsonl", truth), _jsonl(tmp_path / "p.jsonl", pred))
    # true pairs: C(5,2)+C(5,2)=20; predicted: 10+1+3=14, all correct
    assert result["pairwise_precision"] == 1.0
    assert result["pairwise_recall"] == 0.7
    assert result["networks_joining_several_large_true_networks"] == 0
    joined = [{"id": f"a{i}", "network_id": "P" if i < 10 else None} for i in range(12)]
    merged = evaluate_networks(_jsonl(tmp_path / "t.jsonl", truth), _jsonl(tmp_path / "j.jsonl", joined))
    assert merged["networks_joining_several_large_true_networks"] == 1


def _jsonl(path: Path, rows: list[dict]) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    return str(path)


def test_labelled_ads_are_a_truth_file_too(tmp_path: Path) -> None:
    """A platform's own reviewed ads (each with a `labels` array, the format `samaritan train`
    reads) score the verdicts as a generator truth file does: labels and ordinary ads by section;
    no categories or entities, which labelled ads do not record."""
    from samaritan.runs.evaluate import evaluate_verdicts

    truth = [
        {"id": "a", "category": "dating", "labels": ["commercial_sex"]},
        {"id": "b", "category": "dating", "labels": ["commercial_sex", "trafficking_risk"]},
        {"id": "c", "category": "housing", "labels": []},
        {"id": "d", "category": "jobs", "labels": []},
    ]
    verdicts = [
        {"id": "a", "decision": "block", "labels": ["commercial_sex"], "risk": {"trafficking": 0.1}},
        {"id": "b", "decision": "block", "labels": ["commercial_sex"], "risk": {"trafficking": 0.4}},
        {"id": "c", "decision": "allow", "labels": [], "risk": {"trafficking": 0.05}, "entities": {"phones": ["+1"]}},
        {"id": "d", "decision": "review", "labels": [], "risk": {"trafficking": 0.05}},
    ]
    result = evaluate_verdicts(_jsonl(tmp_path / "t.jsonl", truth), _jsonl(tmp_path / "v.jsonl", verdicts))
    assert result["ads"] == 4
    assert result["labels"]["commercial_sex"]["recall"] == 1.0
    assert result["labels"]["trafficking_risk"]["recall"] == 0.0
    assert result["ordinary"]["flagged"] == 1 and result["ordinary"]["by_section"]["jobs"]["flagged"] == 1
    assert result["entities"]["phones"]["precision"] is None  # the truth records no phones: not counted
    assert result["auc"]["trafficking"] == 1.0


def test_a_truth_record_without_labels_is_a_clear_error(tmp_path: Path) -> None:
    from samaritan.cli import main

    truth = _jsonl(tmp_path / "t.jsonl", [{"id": "a", "title": "no labels here"}])
    verdicts = _jsonl(tmp_path / "v.jsonl", [{"id": "a", "decision": "allow", "labels": []}])
    assert main(["evaluate", "--truth", truth, "--verdicts", verdicts]) != 0
    unmatched = _jsonl(tmp_path / "u.jsonl", [{"id": "zz", "labels": []}])
    assert main(["evaluate", "--truth", unmatched, "--verdicts", verdicts]) != 0
