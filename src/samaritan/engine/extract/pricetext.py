"""The price reader's own copy of the ad's lower-cased text, the same length so every offset holds:
a letter O inside a number read as a zero ("2OO/hr", "$15O"), and emoji that decorate a price read
as spaces between an amount and its unit ("hh 💋 150 💋 h 💋 250", "$200 🔥 per 🔥 hour", which had
given no price or no unit). The currency emoji (a rose, money) stay: they are the price's own.
Split from prices.py."""

from __future__ import annotations

import re

from samaritan.engine.cues import Fired
from samaritan.engine.normalize import EMOJI_CLASS

_CURRENCY_EMOJI = "🌹💵💲💰"
_ZEROS = re.compile(r"\b\d[0-9o]*o[0-9o]*\b")
# Emoji (a variation selector or a joiner after one) between a short amount and a price's
# unit word, either way round, or between two of its unit words ("per 🔥 hour"); no currency's
# emoji, and no amount that ends or starts a run of digit groups (a phone's "400 0988 💋
# overnight" is no price).
_UNIT_WORDS = r"(?:per|for|an?|each|hh|hhr|hr|hrs|hour|hours|half|qv|qk|h|overnight|min|mins|minutes|roses?|donations?)"
_GAP = rf"(?: ?(?:(?![{_CURRENCY_EMOJI}]){EMOJI_CLASS}|[\ufe0f\u200d]))+ ?"
_AMOUNT_THEN_UNIT = re.compile(rf"(?<![\d.,/-])(?<!\d )\d{{2,4}}(?P<gap>{_GAP})(?={_UNIT_WORDS}\b)")
_UNIT_THEN_AMOUNT = re.compile(rf"\b{_UNIT_WORDS}(?P<gap>{_GAP})(?=\d{{2,4}}(?![\d,/-]|\.\d)(?! \d))")
_UNIT_THEN_UNIT = re.compile(rf"\b{_UNIT_WORDS}(?P<gap>{_GAP})(?={_UNIT_WORDS}\b)")  # "per 🔥 hour"
_DECORATED = (_AMOUNT_THEN_UNIT, _UNIT_THEN_AMOUNT, _UNIT_THEN_UNIT)
# The cue scan's forms of the two (RE2: no look-arounds). The decoration's is the three forms
# with theirs dropped, an amount or a unit word on each side of the emoji (`\p{Nd}`: Python's `\d`):
# an emoji beside any digit had asked the three `re` scans of most real ads with emoji (~80 us a
# long post), where the cue had fired for a phone's or an age's digits.
_GAP_RE2 = rf"(?: ?(?:{EMOJI_CLASS}|[\x{{fe0f}}\x{{200d}}]))+ ?"
CUES = {
    "price.zeros": r"\b\d[0-9o]*o[0-9o]*\b",
    "price.decor": rf"(?:\p{{Nd}}\p{{Nd}}|{_UNIT_WORDS}){_GAP_RE2}(?:{_UNIT_WORDS}|\p{{Nd}}\p{{Nd}})",
}


def price_text(lowered: str, cues: Fired) -> tuple[str, Fired]:
    """`lowered` as the price reader reads it, and the cues still to trust (None once it changed:
    the scan read the text as written, so every form is asked)."""
    if cues is None or "price.zeros" in cues:
        zeroed = _ZEROS.sub(lambda m: m.group().replace("o", "0"), lowered)
        if zeroed is not lowered and zeroed != lowered:
            lowered, cues = zeroed, None
    if (cues is None or "price.decor" in cues) and not lowered.isascii():
        gaps = [
            m.span("gap")
            for form in (_AMOUNT_THEN_UNIT, _UNIT_THEN_AMOUNT, _UNIT_THEN_UNIT)
            for m in form.finditer(lowered)
        ]
        if gaps:
            chars = list(lowered)
            for start, end in gaps:
                chars[start:end] = " " * (end - start)
            lowered, cues = "".join(chars), None
    return lowered, cues
