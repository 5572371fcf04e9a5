"""The written training set (training/written): ads written for the project by writers who saw
nothing of the engine, learned beside the generator's (`samaritan train --also`). They must be
valid ads of the contract, synthetic by the project's rules, and reach the fit as documented."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from tests.conftest import write_corpus

from samaritan import Screener
from samaritan.cli.main import main as cli
from samaritan.engine.adparse import parse_ad
from samaritan.runs.train import TrainError
from samaritan.runs.train_examples import also_examples

WRITTEN = Path(__file__).resolve().parent.parent / "training" / "written"
FILES = sorted(WRITTEN.glob("*.jsonl"))  # what the packaged model learnt
SET_ASIDE = sorted((WRITTEN / "set_aside").glob("*.jsonl"))  # kept to the same rules, not learnt
# Youth words never stand in an offer of this set: a trained model must not learn them as an
# adult offer's words (minor risk is the generator's, with its truth spans).
YOUTH = re.compile(r"\b(?:young|younger|teens?|teenage|underage|minors?|schoolgirl|barely legal|lolita)\b", re.I)


def _ads(files: list[Path] = FILES + SET_ASIDE) -> list[dict]:
    return [json.loads(line) for path in files for line in path.read_text(encoding="utf-8").splitlines()]


def test_the_written_set_is_there_and_balanced() -> None:
    ads = _ads(FILES)
    assert len(FILES) >= 8 and len(ads) >= 3000
    offers = [a for a in ads if a["labels"]]
    assert 0.4 <= len(offers) / len(ads) <= 0.7  # lawful look-alikes are half of it: they hold the line
    assert sum("trafficking_risk" in a["labels"] for a in ads) >= 300
    assert len({a["section"] for a in ads}) >= 8
    # The lawful posts written for a dating section are set aside (README), every one of them.
    aside = _ads(SET_ASIDE)
    assert len(aside) >= 400 and all(a["section"] == "dating" and not a["labels"] for a in aside)
    assert not [a for a in ads if a["section"] == "dating" and not a["labels"]]
    # The brief's section is no contract field: screening must never read it as the category.
    assert not [a for a in ads + aside if "category" in a]


def test_every_written_ad_is_a_contract_ad_with_known_labels() -> None:
    ids = set()
    for ad in _ads():
        parse_ad({k: ad[k] for k in ("id", "platform", "section", "title", "body")})
        assert ad["id"] not in ids
        ids.add(ad["id"])
        assert set(ad["labels"]) <= {"commercial_sex", "trafficking_risk"}
        assert "trafficking_risk" not in ad["labels"] or "commercial_sex" in ad["labels"]
        assert ad["kind"].strip()


def test_written_offers_carry_no_youth_words() -> None:
    offers = [a for a in _ads() if a["labels"]]
    assert not [a["id"] for a in offers if YOUTH.search(a["title"] + " " + a["body"])]


def test_every_phone_the_engine_reads_in_the_written_set_is_a_555_01xx_number() -> None:
    screener = Screener(model="none")
    phones = 0
    for ad in _ads():
        fields = {k: ad[k] for k in ("id", "platform", "section", "title", "body")}
        for number in screener.screen(fields).entities.phones:
            digits = re.sub(r"\D", "", number)
            phones += 1
            assert digits[-7:-2] == "55501", (ad["id"], number)
    assert phones > 500


def test_also_counts_a_labelled_ad_n_times_and_an_ordinary_one_once(tmp_path: Path) -> None:
    also = tmp_path / "written.jsonl"
    rows = [{"id": "a", "body": "offer", "labels": ["commercial_sex"]}, {"id": "b", "body": "a bike", "labels": []}]
    also.write_text("".join(json.dumps(r) + "\n" for r in rows))
    got = list(also_examples(also, repeat=3))
    assert [e.ad["id"] for e in got] == ["a", "a", "a", "b"]
    # Copies share one group (no fold calibrates on an ad it trained on); ads do not share one.
    assert len({e.group for e in got[:3]}) == 1 and got[0].group != got[3].group
    with pytest.raises(TrainError, match="at least 1"):
        list(also_examples(also, repeat=0))


def test_train_learns_the_also_ads_beside_the_generated_ones(tmp_path: Path) -> None:
    ads, truth = write_corpus(tmp_path, 300, seed=7)
    written = FILES[0]
    n_written = sum(1 for _ in written.open())
    n_offers = sum(bool(json.loads(x)["labels"]) for x in written.open())
    out = tmp_path / "model"
    args = ["train", str(ads), "--truth", str(truth), "--also", str(written), "--also-repeat", "2"]
    assert cli([*args, "-o", str(out), "--folds", "2", "--workers", "1"]) == 0
    report = json.loads((out / "report.json").read_text())
    assert report["counts"]["ads"] == 300 + n_written + n_offers


def test_rules_as_of_leaves_newer_rules_out_of_the_features() -> None:
    """`Screener(rules_as_of=...)` (`train --rules-as-of`) reads the rules as a model trained on an
    older lexicon does: TP_HELD_FOR_HER (since 2026.12.97) is no feature as of 2026.12.96 nor for a
    model of unversioned rules; CUE_MANNERS (since 2026.12.18) is one as of 2026.12.96 only."""
    ad = {"id": "1", "platform": "p", "category": "dating",
          "body": "Two friends visiting, polite gentlemen only. Our friend handles our schedule and money, "
                  "text him 702-555-0142"}  # fmt: skip
    names = {}
    for as_of in (None, "2026.12.96", "unversioned"):
        screener = Screener(model="none", **({"rules_as_of": as_of} if as_of else {}))
        names[as_of] = set(screener.features(ad).names().values())
    assert {"TP_HELD_FOR_HER", "CUE_MANNERS"} <= names[None]
    assert "TP_HELD_FOR_HER" not in names["2026.12.96"] and "CUE_MANNERS" in names["2026.12.96"]
    assert not {"TP_HELD_FOR_HER", "CUE_MANNERS"} & names["unversioned"]
    assert "CUE_GENTLEMEN" in names["unversioned"]  # a rule without a `since` is read by every model


def test_train_rules_as_of_records_what_screening_must_leave_out(tmp_path: Path) -> None:
    ads, truth = write_corpus(tmp_path, 300, seed=11)
    base = ["train", str(ads), "--truth", str(truth), "--folds", "2", "--workers", "1"]
    assert cli([*base, "--rules-as-of", "unversioned", "-o", str(tmp_path / "u")]) == 0
    assert "lexicon" not in json.loads((tmp_path / "u" / "model.json").read_text())["meta"]
    assert cli([*base, "--rules-as-of", "2026.12.50", "-o", str(tmp_path / "v")]) == 0
    assert json.loads((tmp_path / "v" / "model.json").read_text())["meta"]["lexicon"] == "2026.12.50"
    assert cli([*base, "--rules-as-of", "last week", "-o", str(tmp_path / "w")]) != 0
    assert not (tmp_path / "w").exists()


def test_blend_mixes_the_weights_under_the_main_sets_calibration(tmp_path: Path) -> None:
    """`--blend 0.5`: the weights are halfway between the model fit on the main ads alone and the
    one fit with the --also ads too; the calibration curves, and so what a score means, are the
    main set's alone (the written set's curated mix pulled every curve down)."""
    ads, truth = write_corpus(tmp_path, 300, seed=13)
    base = ["train", str(ads), "--truth", str(truth), "--folds", "2", "--workers", "1"]
    also = ["--also", str(FILES[0]), "--also-repeat", "2"]
    for name, extra in (("main", []), ("every", also), ("blend", [*also, "--blend", "0.5"])):
        assert cli([*base, *extra, "-o", str(tmp_path / name)]) == 0
    models = {name: Path(tmp_path / name) for name in ("main", "every", "blend")}
    meta = {name: json.loads((path / "model.json").read_text()) for name, path in models.items()}
    weights = {name: np.load(path / "weights.npz", allow_pickle=False)["W"] for name, path in models.items()}
    assert meta["blend"]["meta"]["blend"] == 0.5 and "blend" not in meta["every"]["meta"]
    assert meta["blend"]["calibration"] == meta["main"]["calibration"]
    assert meta["blend"]["calibration"] != meta["every"]["calibration"]
    assert np.allclose(weights["blend"], (weights["main"] + weights["every"]) / 2, atol=1e-6)
    assert not np.allclose(weights["blend"], weights["main"], atol=1e-3)
    halfway = [(a + b) / 2 for a, b in zip(meta["main"]["bias"], meta["every"]["bias"], strict=True)]
    assert np.allclose(meta["blend"]["bias"], halfway, atol=1e-5)
    # Every ad counts in what the model learnt from; the cross-validation is the main set's.
    report = json.loads((models["blend"] / "report.json").read_text())
    assert report["counts"]["ads"] > 300


def test_blend_needs_also_ads_and_a_share(tmp_path: Path) -> None:
    ads, truth = write_corpus(tmp_path, 60, seed=17)
    base = ["train", str(ads), "--truth", str(truth), "-o", str(tmp_path / "m")]
    assert cli([*base, "--blend", "0.5"]) != 0  # nothing to blend in
    assert cli([*base, "--also", str(FILES[0]), "--blend", "0"]) != 0
    assert cli([*base, "--also", str(FILES[0]), "--blend", "1.5"]) != 0
    assert not (tmp_path / "m").exists()
