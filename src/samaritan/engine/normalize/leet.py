"""Leetspeak inside words: digits and symbols read as the letters they stand for ("y0ung",
"$exy", "ca11"), and numbers written with the letter O for zero ("1oo"). Same length, so offsets
are untouched. The lexicon's vocabulary and English word counts settle ambiguous tokens; units,
names with digits and bust sizes stay as written. Split from words.py."""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from samaritan.engine.normalize.english import frequency
from samaritan.engine.normalize.shorthand import SHORTHAND
from samaritan.engine.normalize.words import ENGLISH_WORD_ZIPF, LEET, known

# A letter touching a leet character ("y0ung", "t33n", "$exy"); the whole token is then folded.
# A letter before "!" (or "|@$") only counts when more of the word follows ("fr!ends"): at a
# word's end it is punctuation, which folding strips anyway, and nearly every ad has one.
LEET_SPOT: re.Pattern[str] = re.compile(r"[a-z][0-9]|[a-z][!|@$]+[a-z0-9]|[0-9@$!|][a-z]")
# The same spots found from their digit or symbol: a match wherever LEET_SPOT has one, inside
# the same token, but opening with a class of rarer characters, so `re` skips the letters in C
# (LEET_SPOT itself could start at nearly every character: ~4x slower). LEET_SPOT stays the
# RE2 cue (no look-behind there) and the definition the tests hold this one to.
LEET_SPOT_SCAN = re.compile(r"[0-9@$!|](?:(?<=[a-z][0-9])|(?=[a-z])|(?<=[a-z][!|@$])[!|@$]*[a-z0-9])")
# Digits then a unit or suffix ("19yo", "2br", "4th", "100roses"), or letters then digits ("b4"),
# are not leet. One leet digit before letters is ("1n", "7own", "0ur").
_UNITS = (
    "yo|y|yr|yrs|yrold|br|ba|bd|th|st|nd|rd|pm|am|hr|hrs|h|hh|hhr|min|mins|k|lbs|lb|kg|ft|in|x|s|ish|qv|"
    "qk|m|mi|mph|cm|mm|oz|g|gb|tb|mb|p|d|day|days|wk|wks|mo|ct|pc|pcs|pk|ml|l|v|w"
)
_UNIT_TOKEN = re.compile(rf"[1-9][0-9]*(?:{_UNITS})|[0-9]{{2,}}[a-z]{{3,}}|[a-z]+[0-9]{{2,}}|\$[0-9]+[a-z]*")
# Text-message shorthand written with a digit ("b4", "2nite"): no leet, so that the shorthand view
# writes it out ("before", "tonight"); read as leet "b4" was "ba" and "hit my quota b4 i leave"
# lost its "before".
_SHORTHAND_WITH_DIGITS = frozenset(k for k in SHORTHAND if any(c.isdigit() for c in k) and any(c.isalpha() for c in k))
# A bust size: a band of 28 to 44 and a cup ("34c", "36dd", "32aa"). Never leetspeak, even where
# the letters would read as a word: the measurement is what the poster wrote.
_CUP_SIZE = re.compile(r"(?:2[89]|3[0-9]|4[0-4])(?:a{1,2}|b|c|d{1,4}|e|f{1,2}|g{1,2}|h)")


def fold_leet(text: str, vocabulary: frozenset[str]) -> str:
    """Leetspeak inside words read as letters; same length, so offsets are untouched."""
    pieces: list[str] = []  # the text up to each folded token, and the token folded
    done = 0
    done_until = -1
    n = len(text)
    backwards = ""  # the text reversed, made on the first spot: tokens are widened leftwards in it
    # Each token holding a spot is folded once, whichever of its spots is found first. A token
    # is widened to the run of token characters around the spot by one C-level match each way
    # (a Python loop over the characters of an address cost ~100 steps a character).
    for m in LEET_SPOT_SCAN.finditer(text):
        start = m.start()
        if start < done_until:
            continue
        if not backwards:
            backwards = text[::-1]
        if start > done_until:
            start = max(start - _leet_run(backwards, n - start), done_until, 0)
        end = m.end() + _leet_run(text, m.end())
        done_until = end
        folded = _leet_token(text[start:end], vocabulary)
        if folded is not None:
            pieces.append(text[done:start])
            pieces.append(folded)
            done = start + len(folded)
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


_LEET_RUN = re.compile(r"[a-z0-9@$!|]*")


def _leet_run(text: str, pos: int) -> int:
    """How many token characters run from `pos` on (`fold_leet`)."""
    m = _LEET_RUN.match(text, pos)
    return m.end() - pos if m else 0


@lru_cache(maxsize=1 << 15)
def _leet_token(token: str, vocabulary: frozenset[str]) -> str | None:
    """A token's letters read through leetspeak (None: it stays as it is). Tokens repeat across
    ads ("150hh", "2br"), so each is worked out once."""
    core = token.rstrip("!|@$")  # trailing "!!" is punctuation, not letters
    if not any(c.isalpha() for c in core) or core in _SHORTHAND_WITH_DIGITS:
        return None
    if "!" in core:
        glued = _glued_words(core, vocabulary)
        if glued is not None:
            return glued
    if _ZERO_AS_O.fullmatch(core):
        return core.replace("o", "0")  # "1oo", "15o": a number written with O for zero
    folded = core.translate(LEET)
    if folded == core or _CUP_SIZE.fullmatch(core):
        return None
    if "1" in core and len(core) > 2 and not known(folded, vocabulary):
        folded = _one_as_l(core, folded, vocabulary)
    common = bool(_ONES_WORD.fullmatch(core)) and frequency(folded) >= ENGLISH_WORD_ZIPF  # "ca11" is "call"
    if _UNIT_TOKEN.fullmatch(core) and not (known(folded, vocabulary) or common):
        return None  # "19yo", "2br", "mia22" are units and names, not leet
    return folded


# Words joined by exclamation marks with no space after them ("pics!!call", "town!text"): real
# posts leave the space out after "!" as often as after a full stop (several hundred in the real
# development halves), and read as leet the marks glued the words into one ("picsiicall"), losing
# both. Words of two letters or more on each side; the marks become spaces (same length).
_GLUE = re.compile(r"!+")


def _glued_words(core: str, vocabulary: frozenset[str]) -> str | None:
    """`core` with its "!" runs as spaces, where they join whole words and no leet reading of
    them is a word ("fr!ends" and "k!ss" stay leet); None otherwise."""
    parts = _GLUE.split(core)
    if len(parts) < 2:
        return None
    words = [part.translate(LEET) for part in parts]  # "y0ung!!call": each side read as leet too
    if not all(word.isalpha() and len(word) > 1 for word in words):
        return None  # (single letters split by "!" are spelt-out letters, "s!e!x!y", not words)
    joined = _GLUE.sub(lambda m: "i" * len(m.group()), core).translate(LEET)
    if known(joined, vocabulary) or frequency(joined) >= ENGLISH_WORD_ZIPF:
        return None
    if not all(known(word, vocabulary) or frequency(word) >= ENGLISH_WORD_ZIPF for word in words):
        return None
    spaced = words[0]
    for mark, word in zip(_GLUE.findall(core), words[1:], strict=True):
        spaced += " " * len(mark) + word
    return spaced


# A number of two to six characters written with the letter O for its zeros ("1oo", "15o", "2oo"):
# after a digit, at least one "o" and nothing but digits. ("1o" stays: too short to tell.)
_ZERO_AS_O = re.compile(r"[1-9](?=[0-9o]*o)[0-9o]{2,5}")
# "1" stands for "l" as often as for "i" ("ca11", "on1y", "inca11"): beside another reading, a
# token is read with "l" where that gives a lexicon word or a commoner English one. At most this
# many "1"s are tried each way (2**n readings).
_MOST_ONES = 4
# Letters then "1"s only ("ca11", "a11", "fu11"): a unit or a name's number ("mia11") unless the
# "1"s read as a common English word.
_ONES_WORD = re.compile(r"[a-z]+1+")


def _one_as_l(core: str, folded: str, vocabulary: frozenset[str]) -> str:
    """The reading of `core`'s "1"s as "i" or "l" that is a lexicon word, else the commonest English
    word among them (`folded`, every "1" an "i", where none is a word)."""
    ones = [i for i, c in enumerate(core) if c == "1"]
    if len(ones) > _MOST_ONES:
        return folded
    best, best_zipf = folded, frequency(folded) if folded.isalpha() else 0.0
    chars = list(folded)
    for choice in itertools.product("il", repeat=len(ones)):
        for at, letter in zip(ones, choice, strict=True):
            chars[at] = letter
        word = "".join(chars)
        if word == folded:
            continue
        if known(word, vocabulary):
            return word
        zipf = frequency(word) if word.isalpha() else 0.0
        if zipf > best_zipf:
            best, best_zipf = word, zipf
    return best
