"""Ages stated in an ad ("19yo", "Age: 19", "nineteen", "19 years young", "just turned 18")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from samaritan.engine.cues import Fired, fired, to_re2
from samaritan.engine.extract.numbers import NUMBER, to_int
from samaritan.engine.normalize import lower_in_place

# Matched on lower-cased text (same offsets as the original), so no IGNORECASE: it makes `re`
# several times slower.
_AGE_PATTERNS = [
    # 19yo, 19 y/o, 19 y.o., 19yrs old, 19 years young, nineteen years old
    re.compile(
        rf"(?<![\w$#.'/])({NUMBER})\s*(?:-\s*)?(?:yo\b|y/o\b|y\.o\.?|yrs?\b(?:\s*old)?|years?\s*(?:old|young)"
        rf"|year\s*old|-year-old|yr\s*old)"
    ),
    # Age: 19, aged 19, age 19
    re.compile(rf"\b(?:age|aged|edad)\s*[:=\-]?\s*({NUMBER})\b(?![.'\"]\d|\s*(?:lbs?|kg|cm|ft|in\b|%))"),
    # I'm 19, I am 19, she is 19, just turned 18
    re.compile(
        rf"\b(?:i\s*am|i'?m|im|she\s*is|she'?s|he\s*is|he'?s|just\s+turned|turned|only)\s+({NUMBER})\b"
        r"(?!\s*(?:lbs?|kg|cm|ft|in\b|%|min|hours?|hrs?|am\b|pm\b|minutes|dollars|roses|\$|mins|days|"
        r"weeks|months|miles|inches|pounds|kids|children|dogs|cats|times|of\b|and\s+a\s+half|'|\"|\.\d|/))"
    ),
]


# One cheap window finder per pattern above, in the same order: each pattern runs only near them.
_CUE_PATTERNS = [
    r"y(?:o\b|/o|\.o|rs?\b|ears?\b|ear\b|r\s*old)",
    r"\bage|\bedad",
    r"(?:am|'m|im|is|'s|turned|only)\s+(?:\d|[a-z]+teen\b|[a-z]+ty\b|ten\b|eleven|twelve)",
]
_CUES = [re.compile(c) for c in _CUE_PATTERNS]
# The same cues for the one-pass RE2 scan (samaritan.engine.cues).
CUES = {f"age.{i}": to_re2(c) for i, c in enumerate(_CUE_PATTERNS)}


@dataclass(frozen=True, slots=True)
class AgeMatch:
    age: int
    start: int
    end: int


def find_ages(text: str, lowered: str | None = None, cues: Fired = None) -> list[AgeMatch]:
    """Ages stated in `text`. `lowered` is `text` lower-cased in place (offsets kept) and `cues`
    the ad's one-pass cue scan; both are worked out here when not given."""
    if lowered is None:
        lowered = lower_in_place(text)
    out: list[AgeMatch] = []
    taken: set[int] = set()
    for number, (pattern, cue) in enumerate(zip(_AGE_PATTERNS, _CUES, strict=True)):
        if not fired(cues, f"age.{number}"):
            continue
        # Each pattern runs only in a small window around each of its cues.
        windows: list[tuple[int, int]] = []
        for c in cue.finditer(lowered):
            lo, hi = max(0, c.start() - 30), min(len(lowered), c.end() + 30)
            if windows and lo <= windows[-1][1]:
                windows[-1] = (windows[-1][0], hi)
            else:
                windows.append((lo, hi))
        matches = [m for lo, hi in windows for m in pattern.finditer(lowered, lo, hi)]
        for m in matches:
            age = to_int(m.group(1))
            if age is None or not 10 <= age <= 80 or m.start(1) in taken:
                continue
            taken.add(m.start(1))
            out.append(AgeMatch(age, m.start(), m.end()))
    out.sort(key=lambda a: a.start)
    return out
