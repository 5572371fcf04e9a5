"""`samaritan train --from-store`: reviewers' decisions in the evidence store become labels."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest
from tests.conftest import write_corpus

from samaritan.cli.main import main as cli
from samaritan.engine.screener import Screener
from samaritan.evidence.db import Store
from samaritan.runs.train import TrainError
from samaritan.runs.train_examples import store_examples
from samaritan.service.screening import ScreeningService

# What a reviewer decides, by the generator's truth.
DECISION = {"benign": "allow", "ordinary": "allow", "commercial": "block", "trafficking": "escalate", "minor": "report"}


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory) -> tuple[str, list[dict], list[dict]]:
    """A store where a platform's reviewers decided 150 screened ads."""
    tmp = tmp_path_factory.mktemp("store")
    ads_path, truth_path = write_corpus(tmp, 150, seed=11)
    ads = [orjson.loads(x) for x in ads_path.read_bytes().splitlines()]
    truths = [orjson.loads(x) for x in truth_path.read_bytes().splitlines()]
    url = f"sqlite:///{tmp / 'samaritan.db'}"
    store = Store(url)
    store.migrate()
    service = ScreeningService(store, Screener(model=False))
    for ad, truth in zip(ads, truths, strict=True):
        ad["platform"] = "site-a"
        service.screen(orjson.dumps(ad), "site-a", "test")
        store.record_decision("site-a", ad["id"], DECISION[truth["label"]], "rev-1", "", "test")
    # A reviewer changes their mind on the first ad: the latest decision is the label.
    store.record_decision("site-a", ads[0]["id"], "allow" if truths[0]["labels"] else "block", "rev-2", "", "test")
    service.screen(orjson.dumps({"id": "other-1", "body": "Oak desk, $40. Call 702-555-0150."}), "site-b", "test")
    store.record_decision("site-b", "other-1", "block", "rev-3", "", "test")
    store.close()
    return url, ads, truths


def test_latest_decision_per_ad_becomes_its_labels(reviewed) -> None:
    url, ads, truths = reviewed
    examples = {e.ad["id"]: e for e in store_examples(url, "site-a")}
    assert len(examples) == len(ads) and "other-1" not in examples
    for ad, truth in list(zip(ads, truths, strict=True))[1:]:
        labels = set(examples[ad["id"]].labels)
        # allow: ordinary; block: commercial sex; escalate/report: plus the risk the verdict carried.
        assert ("commercial_sex" in labels) == bool(truth["labels"])
        if truth["label"] in ("benign", "ordinary", "commercial"):
            assert labels <= {"commercial_sex"}
    first = set(examples[ads[0]["id"]].labels)
    assert first == (set() if truths[0]["labels"] else {"commercial_sex"})
    assert examples[ads[0]["id"]].ad == ads[0]  # the ad exactly as it was posted
    assert {e.ad["id"] for e in store_examples(url)} == {a["id"] for a in ads} | {"other-1"}


def test_reported_minor_risk_is_kept_as_a_label(reviewed) -> None:
    url, ads, truths = reviewed
    examples = {e.ad["id"]: e for e in store_examples(url, "site-a")}
    minors = [a["id"] for a, t in zip(ads[1:], truths[1:], strict=True) if t["label"] == "minor"]
    assert minors and any("minor_risk" in examples[i].labels for i in minors)
    ordinary = [a["id"] for a, t in zip(ads[1:], truths[1:], strict=True) if not t["labels"]]
    assert not any(examples[i].labels for i in ordinary)


def test_train_from_store_writes_a_model_of_the_reviewed_ads(reviewed, tmp_path: Path) -> None:
    url, ads, truths = reviewed
    out = tmp_path / "model"
    out.mkdir()
    (out / "categories.npz").write_bytes(b"a tagger left by an earlier training")
    args = ["train", "--from-store", url, "--platform", "site-a", "-o", str(out), "--folds", "2", "--workers", "1"]
    assert cli(args) == 0
    report = json.loads((out / "report.json").read_text())
    # No truth spans among reviewer decisions: no tagger, and none left from before beside the new
    # weights (it would add spans the new model never vouched for, under the new version).
    assert not (out / "categories.npz").exists()
    commercial = sum(bool(t["labels"]) for t in truths[1:]) + (0 if truths[0]["labels"] else 1)
    assert report["counts"]["ads"] == len(ads)
    assert report["counts"]["commercial_sex"] == commercial


def test_an_unreadable_store_or_no_input_is_a_clear_failure(tmp_path: Path, capsys) -> None:
    with pytest.raises(TrainError, match="evidence store"):
        list(store_examples(f"sqlite:///{tmp_path / 'missing' / 'x.db'}"))
    assert cli(["train", "-o", str(tmp_path / "m")]) != 0
    assert "--from-store" in capsys.readouterr().err
