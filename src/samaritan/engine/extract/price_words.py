"""Prices written in words ("a hundred and fifty an hour", "two hours is a thousand", "fifteen
hundred for the night", "two grand a weekend", "a buck fifty") and sums in thousands ("$4k a
month", "3.5k/week").

Posters spell a rate to get past filters that look for digits beside "$". A number word is a
price only where an ad says so: a currency word after it, a session's unit after it ("an hour",
"per visit", "for the night"), or a unit or fee named just before it ("the hour is", "my fee:").
"Two hundred people", "a hundred years" and "two hundred pounds" (a weight) stay numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from samaritan.engine.extract.numbers import TENS, UNITS, alternation

_DIGITS = [w for w, v in UNITS.items() if 1 <= v <= 9]
_TEENS = [w for w, v in UNITS.items() if v >= 10]
_UNIT_W = alternation(sorted(_DIGITS, key=len, reverse=True))
_TEEN_W = alternation(sorted(_TEENS, key=len, reverse=True))
_TENS_W = alternation(list(TENS))
# Under a hundred: "fifty", "fifty-five", "fifteen", "five".
_LOW = rf"(?:(?:{_TENS_W})(?:[\s-]?(?:{_UNIT_W}))?\b|(?:{_TEEN_W})\b|(?:{_UNIT_W})\b)"
# "two hundred (and) fifty", "a hundred", "fifteen hundred", "twenty-two hundred".
_HUNDREDS = (
    rf"(?:(?:a|one|[1-9]|{_UNIT_W}|{_TEEN_W}|(?:{_TENS_W})[\s-]?(?:{_UNIT_W}))\s+(?:hundred|hunnid|hundo)\b"
    rf"(?:\s+(?:and\s+)?{_LOW})?)"
)
# "a thousand", "two thousand five hundred", "a grand", "two grand".
_THOUSANDS = (
    rf"(?:(?:a|one|{_UNIT_W}|ten|a\s+couple(?:\s+of)?)\s+(?:thousand\b(?:\s+(?:and\s+)?(?:{_HUNDREDS}|{_LOW}))?"
    rf"|grand\b))"
)
# "one fifty", "two fifty" (hundreds and tens said as two numbers) and "a buck fifty".
_SPOKEN = rf"(?:(?:a\s+)?buck(?:\s+(?:{_LOW}))?\b|(?:{_UNIT_W})[\s-]+(?:{_TENS_W})\b(?![\s-]+(?:{_UNIT_W})\b))"
# Tens said alone ("eighty an hour") are a price only with a unit or currency after them.
_AMOUNT = rf"(?P<words>{_THOUSANDS}|{_HUNDREDS}|{_SPOKEN}|(?:{_TENS_W})\b)"

_CURRENCY_AFTER = r"\s*(?P<cur>dollars?\b|bucks\b|usd\b|roses?\b|euros?\b|quid\b|donations?\b)"
_UNIT_AFTER = (
    r"\s*(?:(?:cash|flat|total)\s+)?(?:/|per|an?|for|for\s+(?:an?|the|one|your)|each)\s*"
    r"(?:hours?|hr|half\s*(?:an\s*)?hour|night|evening|overnight|date|session|visit|meet(?:ing|up)?|afternoon|"
    r"morning|weekend|week|month|day)\b"
)
# A unit, a fee or a sum's place named just before the number: "two hours is a thousand", "the
# night is", "my fee: two hundred", "an envelope with", "donation of".
_NAMED_BEFORE = (
    r"(?:hours?|hr|night|overnight|evening|visit|session|date|rate|rates|fee|donation|gift|price|tribute|"
    r"allowance|envelope|costs?)\s*(?:is|are|runs?|=|:|-|of|for|will\s+be|with|starts?\s+at|from)?\s*$"
)

_WORD_PRICE = re.compile(rf"(?<![\w-]){_AMOUNT}(?:{_CURRENCY_AFTER}|(?={_UNIT_AFTER}))")
_ANY_AMOUNT = re.compile(rf"(?<![\w-]){_AMOUNT}")
_BEFORE = re.compile(_NAMED_BEFORE)
# A weight, a count or a length after the number is no price ("two hundred pounds", "a hundred years").
_NOT_A_SUM = re.compile(r"\s*(?:pounds|lbs?|years?|people|miles|feet|square|sq|words|times|calories)\b")
# "$4k", "4k/month", "3.5k a week": the digit form of thousands, with a currency or a unit.
_K_SUM = re.compile(
    r"(?<![\w.])(?<!\ba )(?<!the )(?P<cur>\$|usd\s*|€|£)?(?P<num>\d{1,3})(?:\.(?P<tenth>\d))?\s?k\b"
    r"(?(cur)|(?=\s*(?:/|per|an?|each|for\s+(?:my|the|a|one|your)?)\s*(?:month|mo\b|monthly|week|wk|weekend|night|day)))"
)

CUE = (
    r"hundred|hunnid|hundo|thousand|grand\b|buck\b|\d\s?k\b|\b(?:one|two|three|four|five|six|seven|eight|nine)(?:\s|-)+"
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b"
    r"|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\s*(?:/|per|an?|for|dollars|bucks|roses)"
)


def words_value(words: str) -> int | None:
    """A price said in words -> its value ("a hundred and fifty" -> 150, "two grand" -> 2000,
    "a buck fifty" -> 150, "one fifty" -> 150), or None."""
    tokens = [t for t in re.split(r"[\s-]+", words.strip()) if t and t != "and" and t != "of"]
    if not tokens:
        return None
    if tokens[0] == "buck" or tokens[:2] == ["a", "buck"]:
        rest = tokens[2:] if tokens[0] == "a" else tokens[1:]
        low = _sum_small(rest) if rest else 0
        return None if low is None else 100 + low
    if len(tokens) == 2 and tokens[0] in UNITS and tokens[1] in TENS:
        return UNITS[tokens[0]] * 100 + TENS[tokens[1]]
    total = 0
    current = 0
    for token in tokens:
        if token in ("a", "one") and current == 0:
            current = 1
        elif token.isdigit() and current == 0:
            current = int(token)
        elif token == "couple":
            current = 2
        elif token in UNITS:
            current += UNITS[token]
        elif token in TENS:
            current += TENS[token]
        elif token in ("hundred", "hunnid", "hundo"):
            current = (current or 1) * 100
        elif token in ("thousand", "grand"):
            total += (current or 1) * 1000
            current = 0
        else:
            return None
    return total + current


def _sum_small(tokens: list[str]) -> int | None:
    value = 0
    for token in tokens:
        if token in UNITS:
            value += UNITS[token]
        elif token in TENS:
            value += TENS[token]
        else:
            return None
    return value


def word_prices(lowered: str) -> Iterator[tuple[int, int, float, str | None]]:
    """(start, end of the number, amount, currency word or None) for each price said in words or
    in thousands in the lower-cased `lowered`."""
    seen: set[int] = set()
    for m in _WORD_PRICE.finditer(lowered):
        value = words_value(m.group("words"))
        if value is not None and value >= 20:
            seen.add(m.start())
            yield m.start(), m.end(), float(value), m.group("cur")
    for m in _ANY_AMOUNT.finditer(lowered):
        if m.start() in seen or _NOT_A_SUM.match(lowered, m.end()):
            continue
        if not _BEFORE.search(lowered, max(0, m.start() - 24), m.start()):
            continue
        # Tens alone after a named unit ("the hour is eighty") are too common in other senses.
        value = words_value(m.group("words"))
        if value is not None and value >= 100:
            yield m.start(), m.end("words"), float(value), None
    for m in _K_SUM.finditer(lowered):
        thousands = (int(m.group("num")) + int(m.group("tenth") or 0) / 10) * 1000
        yield m.start(), m.end(), thousands, m.group("cur")
