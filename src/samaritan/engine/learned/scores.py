"""The model's calibrated probabilities of many ads at once: `LearnedModel.probabilities` of each,
the same floats, from a fixed number of numpy calls a chunk instead of some ten an ad.

What stays per ad is the dot product itself (one BLAS gemv on the ad's own rows): BLAS sums in
its own order (pairs of products, blocked), which no batched product reproduces bit for bit, and
a verdict's rounded probabilities must not move. The gather of every ad's weight rows is one
`take`, the bias and the lexicon's prior one broadcast, each label's calibration one `np.interp`
over the chunk (`LearnedModel.calibrate`; `probabilities` interpolates the same way in Python).
The strongest evidence named in a reason, likewise: `evidence_many`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from samaritan.engine.learned.features import DIM, AdFeatures
from samaritan.engine.learned.model import LearnedModel, evidence_names


def raw_many(model: LearnedModel, feats: Sequence[AdFeatures]) -> np.ndarray:
    """`LearnedModel.raw` of each ad (hashed), one row an ad: the same float32 values."""
    rows = np.take(model._by_feature, np.concatenate([f.index for f in feats]), axis=0)
    scores = np.empty((len(feats), len(model.labels)), dtype=np.float32)
    at = 0
    for k, f in enumerate(feats):
        end = at + len(f.index)
        scores[k] = f.value @ rows[at:end]
        at = end
    prior = np.array([f.prior for f in feats], dtype=np.float32)
    # (scores + bias) + prior * rule_prior, each in float32, as `raw` adds them.
    scores += model.bias
    scores += model.rule_prior * prior[:, None]
    return scores


def probabilities_many(
    model: LearnedModel, feats: Sequence[AdFeatures], youth: Sequence[bool]
) -> list[dict[str, float]]:
    """`model.probabilities(f, youth=y)` of each ad (hashed) and its `y`, in order."""
    if not feats:
        return []
    raw = raw_many(model, feats)
    has_youth = np.array(youth, dtype=bool)
    columns = [model.calibrate(label, raw[:, k], has_youth).tolist() for k, label in enumerate(model.labels)]
    return [dict(zip(model.labels, values, strict=True)) for values in zip(*columns, strict=True)]


def evidence_many(model: LearnedModel, feats: Sequence[AdFeatures], label: str, limit: int) -> list[list[str]]:
    """`model.evidence(f, label, limit)` of each ad (hashed), in order: every ad's features
    ranked by one `np.unique` over the chunk (the ad's number above each index), where each
    ad alone cost some dozen numpy calls, a third of what the model adds to a real post. Each
    feature's occurrences are summed in the order they occur, as `evidence` sums them, and
    ranked by total then first occurrence within its ad."""
    if not feats:
        return []
    row = model.labels.index(label)
    index = np.concatenate([f.index for f in feats])
    value = np.concatenate([f.value for f in feats])
    ad = np.repeat(np.arange(len(feats), dtype=np.int64), [len(f.index) for f in feats])
    mask = index < DIM  # character n-grams (the upper half) have no name
    index, ad = index[mask], ad[mask]
    contribution = model._by_feature[index, row].astype(np.float64) * value[mask].astype(np.float64)
    unique, first, inverse = np.unique(ad * DIM + index, return_index=True, return_inverse=True)
    total = np.bincount(inverse, weights=contribution, minlength=len(unique))
    above = np.flatnonzero(total > 0.02)
    whose = unique[above] // DIM
    order = above[np.lexsort((first[above], -total[above], whose))]
    ranked = (unique[order] % DIM).tolist()
    bounds = np.searchsorted(unique[order] // DIM, np.arange(len(feats) + 1)).tolist()
    return [evidence_names(f, ranked[bounds[k] : bounds[k + 1]], limit) for k, f in enumerate(feats)]
