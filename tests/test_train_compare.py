"""`samaritan train --test HELD --compare MODEL`: a retrain set beside the model a platform runs,
both screening the same held-out ads through the whole engine, before it may replace it."""

from __future__ import annotations

from pathlib import Path

import orjson
from tests.conftest import write_corpus

from samaritan.cli.main import main as cli
from samaritan.engine.learned.model import LABELS
from samaritan.runs.train_compare import compare, compare_text
from samaritan.runs.train_examples import Example


def _labels(path: Path) -> list[set[str]]:
    return [set(orjson.loads(x)["labels"]) for x in path.read_bytes().splitlines()]


def test_a_retrain_is_compared_with_the_packaged_model_on_the_held_out_ads(tmp_path: Path, capsys) -> None:
    train_dir, held_dir = tmp_path / "train", tmp_path / "held"
    train_dir.mkdir()
    held_dir.mkdir()
    ads, truth = write_corpus(train_dir, 600, seed=5)
    held, held_truth = write_corpus(held_dir, 250, seed=77)
    out = tmp_path / "model"
    args = ["train", str(ads), "--truth", str(truth), "-o", str(out), "--folds", "2", "--workers", "1",
            "--test", str(held), "--test-truth", str(held_truth), "--compare", "default"]  # fmt: skip
    assert cli(args) == 0
    report = orjson.loads((out / "report.json").read_bytes())
    result = report["compared"]
    assert result["new"]["model"] == report["version"]
    assert "against" in capsys.readouterr().err
    # Each side is what `samaritan screen` gives with that model, scored against the held-out labels.
    truths = [set(orjson.loads(x)["labels"]) for x in held_truth.read_bytes().splitlines()]
    screened = {}
    for side, model in (("new", str(out)), ("compared", "default")):
        verdicts = tmp_path / f"{side}.jsonl"
        assert cli(["screen", str(held), "-o", str(verdicts), "--model", model]) == 0
        screened[side] = _labels(verdicts)
        versions = {orjson.loads(x)["versions"]["model"] for x in verdicts.read_bytes().splitlines()}
        assert versions == {result[side]["model"]}
        for label in LABELS:
            tp = sum(label in t and label in p for t, p in zip(truths, screened[side], strict=True))
            fp = sum(label not in t and label in p for t, p in zip(truths, screened[side], strict=True))
            assert (result[side][label]["tp"], result[side][label]["fp"]) == (tp, fp), (side, label)
        ordinary = [p for t, p in zip(truths, screened[side], strict=True) if not t]
        assert result[side]["ordinary"] == len(ordinary)
        assert result[side]["ordinary_flagged"] == sum(map(bool, ordinary))
    changed = sum(a != b for a, b in zip(screened["new"], screened["compared"], strict=True))
    assert sum(result["ads_changed"].values()) == changed


def test_compare_needs_the_held_out_ads(tmp_path: Path, capsys) -> None:
    ads, truth = write_corpus(tmp_path, 50, seed=5)
    code = cli(["train", str(ads), "--truth", str(truth), "-o", str(tmp_path / "m"), "--compare", "default"])
    assert code != 0 and "--compare needs --test" in capsys.readouterr().err
    assert not (tmp_path / "m" / "model.json").exists()  # refused before any work


class _Verdict:
    def __init__(self, labels: list[str]) -> None:
        self.labels = labels


def test_figures_and_changed_ads_are_counted_per_side() -> None:
    examples = [
        Example({"id": "a"}, ["commercial_sex"], "g"),
        Example({"id": "b"}, ["commercial_sex", "trafficking_risk"], "g"),
        Example({"id": "c"}, [], "g"),
        Example({"id": "d"}, [], "g"),
    ]
    new = {"a": ["commercial_sex"], "b": ["commercial_sex", "trafficking_risk"], "c": [], "d": ["commercial_sex"]}
    old = {"a": [], "b": ["commercial_sex"], "c": [], "d": []}

    def screen(table):
        return lambda ads: [_Verdict(table[ad["id"]]) if ad["id"] != "x" else ValueError("bad") for ad in ads]

    result = compare(examples, [("new", screen(new)), ("old", screen(old))], chunk=3)
    assert result["new"]["commercial_sex"] == {"recall": 1.0, "precision": 0.6667, "tp": 2, "fp": 1, "positives": 2}
    assert result["compared"]["commercial_sex"]["recall"] == 0.5
    assert result["compared"]["trafficking_risk"]["recall"] == 0.0
    assert (result["new"]["ordinary_flagged"], result["compared"]["ordinary_flagged"]) == (1, 0)
    assert result["ads_changed"] == {"gained": 3, "lost": 0}
    # A model against itself changes nothing.
    same = compare(examples, [("new", screen(new)), ("new", screen(new))])
    assert same["ads_changed"] == {"gained": 0, "lost": 0} and same["new"] == same["compared"]
    assert "3 gain a label" in compare_text(result)
