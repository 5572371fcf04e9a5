"""Phone numbers taken out of the learned stage's text before its words are read: every synthetic
one is 555-01xx, so their digits say nothing about wording (features.py).

What is taken out is every match of PHONE_LIKE, as `PHONE_LIKE.sub(" ", text)` takes it out. In
ASCII text, and text whose characters outside ASCII are no digit or space (emoji, symbols: nine
real dating posts in ten), each class of the pattern is a union of the classes of one byte table,
digits "0", spaces and `().-` ".", "+" itself and the rest "x", so the pattern over the
translated bytes matches at the same places. Opening on the literal digit, `re` skips
to each digit in C: `re` on the text itself tried every character for the optional "+" (some
300 instructions a character), and RE2 in C cost the call and a copy of the text each ad.
"""

from __future__ import annotations

import re

from samaritan.engine.relaxed import Relaxed, ascii_classes

PHONE_LIKE = re.compile(r"\+?\d[\d\s().-]{7,}\d")
# Outside ASCII: RE2 says in C where the first match can start (a relaxation: no match starts
# before it), and `re` reads from there.
_PHONE_AT = Relaxed.of(PHONE_LIKE.pattern)


def _role(char: str) -> int:
    """The byte an ASCII character becomes: its class as the pattern's own classes read it."""
    if re.fullmatch(r"\d", char):
        return ord("0")
    if re.fullmatch(r"[\s().-]", char):  # `\s` holds \x1c-\x1f too
        return ord(".")
    return ord("+") if char == "+" else ord("x")


_ROLE = bytes(_role(chr(c)) for c in range(128)) + b"x" * 128
# PHONE_LIKE without its optional "+", over the translated bytes: a match with the "+" is the
# match without it, one byte earlier.
_RUN = re.compile(rb"0[0.]{7,}0")
_PLUS = ord("+")
# A character outside ASCII that the pattern reads as a digit or a space (the look-behind runs
# only where the character class, tested first, has found one outside ASCII).
_WIDE_DIGIT_OR_SPACE = re.compile(r"[^\x00-\x7f](?<=[\d\s])")


def without_phones(text: str) -> str:
    """`PHONE_LIKE.sub(" ", text)`."""
    if text.isascii():
        raw = text.encode("ascii")
    elif _WIDE_DIGIT_OR_SPACE.search(text) is None:
        # Outside ASCII only characters of no class of the pattern (emoji, letters, symbols): each
        # is one "?" in the bytes, an "x" as the pattern reads it. (RE2 needed every character of
        # such text translated through a dict, some 500 instructions each.)
        raw = text.encode("ascii", "replace")
    else:
        return _without_phones_wide(text)
    roles = raw.translate(_ROLE)
    pieces: list[str] = []
    done = 0
    for m in _RUN.finditer(roles):
        start, end = m.span()
        # One byte earlier where a "+" stands there: never inside the previous match, whose
        # last byte is a digit.
        pieces.append(text[done : start - 1 if start and roles[start - 1] == _PLUS else start])
        done = end
    if not pieces:
        return text
    pieces.append(text[done:])
    return " ".join(pieces)


def _without_phones_wide(text: str) -> str:
    """without_phones of text with a digit or space outside ASCII: the pattern has no anchor or
    look-around, so the text before the first place a match can start is left as it is."""
    if _PHONE_AT is None:
        return PHONE_LIKE.sub(" ", text)
    at = _PHONE_AT.first(ascii_classes(text))
    if at < 0:
        return text
    return text[:at] + PHONE_LIKE.sub(" ", text[at:]) if at else PHONE_LIKE.sub(" ", text)
