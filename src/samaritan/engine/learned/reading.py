"""What the learned stage reads of a field: the lexicon's first folded view of it (encodings
decoded, styled, regional-indicator and upside-down letters read, split letters and words joined)
with the punctuation the view turned into spaces put back, and for each character the index of
the original character it came from.

The model and the category tagger read clause ends, apostrophes and sentence ends, which the
view drops; the view reads disguised wording, which per-character folding alone does not. A
space of the view stands for the original characters between its two neighbours: when those are
only punctuation and spaces (once decoded: "%2C", "&#46;") they are put back, folded; when
they still hold letters or digits the space stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, count

import numpy as np

from samaritan.engine.normalize import Folded, fold, fold_chars
from samaritan.engine.normalize.decode import decode_encodings, reversed_offsets, unflip
from samaritan.engine.normalize.fold import _view

_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
_SPACE_BYTE = ord(" ")
_REFERENCE = re.compile(r"&#[xX]?[0-9a-fA-F]+;?|&[A-Za-z]+;|%[0-9A-Fa-f]{2}")
_HEAD = re.compile(r"[\W_]+")
_TAIL = re.compile(r"[\W_]+\Z")
_SPLITTERS = "_*~/|+•·-"  # what splits a word's letters and never ends a sentence


@dataclass(slots=True)
class Reading:
    """Text for the learned stage and, per character, its original index (None: the same)."""

    text: str
    where: list[int] | None
    # `where` as an array, made at the first `span`: a field's hits each ask for a span, and a
    # Python scan of the whole field for each cost O(field x hits) (upside-down text, whose
    # offsets run backwards, was the one hostile shape over 50 ms per 100 KB).
    _array: np.ndarray | None = field(default=None, init=False, repr=False, compare=False)

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The reading's span of the original's [start, end): from its first character that
        came from one in the span to its last (None: folding dropped them all)."""
        if self.where is None:
            return (start, end) if end <= len(self.text) else None
        if self._array is None:
            self._array = np.asarray(self.where, dtype=np.int64)
        inside = np.flatnonzero((self._array >= start) & (self._array < end))
        return (int(inside[0]), int(inside[-1]) + 1) if inside.size else None

    def blanked(self, spans: list[tuple[int, int]]) -> str:
        """The text with every character that came from an original [start, end) span a space."""
        if not spans:
            return self.text
        if self.where is None:
            size = len(self.text)
            return spaced(self.text, [(min(start, size), min(end, size)) for start, end in spans])
        # The original indices to blank, as a set, and the places of the characters that came
        # from one, found in C: the text is then cut at those few places (a Python step for each
        # character cost some 300 us a field).
        blank = {at for start, end in spans for at in range(start, end)}
        if blank.isdisjoint(self.where):
            return self.text
        places = compress(count(), map(blank.__contains__, self.where))
        return spaced(self.text, [(k, k + 1) for k in places])


def spaced(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with each character of the [start, end) `spans` (within it) a space."""
    pieces: list[str] = []
    done = 0
    for start, end in sorted(spans):
        if end <= done:
            continue
        start = max(start, done)
        pieces += (text[done:start], " " * (end - start))
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


# Each ASCII character folded (fold_chars), as one bytes table: the characters that fold to one
# character, and those that fold to none. ASCII text whose folding drops nothing is folded one for
# one: fold_chars then still scanned it with a pattern for characters that change length (some
# 60 instructions a character, a third of the reading) to find none. (None: some ASCII character
# folds to several, and every text takes fold_chars.)
_ASCII_FOLDS = [fold_chars(chr(c))[0] for c in range(128)]
_ASCII_TABLE = (
    bytes(ord(f) if len(f) == 1 else c for c, f in enumerate(_ASCII_FOLDS)) + bytes(range(128, 256))
    if all(len(f) <= 1 for f in _ASCII_FOLDS)
    else None
)
_ASCII_DROPPED = bytes(c for c, f in enumerate(_ASCII_FOLDS) if not f)


def _fold_chars(text: str) -> tuple[str, list[int] | None]:
    """`fold_chars(text)`."""
    if _ASCII_TABLE is not None and text.isascii():
        folded = text.encode("ascii").translate(_ASCII_TABLE, _ASCII_DROPPED).decode("ascii")
        if len(folded) == len(text):
            return folded, None
    return fold_chars(text)


def chars_reading(text: str) -> Reading:
    """The characters of `text` folded alone: what `read` gives where its view read no word anew."""
    return Reading(*_fold_chars(text))


def first_respelled(views: list[Folded]) -> Folded | None:
    """The first of `views` reading respelled words as the lexicon's ("avlbl": "available"), if
    any: the first view's text with those words read, which the category tagger reads."""
    return next((v for v in views if v.respelled), None)


def read(original: str, view: Folded | None) -> Reading:
    """The reading of `original` from its first folded view (None: characters folded alone),
    kept on the view: scope, the model and the tagger ask for it several times a verdict."""
    if view is None:
        return _read(original, None)
    if isinstance(view.reading, Reading) and view.original is original:
        return view.reading
    reading = _read(original, view)
    view.reading = reading
    return reading


def _read(original: str, view: Folded | None) -> Reading:
    chars, char_where = _fold_chars(original)
    if view is None or (view.plain and char_where is None):
        # ASCII only lower-cased, nothing dropped (most fields): the view is the characters'
        # folded alone, whose reading keeps the punctuation.
        return Reading(chars, char_where)
    if char_where is None and original.isascii() and (spaced := view.spaced()) is not None:
        # ASCII whose words were only read through leetspeak ("b3st", an address's "@"): one
        # for one with the original, so each space of the view is the original's punctuation.
        merged = _merged(spaced, chars)
        if merged is not None:
            return merged
    if view.text == _view(original, chars, None, 0, False).text:
        # The view only folded characters and spaced punctuation (most fields): the characters
        # folded alone read the same words, with the punctuation kept.
        return Reading(chars, char_where)
    text, offsets = view.text, view.offsets()
    back: list[int] | None = None
    if view.reads_backwards:
        # Upside-down runs: the gaps are read in the text turned the right way up (same length,
        # its punctuation turned too), where a run's words and punctuation stand in reading
        # order; each index is then taken back to the original's (a run's reversal is its own
        # inverse).
        original, _ = unflip(original)
        back = reversed_offsets(view.original, original)
        offsets = [back[k] for k in offsets]
    pieces: list[str] = []
    where: list[int] = []
    done = 0
    n, size = len(text), len(original)
    at = text.find(" ")
    while at >= 0:
        # One plain space of the original between the space's two neighbours (most gaps) is
        # itself (as `_gap` gives it): read here, without a call a space.
        left = offsets[at - 1] if at else -1
        right = offsets[at + 1] if at + 1 < n else size
        if right == left + 2 and original[left + 1] == " " and (left < 0 or original[left] not in "&%"):
            if offsets[at] != left + 1:
                pieces.append(text[done:at])
                where.extend(offsets[done:at])
                pieces.append(" ")
                where.append(left + 1)
                done = at + 1
        else:
            pieces.append(text[done:at])
            where.extend(offsets[done:at])
            done = at + 1
            gap, inner = _gap(original, text, offsets, at)
            if gap:
                pieces.append(gap)
                where.extend(inner)
            else:
                pieces.append(" ")
                where.append(offsets[at])
        at = text.find(" ", at + 1)
    pieces.append(text[done:])
    where.extend(offsets[done:])
    return Reading("".join(pieces), where if back is None else [back[k] for k in where])


def _merged(spaced: str, chars: str) -> Reading | None:
    """`spaced`'s characters, with `chars`' (the original folded alone) wherever it has a space:
    what `read` puts together gap by gap, in a few numpy calls (None: they read the same)."""
    view = np.frombuffer(spaced.encode("ascii"), dtype=np.uint8)
    folded = np.frombuffer(chars.encode("ascii"), dtype=np.uint8)
    text = np.where(view == _SPACE_BYTE, folded, view).tobytes().decode("ascii")
    return None if text == chars else Reading(text, list(range(len(text))))


def _gap(original: str, text: str, offsets: list[int], at: int) -> tuple[str, list[int]]:
    """The punctuation the view's space at `at` stands for, folded, and the original index of
    each of its characters; ("", []) where there is none to put back."""
    left = offsets[at - 1] if at else -1
    right = offsets[at + 1] if at + 1 < len(text) else len(original)
    if right == left + 2 and original[left + 1] == " " and (left < 0 or original[left] not in "&%"):
        return " ", [left + 1]  # one plain space between the neighbours (most gaps): itself
    if left >= right:  # inside a run read backwards: the characters between the two
        return _punctuation(original[right + 1 : left], list(range(right + 1, left)))
    lo = left + 1
    if left >= 0 and original[left] in "&%" and text[at - 1] != original[left]:
        # The character before was decoded (a run of references maps to its first): skip the
        # references of letters and digits.
        lo = left
        while (ref := _REFERENCE.match(original, lo)) and _LETTER_OR_DIGIT.search(decode_encodings(ref.group())[0]):
            lo = ref.end()
        lo = max(lo, left + 1)
    raw = original[lo:right]
    if not _LETTER_OR_DIGIT.search(raw):
        if len(raw) == 1 and _joined_split(original, text, at, left, right):
            return " ", [lo]  # "e*v_e.r•y.o/n+e": the view's "every one" keeps its space
        # Beside a word joined from split letters, the separator that split its last letter off
        # (or its first) is part of the disguise, not punctuation ("f*r_i•e.n-d+s~:" reads
        # "friends:", "(✨h✨i✨k✨e✨)" reads "(hike)"): an emoji left there would be a word of its own.
        after = left > 0 and not original[left - 1].isalnum() and at > 1 and text[at - 2].isalpha()
        before = right + 1 < len(original) and not original[right + 1].isalnum() and text[at + 2 : at + 3].isalpha()
        cut = len(raw) - len(_strip_splitters(raw, leading=True)) if after else 0
        end = len(_strip_splitters(raw, leading=False)) if before else len(raw)
        if cut or end < len(raw):
            return _punctuation(raw[cut:end], list(range(lo + cut, lo + end))) if cut < end else (" ", [lo])
        return _punctuation(raw, list(range(lo, right)))
    decoded, inner = decode_encodings(raw)  # "%2C", "&#46;": punctuation, encoded
    if not _LETTER_OR_DIGIT.search(decoded):
        return _punctuation(decoded, [lo + k for k in inner] if inner is not None else list(range(lo, right)))
    # Beside a run read backwards (upside-down text) the gap runs over the run: its punctuation
    # is what stands at either end, next to the two neighbours.
    head, tail = _HEAD.match(raw), _TAIL.search(raw)
    kept = list(range(lo, lo + head.end())) if head else []
    kept += [lo + k for k in range(tail.start(), tail.end())] if tail else []
    return _punctuation((head.group() if head else "") + (tail.group() if tail else ""), kept)


def _strip_splitters(raw: str, leading: bool) -> str:
    """`raw` without the separators that split letters at its start (or end): _SPLITTERS and
    characters outside ASCII that are no space (emoji, symbols)."""
    k = 0 if leading else len(raw)
    step = 1 if leading else -1
    while 0 <= (k if leading else k - 1) < len(raw):
        c = raw[k if leading else k - 1]
        if not (c in _SPLITTERS or (not c.isascii() and not c.isspace())):
            break
        k += step
    return raw[k:] if leading else raw[:k]


def _joined_split(original: str, text: str, at: int, left: int, right: int) -> bool:
    """Is the view's space at `at` one it put between words it joined from letters split by
    separators? Its two neighbours are lone letters of the original and whole words' letters
    in the view (a lone "a.m." stays as written)."""
    return (
        left > 0
        and right + 1 < len(original)
        and 1 < at < len(text) - 2
        and not original[left - 1].isalnum()
        and not original[right + 1].isalnum()
        and text[at - 2].isalpha()
        and text[at + 2].isalpha()
    )


def _punctuation(raw: str, where: list[int]) -> tuple[str, list[int]]:
    """`raw` folded, with the original index of each folded character. (Most gaps are ASCII
    punctuation: folded by one translate, `_fold_chars`.)"""
    if not raw:
        return "", []
    folded, folds = _fold_chars(raw)
    return folded, where if folds is None else [where[k] for k in folds]


def read_text(original: str, vocabulary: frozenset[str]) -> Reading:
    """`read` of `original` folded here (training, where no detector has folded it)."""
    return _read_text(original, vocabulary) if original else Reading("", None)


@lru_cache(maxsize=65536)
def _read_text(original: str, vocabulary: frozenset[str]) -> Reading:
    views = fold(original, vocabulary)
    return read(original, views[0] if views else None)
