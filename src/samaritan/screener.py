"""One ad in, one verdict out: normalise -> detect/extract -> score -> decide."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from samaritan import __version__, extract, normalize
from samaritan.adparse import parse_ad
from samaritan.config import Policy, Weights, load_policy, load_weights
from samaritan.cues import CueSet, Fired
from samaritan.detect import Detector
from samaritan.extract import Extraction, Extractor, ad_text
from samaritan.lexicon import Lexicon, load_lexicon
from samaritan.model import Ad, Indicator, Verdict
from samaritan.normalize import lower_in_place
from samaritan.score import ALWAYS_REPORTED, Assessment, Signal, assess, can_report

_SEVERITY = {"allow": 0, "review": 1, "block": 2}


class Screener:
    """Reusable, thread-safe screening engine. Build once (loading rules costs ~1 s), call often."""

    def __init__(
        self,
        lexicon: Lexicon | str | Path | None = None,
        weights: Weights | str | Path | None = None,
        policy: Policy | str | Path | None = None,
        region: str = "US",
        places: bool = True,
    ):
        self.lexicon = lexicon if isinstance(lexicon, Lexicon) else load_lexicon(lexicon)
        self.weights = weights if isinstance(weights, Weights) else load_weights(weights)
        self.policy = policy if isinstance(policy, Policy) else load_policy(policy)
        self.detector = Detector(self.lexicon)
        # One RE2 pass per ad finds every cue the normaliser and the extractors gate on.
        self.cues = CueSet({**normalize.CUES, **extract.CUES})
        self.extractor = Extractor(
            region=region, places=places, platform_regions=self.policy.platform_regions, cues=self.cues
        )
        self.versions = {
            "engine": __version__,
            "lexicon": self.lexicon.version,
            "model": self.weights.version,
            "policy": self.policy.version,
        }

    def screen(self, ad: Ad | dict[str, Any]) -> Verdict:
        if not isinstance(ad, Ad):
            ad = parse_ad(ad)
        lowered = lower_in_place(ad_text(ad))
        cues = self.cues.scan(lowered)
        extraction = self.extractor.extract(ad, lowered, cues)
        indicators, unreported = self._indicators(ad, extraction, cues)
        assessment = assess(indicators, ad.section, self.weights, unreported)
        decision = self._decide(ad.section, assessment)
        return Verdict(
            id=ad.id,
            platform=ad.platform,
            decision=decision,
            labels=assessment.labels,
            risk={"trafficking": assessment.trafficking, "minor": assessment.minor},
            priority=_priority(assessment, decision),
            indicators=assessment.indicators,
            entities=extraction.entities,
            reasons=assessment.reasons,
            versions=dict(self.versions),
        )

    def _indicators(self, ad: Ad, extraction: Extraction, cues: Fired) -> tuple[list[Indicator], list[Signal]]:
        """The ad's indicators, and the hits that only count towards its scores: on an ad that
        cannot be commercial, hits outside ALWAYS_REPORTED are never reported, so their spans
        are not worked out."""
        hits = [hit for name, text in ad.fields() for hit in self.detector.find(name, text, cues)]
        report_all = can_report({hit.rule.category for hit in hits}, ad.section, self.weights)
        found: list[Indicator] = []
        unreported: list[Signal] = []
        for hit in hits:
            rule = hit.rule
            if report_all or rule.category in ALWAYS_REPORTED:
                found.append(Indicator(rule.code, rule.category, hit.field, hit.start, hit.end, hit.text, rule.weight))
            else:
                unreported.append(Signal(rule.code, rule.category, rule.weight))
        for d in extraction.disguised:
            code = "OBS_PHONE_DISGUISED" if d.kind == "phone" else "OBS_EMAIL_SPELLED"
            found.append(Indicator(code, "obscured_contact", d.field, d.start, d.end, d.text, 1.0))
        for name, age in extraction.ages:
            text = (ad.title if name == "title" else ad.body)[age.start : age.end]
            if age.age < 18:
                found.append(Indicator("YOUTH_STATED_MINOR_AGE", "youth", name, age.start, age.end, text, 3.0))
            elif age.age <= 19:
                found.append(Indicator("YOUTH_STATED_AGE_18_19", "youth", name, age.start, age.end, text, 0.4))
        found.sort(key=lambda i: (i.field != "title", i.start, i.end, i.code))
        return found, unreported

    def _decide(self, section: str, a: Assessment) -> str:
        outcomes = list(a.labels) or (["uncertain"] if a.uncertain else ["ordinary"])
        return max((self.policy.action(section, o) for o in outcomes), key=_SEVERITY.__getitem__)


def _priority(a: Assessment, decision: str) -> str:
    if "minor_risk" in a.labels:
        return "urgent"
    if "trafficking_risk" in a.labels:
        return "high" if a.trafficking >= 0.8 else "medium"
    if a.labels or decision != "allow":
        return "low"
    return "none"


_default: Screener | None = None


def screen(ad: Ad | dict[str, Any]) -> Verdict:
    """Screen one ad with the packaged lexicon, weights and policy."""
    global _default
    if _default is None:
        _default = Screener()
    return _default.screen(ad)
