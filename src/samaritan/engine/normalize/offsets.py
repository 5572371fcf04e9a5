"""The way back from folded text to the original: offset lists, collapsed space runs, edits."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from typing import final

from samaritan.engine.normalize.decode import reference_end

_RUNS = re.compile("  +")


@final  # lets mypy narrow `type(mapping) is _Collapsed` in Folded.origin
class _Collapsed:
    """Where each character of a text came from after runs of spaces in `pre` became one space.
    Worked out only when an indicator needs a span (most folded text never does), and then
    only as far into the text as the span: run boundaries, taken one match a run from one
    `finditer` over the text (the scan resumes in C where the last run ended; a `find` and a
    `startswith` a run, each parsing its arguments, cost twice as much on real posts), and
    searched by bisection (a split of the whole text into pieces, its lengths summed, cost
    ~65,000 instructions a view; a numpy map of the kept characters ~30,000)."""

    __slots__ = ("_base", "_pre", "_removed", "_runs", "_settled", "_starts")

    def __init__(self, pre: str, base: list[int] | None):
        self._pre = pre
        self._base = base
        self._starts: list[int] = []  # each run's position in the collapsed text
        self._removed: list[int] = [0]  # characters removed by the runs before run k
        # The runs not listed yet: one finditer, made at the first look-up (most views have none).
        self._runs: Iterator[re.Match[str]] | None = None
        self._settled = 0  # collapsed positions below this have every run before them listed

    def origin(self, position: int) -> int:
        if position >= self._settled:
            self._list_runs(position)
        position += self._removed[bisect_left(self._starts, position)]  # runs strictly before it
        return self._base[position] if self._base is not None else position

    def span(self, start: int, end: int) -> tuple[int, int]:
        """(origin(start), origin(end - 1) + 1) in one call: a hit's span is read once, and two
        calls through `Folded.origin` cost more than the look-ups."""
        last = end - 1
        if (last if last > start else start) >= self._settled:
            self._list_runs(last if last > start else start)
        starts, removed, base = self._starts, self._removed, self._base
        first = start + removed[bisect_left(starts, start)]
        last += removed[bisect_left(starts, last)]
        return (first, last + 1) if base is None else (base[first], base[last] + 1)

    def offsets(self) -> list[int]:
        """The origin of every collapsed character, as one list."""
        kept: list[int] = []
        done = 0
        for run in _RUNS.finditer(self._pre):
            kept.extend(range(done, run.start() + 1))
            done = run.end()
        kept.extend(range(done, len(self._pre)))
        base = self._base
        return kept if base is None else [base[k] for k in kept]

    def _list_runs(self, position: int) -> None:
        """List runs until every run before collapsed `position` is listed."""
        starts, removed = self._starts, self._removed
        total = removed[-1]
        runs = self._runs
        if runs is None:
            runs = self._runs = _RUNS.finditer(self._pre)
        for run in runs:
            at, end = run.span()
            starts.append(at - total)
            total += end - at - 1
            removed.append(total)
            if end - total > position:  # a later run starts past `position`
                self._settled = end - total
                return
        self._settled = len(self._pre) + 1  # (no position reaches it)


class Folded:
    """Folded text plus the way back from each of its characters to the original character.
    Offsets rise with position, except inside a run of upside-down text, which reads
    backwards: a span is therefore the smallest original span holding all its characters."""

    __slots__ = ("_map", "_reversed", "original", "plain", "reading", "respelled", "text", "words_read")

    def __init__(self, original: str, text: str, offsets: list[int] | _Collapsed | None, reversed_runs: bool = False):
        self.original = original
        self.text = text
        self._map = offsets  # None: identity (same length, same positions)
        self._reversed = reversed_runs
        # Whether the view reads respelled words as the lexicon's ("avlbl": "available"): the
        # category tagger reads such a view, the model the first (normalize.fold sets it).
        self.respelled = False
        # Whether the text is the original's, lower-cased, with punctuation spaced and nothing
        # else read (most fields): the learned stage's reading (learned/reading.py) then needs
        # no comparison of its own (normalize.fold sets it).
        self.plain = False
        # Whether folding read words of the text anew beyond its characters: encodings decoded,
        # split letters or words broken across lines joined, leetspeak (normalize.fold sets it).
        self.words_read = False
        # The learned stage's reading of the view (learned.reading.read), once worked out: scope,
        # the model and the tagger read it several times a verdict.
        self.reading: object | None = None

    @property
    def reads_backwards(self) -> bool:
        """Whether a run of the text was turned the right way up (its offsets read backwards)."""
        return self._reversed

    def spaced(self) -> str | None:
        """The text before its runs of spaces became one space, when each of its characters came
        from the original's character at the same index (None otherwise): a view of ASCII text
        whose words were only read through leetspeak, or not at all."""
        mapping = self._map
        if mapping is None:
            return self.text if len(self.text) == len(self.original) else None
        if type(mapping) is _Collapsed and mapping._base is None:
            return mapping._pre if len(mapping._pre) == len(self.original) else None
        return None

    def origin(self, position: int) -> int:
        """Index of the original character that folded character `position` came from."""
        mapping = self._map
        if mapping is None:
            return position
        if type(mapping) is _Collapsed:
            return mapping.origin(position)
        return mapping[position]

    def offsets(self) -> list[int]:
        """The origin of every character of the text, as one list."""
        mapping = self._map
        if mapping is None:
            return list(range(len(self.text)))
        if type(mapping) is _Collapsed:
            return mapping.offsets()
        return list(mapping)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of folded text onto the original text."""
        mapping = self._map
        if mapping is None:
            return start, end
        if not self._reversed:
            if type(mapping) is _Collapsed:
                o_start, o_end = mapping.span(start, end)
            else:
                o_start, o_end = self.origin(start), self.origin(end - 1) + 1
        else:
            # Reversed (upside-down) text may sit inside the span: take every character's origin.
            origins = [self.origin(i) for i in range(start, end)]
            o_start, o_end = min(origins), max(origins) + 1
        # Every letter decoded from an entity or percent-encoding maps to the reference's start:
        # a span ending in one ends after the reference ("new in tow%6E", not "new in tow%").
        return o_start, reference_end(self.original, o_end)


# One edit of folded text: replace [start, end) with `repl`, whose characters come from `repl_offs`.
Edit = tuple[int, int, str, list[int]]


def rewrite(text: str, offs: list[int], edits: list[Edit]) -> tuple[str, list[int]]:
    """Apply non-overlapping, ordered edits (start, end, replacement, replacement offsets)."""
    pieces: list[str] = []
    new_offs: list[int] = []
    pos = 0
    for start, end, repl, repl_offs in edits:
        pieces.append(text[pos:start])
        new_offs.extend(offs[pos:start])
        pieces.append(repl)
        new_offs.extend(repl_offs)
        pos = end
    pieces.append(text[pos:])
    new_offs.extend(offs[pos:])
    return "".join(pieces), new_offs


def compose(outer: list[int] | None, inner: list[int] | None) -> list[int] | None:
    """Offsets through two steps: `inner` maps into the text `outer` maps from."""
    if outer is None:
        return inner
    if inner is None:
        return outer
    return [outer[i] for i in inner]
