"""Combine indicators into commercial context, two risks, labels and reasons.

Context first: an ad is commercial-sex solicitation only when its commercial_sex rules (plus
supporting categories, once one such rule fired) reach the threshold. Youth, movement,
ethnicity and the rest raise risk only inside that context, so "young kittens", a "Lolita
style dress" or a "24/7 tow service" stay ordinary. The two risks are logistic models over
category strengths whose weights follow the evidence (weights.yaml, docs/indicators.md).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence, Set
from typing import NamedTuple, cast

from samaritan.engine.assessment import Assessment, Held
from samaritan.engine.model import Indicator
from samaritan.engine.policy import TraffickingWeights, Weights
from samaritan.engine.reasons import reasons_for
from samaritan.engine.recruit import recruited

# Reported whatever the context: facts an investigator wants even on an allowed ad.
ALWAYS_REPORTED = frozenset({"obscured_contact"})


class Risks(NamedTuple):
    """label_risks's answer: the labels, the risks as reported, and where the cap took the
    trafficking label away (no trafficking kind), what was held."""

    labels: list[str]
    trafficking: float
    minor: float
    held: Held | None = None


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


class Signal(NamedTuple):
    """A rule hit that counts towards the scores but is known not to be reported (see
    `can_report`), so its span was never worked out."""

    code: str
    category: str
    weight: float


def can_report(categories: set[str], section: str, weights: Weights, cue_kinds: Collection[str] = ()) -> bool:
    """Could an ad with hits in `categories` (and soft cues of `cue_kinds`) be commercial, or
    uncertain? If not, assess keeps only the categories in ALWAYS_REPORTED, and the rest only
    move the (capped) risks."""
    cw = weights.commercial
    if "commercial_sex" in categories or cw.section_prior.get(section, 0.0) > 0:
        return True
    if cw.cues.score(cue_kinds, True) > 0:
        return True
    # No commercial-sex rule, too few cues and no section prior: the score is 0.
    return cw.threshold <= 0 or (cw.review_band > 0 and cw.threshold - cw.review_band <= 0)


def rule_strengths(
    indicators: Iterable[Indicator | Signal], by_category: dict[str, list[Indicator | Signal]] | None = None
) -> tuple[dict[str, float], dict[str, float]]:
    """Each rule's weight in an ad and each category's strength: every rule counts once, at its
    highest weight (the first seen of equal ones), and a category adds its rules up in the order
    they were first seen. `by_category`, when given, also gets each category's indicators."""
    best: dict[str, float] = {}
    code_category: dict[str, str] = {}
    for ind in indicators:
        if by_category is not None:
            by_category[ind.category].append(ind)
        if ind.weight > best.get(ind.code, -1.0):
            best[ind.code] = ind.weight
            code_category[ind.code] = ind.category
    totals: dict[str, float] = defaultdict(float)
    for code, weight in best.items():
        totals[code_category[code]] += weight
    return best, totals


def assess(
    indicators: list[Indicator],
    section: str,
    weights: Weights,
    unreported: Sequence[Signal] = (),
    cues: Mapping[str, str] | None = None,
) -> Assessment:
    """`unreported`: hits that only count, for an ad that can_report says cannot be
    commercial or uncertain (their categories are never in ALWAYS_REPORTED). `cues`: rule code
    -> kind of soft commercial cue (Lexicon.cues())."""
    everything: Sequence[Indicator | Signal] = [*indicators, *unreported] if unreported else indicators
    by_category: dict[str, list[Indicator | Signal]] = defaultdict(list)
    best, totals = rule_strengths(everything, by_category)

    kinds = {cues[code] for code in best if code in cues} if cues else set()
    score, is_commercial, uncertain = _commercial(totals, by_category, kinds, section, weights)
    mw = weights.minor
    stated_minor = [i for i in by_category.get("youth", ()) if i.code == mw.stated_minor_code]
    # Every rule code of the ad: third-party codes and a stated adult age weigh on soft youth wording.
    trafficking, minor = _risks(totals, by_category.get("youth", ()), best.keys(), weights)
    personal_minor = bool(stated_minor) and section in mw.personal_sections
    hire = recruited(best.keys(), weights)  # coercive recruitment: trafficking in any context
    tw = weights.trafficking  # someone else controls her, or the house rotates its women
    held = not kinds.isdisjoint(tw.control_kinds) or not best.keys().isdisjoint(tw.rotation_codes)
    labels, trafficking, minor, capped = label_risks(
        is_commercial, personal_minor, trafficking, minor, weights, None, hire, held, by_category.keys()
    )
    if is_commercial:
        kept = indicators
    else:
        kept = [
            i
            for i in indicators
            if i.category in ALWAYS_REPORTED
            or (personal_minor and i.code == mw.stated_minor_code)
            or (hire and i.category == "third_party")
        ]
    assessment = Assessment(
        round(score, 3),
        is_commercial,
        uncertain,
        round(trafficking, 4),
        round(minor, 4),
        labels,
        kept,
        trafficking_held=capped,
    )
    # Signals (no text) come only with ads that can_report rules out; typed as reasons_for quotes.
    cue_hits = [i for i in indicators if cues and i.code in cues] if len(kinds) >= 2 else []
    assessment.reasons = reasons_for(
        assessment,
        cast("dict[str, list[Indicator]]", by_category),
        cast("list[Indicator]", stated_minor),
        cues=cue_hits,
        stated_adult=[i for i in indicators if i.code == mw.stated_adult_code] if mw.stated_adult_code in best else (),
    )
    return assessment


def _commercial(
    totals: Mapping[str, float],
    by_category: Mapping[str, Sequence[Indicator | Signal]],
    kinds: set[str],
    section: str,
    weights: Weights,
) -> tuple[float, bool, bool]:
    """(score, commercial, uncertain): hard terms, soft cue kinds, supporting categories and the
    section prior."""
    cw = weights.commercial
    core = min(10.0, totals.get("commercial_sex", 0.0))
    # Soft cues count by kind, each once; one kind alone adds nothing.
    evidence = core + cw.cues.score(kinds, core > 0)
    if core > 0 and core >= cw.support_floor:
        evidence += sum(w for cat, w in cw.support.items() if by_category.get(cat))
    prior = cw.section_prior.get(section, 0.0)
    # The section moves a borderline score; it never makes an ad commercial by itself.
    score = evidence + (prior if evidence > 0 and evidence >= cw.prior_floor else 0.0)
    is_commercial = score >= cw.threshold
    uncertain = not is_commercial and cw.review_band > 0 and score >= cw.threshold - cw.review_band
    return score, is_commercial, uncertain


def _risks(
    totals: Mapping[str, float], youth: Sequence[Indicator | Signal], codes: Collection[str], weights: Weights
) -> tuple[float, float]:
    """(trafficking, minor) before labelling: logistic models over category strengths, youth
    wording and stated ages. Soft youth wording counts towards minor risk only when corroborated
    (weights.yaml `minor.soft`); it still counts towards trafficking risk as youth language.
    `codes`: every rule code of the ad."""
    tw = weights.trafficking
    stated_minor = bool(youth) and any(i.code == weights.minor.stated_minor_code for i in youth)
    # Summed in the weights' own order, as always, so that the floats come out the same.
    strength = 0.0
    for cat, w, cap in _trafficking_terms(tw):
        if cat in totals:
            strength += w * min(cap, totals[cat])
    logit = tw.bias + strength
    if stated_minor:
        logit += tw.stated_minor_age
    return _sigmoid(logit), minor_risk(youth, codes, weights)


def minor_risk(youth: Sequence[Indicator | Signal], codes: Collection[str], weights: Weights) -> float:
    """The rules' minor risk before labelling (weights.yaml `minor`): youth wording (soft words
    only when corroborated) and stated ages of the person offered. Every youth evidence that
    labels reaches the policy's urgent floor. The learned stage may floor its own probability
    here, so that youth evidence the rules label is urgent on both paths. `youth`: the ad's
    youth hits; `codes`: every rule code of the ad."""
    mw = weights.minor
    # (By code: comparing the indicators themselves compares every field.)
    stated_minor = barely_adult = False
    youth_sum = 0.0
    if youth:
        stated_minor = any(i.code == mw.stated_minor_code for i in youth)
        barely_adult = any(i.code == mw.stated_barely_adult_code for i in youth)
        youth_sum = youth_strength(youth, codes, weights)
    m_logit = mw.bias + mw.youth_weight * youth_sum
    if stated_minor:
        m_logit += mw.stated_minor_age
    if barely_adult:
        m_logit += mw.stated_barely_adult_age
    return _sigmoid(m_logit)


_TERMS: dict[int, tuple[TraffickingWeights, tuple[tuple[str, float, float], ...]]] = {}


def _trafficking_terms(tw: TraffickingWeights) -> tuple[tuple[str, float, float], ...]:
    """(category, weight, cap) of the trafficking model, worked out once per weights object
    (weights are never changed once loaded)."""
    got = _TERMS.get(id(tw))
    if got is None or got[0] is not tw:
        got = _TERMS[id(tw)] = (tw, tuple((cat, w, tw.caps.get(cat, 1.0)) for cat, w in tw.weights.items()))
    return got[1]


def youth_strength(youth: Sequence[Indicator | Signal], codes: Collection[str], weights: Weights) -> float:
    """The youth wording's strength for minor risk (0 to 2), stated ages apart: strong youth codes
    by their weight, soft ones only when corroborated (weights.yaml `minor.soft`). `codes`: the
    ad's other rule codes (third-party codes corroborate; the person's stated adult age weighs
    against soft wording alone). 0: no youth evidence that supports minor risk."""
    mw = weights.minor
    barely_adult = stated_minor = False
    words: dict[str, float] = {}
    for i in youth:
        if i.code == mw.stated_minor_code:
            stated_minor = True
        elif i.code == mw.stated_barely_adult_code:
            barely_adult = True
    for i in _outermost([i for i in youth if i.code not in (mw.stated_minor_code, mw.stated_barely_adult_code)]):
        words[i.code] = max(i.weight, words.get(i.code, 0.0))
    # The youngest age the person states counts: beside an age under 18 an adult one weighs nothing.
    adult = mw.stated_adult_code is not None and mw.stated_adult_code in codes and not stated_minor
    return min(2.0, mw.soft.strength(words, codes, barely_adult, adult))


def _outermost(hits: Sequence[Indicator | Signal]) -> list[Indicator | Signal]:
    """Hits not inside another hit's span: "youngest" within "youngest girl" is one cue, not two
    independent ones. (Signals carry no span; they are kept.)"""

    def inside(a: Indicator, b: Indicator) -> bool:
        if a.code == b.code or a.field != b.field or not (b.start <= a.start and a.end <= b.end):
            return False
        # The same span read by two rules: the weightier one stands.
        return (a.start, a.end) != (b.start, b.end) or (a.weight, a.code) < (b.weight, b.code)

    spans = [h for h in hits if isinstance(h, Indicator)]
    return [h for h in hits if not isinstance(h, Indicator) or not any(inside(h, o) for o in spans)]


def label_risks(
    is_commercial: bool,
    personal_minor: bool,
    trafficking: float,
    minor: float,
    weights: Weights,
    thresholds: tuple[float, float] | None = None,
    recruited: bool = False,
    controlled: bool = False,
    categories: Set[str] | None = None,
) -> Risks:
    """The labels and the risks as reported, for the rules and the learned stage alike:
    outside commercial context risks are capped, but for coercive recruitment (`recruited`,
    engine/recruit.py), trafficking_risk in any context. `controlled`: someone controls the person
    offered or the house rotates its women (weights.yaml `control_kinds`, `rotation_codes`),
    trafficking_risk in a commercial ad. `thresholds`: (trafficking, minor), else the weights'.
    `categories`: the ad's categories (weights.yaml `trafficking.evidence_categories`)."""
    mw, tw = weights.minor, weights.trafficking
    t_traff, t_minor = thresholds or (tw.label_threshold, mw.label_threshold)
    labels: list[str] = []
    held: Held | None = None
    if is_commercial:
        labels.append("commercial_sex")
        if categories is not None and tw.evidence_categories and categories.isdisjoint(tw.evidence_categories):
            held = Held(trafficking, tuple(tw.evidence_categories)) if trafficking >= t_traff else None
            trafficking = min(trafficking, tw.unsupported_cap)  # (no trafficking kind: weights.yaml)
        if recruited or controlled:
            # Coercive recruitment labels trafficking in any context, a commercial "hostess" job's
            # included; control of the person offered is the pimp's mark (weights.yaml `control_kinds`).
            trafficking = max(trafficking, t_traff)
        if minor >= t_minor:
            # Anyone under 18 induced into commercial sex is a trafficking victim under US law
            # (22 U.S.C. 7102), so minor risk carries trafficking risk with it.
            trafficking = max(trafficking, minor)
        if trafficking >= t_traff:
            labels.append("trafficking_risk")
            held = None  # labelled after all (control, recruitment, a minor)
        if minor >= t_minor:
            labels.append("minor_risk")
    else:
        trafficking = max(trafficking, t_traff) if recruited else min(trafficking, tw.ordinary_cap)
        if recruited:
            labels.append("trafficking_risk")
        if personal_minor:
            labels.append("minor_risk")
            minor = max(minor, t_minor)
        else:
            minor = min(minor, mw.ordinary_cap)
    return Risks(labels, trafficking, minor, held)
