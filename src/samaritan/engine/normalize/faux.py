"""Faux-Latin: the characters of other scripts that "Japanese style" fancy-text generators put
in place of Latin letters ("卄乇ㄥㄥㄖ" for "hello", "几乇山" for "new"), and the CJK
ornaments glued to Latin words ("☆彡awake"). Neither the Unicode confusables data nor a
transliteration package reads them as letters (anyascii gives "卄" as "Nian"): each is an
ideograph, a Bopomofo or a syllabics letter in its own right, so the table below is the fancy-text
font itself.

Read only in context, so that Chinese, Japanese or Korean text stays as written: a run of these
characters is read as letters once the text holds a word of three or more of them (as
regional-indicator letters, "once one run spells a word, the text writes in these letters"), a
word being a run of them and ASCII letters; an ornament is a space only where neither neighbour
is a character of those scripts. One character for one: offsets are unchanged.
"""

from __future__ import annotations

import re
import unicodedata

# The fancy-text generators' "Japanese" font and its common variants, letter by letter.
FAUX_LETTERS = {
    "a": "卂丹",
    "b": "乃",
    "c": "匚",
    "d": "ᗪ",
    "e": "乇",
    "f": "千",
    "g": "Ꮆ",
    "h": "卄廾",
    "i": "丨",
    "j": "ﾌ",
    "k": "Ҝ长",
    "l": "ㄥ乚",
    "m": "爪",
    "n": "几",
    "o": "ㄖ",
    "p": "卩尸",
    "q": "Ɋ",
    "r": "尺",
    "s": "丂",
    "t": "ㄒ丅",
    "u": "ㄩ凵",
    "v": "ᐯ",
    "w": "山",
    "x": "乂",
    "y": "ㄚ丫",
    "z": "乙",
}
_TABLE = {ord(glyph): letter for letter, glyphs in FAUX_LETTERS.items() for glyph in glyphs}
_GLYPHS = "".join(chr(code) for code in _TABLE)
# Ornaments of those scripts that decorate Latin text ("★彡", "ミ☆"): a shooting star's tail,
# a katakana "mi" as a sparkle.
_ORNAMENTS = "彡ミ"

_ANY = re.compile(f"[{_GLYPHS}{_ORNAMENTS}]")
# A word of faux and ASCII letters ("卄乇ㄥㄥo"). One class, repeated: linear on any text (a word
# pattern that requires a glyph inside it backtracks over a long run of letters).
_WORD = re.compile(f"[{_GLYPHS}a-zA-Z]+")
_RUN = re.compile(f"[{_GLYPHS}]+")
_ORNAMENT = re.compile(f"[{_ORNAMENTS}]")


def _east_asian(ch: str) -> bool:
    """A character of the scripts whose text these glyphs belong to (CJK, kana, Bopomofo, Hangul)."""
    if ch.isascii() or not ch.isalpha() or ch in _ORNAMENTS:
        return False
    name = unicodedata.name(ch, "")
    return name.startswith(("CJK", "HIRAGANA", "KATAKANA", "BOPOMOFO", "HANGUL", "HALFWIDTH KATAKANA"))


def _beside_east_asian(text: str, m: re.Match[str]) -> bool:
    start, end = m.start(), m.end()
    return (start > 0 and _east_asian(text[start - 1])) or (end < len(text) and _east_asian(text[end]))


def _writes_faux(text: str) -> bool:
    """Does some word of the text spell with faux letters, three characters or more, one faux
    at least, with no other East Asian character beside it?"""
    return any(
        m.end() - m.start() >= 3 and not m.group().isascii() and not _beside_east_asian(text, m)
        for m in _WORD.finditer(text)
    )


def read_faux(text: str) -> str:
    """Faux-Latin letters read as the letters they stand for, and ornaments beside Latin text
    read as spaces (see the module's docstring). Same length."""
    if _ANY.search(text) is None:
        return text
    if _writes_faux(text):
        text = _RUN.sub(lambda m: m.group() if _beside_east_asian(text, m) else m.group().translate(_TABLE), text)
    if _ORNAMENT.search(text) is None:
        return text
    return _ORNAMENT.sub(lambda m: m.group() if _beside_east_asian(text, m) else " ", text)
