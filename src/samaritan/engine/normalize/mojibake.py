"""Whether text holds mojibake, as `ftfy.is_bad` says, at a fraction of its cost.

ftfy's test is one `re` pattern of 37 alternatives of 1 to 7 characters, tried at every place
of the text: ~4,000 instructions a character. Real posts decorated with box drawing, bullets,
dashes, Greek or Cyrillic look-alikes hold many of the characters it names, so searching only
near them (`_windowed`) still cost ~50 us a post. The pattern is first asked of RE2 as a
relaxation (`_relaxed`: Python's `\\s` and `\\w` read as any character, everything else as
written), which matches wherever ftfy's pattern can: where RE2 finds nothing, there is no
mojibake; where it finds something (rarely), ftfy's own pattern decides.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from re import _constants as sre_constants  # type: ignore[attr-defined]  # stdlib, no stubs
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import ftfy
import ftfy.badness

from samaritan.engine.cues import utf8_gate

# Mojibake (ftfy) is made of some 400 Latin-1, Greek, Cyrillic and symbol characters. Text whose
# only non-ASCII characters are emoji, styled or full-width letters, keycaps, zero-width marks,
# stars and arrows or CJK ("彡") cannot hold any (tests/test_normalize.py holds ftfy to it).
MOJIBAKE_FREE_RANGES = (
    "\U0001f000-\U0001faff\U0001d400-\U0001d7ff\uff00-\uffef\u200b-\u200f\u2060-\u2064\ufe00-\ufe0f\u20e3\u2600-\u27bf"
    "\u2b00-\u2bff\u3000-\u303f\u3040-\u30ff\u4e00-\u9fff"
)
_MAYBE_MOJIBAKE = re.compile(f"[^\x00-\x7f{MOJIBAKE_FREE_RANGES}]")

# Each alternative of ftfy's pattern holds a character `_MAYBE_MOJIBAKE` finds (asserted by
# tests/test_fold_speed.py on the installed ftfy), so a match lies within 6 characters of one:
# where those are few, only the windows around them are searched (anchors, `^` alone here, keep
# their meaning: a window starts at 0 or later than any match of `^`).
_BADNESS = ftfy.badness.BADNESS_RE
_BADNESS_WIDTH = 7


def _windowed(text: str) -> bool:
    """ftfy.is_bad(text), searched only near the characters mojibake is made of."""
    spots = [m.start() for m in _MAYBE_MOJIBAKE.finditer(text)]
    if not spots:
        return False
    if len(spots) * (2 * _BADNESS_WIDTH - 1) >= len(text):
        return _BADNESS.search(text) is not None
    reach = _BADNESS_WIDTH - 1
    return any(_BADNESS.search(text, max(0, at - reach), at + _BADNESS_WIDTH) is not None for at in spots)


def _char(code: int) -> str:
    return rf"\x{{{code:x}}}"


def _class_items(items: list[tuple[Any, Any]]) -> str | None:
    """The inside of an RE2 class for a `re` class's items; None: it holds a category (`\\s`,
    `\\w`), read as any character."""
    out: list[str] = []
    for kind, value in items:
        if kind is sre_constants.LITERAL:
            out.append(_char(value))
        elif kind is sre_constants.RANGE:
            out.append(f"{_char(value[0])}-{_char(value[1])}")
        elif kind is sre_constants.CATEGORY:
            return None
        else:
            raise ValueError(f"no RE2 relaxation of {kind}")
    return "".join(out)


def _relaxed(items: Any) -> str:
    """An RE2 pattern matching wherever the parsed `re` pattern `items` can match: the same,
    but each class holding a category (Python's Unicode `\\s`, `\\w`) read as any character."""
    out: list[str] = []
    for op, value in items:
        if op is sre_constants.LITERAL:
            out.append(_char(value))
        elif op is sre_constants.NOT_LITERAL:
            out.append(f"[^{_char(value)}]")
        elif op is sre_constants.ANY:
            out.append("(?s:.)")
        elif op is sre_constants.IN:
            negated = bool(value) and value[0][0] is sre_constants.NEGATE
            inside = _class_items(value[1:] if negated else value)
            if inside is None:
                if negated:
                    raise ValueError("no RE2 relaxation of a negated category")
                out.append("(?s:.)")
            else:
                out.append(f"[{'^' if negated else ''}{inside}]")
        elif op is sre_constants.AT and value in (sre_constants.AT_BEGINNING, sre_constants.AT_BEGINNING_STRING):
            out.append("^")  # RE2's `^` is the text's start, as `re`'s is without MULTILINE
        elif op is sre_constants.BRANCH:
            out.append("(?:" + "|".join(_relaxed(branch) for branch in value[1]) + ")")
        elif op is sre_constants.SUBPATTERN and not value[1] and not value[2]:
            out.append(f"(?:{_relaxed(value[3])})")
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            low, high, sub = value
            top = "" if high is sre_constants.MAXREPEAT else str(high)
            out.append(f"(?:{_relaxed(sub)}){{{low},{top}}}")
        else:
            raise ValueError(f"no RE2 relaxation of {op}")
    return "".join(out)


def relaxed_source(pattern: re.Pattern[str]) -> str:
    """The RE2 relaxation of a `re` pattern (`_relaxed`); MULTILINE, DOTALL and IGNORECASE are
    not read."""
    if pattern.flags & (re.MULTILINE | re.DOTALL | re.IGNORECASE):
        raise ValueError("no RE2 relaxation of these flags")
    return _relaxed(sre_parse.parse(pattern.pattern, pattern.flags))


@lru_cache(maxsize=1)
def _gate() -> Callable[[bytes], list[int]]:
    """The `Match` of a one-pattern RE2 Set of ftfy's relaxed pattern (UTF-8): an empty list
    where ftfy's pattern cannot match."""
    return utf8_gate(relaxed_source(_BADNESS))


# (Kept for the last few fields: the screener repairs each field before reading it, and the
# folding then asks of the same text again; a field whose gate fires costs ~50 us to answer.)
@lru_cache(maxsize=256)
def is_bad(text: str) -> bool:
    """ftfy.is_bad(text): RE2 rules most text out in one linear pass; the rest is searched with
    ftfy's pattern near the characters mojibake is made of."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: no UTF-8 for RE2
        return _windowed(text)
    return bool(_gate()(data)) and _windowed(text)


def repaired(text: str) -> tuple[str, list[int]] | None:
    """`text` with its broken encodings repaired (ftfy), and for each character of the repair
    the index of the character of `text` it comes from; None: no mojibake. Repairs change length
    in ways with no per-character map: each word is repaired on its own and its characters map
    onto that word's original span."""
    if not is_bad(text):
        return None
    pieces: list[str] = []
    offsets: list[int] = []
    for m in re.finditer(r"\S+|\s+", text):
        fixed = _fixed(m.group())
        pieces.append(fixed)
        if len(fixed) == len(m.group()):
            offsets.extend(range(m.start(), m.end()))
        else:
            last = m.end() - 1
            offsets.extend(min(m.start() + i, last) for i in range(len(fixed)))
    return "".join(pieces), offsets


def _fixed(word: str) -> str:
    """ftfy.fix_text of a word, or of a run of spaces (left as it is). A word of printable ASCII
    without '&' is its own fix (no entity, escape or control character, nothing to re-decode:
    tests/test_fold_speed.py): most words of a post with mojibake somewhere, at ~30 us a call."""
    if word.isspace() or (word.isascii() and word.isprintable() and "&" not in word):
        return word
    return ftfy.fix_text(word)
