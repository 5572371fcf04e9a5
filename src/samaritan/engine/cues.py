"""One pass over an ad for every cheap cue the normaliser and the extractors gate on.

Each stage names, next to its own Python patterns, the cues those patterns need as RE2
patterns that match wherever the slow pattern could (a relaxation: no look-around, so a cue
may fire in vain but never miss). Three RE2 Sets (see `_GROUPS`) scan the lower-cased ad
once each, some microseconds, instead of some thirty separate `re` scans; a stage then runs
its full pattern only when its cue fired.

RE2's `\\s`, `\\d` and `\\b` are ASCII while Python's are Unicode, so cues are written with
Python's escapes and translated by `to_re2` into classes that hold for any text, or name only
ASCII characters explicitly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

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


def utf8_gate(pattern: str) -> Callable[[bytes], list[int]]:
    """The `Match` of a one-pattern RE2 search Set over UTF-8 (its C++ object's own, past the
    package's Python wrapper): an empty list where `pattern` matches nowhere in the bytes. The
    gates that spare a `re` search where RE2 proves in one linear pass it cannot match."""
    options = re2.Options()
    options.never_capture = True
    compiled = re2.Set.SearchSet(options)
    compiled.Add(pattern)
    compiled.Compile()
    match: Callable[[bytes], list[int]] = compiled._set.Match
    return match


def to_re2(pattern: str) -> str:
    """A cue written with Python's escapes as an RE2 pattern that matches wherever it can match
    in Python, on any text: `\\s` and `\\d` as Python's Unicode classes, and `\\b` as a
    non-word character (or an end) before a leading word or after a trailing one. Only meant
    for cues: no look-arounds, and `\\b` only at the edges of words."""
    pattern = _LEADING_B.sub(lambda m: m.group(1) + _BEFORE, pattern)
    return pattern.replace(r"\b", _AFTER).replace(r"\s", WS).replace(r"\d", DIGIT)


Fired = frozenset[str] | None
"""Names of the cues found in an ad; None: not scanned, so every stage runs in full."""


# Cues scanned together, by name prefix (the rest form one more set). RE2 runs a Set as one DFA
# whose states combine the states of all its patterns, so unrelated patterns multiply each
# other's states: with every cue in one Set, real ads built new states faster than the DFA's
# memory held them and each ad cost ~50 us; in these three Sets, ~10 us.
_GROUPS = (("fold.", "price.", "email", "url", "cashtag"), ("phone.", "shape."))


class CueSet:
    """Named RE2 cue patterns compiled into a few RE2 Sets. Build once, share across threads."""

    def __init__(self, patterns: Mapping[str, str]):
        options = re2.Options()
        options.never_capture = True  # a Set only reports which patterns matched
        grouped: list[dict[str, str]] = [{} for _ in range(len(_GROUPS) + 1)]
        for name, pattern in patterns.items():
            index = next((i for i, prefixes in enumerate(_GROUPS) if name.startswith(prefixes)), len(_GROUPS))
            grouped[index][name] = pattern
        # Each Set's own RE2 object: its `Match` wrapper only re-checks the type and wraps an
        # empty list as None, some hundreds of instructions a call, three calls an ad.
        self._sets: list[tuple[Any, tuple[str, ...]]] = []
        for group in grouped:
            if not group:
                continue
            compiled = re2.Set.SearchSet(options)
            for name, pattern in group.items():
                try:
                    compiled.Add(pattern)
                except re2.error as exc:
                    raise ValueError(f"cue {name!r} is not a valid RE2 pattern: {pattern!r}") from exc
            compiled.Compile()
            self._sets.append((compiled._set, tuple(group)))
        self._names = tuple(name for _, names in self._sets for name in names)

    @property
    def names(self) -> tuple[str, ...]:
        return self._names

    def scan(self, text: str) -> frozenset[str]:
        """Names of the cues found in `text` (already lower-cased)."""
        found: list[str] = []
        data = text.encode("utf-8")  # once, not once per Set
        for compiled, names in self._sets:
            hits = compiled.Match(data)
            if hits:
                found.extend(names[i] for i in hits)
        return frozenset(found)

    def warm(self, texts: Iterable[str]) -> None:
        """Scan `texts` (lower-cased, ad-sized) and forget what fired: RE2 builds a Set's DFA
        states lazily, the first time text leads to each, and keeps them. Built on the first ads
        instead, they made the first thousands of a run's scans cost ~3x the later ones."""
        for compiled, _ in self._sets:
            for text in texts:
                compiled.Match(text.encode("utf-8"))

    def scan_many(self, encoded: list[bytes]) -> list[frozenset[str]]:
        """`scan` of each text (lower-cased, as UTF-8), one Set at a time over all of them: a
        Set's DFA stays in the CPU caches from one text to the next (RE2 scans cost several
        times more when other work runs between them)."""
        found: list[list[str]] = [[] for _ in encoded]
        for compiled, names in self._sets:
            for each, data in zip(found, encoded, strict=True):
                hits = compiled.Match(data)
                if hits:
                    each.extend(names[i] for i in hits)
        return [frozenset(each) for each in found]


def needs_digit(pattern: str) -> bool:
    """Can `pattern` only match text holding an ASCII digit? Then a window without one is skipped
    before the pattern runs (rate and price rules anchor on common words such as "hour").
    Worked out from the parsed pattern; anything unrecognised counts as "no"."""
    try:
        # Private stdlib modules typeshed does not describe.
        from re import _constants as c  # type: ignore[attr-defined]
        from re import _parser  # type: ignore[attr-defined]

        def requires(items: Any) -> bool:  # a sequence needs a digit if any of its items does
            return any(item_requires(op, av) for op, av in items)

        def item_requires(op: Any, av: Any) -> bool:
            if op is c.LITERAL:
                return chr(av).isdigit() and chr(av).isascii()
            if op is c.IN:
                return all(
                    (o is c.CATEGORY and a is c.CATEGORY_DIGIT)
                    or (o is c.LITERAL and chr(a) in "0123456789")
                    or (o is c.RANGE and chr(a[0]) >= "0" and chr(a[1]) <= "9")
                    for o, a in av
                )
            if op is c.SUBPATTERN:
                return requires(av[-1])
            if op is c.BRANCH:
                return all(requires(branch) for branch in av[1])
            if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
                return av[0] >= 1 and requires(av[2])
            return False

        return requires(_parser.parse(pattern))
    except Exception:  # a private module: if it ever changes, just run every pattern
        return False


def fired(cues: Fired, *names: str) -> bool:
    """Did any of `names` fire? Unknown cues (None) count as fired, so nothing is skipped."""
    return cues is None or not cues.isdisjoint(names)
