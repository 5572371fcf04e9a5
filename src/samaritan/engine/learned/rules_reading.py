"""What the learned stage takes from the rule path's own reading of an ad: its trafficking risk
(weights.yaml's expert model over the lexicon's categories), whether a third party controls
the person offered and whether the ad states a deal's terms."""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence

from samaritan.engine.cue_weights import fold_term_word
from samaritan.engine.model import Indicator
from samaritan.engine.policy import Weights
from samaritan.engine.score import rule_strengths

# The rules' trafficking risk counts on the model path where it reaches this: on the training
# families' commercial ads, 0.5 (the rules' own label threshold) is 93-95% precise, 0.6 is 96-97%;
# below it the rules' uncalibrated risk would only blur the model's calibrated one.
RULES_TRAFFICKING_FLOOR = 0.6
# The cue kinds of the lexicon's third-party control rules (TP_CONTROL, a debt, living where she
# works; and control said plainly, its wider wordings): someone else books, answers, drives or is
# paid for her.
CONTROL_KINDS = frozenset({"third_party", "control", "kept"})


def rules_trafficking(totals: Mapping[str, float], weights: Weights, floor: float = RULES_TRAFFICKING_FLOOR) -> float:
    """The rules' own trafficking risk of an ad from its category strengths (AdFeatures.totals,
    or category_totals of its indicators): weights.yaml's logistic model over the categories,
    each capped, as the rule path scores it (a stated minor age aside: minor risk carries
    trafficking risk by itself); 0.0 below `floor`."""
    tw = weights.trafficking
    logit = tw.bias
    if totals:  # (an ad with no hit: the bias alone)
        for category, w in tw.weights.items():
            if category in totals:
                logit += w * min(tw.caps.get(category, 1.0), totals[category])
    risk = 1.0 / (1.0 + math.exp(-logit))
    return risk if risk >= floor else 0.0


def category_totals(indicators: Iterable[Indicator]) -> dict[str, float]:
    """Each category's strength as the rule path adds it up (score.rule_strengths)."""
    return dict(rule_strengths(indicators)[1])


def controlled(
    indicators: Iterable[Indicator], cues: Mapping[str, str] | None, kinds: Collection[str] = CONTROL_KINDS
) -> bool:
    """Whether the lexicon reads someone else controlling the person offered (cue `kinds`)."""
    return cues is not None and any(cues.get(i.code) in kinds for i in indicators)


def states_terms(indicators: Sequence[Indicator], weights: Weights) -> bool:
    """Does the ad state a deal's terms (weights.yaml `commercial.terms`) beside a commercial_sex
    rule? Then the rules' reading labels whatever the model says: the model learned its veto
    from the style of the training families' ads, and offers written as a personal post (a rate
    per date, "incall only", a fee for her time said once) scored 0.00-0.2 in it."""
    terms = weights.commercial.term_codes()
    named = [i for i in indicators if i.code in terms] if terms else []
    words = weights.commercial.term_word_sets() if weights.commercial.term_words else None
    if words:
        # A rule that holds other words too states terms in its listed words only ("ppm", not "escort").
        named += [i for i in indicators if i.code in words and fold_term_word(i.text) in words[i.code]]
    if not named:
        return False
    if any(i.category == "commercial_sex" for i in named):
        return True
    # A rate or a deposit alone is any trade's (a locksmith's hourly rate beside a licensed
    # masseuse's "sessions"): it counts beside a hard commercial_sex term only, as support does.
    floor = weights.commercial.support_floor
    return any(i.category == "commercial_sex" and i.weight >= floor for i in indicators)
