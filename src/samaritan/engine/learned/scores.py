"""The model's calibrated probabilities of many ads at once: `LearnedModel.probabilities` of each,
the same floats, from a fixed number of numpy calls a chunk instead of some ten an ad.

What stays per ad is the dot product itself (one BLAS gemv on the ad's own rows): BLAS sums in
its own order (pairs of products, blocked), which no batched product reproduces bit for bit, and
a verdict's rounded probabilities must not move. The gather of every ad's weight rows is one
`take`, the bias and the lexicon's prior one broadcast, each label's calibration one `np.interp`
over the chunk (`LearnedModel.calibrate`; `probabilities` interpolates the same way in Python).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from samaritan.engine.learned.features import AdFeatures
from samaritan.engine.learned.model import LearnedModel


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
