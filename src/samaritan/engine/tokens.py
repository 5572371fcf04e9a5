"""The words of an ad's lower-cased text, split once and shared by the stages that look words
up (respelling in the normaliser today; the extractors can gate on `Words.set` too).

A word is a maximal run of alphanumeric characters (`str.isalnum`), the same boundary every
matcher checks ("yung" in "yung!" is a word, in "yung2" it is not). The split is one
`str.translate` and one `str.split`, both in C: listing words with a regex cost a few
microseconds for each field of each ad, in every stage that did it.
"""

from __future__ import annotations

import re

# Lower-case letter words as the normaliser reads respellings: 3 to 16 letters.
LETTER_WORD = re.compile(r"[a-z]{3,16}")


class _NonAlnumToSpace(dict[int, str]):
    """str.translate table: a character that is not alphanumeric -> a space. Filled as
    characters are first seen; on ASCII text CPython then translates from a cache, in C."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        value = char if char.isalnum() else " "
        self[code] = value
        return value


_TABLE = _NonAlnumToSpace()
# ASCII text takes a plain dict: CPython translates it from a cache of its own, several times
# faster than through a dict subclass.
_ASCII_TABLE = {code: char if char.isalnum() else " " for code, char in ((c, chr(c)) for c in range(128))}


# Bytes that are not a lower-case ASCII letter -> a space.
_NOT_A_LETTER = bytes(c if 97 <= c <= 122 else 32 for c in range(256))


def split_words(text: str) -> list[str]:
    """The maximal runs of alphanumeric characters of `text`, in order."""
    return text.translate(_ASCII_TABLE if text.isascii() else _TABLE).split()


def _letter_words(text: str) -> list[str]:
    """`LETTER_WORD.findall(text)`, from the runs of ASCII letters of the UTF-8 text (one C-level
    translate and split; the pattern tried at every place of wide text cost ~100 instructions a
    character): each run in pieces of 16 letters, and the last piece if of 3 or more, as findall
    reads a run."""
    runs = text.encode("utf-8", "surrogatepass").translate(_NOT_A_LETTER).decode("ascii").split()
    if max(map(len, runs), default=0) <= _LONGEST:
        return [run for run in runs if len(run) >= 3]
    # A run longer than a word: the pattern's pieces of it, in order.
    return [run[k : k + _LONGEST] for run in runs for k in range(0, len(run), _LONGEST) if len(run) - k >= 3]


_LONGEST = 16  # LETTER_WORD's longest word


class Words:
    """The words of one text (an ad's `lowered` text), worked out on first use and kept.
    `respelled` is the normaliser's own slot: the words it reads as lexicon words, found once
    for all the ad's fields."""

    __slots__ = ("_letters", "_list", "_set", "respelled", "text")

    def __init__(self, text: str):
        self.text = text
        self._list: list[str] | None = None
        self._set: frozenset[str] | None = None
        self._letters: list[str] | None = None
        self.respelled: dict[str, str] | None = None

    @property
    def letters(self) -> list[str]:
        """Every run of lower-case ASCII letters that `LETTER_WORD` reads as a word (3-16 letters
        between non-letters), and perhaps more (shorter and longer runs on ASCII text, where one
        C-level split is cheaper than the regex); repeats kept (a set costs more than it saves)."""
        if self._letters is None:
            text = self.text
            if text.isascii():
                self._letters = text.encode("ascii").translate(_NOT_A_LETTER).decode("ascii").split()
            else:
                self._letters = _letter_words(text)
        return self._letters

    @property
    def list(self) -> list[str]:
        if self._list is None:
            self._list = split_words(self.text)
        return self._list

    @property
    def set(self) -> frozenset[str]:
        if self._set is None:
            self._set = frozenset(self.list)
        return self._set
