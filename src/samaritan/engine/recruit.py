"""Coercive recruitment: a job offer that holds the worker's documents, binds her with a travel
debt repaid from her earnings or confines her is a trafficking indicator whatever the job is
(ILO, UNODC and Polaris lists; 18 U.S.C. 1592). Such an ad carries no commercial-sex wording - a
"hostess", "dancer" or "model" job abroad - so trafficking_risk is labelled on it without the
commercial context that every other trafficking label needs (weights.yaml `trafficking.recruitment`)."""

from __future__ import annotations

from collections.abc import Collection

from samaritan.engine.policy import Weights


def recruited(codes: Collection[str], weights: Weights) -> bool:
    """Do the ad's rule codes reach the recruitment threshold (each code counted once)?"""
    rw = weights.trafficking.recruitment
    if not rw.codes or rw.codes.keys().isdisjoint(codes):
        return False  # most ads: no recruitment code at all
    if rw.unless and not set(rw.unless).isdisjoint(codes):
        return False  # a warning about such offers, not one
    return sum(w for code, w in rw.codes.items() if code in codes) >= rw.threshold


def recruitment_codes(weights: Weights) -> frozenset[str]:
    return frozenset(weights.trafficking.recruitment.codes)
