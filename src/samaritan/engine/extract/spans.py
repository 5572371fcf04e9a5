"""RE2 patterns asked only where they match, on bytes.

The `re2` package's `finditer` builds a match object in Python for every match (and maps
offsets back when given a str); the extractors' window finders need only each match's span,
and give ASCII bytes, whose offsets are the text's. `Spans` calls RE2 directly (compiled with
`never_capture`, so RE2 never works out a group) and steps from match to match as `finditer`
does: the same spans, at a fraction of the cost per match.
"""

from __future__ import annotations

import re
from typing import Any

import re2

_UNANCHORED = re2._Anchor.UNANCHORED  # the package's own name for it (`re2.compile` uses it)


class Spans:
    """An RE2 pattern whose matches are wanted only as (start, end) spans of bytes."""

    __slots__ = ("_match", "pattern")

    def __init__(self, pattern: str, latin1: bool = False):
        """`latin1`: read the data (and the pattern) as Latin-1, one character a byte, so that a
        byte 0x80-0xff is a character of its own (a non-ASCII one) rather than part of UTF-8."""
        options = re2.Options()
        options.never_capture = True
        self.pattern = pattern
        if latin1:
            options.encoding = re2.Options.Encoding.LATIN1
            self._match = re2.compile(pattern.encode("latin-1"), options)._regexp.Match
        else:
            self._match = re2.compile(pattern, options)._regexp.Match

    def find(self, data: bytes, pos: int = 0, endpos: int | None = None) -> list[tuple[int, int]]:
        """The spans `re2.compile(pattern).finditer(data, pos, endpos)` finds, in order."""
        size = len(data)
        endpos = size if endpos is None else max(0, min(endpos, size))
        pos = max(0, min(pos, size))
        out: list[tuple[int, int]] = []
        match = self._match
        while pos <= endpos:
            span = match(_UNANCHORED, data, pos, endpos)[0]
            if span[0] < 0:
                break
            out.append(span)
            if pos == endpos:
                break
            pos = pos + 1 if pos == span[1] else span[1]
        return out

    def windows(self, data: bytes, before: int, after: int) -> list[tuple[int, int]]:
        """Each match of `find(data)` widened by `before` and `after` (within the data), the
        overlapping or touching ones merged: in one loop, without the list of spans."""
        size = len(data)
        match = self._match
        out: list[tuple[int, int]] = []
        first = last = -1
        pos = 0
        while True:
            start, end = match(_UNANCHORED, data, pos, size)[0]
            if start < 0:
                break
            lo = start - before if start > before else 0
            hi = end + after if end + after < size else size
            if last >= 0 and lo <= last:
                last = hi
            else:
                if last >= 0:
                    out.append((first, last))
                first, last = lo, hi
            if pos == size:
                break
            pos = pos + 1 if pos == end else end
        if last >= 0:
            out.append((first, last))
        return out


_LOOKAROUND = ("(?=", "(?!", "(?<=", "(?<!")


def relaxed_source(pattern: str) -> str:
    """An RE2 pattern (Latin-1) that matches wherever the `re` pattern `pattern` can match in ASCII
    or Latin-1 text, starting where it starts: its look-arounds, `\\b` and `$` dropped (each only
    ever rules a match out), `\\s` as Python's ASCII class, and every character past Latin-1 as the
    byte 0xff that `asciire.symbol_bytes` writes for one. A relaxation: it may match in vain."""
    out: list[str] = []
    i, size = 0, len(pattern)
    in_class = False
    while i < size:
        char = pattern[i]
        if char == "\\" and i + 1 < size:
            escape = pattern[i : i + 2]
            if escape == r"\s":
                out.append(r"\s\x0b\x1c-\x1f" if in_class else r"[\s\x0b\x1c-\x1f]")
            elif escape == r"\S":
                if in_class:
                    raise ValueError(r"\S in a class has no relaxation here")
                out.append(r"[^\s\x0b\x1c-\x1f]")
            elif escape in (r"\b", r"\B") and not in_class:
                pass
            elif escape in (r"\Z", r"\A"):
                raise ValueError(f"{escape} has no relaxation here")
            else:
                out.append(_latin1(escape))
            i += 2
            continue
        if in_class:
            if char == "]" and pattern[i - 1] != "[" and pattern[i - 2 : i] != "[^":
                in_class = False
            out.append(_latin1(char))
            i += 1
            continue
        if char == "[":
            in_class = True
            out.append(char)
            i += 1
            continue
        if pattern.startswith(_LOOKAROUND, i):
            i = _group_end(pattern, i)
            continue
        if char == "$":
            i += 1  # dropped too: RE2 reads no end at `endpos`, where `re` does
            continue
        out.append(_latin1(char))
        i += 1
    return "".join(out)


def _latin1(text: str) -> str:
    return "".join(c if ord(c) < 256 else r"\xff" for c in text)


def _group_end(pattern: str, start: int) -> int:
    """The index past the group that opens at pattern[start] (a "(")."""
    depth = 0
    i = start
    in_class = False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            if char == "]" and pattern[i - 1] != "[" and pattern[i - 2 : i] != "[^":
                in_class = False
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError(f"unbalanced group at {start} in {pattern!r}")


def _warm(match: Any, data: bytes) -> None:  # RE2's own Match: untyped
    """Every match of an RE2 pattern in `data`, in order: builds the DFA states the text leads to."""
    pos, size = 0, len(data)
    while pos <= size:
        span = match(_UNANCHORED, data, pos, size)[0]
        if span[0] < 0 or pos == size:
            break
        pos = pos + 1 if pos == span[1] else span[1]


class Located:
    """A `re` pattern's `finditer`, asked only where an RE2 relaxation of it (`relaxed_source`)
    says a match can start: RE2 skips the stretches between in one pass, where `re` tries the
    whole pattern at every position (a look-behind or a group of alternatives first leaves it
    nothing to skip ahead to). Every match of the pattern starts where its relaxation matches,
    so the first match at or after a position is the first the relaxation leads to."""

    __slots__ = ("_first", "pattern")

    def __init__(self, pattern: re.Pattern[str]):
        options = re2.Options()
        options.never_capture = True
        options.encoding = re2.Options.Encoding.LATIN1
        self.pattern = pattern
        self._first = re2.compile(relaxed_source(pattern.pattern).encode("latin-1"), options)._regexp.Match

    def warm(self, data: bytes) -> None:
        """Build the relaxation's RE2 states for text like `data` (extract/warmup.py)."""
        _warm(self._first, data)

    def finditer(self, text: str, data: bytes, pos: int = 0, endpos: int | None = None) -> list[re.Match[str]]:
        """`pattern.finditer(text, pos, endpos)` as a list; `data` is `text` as Latin-1 bytes, one
        a character (`asciire.symbol_bytes`, or ASCII)."""
        size = len(text)
        endpos = size if endpos is None else max(0, min(endpos, size))
        pos = max(0, min(pos, size))
        out: list[re.Match[str]] = []
        first = self._first
        match = self.pattern.match
        while pos <= endpos:
            start = first(_UNANCHORED, data, pos, endpos)[0][0]
            if start < 0:
                break
            m = match(text, start, endpos)
            if m is None:
                pos = start + 1
                continue
            out.append(m)
            end = m.end()
            pos = end if end > start else start + 1  # (the patterns this serves never match empty)
        return out


class Gate:
    """Whether a `re` pattern can match, asked first of its RE2 relaxation (`relaxed_source`) on
    Latin-1 bytes: where the relaxation finds nothing the pattern finds nothing either, and RE2
    says so in one pass instead of `re` trying the pattern at every position. Asked as one-pattern
    RE2 Sets: a yes or no needs only RE2's forward automaton, never the match's start."""

    __slots__ = ("_match", "_search", "pattern")

    def __init__(self, pattern: re.Pattern[str]):
        self.pattern = pattern
        relaxed = relaxed_source(pattern.pattern).encode("latin-1")
        self._search = _one_pattern_set(re2.Set.SearchSet, relaxed)
        self._match = _one_pattern_set(re2.Set.MatchSet, relaxed)

    def warm(self, data: bytes) -> None:
        """Build the relaxation's RE2 states for text like `data` (extract/warmup.py), on slices
        like those the age checks read."""
        for start in range(0, len(data), 40):
            self._search(data[start : start + 40])
            self._match(data[start : start + 30])

    def may_search(self, data: bytes) -> bool:
        """False only if `pattern.search` finds nothing in the text `data` holds."""
        return bool(self._search(data))

    def may_match(self, data: bytes) -> bool:
        """False only if `pattern.match` finds nothing at the start of the text `data` holds."""
        return bool(self._match(data))


def _one_pattern_set(kind: Any, pattern: bytes) -> Any:
    """The `Match` of an RE2 Set (`kind`: searching, or anchored at the start) of one Latin-1
    pattern: its C++ object's own, past the package's Python wrapper."""
    options = re2.Options()
    options.never_capture = True
    options.encoding = re2.Options.Encoding.LATIN1
    compiled = kind(options)
    compiled.Add(pattern)
    compiled.Compile()
    return compiled._set.Match


class Relaxations:
    """Which of several `re` patterns can match somewhere in a text, asked of their RE2
    relaxations (`relaxed_source`) as one RE2 Set on Latin-1 bytes, in one call: a pattern left
    out finds nothing in the text, nor in any part of it (a relaxation has no look-around, `\\b`
    or `$`, so a match in part of the text is a match in the whole)."""

    __slots__ = ("_match", "_names")

    def __init__(self, names: list[str], patterns: list[re.Pattern[str]]):
        options = re2.Options()
        options.never_capture = True
        options.encoding = re2.Options.Encoding.LATIN1
        compiled = re2.Set.SearchSet(options)
        for pattern in patterns:
            compiled.Add(relaxed_source(pattern.pattern).encode("latin-1"))
        compiled.Compile()
        self._match = compiled._set.Match
        self._names = tuple(names)

    def warm(self, data: bytes) -> None:
        """Build the Set's RE2 states for text like `data` (extract/warmup.py)."""
        self._match(data)

    def matching(self, data: bytes) -> frozenset[str]:
        """Names of the patterns whose relaxation matches somewhere in `data`."""
        names = self._names
        return frozenset(names[i] for i in self._match(data))
