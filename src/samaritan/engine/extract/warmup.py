"""Building the extractors' RE2 automata when the engine is built, not on the first ads.

RE2 runs a pattern as a DFA whose states it builds lazily, the first time the text leads to
each one, and keeps for later texts. The phone window finders (`(number word or digit, then a
short gap){7,}`, several times over: hundreds of states on ordinary words) and the age and phone
cue sets built most of theirs on the ads themselves: the first thousands of ads of a run cost
~40% more than later ones (callgrind: 1.1 M instructions an ad against 0.67 M after 3,000 ads,
most of the difference in RE2's state building). `warm_up` runs them once over made-up text of
common English words, number words, digits and signs, so that most states exist before the
first ad. A DFA is only a cache of the pattern's automaton: what it matches does not change.
"""

from __future__ import annotations

import random
from functools import cache

from samaritan.engine.extract import ages, ages_context, contacts, phones, places
from samaritan.engine.extract.numbers import WORD_VALUES
from samaritan.engine.extract.spans import Gate, Located, Relaxations
from samaritan.engine.normalize.english import english_by_dropped_key

_WORDS = 12000  # the commonest English words used (of wordfreq's small list)
_CHUNK = 400  # characters of made-up text scanned at a time: an ad's title and body
_SEPARATORS = (" ", " ", " ", " ", " ", ", ", ". ", "\n", "! ", " - ", "...", " :) ", "/", " (", ") ", "? ", " ?? ")


def _number_shape(rnd: random.Random) -> str:
    """A number as ads write one: a price, a time, an age, a fictitious phone (555-0100..0199)."""
    area = rnd.choice(("202", "312", "702", "415", "917"))
    line = f"01{rnd.randint(0, 99):02d}"
    digits = f"{area}555{line}"
    shapes = (
        f"${rnd.randint(1, 9) * 50}",
        f"{rnd.randint(1, 12)}{rnd.choice(('am', 'pm', ':00', ' pm'))}",
        f"{rnd.randint(18, 60)}{rnd.choice(('yo', ' yo', ' years old', ' y/o', ','))}",
        f"{area}-555-{line}",
        f"({area}) 555 {line}",
        f"{area}.555.{line}",
        digits,
        " ".join(digits),
        " ".join(
            rnd.choice([w for w, (v, kind) in WORD_VALUES.items() if kind == "unit" and v == int(d)]) for d in digits
        ),
        str(rnd.randint(0, 9999)),
    )
    return rnd.choice(shapes)


def warm_text(words: int = _WORDS, seed: int = 0) -> list[str]:
    """Made-up text in ad-sized chunks: common English words (as wordfreq ranks them), with
    separators, number words and numbers between them."""
    vocabulary = [w for group in english_by_dropped_key().values() for w in group][:words]
    numbers = list(WORD_VALUES)
    rnd = random.Random(seed)
    parts: list[str] = []
    for word in vocabulary:
        parts.append(word)
        parts.append(rnd.choice(_SEPARATORS))
        roll = rnd.random()
        if roll < 0.06:
            parts.append(_number_shape(rnd) + rnd.choice(_SEPARATORS))
        elif roll < 0.09:
            parts.append(rnd.choice(numbers) + rnd.choice(_SEPARATORS))
    text = "".join(parts)
    return [text[i : i + _CHUNK] for i in range(0, len(text), _CHUNK)]


@cache
def warm_up(words: int = _WORDS) -> None:
    """Build most of the extractors' RE2 DFA states now (~0.1 s, once a process: the patterns
    and their DFAs are the modules')."""
    finders = [phones._CANDIDATE_RE2, phones._LEET_RE2, *ages._WINDOW_RE2.values()]
    # The RE2 relaxations that age and contact patterns and checks are asked through (spans.py).
    relaxed: list[Located | Gate | Relaxations] = [*ages._LOCATED.values(), *ages_context._AFTER_GATES.values()]
    relaxed += [ages_context._NEAR_GATE, ages._ANYWHERE, ages_context.NOT_AN_AGE_GATE]
    relaxed += [contacts._EMAIL_LOCATED, contacts._HANDLE_LOCATED]
    for chunk in warm_text(words):
        data = chunk.encode("ascii", "replace")
        for finder in finders:
            finder.find(data)
        for relaxation in relaxed:
            relaxation.warm(data)
        phones._CUES.scan(chunk)
        ages._CUES.scan(chunk)


@cache
def warm_up_places(words: int = _WORDS) -> None:
    """The same for the places gate (an RE2 set of city and state names, on the text as written:
    the made-up text with its words capitalised too). Needs the gazetteer."""
    gate = places._gate()
    for chunk in warm_text(words):
        gate.passes(chunk)
        gate.passes(chunk.title())
