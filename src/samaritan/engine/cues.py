"""One pass over an ad for every cheap cue the normaliser and the extractors gate on.

Each stage names, next to its own Python patterns, the cues those patterns need as RE2
patterns that match wherever the slow pattern could (a relaxation: no look-around, so a cue
may fire in vain but never miss). One RE2 Set scans the lower-cased ad once, a few
microseconds, instead of some twenty separate `re` scans; a stage then runs its full pattern
only when its cue fired.

RE2's `\\s`, `\\d` and `\\b` are ASCII while Python's are Unicode, so cues are written with
Python's escapes and translated by `to_re2` into classes that hold for any text, or name only
ASCII characters explicitly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import re2

# Python's `\s`: RE2's own leaves out \v, the \x1c-\x1f separators and Unicode spaces.
WS = r"[\t\n\x0b\x0c\r \x1c-\x1f\x85\xa0\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]"
# Python's `\d`: any decimal digit, not only 0-9.
DIGIT = r"\p{Nd}"
# Around a word boundary, a character Python cannot count as part of a word on lower-cased text
# (every non-word character is outside [a-z0-9_]; the reverse may not hold: a relaxation).
_BEFORE = r"(?:^|[^a-z0-9_])"
_AFTER = r"(?:[^a-z0-9_]|$)"
_LEADING_B = re.compile(r"(^|\||\((?:\?:)?)\\b")


def to_re2(pattern: str) -> str:
    """A cue written with Python's escapes as an RE2 pattern that matches wherever it can match
    in Python, on any text: `\\s` and `\\d` as Python's Unicode classes, and `\\b` as a
    non-word character (or an end) before a leading word or after a trailing one. Only meant
    for cues: no look-arounds, and `\\b` only at the edges of words."""
    pattern = _LEADING_B.sub(lambda m: m.group(1) + _BEFORE, pattern)
    return pattern.replace(r"\b", _AFTER).replace(r"\s", WS).replace(r"\d", DIGIT)


Fired = frozenset[str] | None
"""Names of the cues found in an ad; None: not scanned, so every stage runs in full."""


class CueSet:
    """Named RE2 cue patterns compiled into one RE2 Set. Build once, share across threads."""

    def __init__(self, patterns: Mapping[str, str]):
        options = re2.Options()
        options.never_capture = True  # a Set only reports which patterns matched
        self._set = re2.Set.SearchSet(options)
        self._names: list[str] = []
        for name, pattern in patterns.items():
            try:
                self._set.Add(pattern)
            except re2.error as exc:
                raise ValueError(f"cue {name!r} is not a valid RE2 pattern: {pattern!r}") from exc
            self._names.append(name)
        if self._names:
            self._set.Compile()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._names)

    def scan(self, text: str) -> frozenset[str]:
        """Names of the cues found in `text` (already lower-cased)."""
        if not self._names:
            return frozenset()
        hits = self._set.Match(text)
        return frozenset(self._names[i] for i in hits) if hits else frozenset()


def fired(cues: Fired, *names: str) -> bool:
    """Did any of `names` fire? Unknown cues (None) count as fired, so nothing is skipped."""
    return cues is None or not cues.isdisjoint(names)
