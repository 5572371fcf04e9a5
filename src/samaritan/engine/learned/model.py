"""A learned model on disk and in memory: linear weights over the hashed features, per label a
calibration curve, and a content-hash version.

A model directory holds two files, both plain data read without executing code:
- `model.json`: format, labels, bias per label, calibration curve per label (raw score to
  probability, monotone), the bound on the section prior, and the training summary;
- `weights.npz`: one float32 array `W` of shape (labels, TOTAL_DIM), read with
  `allow_pickle=False`.
The version is the sha256 of both files, so the same bytes always give the same version and any
change gives a new one.
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_right
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from samaritan.engine.learned.features import DIM, DIM_BITS, TOTAL_DIM, AdFeatures, _h

FORMAT = "samaritan-linear/1"
LABELS = ("commercial_sex", "trafficking_risk", "minor_risk")
SECTION_FEATURES = ("sec:people", "sec:market", "sec:unknown")
# The most a section feature moves a score, in logit (a model file may set its own).
SECTION_CAP = 0.5
# minor_risk's curve is fitted on ads with youth evidence (the only ones the stage may raise);
# the rest, almost all ordinary, get their own curve under this key so their probability is
# calibrated too. A model file without it uses the one curve for every ad.
NO_YOUTH = "minor_risk:no_youth"


class ModelError(ValueError):
    pass


@dataclass(slots=True)
class LearnedModel:
    labels: tuple[str, ...]
    weights: np.ndarray  # (labels, TOTAL_DIM) float32
    bias: np.ndarray  # (labels,)
    calibration: dict[str, tuple[np.ndarray, np.ndarray]]
    section_cap: float = SECTION_CAP
    # Per label, the weight of the lexicon's commercial evidence (AdFeatures.prior), added to the
    # score. Fixed before training (expert knowledge); the weights learn the context around it.
    rule_prior: np.ndarray = field(default_factory=lambda: np.zeros(3, dtype=np.float32))
    meta: dict[str, Any] = field(default_factory=dict)
    version: str = ""
    source: Path | None = None  # the directory it was read from: files beside it (categories.npz)
    _by_feature: np.ndarray = field(init=False, repr=False)
    _curves: list[tuple[list[float], list[float]]] = field(init=False, repr=False)
    _minor: int = field(init=False, repr=False)
    _no_youth: tuple[list[float], list[float]] | None = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # The section is a weak prior: whatever a model file says, it moves a score by at most
        # section_cap in logit, so it can tip a borderline ad but never decide one.
        cap_sections(self.weights, self.section_cap)
        # One row per feature: an ad's few hundred features are then contiguous gathers.
        self._by_feature = np.ascontiguousarray(self.weights.T)
        # Calibration curves as Python lists: one ad's three scalars interpolate faster in
        # plain floats than through numpy (same arithmetic as np.interp, same results).
        self._curves = [(x.tolist(), y.tolist()) for x, y in (self.calibration[k] for k in self.labels)]
        self._minor = self.labels.index("minor_risk") if "minor_risk" in self.labels else -1
        curve = self.calibration.get(NO_YOUTH)
        self._no_youth = (curve[0].tolist(), curve[1].tolist()) if curve is not None else None

    def raw(self, feats: AdFeatures) -> np.ndarray:
        """Uncalibrated scores, one per label."""
        scores: np.ndarray = (
            feats.value @ np.take(self._by_feature, feats.index, axis=0) + self.bias + self.rule_prior * feats.prior
        )
        return scores

    def probabilities(self, feats: AdFeatures, youth: bool = True) -> dict[str, float]:
        """`youth`: whether the ad has youth evidence (which curve calibrates minor_risk)."""
        raw = self.raw(feats).tolist()
        curves = self._curves
        if not youth and self._no_youth is not None:
            curves = list(curves)
            curves[self._minor] = self._no_youth
        return {label: _interp(raw[i], *curves[i]) for i, label in enumerate(self.labels)}

    def calibrate(self, label: str, raw: np.ndarray, youth: np.ndarray | None = None) -> np.ndarray:
        """Calibrated probabilities of `raw` scores; for minor_risk, `youth` (per ad) picks the
        curve as `probabilities` does."""
        calibrated: np.ndarray = np.interp(raw, *self.calibration[label])
        if label == "minor_risk" and youth is not None and NO_YOUTH in self.calibration:
            calibrated = np.where(youth, calibrated, np.interp(raw, *self.calibration[NO_YOUTH]))
        return calibrated

    def evidence(self, feats: AdFeatures, label: str, limit: int = 4) -> list[str]:
        """The named features that pushed `label` up most, in plain words (character n-grams
        have no readable name and are left out)."""
        row = self.labels.index(label)
        # Character n-grams (the upper half of the space) have no name; every other index does.
        mask = feats.index < DIM
        index = feats.index[mask]
        if not len(index):
            return []
        # Each occurrence's contribution in float64 (float32 weight times float32 value, as Python
        # floats multiply them), summed per feature in the order they occur (bincount adds in
        # order), then the features above the floor ranked by total, ties in order of first
        # occurrence: the ranking a dict and a stable sort gave, without a Python step per feature.
        contribution = self._by_feature[index, row].astype(np.float64) * feats.value[mask].astype(np.float64)
        unique, first, inverse = np.unique(index, return_index=True, return_inverse=True)
        total = np.bincount(inverse, weights=contribution, minlength=len(unique))
        above = np.flatnonzero(total > 0.02)
        ranked = unique[above[np.lexsort((first[above], -total[above]))]].tolist()
        return evidence_names(feats, ranked, limit)

    def save(self, directory: str | Path) -> str:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        doc = {
            "format": FORMAT,
            "dim_bits": DIM_BITS,
            "labels": list(self.labels),
            "bias": [float(b) for b in self.bias],
            "calibration": {k: {"raw": x.tolist(), "p": y.tolist()} for k, (x, y) in self.calibration.items()},
            "section_cap": self.section_cap,
            "rule_prior": [float(x) for x in self.rule_prior],
            "meta": self.meta,
        }
        (directory / "model.json").write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", "utf-8")
        with open(directory / "weights.npz", "wb") as handle:
            np.savez_compressed(handle, W=self.weights.astype(np.float32))
        self.version = content_version(directory)
        return self.version


def cap_sections(weights: np.ndarray, cap: float) -> np.ndarray:
    """Bound the section features' weights (labels x features, in place) to [-cap, cap]."""
    for name in SECTION_FEATURES:
        idx = _h(name)
        weights[:, idx] = np.clip(weights[:, idx], -cap, cap)
    return weights


def evidence_names(feats: AdFeatures, ranked: list[int], limit: int) -> list[str]:
    """The first `limit` distinct names of the features `ranked` (strongest first), as
    LearnedModel.evidence gives them."""
    names = feats.names_of(set(ranked))
    out: list[str] = []
    for i in ranked:
        if len(out) >= limit:
            break
        if i in names and names[i] not in out:
            out.append(names[i])
    return out


def _interp(x: float, xp: list[float], fp: list[float]) -> float:
    """np.interp for one point: clipped at both ends, linear between knots, the same formula."""
    if x != x:  # NaN stays NaN, as in numpy
        return x
    if x <= xp[0]:
        return fp[0] if x < xp[0] or len(xp) == 1 else _between(x, xp, fp, 0)
    if x >= xp[-1]:
        return fp[-1]
    j = bisect_right(xp, x) - 1
    return _between(x, xp, fp, j)


def _between(x: float, xp: list[float], fp: list[float], j: int) -> float:
    if x == xp[j]:
        return fp[j]
    slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j])
    return slope * (x - xp[j]) + fp[j]


def content_version(directory: Path) -> str:
    digest = hashlib.sha256()
    for name in ("model.json", "weights.npz"):
        digest.update((directory / name).read_bytes())
    # The categories tagger beside the model changes verdicts' indicators, so it is part of the
    # version; a model without one keeps the version it always had.
    tagger = directory / "categories.npz"
    if tagger.is_file():
        digest.update(tagger.read_bytes())
    return "sha256:" + digest.hexdigest()[:16]


def _packaged() -> Path:
    return Path(str(resources.files("samaritan").joinpath("data/model")))


def packaged_model_exists() -> bool:
    return (_packaged() / "model.json").is_file()


def load_model(path: str | Path | None = None) -> LearnedModel:
    """The model in `path` (a directory), or the packaged default."""
    directory = Path(path) if path else _packaged()
    try:
        doc = json.loads((directory / "model.json").read_text("utf-8"))
        with np.load(directory / "weights.npz", allow_pickle=False) as npz:
            weights = np.array(npz["W"], dtype=np.float32)
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"{directory}: not a readable model directory ({exc})") from exc
    if doc.get("format") != FORMAT or doc.get("dim_bits") != DIM_BITS:
        raise ModelError(f"{directory}: model format {doc.get('format')}/{doc.get('dim_bits')} is not {FORMAT}")
    labels = tuple(doc["labels"])
    if set(labels) != set(LABELS) or weights.shape != (len(labels), TOTAL_DIM):
        raise ModelError(f"{directory}: labels {labels} or weight shape {weights.shape} do not match")
    calibration = {}
    for label in (*labels, NO_YOUTH):
        if label == NO_YOUTH and label not in doc["calibration"]:
            continue
        curve = doc["calibration"][label]
        x, y = np.asarray(curve["raw"], dtype=np.float64), np.asarray(curve["p"], dtype=np.float64)
        if len(x) < 2 or len(x) != len(y) or np.any(np.diff(x) < 0) or np.any((y < 0) | (y > 1)):
            raise ModelError(f"{directory}: calibration curve of {label} is not monotone in [0, 1]")
        calibration[label] = (x, y)
    return LearnedModel(
        labels,
        weights,
        np.asarray(doc["bias"], dtype=np.float32),
        calibration,
        float(doc.get("section_cap", 0.5)),
        np.asarray(doc.get("rule_prior", [0.0] * len(labels)), dtype=np.float32),
        doc.get("meta", {}),
        content_version(directory),
        directory,
    )
