"""Whose number is it: a name, a person's noun or a place before a bare number ("Lexi, 37", "Ivy
(22)", "Bi guy, 26", "in Denver, 59,"), and how sure each way of stating an age is. Split from
ages.py, which finds the numbers."""

from __future__ import annotations

import re
from collections.abc import Sequence

from samaritan.engine.extract.ages_context import PERSON, PERSON_RE, SPANISH_PERSON
from samaritan.engine.extract.ages_patterns import NOT_A_NAME as _NOT_A_NAME
from samaritan.engine.extract.ages_patterns import NOT_A_TITLE_NAME as _NOT_A_TITLE_NAME
from samaritan.engine.extract.ages_patterns import SET_OFF as _SET_OFF
from samaritan.engine.extract.asciire import ascii_twin
from samaritan.engine.extract.given_names import given_names
from samaritan.engine.normalize.english import frequency

# How each way of stating an age reads a number: (youngest age read, bare number, lone number).
STATED = (10, False, False)  # "25 yo", "Age: 25", "I'm 25": stated as an age
SAID = (13, False, False)  # "about me 25", "25 years", a title's " - 16"
NAMED = (13, False, True)  # a lone number beside a person's noun: "Bi guy, 16", "16 f looking"
BARE = (18, True, True)  # a bare number after a name or greeting: lower, a list of rates would read
BARE_NAME = (13, True, True)  # ... after a name or "here": under 18 tentative (AgeMatch.YOUNG)

_SET_OFF_ASCII = ascii_twin(_SET_OFF)
_PLURAL = re.compile(r"[bcdfghjklmnpqrtvwxz]s$")
# How common an English word must be to be read as a word, not a name, before a bracketed number
# (wordfreq's Zipf scale: 3.5 is a word met about three times in a million).
_WORD_ZIPF = 3.5


def is_name(text: str, offs: Sequence[int], m: re.Match[str]) -> bool:
    """ "Lexi, 37", "I'm Lexi 37" or "Lexi (37)": a capitalised word that is not a unit, day, month
    or common word, with a comma or bracket after it unless "I'm", "meet"... comes before."""
    name = m.group(2)
    if "(" in m.group(3):
        # "Ivy (22)"; "Chairs (20)" and "Tickets (25)" count things: a plural is no name.
        return (
            name not in _NOT_A_NAME
            and text[offs[m.start(2)]].isupper()
            and not _PLURAL.search(name)
            and not _bracketed_word(name)
        )
    punctuated = "," in m.group(3) or "." in m.group(3)
    return name not in _NOT_A_NAME and text[offs[m.start(2)]].isupper() and (punctuated or bool(m.group(1)))


def is_bracketed_name(text: str, offs: Sequence[int], m: re.Match[str]) -> bool:
    """ "friend Nina (30)": a capitalised word, not a unit, day or common word, nor a plural
    ("Chairs (20)", "Tickets (25)" count things)."""
    name = m.group(1)
    if PERSON_RE.fullmatch(name):
        return True  # "lady (28)", "tall blonde (24)": the poster's noun for herself
    return (
        name not in _NOT_A_NAME
        and text[offs[m.start(1)]].isupper()
        and not _PLURAL.search(name)
        and not _bracketed_word(name)
    )


def _bracketed_word(word: str) -> bool:
    """A common English word that is no given name: the number in brackets after it counts or
    labels a thing ("Student Housing (22)", "Downtown (25)", a listing's count), where a name,
    a nickname ("Jazzy (24)") or a name that is also a word ("Summer (23)") stays a name."""
    return (
        frequency(word) >= _WORD_ZIPF
        and word not in given_names()
        and word not in _STATUS
        and _DESCRIBES.search(word) is None  # "Married (51)", "Curvy (28)": the poster described
    )


# How a poster describes herself or himself before the age, as a word of its own.
_STATUS = frozenset(str.split("married single divorced widowed separated attached lonely bored horny retired"))


def apposed(
    text: str, offs: Sequence[int], m: re.Match[str], folded: str, plain: bool
) -> tuple[tuple[int, bool, bool], bool] | None:
    """ "Bi guy, 26" (a person's noun: a minor's age too) or "in Denver, 59," (a capitalised
    place or name, the number set off by a comma or stop): how sure the age is, or None; and
    whether it is read tentatively, an adult age after a lower-case word ("petite & playful, 24,",
    "personal assistant, 27.", a title's "brasileira carinhosa, 30")."""
    word = m.group(1)
    if PERSON_RE.fullmatch(word):
        return NAMED, False
    if word in _NOT_A_NAME and word not in _DESCRIBED_ROLE:
        return None
    set_off = (_SET_OFF_ASCII if plain else _SET_OFF).match(folded, m.end(2))
    if text[offs[m.start(1)]].isupper() and word not in _DESCRIBED_ROLE:
        return (BARE, False) if set_off else None
    if (
        (set_off or _LINE_ENDS.match(folded, m.end(2)))
        and not _PLURAL.search(word)
        and _DESCRIBES.search(folded, max(0, m.start(1) - 30), m.end(1))
    ):
        return BARE, True
    return None


# Words that are no name but end a description of a person: "dom top, 42", "guy next door, 32".
_DESCRIBED_ROLE = frozenset({"top", "door"})
# A title's last number ("brasileira carinhosa, 30"): the line ends after it.
_LINE_ENDS = re.compile(r"[ \t]*(?:\n|$)")
# ... said of a person: a word that describes one, or a person's noun, among the words just before
# the comma (not "pontoon, 24," nor "queen bed frame, 30,": a length, a size).
_DESCRIBES = re.compile(
    r"\b(?:petite|playful|pretty|sweet|sexy|cute|curvy|slim|slender|thick|tall|fit|athletic|toned|busty|classy|"
    r"elegant|sophisticated|mature|fun|flirty|naughty|discreet|polished|bilingual|educated|attractive|gorgeous|"
    r"beautiful|stunning|hot|bubbly|caring|warm|gentle|submissive|dominant|masculine|feminine|smooth|shy|"
    r"exotic|tattooed|pierced|friendly|charming|lovely|bright|"
    r"carinhos[ao]|lind[ao]|bonit[ao]|guap[ao]|hermos[ao]|cariños[ao]|carinos[ao]|caliente|"
    r"assistant|secretary|sub|dom|vers|bottom|next\s+door|"
    rf"{PERSON}|{SPANISH_PERSON})\b[^.,;!?\n]{{0,24}}$"
)


def is_title_name(text: str, offs: Sequence[int], m: re.Match[str]) -> bool:
    """ "Curvy Tasha 35" (ages_patterns.TITLE_NAME): a capitalised given name, not a word that
    titles a place, a thing or a time as often."""
    name = m.group(1)
    return (
        text[offs[m.start(1)]].isupper()
        and name not in _NOT_A_NAME
        and name not in _NOT_A_TITLE_NAME
        and name in given_names()
    )


def opening_at(text: str, at: int) -> int:
    """Where the words of the line from `at` start: spaces, tabs and symbols (emoji) skipped."""
    end = len(text)
    while at < end and (text[at] in " \t" or (not text[at].isascii() and not text[at].isalnum())):
        at += 1
    return at
