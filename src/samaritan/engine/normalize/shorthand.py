"""Text-message shorthand written out ("u" you, "pls" please, "gimme" give me), so the
lexicon's phrases read as posters type them ("u give me the money", "txt me 2nite") without
each rule listing every short form. Only forms with one reading in ads are here: "ya" is
Spanish "already" and "yo" an age's "years old", so neither is; "2" and "4" are prices and counts
except before a person ("2 u", "4 me").
"""

from __future__ import annotations

import re

from samaritan.engine.normalize.offsets import Edit

SHORTHAND = {
    "u": "you",
    "ur": "your",
    "r": "are",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "gimme": "give me",
    "wanna": "want to",
    "gonna": "going to",
    "thru": "through",
    "nite": "night",
    "nites": "nights",
    "tonite": "tonight",
    "2nite": "tonight",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "2morrow": "tomorrow",
    "luv": "love",
    "b4": "before",
    "cuz": "because",
    "bc": "because",
    "tho": "though",
    "abt": "about",
    "wat": "what",
    "wut": "what",
    "ppl": "people",
    "msg": "message",
    # (digits only before a person: "2 u" is "to you", "4 me" "for me"; a count or a price is not)
    "2": "to",
    "4": "for",
}
_DIGITS = ("2", "4")
# A whole word of the folded text (letters and digits; "r&b" keeps its "r": '&' joins it).
_WORDS = "|".join(sorted((re.escape(w) for w in SHORTHAND if w not in _DIGITS), key=len, reverse=True))
_PERSON = r" (?:u|you|ur|your|me|him|her|us)"
_SHORT = re.compile(rf"(?<![\w&'$.,])(?:{_WORDS}|[24](?={_PERSON}(?![\w&'])))(?![\w&'])")
# The same for the ad's one-pass RE2 cue scan (fold.CUES): the look-arounds as the characters they allow.
CUE = rf"(?:^|[^a-z0-9_&'$.,])(?:{_WORDS}|[24]{_PERSON})(?:[^a-z0-9_&']|$)"


def shorthand_edits(text: str) -> list[Edit]:
    """Edits writing out each shorthand word of `text` (folded, lower-case), offsets mapped to
    the short form's characters."""
    edits: list[Edit] = []
    for m in _SHORT.finditer(text):
        start, end = m.span()
        word = SHORTHAND[m.group()]
        edits.append((start, end, word, [min(start + k, end - 1) for k in range(len(word))]))
    return edits


def merged(first: list[Edit], second: list[Edit]) -> list[Edit]:
    """Both lists of edits in order; where two overlap, the first list's is kept."""
    taken = [(s, e) for s, e, _, _ in first]
    kept = [edit for edit in second if not any(edit[0] < e and s < edit[1] for s, e in taken)]
    return sorted(first + kept, key=lambda edit: edit[0])
