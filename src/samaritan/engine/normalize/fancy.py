"""Fancy-text letters: the Greek, Cyrillic, Cherokee, Canadian-syllabics and Armenian letters that
"fancy text" generators put in place of Latin ones by their look ("ρяєтту вαвє", "ѕεxу",
"ᗩᑎᑕ"). Unicode's confusables data lists few of them (Greek "ε", Cyrillic "я" and "т" are no
Latin letter's look-alike there) and a transliteration package reads them by sound ("я" is "ya"),
so each is read as `decancer` reads it, a library made for such text ("я" is "r", "є" is "e").

Read only in words that show the disguise, so that Greek and Russian text stays as written: a word
(a run of letters) that mixes two scripts ("ѕεxу": Cyrillic, Greek and Latin), a word of
Cherokee or Canadian syllabics, scripts whose own words do not appear among Latin-script ads, or a
word of Greek or Cyrillic letters alone that is no word of those languages and reads by its look
as a common English one ("τθρ"). One character for one: offsets are unchanged.

Measured on the real development halves: 1,444 Greek epsilons, 429 Ukrainian "є", 383 Cyrillic
"т" and ~900 more such letters had stood inside otherwise Latin words of dating-section ads,
unread by every rule.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from itertools import repeat

import decancer_py

from samaritan.engine.normalize import english
from samaritan.engine.normalize.chars import fold_char

# Scripts whose letters fancy-text fonts borrow for Latin ones, by the first words of a letter's
# Unicode name. A word of several of these (or of one with Latin letters) is a fancy-text word.
_BORROWED = ("GREEK", "CYRILLIC", "CHEROKEE", "CANADIAN SYLLABICS", "ARMENIAN", "COPTIC", "GEORGIAN")
# ... and of these, scripts read even alone: their own words do not appear in these ads.
_ALONE = frozenset({"CHEROKEE", "CANADIAN SYLLABICS"})
# Their blocks: Greek (and its extended block), Cyrillic (and its supplements), Armenian,
# Georgian, Cherokee, Canadian syllabics, Coptic. Most ads hold none: one search says so.
_BORROWED_CHARS = (
    "\u0370-\u03ff\u1f00-\u1fff\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f\u0530-\u058f"
    "\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f\u13a0-\u13ff\uab70-\uabbf\u1400-\u167f\u18b0-\u18ff\u2c80-\u2cff"
)
# Where the fonts read a letter otherwise than `decancer` does: "δ" and the partial-differential
# sign "∂" stand for "d" (decancer reads "6" and "a"), the syllabic "ᔕ" for "s" (decancer: "~");
# on the real development halves they stood 65, 111 and 64 times inside Latin words of
# dating-section ads. The sign counts as a Greek letter.
_FONT = {"δ": "d", "∂": "d", "ᔕ": "s"}
_BORROWED_CHARS += "\u2202"
_ANY = re.compile(f"[{_BORROWED_CHARS}]")
# A word holding one: letters around a borrowed letter.
_WORD = re.compile(f"[^\\W\\d_]*[{_BORROWED_CHARS}][^\\W\\d_]*")
# A run of letters and borrowed characters, where `_WORD`'s matches lie.
_SEGMENT = re.compile(f"(?:[^\\W\\d_]|[{_BORROWED_CHARS}])*")


@lru_cache(maxsize=8192)
def _script(ch: str) -> str:
    """The script of a letter: LATIN for ASCII and for letters whose compatibility form is an
    ASCII one (styled, full-width), else the first words of its name that name a borrowed script,
    else OTHER."""
    if ch in _FONT:
        return "GREEK"
    if ch.isascii() or unicodedata.normalize("NFKD", ch)[:1].isascii():
        return "LATIN"
    name = unicodedata.name(ch, "")
    for script in _BORROWED:
        if name.startswith(script):
            return script
    return "LATIN" if "LATIN" in name else "OTHER"


@lru_cache(maxsize=8192)
def _latin(ch: str) -> str:
    """The ASCII letter or digit `decancer` reads a borrowed letter as, or the letter itself."""
    if ch in _FONT:
        return _FONT[ch]
    read = str(decancer_py.parse(ch))
    return read if len(read) == 1 and read.isascii() and read.isalnum() else ch


# A word of Greek or Cyrillic letters alone is read by its look only where it is no word of the
# languages written in them (wordfreq's lists) and its look is a common English word: "τθρ" is
# "top" (it stood so in real dating-section ads), "καλημέρα" and "Москва" stay as written.
_LANGUAGES = {"GREEK": ("el",), "CYRILLIC": ("ru", "uk", "bg")}
_COMMON = 3.0  # Zipf: once a million words


def _english_by_look(word: str, script: str) -> bool:
    languages = _LANGUAGES.get(script)
    if languages is None or len(word) < 2:
        return False
    lower = word.lower()
    if any(english.listed(lower, lang) for lang in languages):
        return False
    look = "".join(_latin(ch) for ch in lower).replace("0", "o")
    return look.isascii() and look.isalpha() and english.frequency(look.lower()) >= _COMMON


def load_words() -> None:
    """Read the Greek and Cyrillic languages' word lists now (~0.06 s) rather than on the first
    ad that writes a word in those letters alone."""
    for languages in _LANGUAGES.values():
        for lang in languages:
            english.listed("", lang)


# Each script as one character, so that a word's scripts are one C-level translate away: a set
# comprehension of `_script` calls cost ~1 us a character of a fancy-text word.
_TAGS = {script: chr(ord("a") + k) for k, script in enumerate(("LATIN", "OTHER", *_BORROWED))}
_SCRIPT_OF_TAG = {tag: script for script, tag in _TAGS.items()}
_ALL_TAGS = frozenset(_TAGS.values())
_OTHER_TAG = _TAGS["OTHER"]
_ALONE_TAGS = frozenset(_TAGS[script] for script in _ALONE)
# str.translate tables of the characters met in such words: a character's script tag, and what it
# reads as (`_latin` of a borrowed letter, one character for one; any other character itself).
# Plain dicts, filled by `_learn`: a dict subclass answering misses costs ~500 instructions a
# character, as str.translate then calls `__getitem__` through Python's method protocol.
_SCRIPT_TAGS: dict[int, str] = {}
_READING: dict[int, str] = {}


def _learn(word: str) -> None:
    for ch in set(word):
        if ord(ch) not in _SCRIPT_TAGS:
            script = _script(ch)
            _READING[ord(ch)] = _latin(ch) if script in _BORROWED else ch
            _SCRIPT_TAGS[ord(ch)] = _TAGS[script]


_learn("".join(map(chr, range(128))))  # so that a tag (an ASCII letter) left untranslated is no tag


def _read_word(m: re.Match[str]) -> str:
    return _read_letters(m.group())


def _read_letters(word: str) -> str:
    """A word holding a borrowed letter, read by its look where it shows the disguise."""
    scripts = set(word.translate(_SCRIPT_TAGS))
    if not scripts <= _ALL_TAGS:  # a character met for the first time (translate kept it)
        _learn(word)
        scripts = set(word.translate(_SCRIPT_TAGS))
    if _OTHER_TAG in scripts:
        return word
    alone = len(scripts) < 2 and scripts.isdisjoint(_ALONE_TAGS)
    if alone and not _english_by_look(word, _SCRIPT_OF_TAG[next(iter(scripts))]):
        return word
    return word.translate(_READING)


# Symbols the fonts also write for letters ("n€w", "§exy", "¥oung", "pl∈ase", "L¡ps"; on the real
# dating half 72 euro signs, 66 pound signs, 36 yen signs and 20 section signs touched letters):
# every currency sign and these few, read as decancer reads them where they touch a letter and no
# digit (a price keeps its sign: "€50", "£500 pcm"). Between two letters only, the inverted
# exclamation mark, which opens a Spanish sentence ("¡Hola").
_CURRENCY = "".join(chr(c) for c in range(0xA0, 0x2100) if unicodedata.category(chr(c)) == "Sc")
_SIGNS = _CURRENCY + "§∈∑ƒ"
_SYMBOL = re.compile(
    rf"(?<=[^\W\d_])(?:[{_SIGNS}¡](?=[^\W\d_])|[{_SIGNS}](?![\w]))|(?<![\w])[{_SIGNS}](?=[^\W\d_]{{2}})"
)
_ANY_SIGN = re.compile(f"[{_SIGNS}¡]")
# Either kind: most ads that are not plain ASCII hold emoji only, and one search says so.
_ANY_FANCY = re.compile(f"[{_BORROWED_CHARS}{_SIGNS}¡]")


def read_fancy(text: str) -> str:
    """Borrowed letters of fancy-text words, and symbols written for letters, read as Latin ones
    (see the module's docstring). Same length."""
    if text.isascii() or (first := _ANY_FANCY.search(text)) is None:
        return text
    # Both as `_SYMBOL.sub` and `_WORD.sub` over the whole text would give, asked only where their
    # characters are: `re` tried them at every character (~120 us each on a long post). No sign or
    # borrowed letter stands before the first of either: each search below starts there.
    at = first.start()
    if (sign := _ANY_SIGN.search(text, at)) is not None:
        # (A match is the one sign it starts at; its look-behinds read the text before it.)
        signs = [m.start() for m in map(_SYMBOL.match, repeat(text), _sign_starts(text, sign.start())) if m is not None]
        if signs:
            pieces: list[str] = []
            done = 0
            for place in signs:
                pieces.extend((text[done:place], _latin(text[place])))
                done = place + 1
            pieces.append(text[done:])
            text = "".join(pieces)  # (a sign read as a letter is ASCII: no borrowed letter before `at`)
    if (borrowed := _ANY.search(text, at)) is None:
        return text
    return _read_segments(text, borrowed.start())


def _sign_starts(text: str, pos: int) -> Iterator[int]:
    return (m.start() for m in _ANY_SIGN.finditer(text, pos))


def _segment_end(text: str, at: int) -> int:
    """Where the run of letters and borrowed characters from `at` ends (`_SEGMENT` matches empty)."""
    m = _SEGMENT.match(text, at)
    return at if m is None else m.end()


def _read_segments(text: str, pos: int = 0) -> str:
    """`_WORD.sub(_read_word, text)`, run on each run of letters and borrowed characters that holds a
    borrowed one: a match holds nothing else, and `_WORD` has no look-around. `pos`: no borrowed
    character stands before it."""
    pieces: list[str] = []
    done = 0
    backwards: str | None = None
    for m in _ANY.finditer(text, pos):
        at = m.start()
        if at < done:
            continue  # inside a run already read
        if backwards is None:
            backwards = text[::-1]
        start = len(text) - _segment_end(backwards, len(text) - at)
        end = _segment_end(text, at)
        pieces.append(text[done:start])
        segment = text[start:end]
        # Letters alone (most runs) are one `_WORD` match from end to end: read without `sub`.
        pieces.append(_read_letters(segment) if segment.isalpha() else _WORD.sub(_read_word, segment))
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


class _OneLetter(dict[int, str]):
    """str.translate table: a character to the one ASCII letter or digit it folds to, else itself."""

    def __missing__(self, code: int) -> str:
        folded = fold_char(chr(code))
        value = folded if len(folded) == 1 and folded.isascii() and folded.isalnum() else chr(code)
        self[code] = value
        return value


_ONE_LETTER = _OneLetter()
# The only characters the table changes: those outside ASCII, and ASCII capitals.
_MAY_CHANGE = re.compile(r"[^\x00-\x40\x5b-\x7f]")


def letters_in_place(lowered: str) -> str:
    """`lowered` (lower_in_place) with its look-alike and fancy-text letters read as the ASCII ones,
    character for character: an address or a handle so written ("ѕnαp: ѕωєєтgιяl") is found where it
    stands, with the value it spells. The text itself where no character changes (plain text)."""
    if lowered.isascii():
        return lowered
    read = read_fancy(lowered)
    # What `read.translate(_ONE_LETTER)` gives, each distinct character that changes replaced in C:
    # a translate of non-ASCII text looks every character up (13 -> 4 us on an ad with emoji).
    changes = [(ch, letter) for ch in set(_MAY_CHANGE.findall(read)) if (letter := _ONE_LETTER[ord(ch)]) != ch]
    if any(_ONE_LETTER[ord(letter)] != letter for _, letter in changes):
        read = read.translate(_ONE_LETTER)  # a letter that would be replaced again: all at once
    else:
        for ch, letter in changes:
            read = read.replace(ch, letter)
    return lowered if read == lowered else read
