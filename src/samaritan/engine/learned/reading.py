"""What the learned stage reads of a field: the lexicon's first folded view of it (encodings
decoded, styled, regional-indicator and upside-down letters read, split letters and words joined)
with the punctuation the view turned into spaces put back, and for each character the index of
the original character it came from.

The model and the category tagger read clause ends, apostrophes and sentence ends, which the
view drops; the view reads disguised wording, which per-character folding alone does not. A
space of the view stands for the original characters between its two neighbours: when those are
only punctuation and spaces they are put back, folded; when they hold letters or digits (an
encoding, "%20" or "&amp;") the space stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from samaritan.engine.normalize import Folded, fold, fold_chars
from samaritan.engine.normalize.fold import _view

_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
_SPACE = re.compile(" ")


@dataclass(slots=True)
class Reading:
    """Text for the learned stage and, per character, its original index (None: the same)."""

    text: str
    where: list[int] | None

    def blanked(self, spans: list[tuple[int, int]]) -> str:
        """The text with every character that came from an original [start, end) span a space."""
        if not spans:
            return self.text
        chars = list(self.text)
        if self.where is None:
            for start, end in spans:
                chars[start:end] = " " * (min(end, len(chars)) - min(start, len(chars)))
        else:
            for k, at in enumerate(self.where):
                if any(start <= at < end for start, end in spans):
                    chars[k] = " "
        return "".join(chars)


def read(original: str, view: Folded | None) -> Reading:
    """The reading of `original` from its first folded view (None: characters folded alone)."""
    chars, char_where = fold_chars(original)
    if view is None or view.text == _view(original, chars, None, 0, False).text:
        # The view only folded characters and spaced punctuation (most fields): the characters
        # folded alone read the same words, with the punctuation kept.
        return Reading(chars, char_where)
    text, offsets = view.text, view.offsets()
    pieces: list[str] = []
    where: list[int] = []
    done = 0
    n = len(text)
    for m in _SPACE.finditer(text):
        at = m.start()
        pieces.append(text[done:at])
        where.extend(offsets[done:at])
        done = at + 1
        lo = offsets[at - 1] + 1 if at else 0
        hi = offsets[at + 1] if at + 1 < n else len(original)
        gap = original[lo:hi] if lo < hi else ""
        if gap and not _LETTER_OR_DIGIT.search(gap):
            folded, inner = fold_chars(gap)
            if folded:
                pieces.append(folded)
                where.extend(range(lo, lo + len(folded)) if inner is None else [lo + k for k in inner])
                continue
        pieces.append(" ")
        where.append(offsets[at])
    pieces.append(text[done:])
    where.extend(offsets[done:])
    return Reading("".join(pieces), where)


def read_text(original: str, vocabulary: frozenset[str]) -> Reading:
    """`read` of `original` folded here (training, where no detector has folded it)."""
    return _read_text(original, vocabulary) if original else Reading("", None)


@lru_cache(maxsize=65536)
def _read_text(original: str, vocabulary: frozenset[str]) -> Reading:
    views = fold(original, vocabulary)
    return read(original, views[0] if views else None)
