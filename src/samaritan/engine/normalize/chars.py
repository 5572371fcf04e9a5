"""Per-character folding: one original character -> zero or more canonical characters.

Every mapping comes from maintained data rather than a hand table: NFKD (full-width, styled,
circled and squared letters), Unicode's confusables (look-alike letters of other scripts),
`unicodedata.digit` (decimal and dingbat digits of every script) and `anyascii` (small
capitals, IPA and modifier look-alikes, the enclosed letters NFKD leaves alone). Only
characters whose Unicode name says they are Latin letters, enclosed letters or digits are
transliterated: a word in Cyrillic, Greek or Chinese stays itself, so no foreign text is
read as English words.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources

from anyascii import anyascii

# Emoji are kept as tokens: several are indicator codes in their own right. The enclosed
# letters and digits of U+1F100-U+1F1FF sit inside this range but fold to letters first.
_EMOJI = (
    "\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff\u2190-\u21ff"
    "\u3030\u303d\u3297\u3299\u00a9\u00ae\u203c\u2049\u2122\u2139"
)
EMOJI_CLASS = f"[{_EMOJI}]"
_EMOJI_RE = re.compile(EMOJI_CLASS)
_ZERO_WIDTH_CATEGORIES = {"Cf", "Cc", "Mn", "Me", "Cs", "Co", "Cn"}
# Names of characters that stand for a Latin letter or a number: transliterated to it. Other
# scripts' letters are left alone (their look-alikes come from the confusables data).
_LETTERLIKE = re.compile(r"\bLATIN\b|\bDIGIT\b|\bNUMBER\b|^MODIFIER LETTER (?:SMALL |CAPITAL )?[A-Z]$")
# Apostrophes and quotation marks of every shape: `anyascii` gives their ASCII form.
_QUOTE_NAMES = re.compile(r"QUOTATION MARK|APOSTROPHE|\bPRIME$|^ACUTE ACCENT$")
# Letters and symbols drawn as nothing, typed as spaces that no space class matches (Unicode's
# Default_Ignorable letters, the Hangul fillers, and the blank Braille cell): a word glued to the
# next by one is two words to a reader.
_BLANK_NAMES = re.compile(r"^(?:HALFWIDTH )?HANGUL (?:CHOSEONG |JUNGSEONG )?FILLER$|^BRAILLE PATTERN BLANK$")
# Enclosed forms whose compatibility decomposition adds brackets or a stop: "⒴" is "(y)".
_ENCLOSED = re.compile(r"^(?:PARENTHESIZED|CIRCLED|SQUARED|NEGATIVE)|(?:FULL STOP|COMMA)$")


@lru_cache(maxsize=1)
def _skeleton_map() -> dict[str, str]:
    """Look-alike character -> ASCII letter or digit, from Unicode's confusables data."""
    import confusable_homoglyphs

    raw = resources.files(confusable_homoglyphs).joinpath("confusables.json").read_text("utf-8")
    table: dict[str, str] = {}
    for ascii_char, lookalikes in json.loads(raw).items():
        if len(ascii_char) == 1 and ascii_char.isascii() and ascii_char.isalnum():
            for entry in lookalikes:
                glyph = entry["c"]
                if len(glyph) == 1 and not glyph.isascii():
                    table.setdefault(glyph, ascii_char.lower())
    return table


def load_tables() -> None:
    """Read the look-alike table now (~0.2 s) rather than on the first non-ASCII ad."""
    _skeleton_map()


def _letterlike(ch: str) -> str | None:
    """A digit of any script, or a Latin/enclosed letter or number outside ASCII, as ASCII
    (None: not one). Enclosing marks ("(y)", "1.") are dropped: only the letters and digits
    are what a reader reads."""
    digit = unicodedata.digit(ch, None)
    if digit is not None:
        return str(digit)
    if not _LETTERLIKE.search(unicodedata.name(ch, "")):
        return None
    out = "".join(c for c in anyascii(ch) if c.isalnum()).lower()
    return out or None


@lru_cache(maxsize=65536)
def fold_char(ch: str) -> str:
    """One original character -> zero or more canonical characters (lower case, ASCII where a
    look-alike exists; regional-indicator letters are read in runs, by `decode`). Zero-width,
    control and combining marks fold to nothing; a line break
    stays a line break (a word split across lines is joined later), other spaces are a space."""
    if ch.isascii():
        if ch in "\n\r":
            return "\n"
        if ch in "\t\f\v":
            return " "
        return "" if unicodedata.category(ch) == "Cc" else ch.lower()
    if _BLANK_NAMES.match(unicodedata.name(ch, "")):
        return " "  # a character drawn as nothing (a Hangul filler, the blank Braille cell) is a space to a reader
    if _EMOJI_RE.match(ch):
        # Enclosed letters and regional-indicator letters in the emoji range are letters.
        return _letterlike(ch) or ch
    if _QUOTE_NAMES.search(unicodedata.name(ch, "")):
        # Typographic apostrophes and quotes (phones type "don’t"): read as the ASCII ones, or
        # "don’t" is "don" and "t", no negation, to scope and to the model's words.
        quote = anyascii(ch)
        if quote in ("'", '"'):
            return quote
    decomposed = unicodedata.normalize("NFKD", ch)
    if len(decomposed) > 1 and _ENCLOSED.search(unicodedata.name(ch, "")):
        return "".join(c for c in decomposed if c.isalnum()).lower()
    out = []
    for part in decomposed:
        cat = unicodedata.category(part)
        if cat in _ZERO_WIDTH_CATEGORIES:
            continue
        if cat.startswith("Z"):
            out.append("\n" if cat in ("Zl", "Zp") else " ")
            continue
        # A capital look-alike is read by its own shape: the small letters of Cyrillic "В", "Н",
        # Greek "Ν", "Υ" and Cherokee "ᎪᏴᏟ" look like other Latin letters or none. But the data
        # gives every capital I look-alike ("І", "Ι") as "l", and there the small letter decides.
        lowered = part.lower()
        table = _skeleton_map()
        mapped = table.get(part) if lowered != part else None
        if mapped is None or mapped == "l":
            mapped = table.get(lowered, mapped)
        if mapped is None and not lowered.isascii():
            mapped = _letterlike(lowered)
        out.append(mapped if mapped is not None else lowered)
    return "".join(out)


class _InPlaceLower(dict[int, str]):
    """str.translate table: each character to its lower case when that is one character."""

    def __missing__(self, code: int) -> str:
        lowered = chr(code).lower()
        value = lowered if len(lowered) == 1 else chr(code)
        self[code] = value
        return value


_IN_PLACE_LOWER = _InPlaceLower()


class _FoldTable(dict[int, str]):
    """str.translate table of fold_char, filled as characters are first seen."""

    def __missing__(self, code: int) -> str:
        value = fold_char(chr(code))
        self[code] = value
        if len(value) != 1:
            _RESIZING.add(chr(code))
        return value


_RESIZING: set[str] = set()  # characters that fold to nothing or to several characters
_FOLD_TABLE = _FoldTable()


# fold_char of each ASCII character as a bytes table: the character it folds to, or dropped.
# (Filling the table for ASCII now also lists the dropped control characters in _RESIZING.)
_ASCII_FOLD = bytes(ord(_FOLD_TABLE[c]) if len(_FOLD_TABLE[c]) == 1 else c for c in range(128)) + bytes(range(128, 256))
_ASCII_DROP = bytes(c for c in range(128) if not _FOLD_TABLE[c])
_NON_ASCII_RUN = re.compile("([^\x00-\x7f]+)")


@lru_cache(maxsize=4)
def _resizing_pattern(size: int) -> re.Pattern[str] | None:
    """A pattern for any of the `size` characters known to fold to 0 or 2+ characters: one
    C-level scan, where `_RESIZING.isdisjoint(text)` made a string of every character. (The
    set only grows, and a character is in it before its folding is used: a pattern for an
    earlier size misses no character the text folded with a later one, as `fold_chars` reads
    the size after translating.)"""
    chars = "".join(sorted(set(_RESIZING)))
    return re.compile(f"[{re.escape(chars)}]") if chars else None


def fold_chars(text: str) -> tuple[str, list[int] | None]:
    """fold_char over all of `text`, and for each folded character the index of the original
    one it came from (None: the same index, nothing changed length). One C-level translate; the
    offsets are only worked out for text holding a character that folds to 0 or 2+ characters,
    from those characters alone (found in C): every other index appears once, in order."""
    # ASCII characters folded in one bytes.translate of the UTF-8 text (a UTF-8 sequence of a
    # non-ASCII character holds no ASCII byte), then each run of non-ASCII characters through
    # the table: str.translate of non-ASCII text looks every character up in Python's dict
    # protocol, ~500 instructions a character.
    if text.isascii():  # most fields: no run to look for (the split alone scans every character)
        folded = text.encode("ascii").translate(_ASCII_FOLD, _ASCII_DROP).decode("ascii")
    else:
        pieces = _NON_ASCII_RUN.split(
            text.encode("utf-8", "surrogatepass").translate(_ASCII_FOLD, _ASCII_DROP).decode("utf-8", "surrogatepass")
        )
        pieces[1::2] = [run.translate(_FOLD_TABLE) for run in pieces[1::2]]
        folded = "".join(pieces)
    pattern = _resizing_pattern(len(_RESIZING))
    if pattern is None:
        return folded, None
    offsets: list[int] = []
    done = 0
    table = _FOLD_TABLE
    for m in pattern.finditer(text):
        at = m.start()
        offsets.extend(range(done, at))
        offsets.extend([at] * len(table[ord(m.group())]))
        done = at + 1
    if not done:
        return folded, None
    offsets.extend(range(done, len(text)))
    return folded, offsets


def lower_in_place(text: str) -> str:
    """`text` lower-cased character for character, so every offset still points at the same
    character of the original ("İ".lower() is two characters; here it stays one). Extractors
    match this instead of using IGNORECASE, which makes `re` several times slower."""
    if text.isascii():
        return text.lower()
    # str.lower() differs from lowering character by character only at "İ" (the one character
    # whose lower case is two) and "Σ" (lowered by its context): without them, it is the same
    # text from one C loop, where a translate of non-ASCII text looks every character up.
    if "\u0130" not in text and "\u03a3" not in text:
        return text.lower()
    return text.translate(_IN_PLACE_LOWER)
