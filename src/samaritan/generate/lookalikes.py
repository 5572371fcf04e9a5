"""Disguises made of other scripts' letters and of what stands between words, for the evaluation
of evasion (issue #13; `samaritan evaluate --robustness`): capitals that look like Latin ones, the
small Greek and Cyrillic letters that fancy-text fonts put in place of Latin ones, and spaces
typed as characters drawn as nothing or as emoji. Written here apart from the engine's reading of them
(engine/normalize/chars.py, fancy.py), as the rest of the generator is."""

from __future__ import annotations

import random

# Capitals of other scripts that look like Latin ones (Cherokee first, then Greek, Cyrillic and
# Armenian), as homoglyph generators mix them: the small letters of most of them look like nothing
# Latin, so a reader only sees the word in capitals.
_CAPITAL_LOOKALIKES = dict(zip("ABCDEGHIJKLMNOPRSTVWXYZ", "ᎪᏴᏟᎠᎬᏀᎻΙᎫᏦᏞᎷΝОᏢᎡᏚᎢᏙᎳΧΥᏃ", strict=True))
# The small letters of a fancy-text font ("ρяєтту вαвє"): Greek and Cyrillic letters chosen by
# their look, not their sound.
_FANCY_SMALL = dict(zip("abcdeiknoprstuwxy", "αвς∂єιкиσρяѕтυωχу", strict=True))
# Characters drawn as nothing that are no space to a text filter: the Hangul filler, its half-width
# form and the blank Braille cell.
_BLANKS = ("\u3164", "\uffa0", "\u2800")
_DECORATIONS = ("🌹", "💋", "✨", "🔥", "💕", "🚫")


def capital_lookalikes(phrase: str, rng: random.Random) -> str:
    """The phrase in capitals, each letter that has one written as another script's capital."""
    return "".join(_CAPITAL_LOOKALIKES.get(c, c) for c in phrase.upper())


def fancy_letters(phrase: str, rng: random.Random) -> str:
    """Most letters that have one written as a fancy-text font's Greek or Cyrillic letter, so that
    a word mixes scripts ("ѕєxу")."""
    return "".join(_FANCY_SMALL.get(c, c) if rng.random() < 0.7 else c for c in phrase.lower())


def blank_spaces(phrase: str, rng: random.Random) -> str:
    """Every space typed as a character drawn as nothing ("new\u3164in\u3164town")."""
    return phrase.replace(" ", rng.choice(_BLANKS))


def emoji_spaces(phrase: str, rng: random.Random) -> str:
    """The words joined by one emoji, with or without spaces around it ("new🌹in🌹town")."""
    mark = rng.choice(_DECORATIONS)
    return phrase.replace(" ", mark if rng.random() < 0.5 else f" {mark} ")
