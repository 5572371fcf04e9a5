"""Assessments remembered by what they depend on: most ads are ordinary, and the same few
combinations of section and hits come back ad after ad. Each result is `score.assess`'s, worked
out once; each ad gets its own lists.

Keys and entries are plain tuples of strings and numbers, which the cyclic garbage collector
stops tracking: a table of Signals (a named tuple is tracked for good), Assessments and their
lists grew by some ten tracked objects an entry, and every full collection walked them all
(~15% of the CPU the collector took on a stream of ads)."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import chain

from samaritan.engine.assessment import Assessment
from samaritan.engine.model import Indicator
from samaritan.engine.policy import Weights
from samaritan.engine.score import ALWAYS_REPORTED, Signal, assess

# Entries per table: past it a table starts again (memory stays flat on any stream of ads).
MEMO = 4096
# Categories whose indicators an assessment that is not commercial still reads beyond their code,
# category and weight: youth wording (nested spans, a stated minor age quoted) and what is
# always reported (kept and quoted).
_SPAN_READ = ALWAYS_REPORTED | {"youth"}

# An assessment without indicators as plain values: score, commercial, uncertain, trafficking,
# minor, labels, reasons.
_Entry = tuple[float, bool, bool, float, float, tuple[str, ...], tuple[str, ...]]
# Signals (code, category, weight), each three values, one after another: as a key, equal
# exactly when the signals are.
_Flat = tuple[object, ...]


class Assessed:
    """`assess` under one engine's weights and cue kinds, remembered where it can be. A dict
    read and written under the GIL: thread-safe."""

    def __init__(self, weights: Weights, cues: Mapping[str, str]):
        self.weights = weights
        self.cues = cues
        self.signals_only: dict[tuple[str, _Flat], _Entry] = {}
        self.ordinary: dict[tuple[str, _Flat, _Flat], _Entry] = {}

    def of_signals(self, section: str, unreported: list[Signal]) -> Assessment:
        """`assess` of an ad with nothing to report, only hits that count towards its scores:
        most ordinary ads. Its result depends on the section and those hits (code, category,
        weight, in order) alone."""
        key = (section, tuple(chain.from_iterable(unreported)))
        known = self.signals_only.get(key)
        if known is None:
            if len(self.signals_only) >= MEMO:
                self.signals_only.clear()
            known = self.signals_only[key] = _entry(assess([], section, self.weights, unreported, self.cues))
        return _assessment(known)

    def of(self, section: str, indicators: list[Indicator], unreported: list[Signal]) -> Assessment:
        """`assess` of an ad with indicators. Most such ads are ordinary, their indicators only a
        stated age or a listed phone: an assessment that is not commercial keeps no indicator
        and quotes none, unless one is youth wording (its spans nest: score._outermost) or in
        ALWAYS_REPORTED, so it depends on the section and each indicator's code, category and
        weight, in order, alone, as `of_signals`' does. A commercial ad, or one labelled without
        commercial context (coercive recruitment), is assessed in full every time (its reasons
        quote its text)."""
        if any(i.category in _SPAN_READ for i in indicators):
            return assess(indicators, section, self.weights, unreported, self.cues)
        flat = tuple(chain.from_iterable((i.code, i.category, i.weight) for i in indicators))
        key = (section, flat, tuple(chain.from_iterable(unreported)))
        known = self.ordinary.get(key)
        if known is None:
            assessment = assess(indicators, section, self.weights, unreported, self.cues)
            if assessment.is_commercial or assessment.labels:  # (coercive recruitment quotes its hits too)
                return assessment
            if len(self.ordinary) >= MEMO:
                self.ordinary.clear()
            known = self.ordinary[key] = _entry(assessment)
        return _assessment(known)


def _entry(a: Assessment) -> _Entry:
    return (a.commercial_score, a.is_commercial, a.uncertain, a.trafficking, a.minor, tuple(a.labels), tuple(a.reasons))


def _assessment(known: _Entry) -> Assessment:
    """A remembered assessment with lists of the ad's own and no indicators."""
    score, commercial, uncertain, trafficking, minor, labels, reasons = known
    return Assessment(score, commercial, uncertain, trafficking, minor, list(labels), [], list(reasons))
