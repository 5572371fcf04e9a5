"""The learned stage: features that respect scope, model files that load without code, a
content-hash version in every verdict, and `samaritan train` end to end."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import orjson
import pytest
from tests.conftest import write_corpus

from samaritan import Screener
from samaritan.cli.main import main as cli
from samaritan.engine.learned.features import TOTAL_DIM, _h, featurize
from samaritan.engine.learned.model import ModelError, load_model
from samaritan.engine.learned.scope import age_is_persons, hit_is_negated
from samaritan.runs.train import TrainError
from samaritan.runs.train_examples import read_examples


def _names(body: str) -> set[str]:
    return set(featurize("", body, "dating", [], {}).names().values())


def test_negated_words_are_features_of_their_own() -> None:
    assert "not escorts" in _names("Looking for a real date. No escorts, please.")
    assert "escorts" not in _names("Looking for a real date. No escorts, please.")
    assert "escorts" in _names("Upscale escorts, call now.")
    # The scope ends at the clause: the claim after the comma is not negated.
    assert "escorts" in _names("No games, escorts only.")


@pytest.mark.parametrize(
    ("text", "start"),
    [("We are not a sugar daddy site.", 13), ("Quiet street, no escorts allowed.", 17), ("Paid without deposit", 13)],
)
def test_commercial_words_under_negation_are_denied(text: str, start: int) -> None:
    assert hit_is_negated("commercial_sex", text, start)


def test_a_listed_phone_is_one_structure_feature_at_a_reduced_value() -> None:
    # Almost every commercial ad lists a phone; real personal and housing ads almost never do, the
    # generator's ordinary personal ads often: the feature enters under full value, so the trainer's
    # L2 penalty holds its weight down, and a reviewer reads it in plain words.
    from samaritan.engine.learned.features import SCALED
    from samaritan.engine.learned.stage import plain

    screener = Screener(model=False)
    ad = {"id": "p1", "category": "dating", "title": "Evening company", "body": "Easy to talk to. Call 702-555-0142."}
    values = _named_values(screener.features(ad))
    assert 0 < SCALED["s:phone"] < 1 and values["s:phone"] == pytest.approx(SCALED["s:phone"])
    assert all(v == 1.0 for name, v in values.items() if name != "s:phone")
    assert "s:phone" not in _named_values(screener.features({**ad, "body": "Easy to talk to. Reply here."}))
    assert plain("s:phone") == "a listed phone number"


def test_commercial_only_features_are_hidden_from_the_other_labels() -> None:
    from scipy import sparse

    from samaritan.engine.learned.model import LABELS
    from samaritan.runs.train_fit import label_views

    phone, word = _h("s:phone"), _h("w:other")
    X = sparse.csr_matrix(([0.3, 1.0, 1.0], ([0, 0, 1], [phone, word, word])), shape=(2, TOTAL_DIM), dtype=np.float32)
    views = label_views(X)
    for label, view in zip(LABELS, views, strict=True):
        hidden = label != "commercial_sex"
        assert view[0, phone] == (0.0 if hidden else np.float32(0.3))
        assert view[0, word] == view[1, word] == 1.0
    assert X[0, phone] == np.float32(0.3)  # the matrix itself is left as it was


def _named_values(feats) -> dict[str, float]:
    return {name: float(feats.value[k]) for k, (_, name) in enumerate(feats.named)}


def test_screening_wording_is_never_negated() -> None:
    # "no cops" says what it says with its negation.
    assert not hit_is_negated("screening", "no cops no law enforcement", 3)


@pytest.mark.parametrize(
    ("text", "age", "persons"),
    [
        ("Sweet girl, 16 yo, new in town", "16 yo", True),
        ("I'm 17 and looking for friends", "17", True),
        ("Single mom with a 12 year old son", "12 year old", False),
        ("Our 3 yo pup needs a home", "3 yo", False),
        ("Tutor, 15 years of experience", "15 years", False),
        ("Married 16 years, now single", "16 years", False),
        ("I have been in this lifestyle for about 12 yrs", "12 yrs", False),
        ("People say I look ten years younger", "ten years", False),
        ("Ex 10yr military veteran, fit", "10yr", False),
        ("I have loved hiking since I was 12 years old", "12 years old", False),
        ("Two cats, both over 10 years old", "10 years old", False),
    ],
)
def test_a_stated_age_belongs_to_the_person_offered(text: str, age: str, persons: bool) -> None:
    start = text.index(age)
    assert age_is_persons(text, start, start + len(age)) is persons


def _tiny_model(directory: Path, section_weight: float = 0.0) -> Path:
    from samaritan.engine.learned.features import TOTAL_DIM, _h
    from samaritan.engine.learned.model import LABELS, LearnedModel

    weights = np.zeros((3, TOTAL_DIM), dtype=np.float32)
    weights[:, _h("sec:people")] = section_weight
    curve = (np.array([-5.0, 5.0]), np.array([0.0, 1.0]))
    bias = np.array([-3.0, -3.0, -3.0], np.float32)
    prior = np.array([5.0, 0.0, 0.0], np.float32)  # one hard commercial term: -3 + 5 -> p 0.7
    model = LearnedModel(LABELS, weights, bias, dict.fromkeys(LABELS, curve), rule_prior=prior)
    model.save(directory)
    return directory


def test_model_files_are_data_and_the_version_is_their_content_hash(tmp_path: Path) -> None:
    a = load_model(_tiny_model(tmp_path / "a"))
    b = load_model(_tiny_model(tmp_path / "b"))
    c = load_model(_tiny_model(tmp_path / "c", section_weight=0.1))
    assert a.version == b.version != c.version
    assert a.version.startswith("sha256:")
    with zipfile.ZipFile(tmp_path / "a" / "weights.npz") as z:
        assert z.namelist() == ["W.npy"]
    # An object array would need pickle to load: refused.
    np.savez(tmp_path / "a" / "weights.npz", W=np.array([{"x": 1}], dtype=object))
    with pytest.raises(ModelError):
        load_model(tmp_path / "a")


def test_the_section_prior_never_decides(tmp_path: Path) -> None:
    """However large a model file's section weight, it is bounded: the same text gets the same
    labels in adult, dating and personals."""
    model = load_model(_tiny_model(tmp_path / "m", section_weight=50.0))
    screener = Screener(model=model)
    ad = {"id": "1", "body": "Quiet evening walks, coffee and a good book."}
    for section in ("adult", "dating", "personals", "housing"):
        assert screener.screen({**ad, "category": section}).labels == []


def test_verdicts_carry_the_model_version_and_probabilities(tmp_path: Path) -> None:
    model = load_model(_tiny_model(tmp_path / "m"))
    screener = Screener(model=model)
    verdict = screener.screen({"id": "1", "category": "dating", "body": "Upscale escort, gfe, call 702-555-0142"})
    out = verdict.to_dict()
    assert out["versions"]["model"] == model.version
    assert "commercial_sex" in out["labels"]
    assert 0.5 <= out["risk"]["commercial_sex"] <= 1.0
    assert any(r.startswith("Learned model: commercial-sex probability") for r in out["reasons"])


def _word_model(directory: Path, word: str, weight: float) -> Path:
    """A tiny model whose only learned evidence is one word."""
    from samaritan.engine.learned.features import TOTAL_DIM, word_indices
    from samaritan.engine.learned.model import LABELS, LearnedModel

    weights = np.zeros((3, TOTAL_DIM), dtype=np.float32)
    weights[0, int(word_indices([word], [False], [0])[0][0])] = weight
    curve = (np.array([-5.0, 5.0]), np.array([0.0, 1.0]))
    bias = np.array([-3.0, -3.0, -3.0], np.float32)
    model = LearnedModel(LABELS, weights, bias, dict.fromkeys(LABELS, curve), rule_prior=np.array([5.0, 0, 0]))
    model.save(directory)
    return directory


def test_text_alone_labels_only_at_the_policys_text_only_threshold(tmp_path: Path) -> None:
    """Without any commercial wording of the lexicon the model's probability labels an ad only
    when the policy's text_only allows it, and only at or above it."""
    from samaritan.engine.policy import load_policy

    # The word's weight puts this ad of 45 words between 0.9 and 0.99.
    model = load_model(_word_model(tmp_path / "m", "sunflower", 67.0))
    # A listed phone is the evidence beside the wording that text_only needs (policy
    # text_only_needs_evidence) in an ad of the policy's text_only_short_words or more (a shorter one needs
    # commercial or structural wording, tests/test_learned_short_ads.py); without it, nothing is
    # labelled (tests/test_learned_text_only.py).
    river = "Quiet mornings by the river, a good book and coffee."
    walks = " ".join(["Sunflower fields and long walks.", *[river] * 4])
    ad = {"id": "1", "category": "dating", "body": f"{walks} Text 702-555-0142."}
    assert 0.9 <= Screener(model=model).screen(ad).risk["commercial_sex"] < 0.99
    base = load_policy()
    bare = {**ad, "body": walks}
    for text_only, labelled in ((None, False), (0.9, True), (0.99, False)):
        thresholds = base.thresholds.model_copy(update={"text_only": text_only})
        policy = base.model_copy(update={"thresholds": thresholds})
        verdict = Screener(model=model, policy=policy).screen(ad)
        assert ("commercial_sex" in verdict.labels) is labelled
        assert not Screener(model=model, policy=policy).screen(bare).labels


def test_soft_wording_alone_does_not_lower_the_bar(tmp_path: Path) -> None:
    """Discretion, availability or a hotel are as common in lawful personals as in ads: with them
    and no hard commercial term, a middling probability labels nothing; only text_only does."""
    from samaritan.engine.policy import load_policy

    model = load_model(_word_model(tmp_path / "m", "sunflower", 8.0))
    policy = load_policy()
    soft = {"id": "1", "category": "personals", "body": "Sunflower fields. Very discreet, available now, at my hotel."}
    verdict = Screener(model=model, policy=policy).screen(soft)
    p = verdict.risk["commercial_sex"]
    assert policy.thresholds.commercial_sex <= p < policy.thresholds.text_only
    assert "commercial_sex" not in verdict.labels
    hard = {**soft, "id": "2", "body": soft["body"] + " Upscale escort."}
    assert "commercial_sex" in Screener(model=model, policy=policy).screen(hard).labels


def test_the_rule_paths_reading_of_the_ads_shape_counts_as_agreement(tmp_path: Path) -> None:
    """A listed phone beside a name-and-age title in pictographs: the rule path reads that shape
    as commercial with no commercial term, and on the model path it lowers the bar from text_only
    to the commercial threshold; the same words without that shape still need text_only."""
    from samaritan.engine.policy import load_policy

    model = load_model(_word_model(tmp_path / "m", "sunflower", 8.0))
    policy = load_policy()
    body = "Sunflower fields and long walks. 326.555.0142 any time."
    title = "Sunny lady \U0001f49e\U0001f51d\U0001f4af\U0001f31f - 33"
    shaped = {"id": "1", "category": "dating", "title": title, "body": body}
    assert "commercial_sex" in Screener(model=False).screen(shaped).labels
    verdict = Screener(model=model, policy=policy).screen(shaped)
    assert policy.thresholds.commercial_sex <= verdict.risk["commercial_sex"] < policy.thresholds.text_only
    assert "commercial_sex" in verdict.labels
    plain = {**shaped, "id": "2", "title": "Sunny lady"}
    assert "commercial_sex" not in Screener(model=False).screen(plain).labels
    assert "commercial_sex" not in Screener(model=model, policy=policy).screen(plain).labels


def test_the_rules_trafficking_reading_labels_on_the_model_path_too(tmp_path: Path) -> None:
    """Several people offered and a booker's voice: the rules' trafficking model reads them in
    wording the learned model never saw, so its risk counts on the model path as well; an ad
    without them keeps the model's own low risk."""
    model = load_model(_word_model(tmp_path / "m", "sunflower", 0.0))
    screener = Screener(model=model)
    network = {
        "id": "1",
        "category": "dating",
        "body": "Upscale escort, gfe. Two girls available, ask for the menu. Her manager books. Call 702-555-0142",
    }
    rules = Screener(model=False).screen(network)
    assert "trafficking_risk" in rules.labels
    verdict = screener.screen(network)
    assert "commercial_sex" in verdict.labels and "trafficking_risk" in verdict.labels
    assert verdict.risk["trafficking"] == pytest.approx(rules.risk["trafficking"], abs=1e-3)
    alone = screener.screen({**network, "id": "2", "body": "Upscale escort, gfe. Call 702-555-0142"})
    assert "commercial_sex" in alone.labels and "trafficking_risk" not in alone.labels
    assert alone.risk["trafficking"] < 0.5


def test_the_rules_trafficking_reading_is_the_rule_paths_own(tmp_path: Path) -> None:
    """What the stage and the training report take as the rules' trafficking risk is the risk the
    rule path gives the same ad, on generated ads it labels commercial (no stated minor age)."""
    from samaritan.engine.learned.rules_reading import RULES_TRAFFICKING_FLOOR, rules_trafficking

    rules = Screener(model=False)
    ads, _ = _heldout(tmp_path, 1000)
    compared = below = 0
    for ad in ads:
        verdict = rules.screen(ad)
        if "commercial_sex" not in verdict.labels or verdict.risk["minor"] >= 0.5:
            continue
        risk = rules_trafficking(rules.features(ad).totals, rules.weights)
        if verdict.risk["trafficking"] < RULES_TRAFFICKING_FLOOR - 2e-3:
            below += 1
            assert risk == 0.0
        elif verdict.risk["trafficking"] >= RULES_TRAFFICKING_FLOOR + 2e-3:
            compared += 1
            assert risk == pytest.approx(verdict.risk["trafficking"], abs=2e-3)
    assert compared >= 5 and below >= 10


def test_minor_risk_needs_youth_evidence_a_reviewer_can_see(tmp_path: Path) -> None:
    """A model that learned minor risk from something other than youth (here one word, as a
    booker's voice or a rotation of workers can be) cannot raise it on an ad with no youth
    wording and no stated age under 20; with youth wording the same model's score stands."""
    from samaritan.engine.learned.features import TOTAL_DIM, word_indices
    from samaritan.engine.learned.model import LABELS, LearnedModel

    weights = np.zeros((3, TOTAL_DIM), dtype=np.float32)
    weights[2, int(word_indices(["sunflower"], [False], [0])[0][0])] = 40.0
    curve = (np.array([-5.0, 5.0]), np.array([0.0, 1.0]))
    bias = np.array([-3.0, -3.0, -3.0], np.float32)
    LearnedModel(LABELS, weights, bias, dict.fromkeys(LABELS, curve), rule_prior=np.array([5.0, 0, 0])).save(
        tmp_path / "m"
    )
    screener = Screener(model=load_model(tmp_path / "m"))
    plain = screener.screen({"id": "1", "category": "adult", "body": "Upscale escort, gfe. Sunflower."})
    assert "commercial_sex" in plain.labels and "minor_risk" not in plain.labels
    assert plain.risk["minor"] < 0.5
    young = screener.screen(
        {"id": "2", "category": "adult", "body": "Upscale escort, gfe. Sunflower. Young and fresh."}
    )
    assert "minor_risk" in young.labels and young.risk["minor"] > 0.9
    # One soft youth word is adult marketing until something corroborates it (weights.yaml
    # `minor.soft`): the model path reads it as the rules do, an indicator for review, no label.
    soft = screener.screen({"id": "3", "category": "adult", "body": "Upscale escort, gfe. Sunflower. Youthful."})
    assert "YOUTH_SUGGESTIVE" in {i.code for i in soft.indicators}
    assert "minor_risk" not in soft.labels and soft.risk["minor"] < 0.5


def test_minor_risk_of_ads_without_youth_evidence_has_its_own_calibration(tmp_path: Path) -> None:
    """The minor-risk curve fitted on ads with youth evidence would overstate every other ad's
    probability (almost all are ordinary); a model file may carry a second curve for them, which
    the stage uses there and only there. A file without it still loads and uses the one curve."""
    from samaritan.engine.learned.features import TOTAL_DIM
    from samaritan.engine.learned.model import LABELS, NO_YOUTH, LearnedModel

    weights = np.zeros((3, TOTAL_DIM), dtype=np.float32)
    bias = np.array([-3.0, -3.0, 0.0], np.float32)
    curve = (np.array([-5.0, 5.0]), np.array([0.0, 1.0]))  # raw 0 -> 0.5
    flat = (np.array([-5.0, 5.0]), np.array([0.001, 0.002]))
    curves = {**dict.fromkeys(LABELS, curve), NO_YOUTH: flat}
    LearnedModel(LABELS, weights, bias, curves, rule_prior=np.array([5.0, 0, 0])).save(tmp_path / "two")
    LearnedModel(LABELS, weights, bias, dict.fromkeys(LABELS, curve), rule_prior=np.array([5.0, 0, 0])).save(
        tmp_path / "one"
    )
    two, one = load_model(tmp_path / "two"), load_model(tmp_path / "one")
    assert NO_YOUTH in two.calibration and NO_YOUTH not in one.calibration
    plain = {"id": "1", "category": "adult", "body": "Upscale escort, gfe, call 702-555-0142"}
    young = {**plain, "id": "2", "body": plain["body"] + " Young and fresh."}
    assert Screener(model=two).screen(plain).risk["minor"] <= 0.002
    assert Screener(model=one).screen(plain).risk["minor"] > 0.002
    assert Screener(model=two).screen(young).risk["minor"] == Screener(model=one).screen(young).risk["minor"] >= 0.5
    # The training report calibrates the same way, per ad.
    raw = np.zeros(2)
    assert two.calibrate("minor_risk", raw, np.array([True, False])).tolist() == [0.5, 0.0015]


def test_a_hard_terms_own_words_cannot_cancel_the_lexicon_prior(tmp_path: Path) -> None:
    """A learned weight against the word "escort" does not reach an ad where the lexicon's hard
    term fired (the prior carries it); a denied term did not fire and stays a word feature."""
    model = load_model(_word_model(tmp_path / "m", "escort", -40.0))
    screener = Screener(model=model)
    fired = {"id": "1", "category": "dating", "body": "Upscale escort, gfe, call 702-555-0142"}
    assert "commercial_sex" in screener.screen(fired).labels
    features = screener.features(fired)
    assert "escort" not in features.names().values()
    denied = screener.features({"id": "2", "category": "dating", "body": "Not an escort, just lonely."})
    assert "not escort" in denied.names().values()


def test_training_data_errors_are_clear(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "1", "body": "x"}) + "\n")
    with pytest.raises(TrainError, match="labels"):
        list(read_examples(bad))
    bad.write_text(json.dumps({"id": "1", "body": "x", "labels": ["spam"]}) + "\n")
    with pytest.raises(TrainError, match="unknown labels"):
        list(read_examples(bad))


def test_train_writes_a_model_that_screens_and_a_report(tmp_path: Path, capsys) -> None:
    ads, truth = write_corpus(tmp_path, 700, seed=5)
    out = tmp_path / "model"
    args = ["train", str(ads), "--truth", str(truth), "-o", str(out), "--folds", "2", "--workers", "1"]
    assert cli(args) == 0
    report = json.loads((out / "report.json").read_text())
    assert (out / "reliability.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert report["counts"]["ads"] == 700 and report["counts"]["commercial_sex"] > 20
    cv = report["cross_validated"]
    assert set(cv) >= {"commercial_sex", "trafficking_risk", "minor_risk", "ordinary_flagged"}
    assert 0 <= cv["commercial_sex"]["ece"] <= 0.1 and cv["commercial_sex"]["recall"] is not None
    assert report["peak_memory_mb"] > 0
    # Screening with it: its version in the verdicts, and it has learned the corpus's commercial ads.
    verdicts = tmp_path / "v.jsonl"
    assert cli(["screen", str(ads), "-o", str(verdicts), "--model", str(out)]) == 0
    lines = [orjson.loads(x) for x in verdicts.read_bytes().splitlines()]
    assert {v["versions"]["model"] for v in lines} == {report["version"]}
    truths = [orjson.loads(x) for x in truth.read_bytes().splitlines()]
    commercial = [v for v, t in zip(lines, truths, strict=True) if t["labels"]]
    ordinary = [v for v, t in zip(lines, truths, strict=True) if not t["labels"]]
    assert np.mean(["commercial_sex" in v["labels"] for v in commercial]) >= 0.8
    assert np.mean([bool(v["labels"]) for v in ordinary]) <= 0.06  # a 700-ad model: machinery, not quality
    # A listed phone is commercial evidence only: every generated trafficking ad lists one.
    model = load_model(out)
    phone = _h("s:phone")
    assert model.weights[0, phone] > 0 and not model.weights[1:, phone].any()
    # The same data and seed give the same model, byte for byte.
    again = tmp_path / "again"
    assert cli([*args[:5], str(again), *args[6:]]) == 0
    assert json.loads((again / "report.json").read_text())["version"] == report["version"]


def _heldout(tmp_path: Path, n: int) -> tuple[list[dict], list[dict]]:
    from samaritan.generate.corpus import SiteGenerator

    pairs = list(SiteGenerator(n, seed=424242, families="test"))
    return [a for a, _ in pairs], [t for _, t in pairs]


@pytest.fixture(scope="module")
def learned() -> Screener:
    return Screener(model="default")


def test_default_model_on_unseen_phrasing_families(tmp_path: Path, learned: Screener) -> None:
    """The packaged model, on the generator's held-out wording (CI-sized, with a margin under
    the figures in its training report)."""
    from samaritan.runs.train_report import expected_calibration_error

    ads, truths = _heldout(tmp_path, 1500)
    verdicts = [learned.screen(ad) for ad in ads]
    assert all(v.versions["model"].startswith("sha256:") for v in verdicts)
    ordinary = [v for v, t in zip(verdicts, truths, strict=True) if not t["labels"]]
    commercial = [v for v, t in zip(verdicts, truths, strict=True) if "commercial_sex" in t["labels"]]
    assert len(commercial) >= 100
    # Measured on these 1,500 ads with model sha256:f4d654ff8d0e3902: 0.3% of ordinary ads flagged,
    # commercial recall 0.994 (169 ads), ECE 0.009; the floors leave a margin for retraining noise.
    assert np.mean([bool(v.labels) or v.decision != "allow" for v in ordinary]) <= 0.025
    assert np.mean(["commercial_sex" in v.labels for v in commercial]) >= 0.95
    y = np.array([bool(t["labels"]) for t in truths], dtype=float)
    p = np.array([v.risk["commercial_sex"] for v in verdicts])
    assert expected_calibration_error(y, p) <= 0.08
    # The urgent queue holds the ads whose minor-risk score reaches the policy's urgent floor:
    # the truly minor ones, not the soft youth wording that also earns the label.
    pairs = list(zip(verdicts, truths, strict=True))
    urgent = [t for v, t in pairs if v.priority == "urgent"]
    assert urgent and np.mean(["minor_risk" in t["labels"] for t in urgent]) >= 0.9
    found = [v for v, t in pairs if "minor_risk" in t["labels"] and "minor_risk" in v.labels]
    # Every minor-risk label is urgent now (the rules' minor floor reaches the urgent floor):
    # all 27 found minor ads of these 1,500 are urgent; never lower than high in any case.
    assert np.mean([v.priority == "urgent" for v in found]) >= 0.9
    assert all(v.priority in ("urgent", "high") for v, _ in pairs if "minor_risk" in v.labels)


def test_the_same_text_gets_the_same_labels_in_adult_dating_and_personals(tmp_path: Path, learned: Screener) -> None:
    ads, truths = _heldout(tmp_path, 600)
    texts = [a for a, t in zip(ads, truths, strict=True) if t["labels"]][:60] + ads[:60]
    same = 0
    for ad in texts:
        labels = {tuple(learned.screen({**ad, "category": s}).labels) for s in ("adult", "dating", "personals")}
        same += len(labels) == 1
    assert same / len(texts) >= 0.97


def test_a_stated_minor_age_is_urgent_on_the_model_path_too(learned: Screener) -> None:
    # The urgent floor applies to the model's minor-risk score; the person's own stated age under
    # 18 must reach it as it does on the rules path.
    verdict = learned.screen({"id": "p", "category": "personals", "body": "im 15 and bored, message me"})
    assert verdict.labels == ["minor_risk"] and verdict.priority == "urgent"


def _char_gram_by_definition(text: str, n: int) -> list[int]:
    # Each n-gram hashed on its own, as the model files were trained: seed, then per character
    # multiply by that position's prime and add the code point (uint64), then mix.
    from samaritan.engine.learned.features import _PRIMES, _mix

    mask = (1 << 64) - 1
    codes = [ord(ch) for ch in text]
    out = []
    for i in range(len(codes) - n + 1):
        h = n * 0x9E3779B1
        for k in range(n):
            h = (h * int(_PRIMES[k]) + codes[i + k]) & mask
        out.append(h)
    return _mix(np.asarray(out, dtype=np.uint64)).astype(np.int64).tolist() if out else []


@pytest.mark.parametrize("text", ["", "ab", "abc", "call me 0", "sweet, näive ☆ 😀 text", "x" * 40])
def test_character_grams_hash_each_gram_as_its_definition_says(text: str) -> None:
    from samaritan.engine.learned.features import char_grams

    expected = [h for n in (3, 4, 5) for h in _char_gram_by_definition(text, n)]
    assert char_grams(text).tolist() == expected


def test_repeated_group_splits_pool_every_ad_once_per_repeat_and_never_split_a_family() -> None:
    from samaritan.runs.train_fit import group_splits

    groups = [f"family-{i % 12}" for i in range(240)]
    splits = group_splits(groups, folds=2, seed=3, repeats=3)
    assert len(splits) == 6
    seen = np.zeros(len(groups), dtype=int)
    for train_idx, test_idx in splits:
        assert not {groups[i] for i in train_idx} & {groups[i] for i in test_idx}
        assert len(train_idx) + len(test_idx) == len(groups)
        seen[test_idx] += 1
    assert (seen == 3).all()
    halves = {frozenset(groups[i] for i in test) for _, test in splits}
    assert len(halves) > 2  # the repeats deal the families differently
    assert [t.tolist() for _, t in group_splits(groups, 2, 3, 3)] == [t.tolist() for _, t in splits]


def test_character_grams_regularised_less_still_score_the_features_screening_makes() -> None:
    """Fitting on character columns scaled up is a weaker penalty on them; the weights written to
    the model are scaled back, so the raw score of an ad's own features equals the fitted one."""
    from scipy import sparse

    from samaritan.engine.learned.features import DIM, TOTAL_DIM
    from samaritan.runs.train_fit import _fit, fit_logistic, scaled_chars

    rng = np.random.default_rng(0)
    cols = np.concatenate([rng.integers(0, 50, 400), DIM + rng.integers(0, 50, 400)])
    rows = np.repeat(np.arange(200), 4)
    X = sparse.csr_matrix((np.full(800, 0.5, np.float32), (rows, cols)), shape=(200, TOTAL_DIM))
    y = (np.asarray(X[:, DIM : DIM + 25].sum(axis=1)).ravel() > 0.6).astype(float)
    offset = np.zeros(200)
    scaled = scaled_chars(X, 2.0)
    w, b = _fit(scaled, y, "lbfgs", 0, offset + 1e-9, char_scale=2.0)
    ws, bs = fit_logistic(scaled, y, offset + 1e-9)
    np.testing.assert_allclose(X @ w + b, scaled @ ws + bs, rtol=1e-4, atol=1e-4)
    plain, _ = _fit(X, y, "lbfgs", 0, offset + 1e-9)
    assert np.abs(w[DIM:]).sum() > np.abs(plain[DIM:]).sum()  # the character grams carry more


def test_the_model_path_takes_the_rules_denials_as_its_own() -> None:
    # One reading of scope: what the rules deny is no evidence on the model path either. A board's
    # rules that name minors only to forbid them must not fill the urgent queue, and a personal ad
    # that rules escorts out is not an escort ad.
    screener = Screener(model="default")
    terms = screener.screen(
        {
            "id": "t1",
            "category": "adult",
            "title": "Jade, 27",
            "body": "Upscale companion, discreet, $200 an hour, call 555-0142. House rules: the board never "
            "permits postings that involve minors.",
        }
    )
    assert "minor_risk" not in terms.labels
    assert all(i.category != "youth" for i in terms.indicators)
    personal = screener.screen(
        {
            "id": "t2",
            "category": "personals",
            "title": "Hiking partner wanted",
            "body": "Easygoing guy, 41, likes trails and coffee. I am not looking for escorts or anything paid.",
        }
    )
    assert personal.labels == []
    assert all(i.code != "CS_SERVICE_TERM" for i in personal.indicators)
