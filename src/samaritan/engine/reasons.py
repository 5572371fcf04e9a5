"""The reasons a reviewer reads beside a verdict, for the rules and the learned stage alike: what
was read (the ad's own words, quoted), what it means, and where a risk was held back, why."""

from __future__ import annotations

from collections.abc import Sequence

from samaritan.engine.assessment import Assessment
from samaritan.engine.model import Indicator

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
        elif a.trafficking_held is not None:
            reasons.append(_held_reason(a.trafficking_held.risk, a.trafficking_held.kinds, a.trafficking))
    elif by_category.get("obscured_contact"):
        reasons.append(
            f"Contact details disguised ({_quote(by_category['obscured_contact'], 2)}); "
            "no commercial-sex solicitation found, so the ad is not flagged."
        )
    elif a.uncertain:
        reasons.append("Some commercial-sex wording, below the threshold: sent to review.")
    return reasons


def _held_reason(risk: float, kinds: Sequence[str], reported: float) -> str:
    """Why a commercial ad's trafficking risk stops short of its label (weights.yaml `trafficking`,
    `evidence_categories` and `unsupported_cap`): rates, venues, hours and movement are as common in
    independents' ads, and a reviewer should see that the engine weighed them and why it held back."""
    missing = "; ".join(_CATEGORY_PHRASES.get(kind, kind.replace("_", " ")) for kind in kinds)
    return (
        f"Not labelled trafficking: its trafficking risk reads {risk:.2f}, but nothing in the ad is of a "
        f"trafficking kind ({missing}); rates, venues, hours and movement alone are as common in "
        f"independents' ads, so it is reported at {reported:.2f}."
    )
