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
from dataclasses import dataclass, field
from typing import NamedTuple, cast

from samaritan.engine.model import Indicator
from samaritan.engine.policy import TraffickingWeights, Weights
from samaritan.engine.recruit import recruited

# Reported whatever the context: facts an investigator wants even on an allowed ad.
ALWAYS_REPORTED = frozenset({"obscured_contact"})

# A category as a reviewer reads it beside the ad's words, broad enough for all its rules.
_CATEGORY_PHRASES = {
    "commercial_sex": "solicits paid sex",
    "youth": "youth-suggestive language",
    "movement": "movement wording",
    "third_party": "someone else writes for or controls the person offered",
    "availability": "availability on offer",
    "venue": "hotel, motel or incall venue",
    "pricing": "session rates or specials",
    "screening": "client screening",
    "ethnicity": "ethnicity or nationality stressed",
    "payment": "payment terms (apps, gift cards, deposits, crypto)",
    "obscured_contact": "contact details disguised",
    "reassurance": "trust and reassurance language",
    "other": "other indicators",
}


@dataclass(slots=True)
class Assessment:
    commercial_score: float
    is_commercial: bool
    uncertain: bool
    trafficking: float
    minor: float
    labels: list[str]
    indicators: list[Indicator]
    reasons: list[str] = field(default_factory=list)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _quote(indicators: list[Indicator], limit: int = 3) -> str:
    seen: list[str] = []
    lowered: set[str] = set()
    for ind in indicators:
        text = " ".join(ind.text.split())
        if text.lower() not in lowered:  # each text once, whatever its case
            seen.append(text)
            lowered.add(text.lower())
    shown = ", ".join(f"'{t}'" for t in seen[:limit])
    return shown + (f" and {len(seen) - limit} more" if len(seen) > limit else "")


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
    labels, trafficking, minor = label_risks(
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
        round(score, 3), is_commercial, uncertain, round(trafficking, 4), round(minor, 4), labels, kept
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
) -> tuple[list[str], float, float]:
    """The labels and the risks as reported, for the rules and the learned stage alike:
    outside commercial context risks are capped, but for coercive recruitment (`recruited`,
    engine/recruit.py), trafficking_risk in any context. `controlled`: someone controls the person
    offered or the house rotates its women (weights.yaml `control_kinds`, `rotation_codes`),
    trafficking_risk in a commercial ad. `thresholds`: (trafficking, minor), else the weights'.
    `categories`: the ad's categories (weights.yaml `trafficking.evidence_categories`)."""
    mw, tw = weights.minor, weights.trafficking
    t_traff, t_minor = thresholds or (tw.label_threshold, mw.label_threshold)
    labels: list[str] = []
    if is_commercial:
        labels.append("commercial_sex")
        if categories is not None and tw.evidence_categories and categories.isdisjoint(tw.evidence_categories):
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
    return labels, trafficking, minor


def reasons_for(
    a: Assessment,
    by_category: dict[str, list[Indicator]],
    stated_minor: list[Indicator],
    learned: str | None = None,
    cues: Sequence[Indicator] = (),
    stated_adult: Sequence[Indicator] = (),
) -> list[str]:
    """The reasons a reviewer reads. `learned`: the learned stage's own sentence (its probability
    and strongest evidence in plain words), when that stage scored the ad. `cues`: the soft
    commercial cues that counted (several kinds together). `stated_adult`: the person's stated
    adult age, named beside soft youth wording it weighs against."""
    reasons: list[str] = []
    if a.is_commercial:
        cs = by_category.get("commercial_sex")
        if cs:
            reasons.append(f"Solicits paid sex: {_quote(cs)}.")
        if cues and not learned:
            reasons.append(f"Several kinds of commercial-sex wording together: {_quote(list(cues), 4)}.")
        elif not cs and not learned:
            reasons.append("Posted in an adult-services section with commercial-sex supporting language.")
    if learned:
        reasons.append(learned)
    if "trafficking_risk" in a.labels and not a.is_commercial and by_category.get("third_party"):
        reasons.append(
            f"A job offer that holds the worker's documents, binds her with a debt or confines her: "
            f"{_quote(by_category['third_party'])} (indicators of trafficking, labour or sex, whatever the job)."
        )
    if stated_minor:
        ages = ", ".join(sorted({i.text for i in stated_minor}))
        where = "in a commercial-sex ad" if a.is_commercial else "in a personal or dating section"
        reasons.append(f"States an age under 18 {where}: {ages}.")
    if a.is_commercial:
        minor_codes = {i.code for i in stated_minor}
        youth = [i for i in by_category.get("youth", ()) if i.code not in minor_codes]
        if youth and ("minor_risk" in a.labels or learned):
            reasons.append(
                f"Youth-suggestive language in a commercial-sex ad: {_quote(youth)} "
                "(predictive of trafficking in the comparison-group study)."
            )
        elif youth:
            # Soft youth words alone (weights.yaml `minor.soft`): kept for a reviewer, not minor risk.
            reasons.append(
                f"Soft youth wording in a commercial-sex ad: {_quote(youth)}; for review. Alone it is "
                "common marketing about adults, so it is not minor risk without corroborating cues."
                + (f" The person offered states an adult age: {_quote(list(stated_adult), 2)}." if stated_adult else "")
            )
        if "minor_risk" in a.labels:
            reasons.append(
                "A minor in commercial sex is a trafficking victim under US law; "
                "report to NCMEC's CyberTipline (18 U.S.C. 2258A) and preserve the evidence."
            )
        predictive = [c for c in ("third_party", "obscured_contact", "reassurance", "ethnicity") if by_category.get(c)]
        for cat in predictive:
            reasons.append(f"{_CATEGORY_PHRASES[cat].capitalize()}: {_quote(by_category[cat])}.")
        weak = [c for c in ("venue", "pricing", "availability", "payment", "screening") if by_category.get(c)]
        if weak:
            reasons.append(
                "Supporting signals: "
                + "; ".join(f"{_CATEGORY_PHRASES[c]} ({_quote(by_category[c], 2)})" for c in weak)
                + "."
            )
        if by_category.get("movement"):
            reasons.append(
                f"Movement wording {_quote(by_category['movement'], 2)}: noted, but not predictive "
                "of trafficking on its own; linking shows real movement."
            )
        if "trafficking_risk" in a.labels and "minor_risk" not in a.labels:
            reasons.append(f"Trafficking indicators combine to risk {a.trafficking:.2f}.")
    elif by_category.get("obscured_contact"):
        reasons.append(
            f"Contact details disguised ({_quote(by_category['obscured_contact'], 2)}); "
            "no commercial-sex solicitation found, so the ad is not flagged."
        )
    elif a.uncertain:
        reasons.append("Some commercial-sex wording, below the threshold: sent to review.")
    return reasons
