"""The category tagger's tokens of many folded texts at once: the matches of categories_text's
token pattern in each, found by array operations over all their characters instead of a regex
split of each (which tried the pattern at every character: a fifth of the tagger's instructions
on real posts).

The pattern's four kinds of token start on disjoint sets of characters (letters and digits,
sentence punctuation, single symbols, emoji), and each but the symbol is the longest run of its
kind, so with every character given its kind a token starts where the kind changes (or at every
symbol) and ends likewise. The one exception is an apostrophe: `[a-z0-9]+(?:'[a-z]+)?` takes an
apostrophe and the letters after it into the word before it, once a token. Those apostrophes are
few (a handful a text) and are settled one by one in order, as the pattern scans.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from samaritan.engine.normalize import EMOJI_CLASS

_OTHER, _LETTER, _DIGIT, _PUNCT, _SYMBOL, _EMOJI_KIND = range(6)
_KIND_GROUP = np.array([0, 1, 1, 3, 4, 5], dtype=np.uint8)  # letters and digits make one run
_APOSTROPHE = ord("'")
_SEPARATOR = "\x00"  # between texts: of no kind, so no token crosses it
_EMOJI = EMOJI_CLASS[1:-1]  # the class's characters and ranges


@lru_cache(maxsize=1)
def _kinds() -> np.ndarray:
    """The kind of every code point (0x110000 bytes), from the token pattern's own classes."""
    kinds = np.zeros(0x110000, dtype=np.uint8)
    kinds[ord("a") : ord("z") + 1] = _LETTER
    kinds[ord("0") : ord("9") + 1] = _DIGIT
    kinds[[ord(c) for c in ".!?;:,"]] = _PUNCT
    kinds[[ord(c) for c in "$%/+&@#*~()-"]] = _SYMBOL
    k = 0
    while k < len(_EMOJI):  # the emoji class: single characters and ranges a-b
        if k + 2 < len(_EMOJI) and _EMOJI[k + 1] == "-":
            kinds[ord(_EMOJI[k]) : ord(_EMOJI[k + 2]) + 1] = _EMOJI_KIND
            k += 3
        else:
            kinds[ord(_EMOJI[k])] = _EMOJI_KIND
            k += 1
    return kinds


def tokens(folded: list[str]) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The token pattern's matches in each of `folded`, in order: their strings, starts and ends
    in the texts joined by one separator, the index of their text, and where each text starts."""
    joined = _SEPARATOR.join(folded)
    code = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    kind = _kinds().take(code)
    group = _KIND_GROUP.take(kind)
    n = len(group)
    same_before = np.zeros(n, dtype=bool)
    same_before[1:] = group[1:] == group[:-1]
    run = (group != 0) & (group != _SYMBOL)
    start = (group != 0) & ~(same_before & run)
    end = np.zeros(n, dtype=bool)
    end[:-1] = (group[:-1] != 0) & (start[1:] | (group[1:] == 0))
    end[-1:] = group[-1:] != 0
    if "'" in joined:
        _apostrophes(code, kind, start, end)
    starts, ends = np.flatnonzero(start), np.flatnonzero(end) + 1
    keys = [joined[a:b] for a, b in zip(starts.tolist(), ends.tolist(), strict=True)]
    bases = np.zeros(len(folded), dtype=np.intp)
    np.cumsum([len(t) + 1 for t in folded[:-1]], out=bases[1:])
    return keys, starts, ends, np.searchsorted(bases, starts, side="right") - 1, bases


def _apostrophes(code: np.ndarray, kind: np.ndarray, start: np.ndarray, end: np.ndarray) -> None:
    """Join, in `start` and `end`, each apostrophe the pattern takes into a word: one after a
    letter or digit and before a letter, when the letters and digits before it are a token's
    own (not only the letters a joined apostrophe took in before them, which end that token)."""
    n = len(kind)
    alnum = (kind == _LETTER) | (kind == _DIGIT)
    if n < 3:
        return
    at = np.flatnonzero((code[1:-1] == _APOSTROPHE) & alnum[:-2] & (kind[2:] == _LETTER)) + 1
    if not len(at):
        return
    opens = alnum.copy()
    opens[1:] &= ~alnum[:-1]
    run_start = np.maximum.accumulate(np.where(opens, np.arange(n), 0)).take(at - 1)
    digits = np.concatenate(([0], np.cumsum(kind == _DIGIT)))
    has_digit = (digits.take(at) - digits.take(run_start)) > 0
    joined: list[int] = []
    last = -2
    for q, first, digit in zip(at.tolist(), run_start.tolist(), has_digit.tolist(), strict=True):
        if first - 1 == last and not digit:
            continue  # the letters before it were taken in by the apostrophe before them
        joined.append(q)
        last = q
    if not joined:
        return
    took = np.array(joined)
    end[took - 1] = False
    start[took + 1] = False
    not_letter = np.append(np.flatnonzero(kind != _LETTER), n)
    stop = not_letter[np.searchsorted(not_letter, took + 1)]  # the first character after its letters
    cut = stop[(stop < n) & alnum[np.minimum(stop, n - 1)]]  # a digit there opens a new token
    end[cut - 1] = True
    start[cut] = True
