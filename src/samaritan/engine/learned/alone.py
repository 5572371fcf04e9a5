"""What a label from the learned model alone needs, beside its probability: where the policy says
so (`text_only_needs_evidence`), some reading of the lexicon or a listed contact, and in a short
ad (`text_only_short_words`) the lexicon's commercial or structural reading
(`text_only_short_evidence`); beside a personal ad's counter-cue, near certainty. Split from
stage.py, which asks it; the training report counts labels the same way (runs/train.py)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from samaritan.engine.learned.features import AdFeatures
from samaritan.engine.model import Indicator

_CONTACT_FEATURES = frozenset({"s:phone", "s:url"})
_SHAPE_CATEGORY = "other"


def has_evidence(feats: AdFeatures) -> bool:
    """Whether the lexicon read anything in the ad (any category) or it lists a phone or a link:
    what a label from the model alone needs where the policy says so (text_only_needs_evidence)."""
    return bool(feats.totals) or any(name in _CONTACT_FEATURES for _, name in feats.named)


# The probability at which the model alone labels an ad that carries a personal ad's counter-cue
# (weights.yaml `cues.cancel`). Counter-cues are strong evidence: on the real development halves
# 46% of personals posts carry one and 0.3% of dating-section commercial posts; those few score
# 1.0, the personals the model alone labelled with one 0.39-0.87.
COUNTERED_TEXT_ONLY = 0.95

# An ad of fewer words than the policy's text_only_short_words (title and body; 40 in the packaged
# policy) is labelled by the model alone only where the lexicon reads commercial wording or an
# ad's structure in it (policy `text_only_short_evidence`: a soft commercial cue, a shape cue such
# as a name-and-age title, a disguised contact, a session's rate, a schedule of cities). Short
# lawful ads are made of the context wording the lexicon also reads (a newcomer to town, a hotel
# suite, a front desk, "two of them", real photos) beside a phone, and a linear model over a dozen
# words has nothing lawful to weigh against it: they scored 0.75-0.99 (docs/learned-model.md).


def word_count(title: str | None, body: str | None) -> int:
    return len((title or "").split()) + len((body or "").split())


def alone_evidence(
    feats: AdFeatures,
    words: int,
    short_words: int,
    short_evidence: Mapping[str, float],
    short_rule: Mapping[str, float] | None = None,
    strongest: Mapping[str, float] | None = None,
) -> bool:
    """has_evidence, and for an ad of fewer than `short_words` words the lexicon's commercial or
    structural reading (`short_evidence`: a category at or above its least total; `short_rule`: a
    category with one rule at or above its least weight): what a label from the model alone needs
    where the policy says so (text_only_needs_evidence). `words`: word_count of the ad's title and
    body. `strongest`: each category's strongest rule (strongest_rules) where the caller has every
    rule the lexicon read, rules newer than the model included; else the features' own. Such a
    newer rule counts toward `short_evidence` as one of the model's would (a companion offered,
    lexicon 2026.12.18), except the shape category `other`: a listed phone and "call" are there, and
    every short lawful ad of the trap suite lists both."""
    if not has_evidence(feats):
        return False
    if words >= short_words:
        return True
    totals = feats.totals
    if strongest is not None:
        totals = dict(totals)
        for category, weight in strongest.items():
            if category != _SHAPE_CATEGORY and weight > totals.get(category, -1.0):
                totals[category] = weight
    if any(category in totals and totals[category] >= least for category, least in short_evidence.items()):
        return True
    if not short_rule:
        return False
    if strongest is None:
        strongest = feats.strongest
    return any(strongest.get(category, -1.0) >= least for category, least in short_rule.items())


def adult_prior(section: str, feats: AdFeatures, section_prior: Mapping[str, float]) -> bool:
    """A section that exists for adult services (weights.yaml `commercial.section_prior` above 0)
    agrees with the model as the lexicon's commercial reading does, where the lexicon read anything
    at all (has_evidence): there a person offered by name, age, hours and place is the section's
    own trade, and the model labels it at the policy's commercial_sex threshold, not only near
    certainty. Elsewhere nothing changes: dating and personals posts need the lexicon's reading or
    near certainty, as before. A personal ad's counter-cue or another trade's terms (a sale in an
    adult section) still take the agreement away (stage.py). Measured at once, default engine:
    the written-apart corpora's adult-section ads +4 J, +4 L, +4 M, +1 N commercial (+2 J, +2 L
    trafficking); the generator's held-out commercial 97.51 -> 97.82%, its 304 ordinary ads posted
    in an adult section and every lawful ad elsewhere unchanged."""
    return section_prior.get(section, 0.0) > 0 and has_evidence(feats)


def strongest_rules(indicators: Iterable[Indicator]) -> dict[str, float]:
    """Each category's strongest single rule among an ad's indicators."""
    out: dict[str, float] = {}
    for ind in indicators:
        if ind.weight > out.get(ind.category, 0.0):
            out[ind.category] = ind.weight
    return out
