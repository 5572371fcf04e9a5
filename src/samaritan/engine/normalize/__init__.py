"""Fold ad text into canonical views for matching, with a map back to the original text.

`chars` folds single characters, `mojibake` tells broken encodings, `decode` undoes encodings
and runs read as a whole, `words` joins split words, `leet` reads leetspeak, `respell` reads words
respelled or without vowels (with `english`, wordfreq's counts), `offsets` maps folded text
back, and `fold` runs the steps in order.
"""

from samaritan.engine.normalize.chars import EMOJI_CLASS, fold_char, fold_chars, lower_in_place
from samaritan.engine.normalize.fold import CUES, emoji_spaced, fold, fold_term, load_tables
from samaritan.engine.normalize.mojibake import MOJIBAKE_FREE_RANGES
from samaritan.engine.normalize.offsets import Folded
from samaritan.engine.normalize.respell import Vocabulary

__all__ = [
    "CUES",
    "EMOJI_CLASS",
    "MOJIBAKE_FREE_RANGES",
    "Folded",
    "Vocabulary",
    "emoji_spaced",
    "fold",
    "fold_char",
    "fold_chars",
    "fold_term",
    "load_tables",
    "lower_in_place",
]
