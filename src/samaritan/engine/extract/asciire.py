"""`re` patterns compiled a second time for ASCII text, with the same matches.

In Python's default (Unicode) mode, every `\\w`, `\\b` and `\\d` test on a str calls the Unicode
database (`_PyUnicode_IsAlpha` and friends: ~15% of the age patterns' instructions). Under
`re.ASCII` they are table look-ups. On ASCII text the two modes agree on `\\w`, `\\W`, `\\b`,
`\\B`, `\\d` and `\\D`, and differ only on `\\s`: Unicode's also holds the separators
\\x1c-\\x1f. `ascii_twin` compiles a pattern under `re.ASCII` with `\\s` written as that wider
class (and `\\S` as its complement), so it finds exactly what the pattern finds in any ASCII
text (`str.isascii()`, a flag look-up in CPython); other text keeps the Unicode pattern.
"""

from __future__ import annotations

import codecs
import re

_WS_CLASS = r"\s\x1c-\x1f"  # Python's Unicode `\s`, within ASCII


def ascii_source(pattern: str) -> str:
    """`pattern` with `\\s` and `\\S` spelled out as Unicode mode reads them in ASCII text."""
    out: list[str] = []
    in_class = class_start = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            escape = pattern[i : i + 2]
            if escape == r"\s":
                out.append(_WS_CLASS if in_class else f"[{_WS_CLASS}]")
            elif escape == r"\S":
                if in_class:
                    raise ValueError(r"\S inside a character class has no ASCII twin here")
                out.append(f"[^{_WS_CLASS}]")
            else:
                out.append(escape)
            i += 2
            continue
        if in_class:
            if char == "]" and not class_start:
                in_class = False
            class_start = False
        elif char == "[":
            in_class = True
            class_start = True  # a "]" (or "^]") right after "[" is a literal
            out.append(char)
            i += 1
            if i < len(pattern) and pattern[i] == "^":
                out.append("^")
                i += 1
            continue
        out.append(char)
        i += 1
    return "".join(out)


def ascii_twin(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` for ASCII text under `re.ASCII`: the same matches, groups and spans there."""
    return re.compile(ascii_source(pattern.pattern), (pattern.flags & ~re.UNICODE) | re.ASCII)


# A character outside ASCII that one of Python's Unicode classes (`\w`, `\d`, `\s`) holds: an
# accented or other-script letter, a digit, a space. Where a text has none (its other characters
# are emoji, dashes, quotes, hearts: a third of the real ads), the age patterns read those
# characters as the ASCII patterns read them (no word, digit or space; matched only by negated
# classes such as `[^a-z0-9]` or `[^\x00-\x7f]`), so the ASCII twins and the RE2 window finders
# find in it exactly what the Unicode patterns find.
_CLASSED_NON_ASCII = re.compile(r"[^\x00-\x7f](?<=[\w\s])")


def symbols_only(text: str) -> bool:
    r"""Every non-ASCII character of `text` is a symbol: in no Unicode `\w`, `\d` or `\s`."""
    return _CLASSED_NON_ASCII.search(text) is None


def _xff(error: UnicodeError) -> tuple[bytes, int]:
    assert isinstance(error, UnicodeEncodeError)
    return b"\xff" * (error.end - error.start), error.end


codecs.register_error("samaritan.xff", _xff)


# The codec's own "replace" writes "?" for each character past Latin-1 in C; these turn those
# into 0xff (and, where the text had its own "?" written as 0xff first, swap the two back).
_QUESTION_TO_FF = bytes.maketrans(b"?", b"\xff")
_SWAP_QUESTION_FF = bytes.maketrans(b"?\xff", b"\xff?")


def symbol_bytes(text: str) -> bytes:
    """A symbols-only text as Latin-1 bytes for the age windows' RE2 finders (ages.py), one byte
    a character: each character past Latin-1 as 0xff (a symbol to every cue: no cue names one;
    no cue names a Latin-1 symbol either, so those keep their own byte).

    The same bytes as `text.encode("latin-1", "samaritan.xff")`, whose handler is a Python call
    for every run of such characters (~4,000 instructions each, ~40,000 a real post with emoji):
    the codec's "replace" runs in C, and only a text holding its own "ÿ" (0xff) needs the handler."""
    if "\xff" in text:
        return text.encode("latin-1", "samaritan.xff")
    if "?" in text:
        return text.replace("?", "\xff").encode("latin-1", "replace").translate(_SWAP_QUESTION_FF)
    return text.encode("latin-1", "replace").translate(_QUESTION_TO_FF)
