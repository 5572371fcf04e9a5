"""Numbers written as words, in English and Spanish, for phones, ages and prices.

Ads spell numbers to dodge filters: "nineteen", "twenty-one", "two thirteen", "cinco cincuenta y
cinco", "two hundred thirteen". `WORD_VALUES` reads one word; `compose` joins a tens word with the
unit after it ("fifty five" -> 55) and a unit with "hundred" ("two hundred thirteen" -> 213).
Letters written for digits ("O" for 0, "Z" for 2) are read by `LOOKALIKE_DIGITS`, only in a
number's context (phones.py and ages.py decide what that is); number words written with a digit
for a letter ("s1x", "z3ro") by `unleet_number_words`.
"""

from __future__ import annotations

import re

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SPANISH_UNITS = {
    "cero": 0,
    "uno": 1,
    "una": 1,
    "dos": 2,
    "tres": 3,
    "cuatro": 4,
    "cinco": 5,
    "seis": 6,
    "siete": 7,
    "ocho": 8,
    "nueve": 9,
    "diez": 10,
    "once": 11,
    "doce": 12,
    "trece": 13,
    "catorce": 14,
    "quince": 15,
    "dieciseis": 16,
    "diecisiete": 17,
    "dieciocho": 18,
    "diecinueve": 19,
    "veinte": 20,
    "veintiuno": 21,
    "veintiuna": 21,
    "veintidos": 22,
    "veintitres": 23,
    "veinticuatro": 24,
    "veinticinco": 25,
    "veintiseis": 26,
    "veintisiete": 27,
    "veintiocho": 28,
    "veintinueve": 29,
}
SPANISH_TENS = {
    "treinta": 30,
    "cuarenta": 40,
    "cincuenta": 50,
    "sesenta": 60,
    "setenta": 70,
    "ochenta": 80,
    "noventa": 90,
}
SPANISH_HUNDREDS = {
    "cien": 100,
    "ciento": 100,
    "doscientos": 200,
    "trescientos": 300,
    "cuatrocientos": 400,
    "quinientos": 500,
    "seiscientos": 600,
    "setecientos": 700,
    "ochocientos": 800,
    "novecientos": 900,
}
# Words that sound like digits; they are digits only inside a number (phones.py decides).
HOMOPHONES = {"o": 0, "won": 1, "to": 2, "too": 2, "for": 4, "fore": 4, "ate": 8, "niner": 9}

# word -> (value, kind): kind "unit" (0-9), "teen" (10-19 and Spanish 20-29), "tens", "hundreds"
# (Spanish hundreds words), "weak" (a homophone).
WORD_VALUES: dict[str, tuple[int, str]] = {
    **{w: (v, "unit" if v < 10 else "teen") for w, v in {**UNITS, **SPANISH_UNITS}.items()},
    **{w: (v, "tens") for w, v in {**TENS, **SPANISH_TENS}.items()},
    **{w: (v, "hundreds") for w, v in SPANISH_HUNDREDS.items()},
    **{w: (v, "weak") for w, v in HOMOPHONES.items()},
    "oh": (0, "unit"),  # said for zero so often that it may start or end a number
}
HUNDRED = "hundred"
# Every number word, longest first so "seventeen" wins over "seven" inside a run-together token.
WORD_ALTERNATION = "|".join(sorted([*WORD_VALUES, HUNDRED], key=len, reverse=True))
STRONG_WORDS = "|".join(sorted((w for w, (_, k) in WORD_VALUES.items() if k != "weak"), key=len, reverse=True))

# Letters written for digits, by the letter as written (case matters: "G" is 6, "g" is 9).
LOOKALIKE_DIGITS = {
    "O": "0",
    "o": "0",
    "D": "0",
    "Q": "0",
    "l": "1",
    "I": "1",
    "i": "1",
    "L": "1",
    "|": "1",
    "Z": "2",
    "z": "2",
    "E": "3",
    "A": "4",
    "S": "5",
    "s": "5",
    "G": "6",
    "b": "6",
    "T": "7",
    "B": "8",
    "q": "9",
    "g": "9",
}


def alternation(words: list[str]) -> str:
    """`words` as a regex alternation that matches as `"|".join(words)` does, with the words that
    share a first letter grouped behind it ("t(?:wenty|hirty)|f(?:orty|ifty)"): `re` then tries
    one branch per first letter instead of every word at every position (an age pattern over its
    windows: several times faster). Words of different first letters never match at the same
    place and a group keeps its words' order, so the first word to match is the same."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(word)
    return "|".join(
        group[0] if len(group) == 1 else f"{first}(?:{'|'.join(w[1:] for w in group)})"
        for first, group in groups.items()
    )


_DIGIT_UNITS = [k for k in UNITS if UNITS[k] < 10 and k != "zero"]
_SPANISH_DIGIT_UNITS = [k for k in SPANISH_UNITS if SPANISH_UNITS[k] < 10]
NUMBER_WORDS = (
    rf"(?:(?:{alternation(list(TENS))})(?:[\s-]?(?:{alternation(_DIGIT_UNITS)}))?"
    rf"|(?:{alternation(list(SPANISH_TENS))})(?:\s+y\s+(?:{alternation(_SPANISH_DIGIT_UNITS)}))?"
    rf"|{alternation(sorted({**UNITS, **SPANISH_UNITS}, key=len, reverse=True))})"
)
# The letters a number word starts with.
NUMBER_INITIALS = "".join(sorted({w[0] for w in [*UNITS, *TENS, *SPANISH_UNITS, *SPANISH_TENS]}))
NUMBER = rf"(?:\d{{1,3}}|{NUMBER_WORDS})"


def to_int(token: str) -> int | None:
    """A number written in digits or words ("21", "twenty-one", "treinta y dos") -> its value."""
    token = token.strip().lower()
    if token.isdigit():
        return int(token)
    total = 0
    for part in re.split(r"[\s-]+", token):
        if part == "y":
            continue
        value = WORD_VALUES.get(part)
        if value is None or value[1] == "weak":
            return None
        total += value[0]
    return total


def compose(values: list[tuple[int, str]]) -> list[tuple[str, int, int]]:
    """Number words read in a row -> the digit groups they write, each with the slice of `values`
    it took: a tens word takes the unit after it ("fifty", "five" -> "55"), a unit takes
    "hundred" and what follows ("two hundred thirteen" -> "213"); anything else is its own
    digits ("two", "thirteen" -> "2", "13"). A "hundred" with no unit before it writes nothing."""
    out: list[tuple[str, int, int]] = []
    i = 0
    while i < len(values):
        value, kind = values[i]
        start = i
        if kind == "unit" and i + 1 < len(values) and values[i + 1][1] == "hundred":
            low, i = _low(values, i + 2)
            out.append((str(value * 100 + low), start, i))
        elif kind == "hundreds":
            low, i = _low(values, i + 1)
            out.append((str(value + low), start, i))
        elif kind == "tens":
            low, i = _low(values, i + 1, units_only=True)
            out.append((str(value + low), start, i))
        else:
            out.append(("" if kind == "hundred" else str(value), start, i + 1))
            i += 1
    return out


def _low(values: list[tuple[int, str]], i: int, units_only: bool = False) -> tuple[int, int]:
    """The part under a hundred that follows values[i-1], if any -> (its value, the next index)."""
    if i >= len(values):
        return 0, i
    value, kind = values[i]
    if kind == "unit" and value > 0:
        return value, i + 1
    if units_only:
        return 0, i
    if kind == "teen":
        return value, i + 1
    if kind == "tens":
        unit, j = _low(values, i + 1, units_only=True)
        return value + unit, j
    return 0, i


# A number word with digits for some of its letters ("s1x", "f0ur", "z3ro", "e1even"): a word of
# three letters or more holding a digit and a letter, whose digits read as letters (1 as "i" or
# as "l") spell a number word other than a homophone. Letters and digits only, so the digits
# can be found from a digit in C.
_DIGIT_IN_WORD = re.compile(r"[0-9](?:(?<=[a-z][0-9])|(?=[a-z]))")
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_SPELLED = frozenset(w for w, (_, kind) in WORD_VALUES.items() if kind != "weak" and len(w) >= 3) | {HUNDRED}
_LONGEST = max(len(w) for w in _SPELLED)
# The digits each letter may be written as; read back, "1" is "i" in one reading and "l" in the other.
_DIGITS_FOR = {"o": "0", "i": "1", "l": "1", "e": "3", "a": "4", "s": "5", "g": "69", "t": "7", "b": "8"}
_AS_LETTERS = tuple(
    str.maketrans({digit: letter for letter, digits in _DIGITS_FOR.items() if letter != skip for digit in digits})
    for skip in ("l", "i")
)


def _leet_word_cue() -> str:
    """An RE2 pattern for a number word with at least one digit for a letter ("s1x", "z3r0"): for
    each word, one alternative a position that holds a digit, every other letter as itself or its
    digit. It fires on those words only, so the one-pass cue scan can skip `unleet_number_words`."""
    alternatives = []
    for word in sorted(_SPELLED):
        classes = [f"[{c}{_DIGITS_FOR[c]}]" if c in _DIGITS_FOR else c for c in word]
        for at, letter in enumerate(word):
            if letter in _DIGITS_FOR:
                alternatives.append("".join([*classes[:at], f"[{_DIGITS_FOR[letter]}]", *classes[at + 1 :]]))
    return "(?:" + "|".join(alternatives) + ")"


LEET_WORD_CUE = _leet_word_cue()


def unleet_number_words(text: str) -> str:
    """`text` (lower-cased) with number words written with digits for letters read as the words
    ("s1x zero two" -> "six zero two"); same length, so offsets hold. Other tokens stay. Only the
    tokens around a digit that touches a letter are looked at ("2br", "19yo": a few an ad)."""
    pieces: list[str] = []
    copied = scanned = 0  # the text is in `pieces` up to `copied`; tokens were read up to `scanned`
    n = len(text)
    for m in _DIGIT_IN_WORD.finditer(text):
        at = m.start()
        if at < scanned:
            continue
        start, end = at, at + 1
        while start > scanned and text[start - 1] in _WORD_CHARS:
            start -= 1
        while end < n and text[end] in _WORD_CHARS:
            end += 1
        scanned = end
        token = text[start:end]
        if 3 <= len(token) <= _LONGEST:
            for table in _AS_LETTERS:
                word = token.translate(table)
                if word in _SPELLED:
                    pieces += [text[copied:start], word]
                    copied = end
                    break
    if not pieces:
        return text
    pieces.append(text[copied:])
    return "".join(pieces)
