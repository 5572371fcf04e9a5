"""Numbers written as English words ("nineteen", "twenty-one"), for ages and prices."""

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
NUMBER_WORDS = (
    rf"(?:(?:{'|'.join(TENS)})(?:[\s-]?(?:{'|'.join(k for k in UNITS if UNITS[k] < 10 and k != 'zero')}))?"
    rf"|{'|'.join(sorted(UNITS, key=len, reverse=True))})"
)
NUMBER = rf"(?:\d{{1,3}}|{NUMBER_WORDS})"


def to_int(token: str) -> int | None:
    token = token.strip().lower()
    if token.isdigit():
        return int(token)
    parts = re.split(r"[\s-]+", token)
    total = 0
    for part in parts:
        if part in TENS:
            total += TENS[part]
        elif part in UNITS:
            total += UNITS[part]
        else:
            return None
    return total
