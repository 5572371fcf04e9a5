"""RE2 patterns asked only where they match, on bytes.

The `re2` package's `finditer` builds a match object in Python for every match (and maps
offsets back when given a str); the extractors' window finders need only each match's span,
and give ASCII bytes, whose offsets are the text's. `Spans` calls RE2 directly (compiled with
`never_capture`, so RE2 never works out a group) and steps from match to match as `finditer`
does: the same spans, at a fraction of the cost per match.
"""

from __future__ import annotations

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
