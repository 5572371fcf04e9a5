"""`samaritan train`: fit, cross-validate and calibrate a learned model from labelled ads.

Input: JSON Lines of ads (contract §1) each with a `labels` array (empty for an ordinary ad),
or a generator ads file with its truth file (runs/train_examples.py reads them, and the
`--also` files and reviewers' decisions). Features come from the Screener itself (rules
only), so training and screening see exactly the same vectors. Per label a linear model is fit
on hashed features; out-of-fold scores from group k-fold (groups: phrasing family, network or
id) fit an isotonic calibration curve; the final weights are fit on every training ad.

Ads whose group falls in the held-out share (by hash, so the split is stable) are never
trained on and measure the model on unseen wording.
"""

from __future__ import annotations

import hashlib
import resource
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from samaritan.engine.learned.alone import alone_evidence, word_count
from samaritan.engine.learned.features import TOTAL_DIM
from samaritan.engine.learned.model import LABELS, NO_YOUTH, SECTION_CAP, LearnedModel, cap_sections
from samaritan.engine.learned.rules_reading import rules_trafficking
from samaritan.engine.lexicon import UNVERSIONED
from samaritan.engine.policy import Policy, load_policy
from samaritan.engine.screener import Screener
from samaritan.runs.train_examples import ALSO_GROUP, Example
from samaritan.runs.train_fit import (
    CHAR_SCALE,
    RULE_PRIOR,
    Dataset,
    TrainError,
    _fit,
    calibration_curve,
    label_views,
    out_of_fold,
    scaled_chars,
    share_weights,
)
from samaritan.runs.train_report import label_metrics, write_report


def held_out(group: str, share: float) -> bool:
    return int(hashlib.sha256(group.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF < share


YOUTH_FEATURE = "youth wording"  # the name featurize gives the youth category's feature


Rows = tuple[sparse.csr_matrix, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _rows(ads: list[dict[str, Any]], screener: Screener) -> Rows:
    indptr, indices, values, prior, youth, rules, lexicon = [0], [], [], [], [], [], []
    for ad in ads:
        feats = screener.features(ad)
        prior.append(feats.prior)
        rules.append(rules_trafficking(feats.totals, screener.weights))
        words = word_count(ad.get("title"), ad.get("body"))
        t = screener.policy.thresholds
        lexicon.append(
            alone_evidence(feats, words, t.text_only_short_words, t.text_only_short_evidence, t.text_only_short_rule)
        )
        youth.append(any(name == YOUTH_FEATURE for _, name in feats.named))
        indices.append(feats.index.astype(np.int32))
        values.append(feats.value)
        indptr.append(indptr[-1] + len(feats.index))
    X = sparse.csr_matrix(
        (np.concatenate(values or [np.zeros(0, np.float32)]), np.concatenate(indices or [np.zeros(0, np.int32)]),
         np.asarray(indptr, dtype=np.int64)),
        shape=(len(ads), TOTAL_DIM),
    )  # fmt: skip
    X.sum_duplicates()  # a repeated n-gram counts again
    as_array = np.asarray
    return X, as_array(prior, np.float64), as_array(youth, bool), as_array(rules, np.float64), as_array(lexicon, bool)


_worker: Screener | None = None


def _init_worker(options: dict[str, Any]) -> None:
    global _worker
    _worker = Screener(**options)


def _rows_in_worker(ads: list[dict[str, Any]]) -> Rows:
    assert _worker is not None
    return _rows(ads, _worker)


def featurize(
    examples: Iterable[Example],
    screener: Screener,
    workers: int = 1,
    options: dict[str, Any] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Dataset:
    """Feature rows of every example; on `workers` processes (each builds its own rule-only
    Screener from `options`) in chunks, in order. `progress(done, total)` after each chunk."""
    examples = list(examples)
    if not examples:
        raise TrainError("no labelled ads")
    ads = [e.ad for e in examples]
    chunks = [ads[i : i + 2000] for i in range(0, len(ads), 2000)]
    if workers > 1 and len(chunks) > 1:
        from concurrent.futures import ProcessPoolExecutor

        rule_only = {**(options or {}), "model": False}
        with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(rule_only,)) as pool:
            parts = _counted(pool.map(_rows_in_worker, chunks), len(ads), progress)
    else:
        parts = _counted((_rows(chunk, screener) for chunk in chunks), len(ads), progress)
    Y = np.asarray([[label in e.labels for label in LABELS] for e in examples], dtype=np.int8)
    sections = [str(e.ad.get("category", "")).lower() for e in examples]
    X = sparse.vstack([part[0] for part in parts], format="csr")
    prior, youth, rules, lexicon = (np.concatenate([part[k] for part in parts]) for k in (1, 2, 3, 4))
    return Dataset(X, Y, [e.group for e in examples], prior, sections, youth, rules, lexicon)


def _counted(parts: Iterable[Any], total: int, progress: Callable[[int, int], None] | None) -> list[Any]:
    done, out = 0, []
    for part in parts:
        out.append(part)
        done += part[0].shape[0]
        if progress is not None:
            progress(done, total)
    return out


@dataclass(slots=True)
class TrainResult:
    model: LearnedModel
    report: dict[str, Any]


def train(
    examples: Iterable[Example],
    screener: Screener | None = None,
    policy: Policy | None = None,
    learner: str = "lbfgs",
    folds: int = 3,
    seed: int = 0,
    repeats: int = 1,
    char_scale: float = CHAR_SCALE,
    holdout: float = 0.0,
    trafficking_share: float | None = None,
    test: Iterable[Example] = (),
    workers: int = 1,
    options: dict[str, Any] | None = None,
    log: Callable[[str], None] = lambda _m: None,
    progress: Callable[[int, int], None] | None = None,
    blend: float | None = None,
) -> TrainResult:
    """`holdout`: share of groups set aside by hash; `test`: an explicit held-out set (for
    example the generator's test phrasing families). Both are measured, never trained on.
    `repeats`: group k-fold runs whose out-of-fold scores are pooled for calibration.
    `trafficking_share`: the share of commercial ads that the trafficking curve is fitted to
    (train_fit.share_weights); None: the training ads' own share. `blend`: see _blended."""
    started = time.perf_counter()
    screener = screener or Screener(model=False)
    policy = policy or screener.policy
    examples = list(examples)
    train_ex = [e for e in examples if not (holdout and held_out(e.group, holdout))]
    test_ex = [e for e in examples if holdout and held_out(e.group, holdout)] + list(test)
    if not train_ex:
        raise TrainError("every ad fell in the held-out share")
    every = featurize(train_ex, screener, workers, options, progress)
    log(f"features of {len(train_ex)} ads in {time.perf_counter() - started:.1f} s")
    also = np.fromiter((g.startswith(ALSO_GROUP) for g in every.groups), dtype=bool, count=len(every.groups))
    blending = blend is not None and also.any() and not also.all()
    data = every.subset(np.flatnonzero(~also)) if blending else every
    if blending:
        train_ex = [e for e, a in zip(train_ex, also, strict=True) if not a]
    oof, rows = out_of_fold(data, learner, folds, seed, repeats, char_scale)
    Y, youth = data.Y[rows], data.youth[rows]
    curves = _curves(oof, Y, youth, trafficking_share)
    prior = np.asarray(RULE_PRIOR[learner], dtype=np.float32)
    weights, bias = _fit_all(data, learner, seed, char_scale, prior)
    if blending:
        weights, bias = _blended((weights, bias), _fit_all(every, learner, seed, char_scale, prior), blend)
    model = LearnedModel(
        LABELS,
        weights,
        bias,
        curves,
        rule_prior=prior,
        # With the lexicon it read: rules added later (`since`) stay out of its features.
        meta={"learner": learner, "folds": folds, "seed": seed, "trained_ads": len(every.groups)}
        | ({"blend": blend} if blending else {})
        | _lexicon_meta(screener)
        | ({"repeats": repeats} if repeats > 1 else {})
        | ({"trafficking_share": trafficking_share} if trafficking_share is not None else {})
        | ({"char_scale": char_scale} if char_scale != 1.0 else {}),
    )
    # Cross-validated figures of the first repeat: each training ad counted once.
    first = slice(0, len(data.groups))
    cv_probs = stage_probabilities(model, oof[first], youth[first], data.rules_trafficking[rows[first]])
    cv_prior = data.prior[rows[first]]
    cv_agree = rules_agree([train_ex[i].ad for i in rows[first]], cv_probs, cv_prior, policy, screener)
    report: dict[str, Any] = {
        "counts": _counts(every),
        "cross_validated": label_metrics(
            Y[first], cv_probs, policy.thresholds, cv_prior, youth[first], cv_agree, data.lexicon[rows[first]]
        ),
        "learner": learner,
    }
    if test_ex:
        report.update(_held_out(model, test_ex, screener, policy, workers, options))
    report["_cv_probs"] = (Y[first], cv_probs)
    report["seconds"] = round(time.perf_counter() - started, 1)
    report["peak_memory_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return TrainResult(model, report)


def _held_out(
    model: LearnedModel,
    test_ex: list[Example],
    screener: Screener,
    policy: Policy,
    workers: int,
    options: dict[str, Any] | None,
) -> dict[str, Any]:
    """The report's `held_out` figures of `model` on ads it never trained on."""
    test = featurize(test_ex, screener, workers, options)
    raw = test.X @ model.weights.T + model.bias + np.outer(test.prior, model.rule_prior)
    probs = stage_probabilities(model, raw, test.youth, test.rules_trafficking)
    agree = rules_agree([e.ad for e in test_ex], probs, test.prior, policy, screener)
    metrics = label_metrics(test.Y, probs, policy.thresholds, test.prior, test.youth, agree, test.lexicon)
    return {"held_out": {"counts": _counts(test), **metrics}, "_held_out_probs": (test.Y, probs)}


def _fit_all(
    data: Dataset, learner: str, seed: int, char_scale: float, prior: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Every label's weights (labels x features) and biases, fit on all of `data`."""
    views = label_views(scaled_chars(data.X, char_scale))
    fitted = [_fit(v, data.Y[:, j], learner, seed, prior[j] * data.prior, char_scale) for j, v in enumerate(views)]
    return np.vstack([w for w, _ in fitted]), np.asarray([b for _, b in fitted], dtype=np.float32)


def _blended(
    main: tuple[np.ndarray, np.ndarray], every: tuple[np.ndarray, np.ndarray], share: float
) -> tuple[np.ndarray, np.ndarray]:
    """`--blend SHARE`: the weights fit on the main set alone and those fit with the `--also` ads
    as well, mixed (1 - SHARE : SHARE), under the main set's calibration curves, which are fitted,
    and cross-validated, on the main set alone. Text written apart from the project moves the
    model by a share of what it would alone: learnt outright, its curated mix (half of it offers,
    the rest hard look-alikes) pulled every curve down and cost real dating and escort ads; at
    0.5 it keeps them and gains on corpora written apart (docs/learned-model.md, session 48)."""
    # Each side as a model of its own holds its section weights within the cap (model.py).
    w_main, w_every = (cap_sections(w.copy(), SECTION_CAP) for w in (main[0], every[0]))
    return (
        ((1.0 - share) * w_main + share * w_every).astype(np.float32),
        ((1.0 - share) * main[1] + share * every[1]).astype(np.float32),
    )


def _lexicon_meta(screener: Screener) -> dict[str, str]:
    """The lexicon version the model reads rules as of (screening leaves newer ones out of its
    features): the training lexicon's, the one asked for, or none for every rule with a `since`."""
    as_of = screener.rules_as_of
    return {} if as_of == UNVERSIONED else {"lexicon": as_of or screener.lexicon.version}


def _curves(
    oof: np.ndarray, Y: np.ndarray, youth: np.ndarray, trafficking_share: float | None
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Each label's calibration curve from out-of-fold scores; minor risk's from the ads with youth
    evidence (and one for the rest), trafficking's at the stated share of commercial ads."""
    curves = {label: calibration_curve(oof[:, j], Y[:, j]) for j, label in enumerate(LABELS)}
    if trafficking_share is not None:
        t, c = LABELS.index("trafficking_risk"), LABELS.index("commercial_sex")
        weight = share_weights(Y[:, t] == 1, Y[:, c] == 1, trafficking_share)
        curves["trafficking_risk"] = calibration_curve(oof[:, t], Y[:, t], weight=weight)
    minor = LABELS.index("minor_risk")
    if Y[youth, minor].any():
        # The stage raises minor risk only on ads with youth evidence: the curve is theirs.
        curves["minor_risk"] = calibration_curve(oof[youth, minor], Y[youth, minor])
        curves[NO_YOUTH] = calibration_curve(oof[~youth, minor], Y[~youth, minor])
    return curves


def stage_probabilities(model: LearnedModel, raw: np.ndarray, youth: np.ndarray, rules: np.ndarray) -> np.ndarray:
    """Per ad and label the probability the learned stage labels with: the calibrated model, and
    for trafficking risk the rules' own reading where it is higher (stage.py)."""
    probs = np.column_stack([model.calibrate(label, raw[:, j], youth) for j, label in enumerate(LABELS)])
    t = LABELS.index("trafficking_risk")
    probs[:, t] = np.maximum(probs[:, t], rules)
    return probs


def rules_agree(
    ads: list[dict[str, Any]], probs: np.ndarray, prior: np.ndarray, policy: Policy, screener: Screener
) -> np.ndarray:
    """Per ad, whether the rule path alone labels it commercial (its shape cues included), which
    the stage takes as context for a probability between the commercial threshold and text_only
    (stage.py); asked, as the stage asks, only for those ads (a few in a hundred)."""
    t = policy.thresholds
    text_only = t.text_only if t.text_only is not None else np.inf
    p = probs[:, LABELS.index("commercial_sex")]
    asked = np.flatnonzero((prior <= 0) & (p >= t.commercial_sex) & (p < text_only))
    agree = np.zeros(len(ads), dtype=bool)
    rules = screener if screener.model is None else Screener(model=False)
    for i in asked:
        agree[i] = "commercial_sex" in rules.screen(ads[i]).labels
    return agree


def _counts(data: Dataset) -> dict[str, Any]:
    return {
        "ads": int(data.Y.shape[0]),
        "groups": len(set(data.groups)),
        **{label: int(data.Y[:, j].sum()) for j, label in enumerate(LABELS)},
        "ordinary": int((data.Y.sum(axis=1) == 0).sum()),
    }


def train_to(
    out_dir: str | Path, examples: Iterable[Example], policy_path: str | Path | None = None, **kwargs: Any
) -> dict[str, Any]:
    """Train, write the model and its report (report.json, reliability.png) to `out_dir`."""
    policy = load_policy(policy_path)
    result = train(examples, policy=policy, **kwargs)
    version = result.model.save(out_dir)
    result.report["version"] = version
    return write_report(Path(out_dir), result.report)
