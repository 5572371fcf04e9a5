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
        gaps = decorated_gaps(lowered)
        if gaps:
            chars = list(lowered)
            for start, end in gaps:
                chars[start:end] = " " * (end - start)
            lowered, cues = "".join(chars), None
    return lowered, cues


# Where the three forms can match. A gap starts at the first character of a run of emoji (and
# joiners) separated by single spaces: an amount or a unit word stands just before it, one space
# apart at most, and no emoji. A form's match starts at most the longest unit word and a space
# before that run, and reads at most one space, a unit word and one character past its end
# (`_REACH_*`, held to the forms by tests/test_fold_speed.py). A currency emoji belongs to the run
# but to no gap: a gap that stops at one meets no amount or unit after it.
_EMOJI_RUN = re.compile(rf"[{EMOJI_CLASS[1:-1]}\ufe0f\u200d](?: ?[{EMOJI_CLASS[1:-1]}\ufe0f\u200d])*")
_REACH_BEFORE = 10
_REACH_AFTER = 11
# What the forms need on each side of a run: an amount or a unit word ending just before it, and
# one starting just after it.
_SIDE_BEFORE = re.compile(rf"(?:\d\d|\b{_UNIT_WORDS})\Z")
_SIDE_AFTER = re.compile(rf"\d\d|{_UNIT_WORDS}\b")


def decorated_gaps(lowered: str) -> list[tuple[int, int]]:
    """The gaps of every match of the three `_DECORATED` forms' `finditer` over `lowered`, each
    form searched only just before a run of emoji with an amount or a unit word on each side
    (the whole-text scans cost ~100 us a real post where the cue fires). Each form's searches
    go left to right from the end of its last match, as `finditer` does; a search stops short of
    the text's end only past all that a match starting before the run reads."""
    runs = [m.span() for m in _EMOJI_RUN.finditer(lowered) if _may_decorate(lowered, *m.span())]
    gaps: list[tuple[int, int]] = []
    for form in _DECORATED:
        done = 0
        for start, end in runs:
            at = max(done, start - _REACH_BEFORE)
            while at < start:
                m = form.search(lowered, at, end + _REACH_AFTER)
                if m is None or m.start() >= start:
                    break
                gaps.append(m.span("gap"))
                done = at = m.end()
    return gaps


def _may_decorate(text: str, start: int, end: int) -> bool:
    """Could a gap start at the run of emoji text[start:end]: an amount or a unit word just after
    it and just before it (one space apart at most)."""
    after = end + (text[end : end + 1] == " ")
    if _SIDE_AFTER.match(text, after) is None:
        return False
    before = start - (text[start - 1 : start] == " ")
    return _SIDE_BEFORE.search(text, max(0, before - _REACH_BEFORE), before) is not None
