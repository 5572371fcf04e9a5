"""A menu of session rates: pairs of a session's minutes and its amount ("30/150 60/250",
"30 / 170. 60 / 260. 90 / 380"). Ads price their sessions so, with no currency or unit word;
read pair by pair they are prices of a half hour, an hour, a session. Two or three pairs also
hold the ten digits of a valid North American number: read as a disguised phone, a common menu
would link unrelated ads in the contact graph and count as an obscured contact."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from samaritan.engine.extract.phoneatom import Atom

# A session's length in minutes, as ads write it before a slash and its price.
_SESSION_MINUTES = frozenset({"10", "15", "20", "25", "30", "40", "45", "60", "75", "90", "120", "180", "240"})
_MINUTES = "|".join(sorted(_SESSION_MINUTES, key=len, reverse=True))
# One pair: minutes, a slash, an amount of two to four digits (no date's third part after it).
_PAIR = rf"(?:{_MINUTES})\s*/\s*\$?\d{{2,4}}\b(?!\s*/\s*\d)"
# Two pairs or more, one after the other (a comma, a stop, "and" between them): one pair alone is
# too often something else (a blood pressure's "120/80").
_MENU = re.compile(rf"(?<![\w./:$-]){_PAIR}(?:\s*[,;.|]?\s*(?:and\s+|&\s*)?{_PAIR})+")
# ... or "=" between a session's minutes and its amount ("30 = 120 / 60 = 200", "15 = 80 | 30 = 120"),
# where a slash or an emoji may part the pairs (corpora written apart from the project).
_EQ_PAIR = rf"(?:{_MINUTES})\s*=\s*\$?\d{{2,4}}\b"
_EQ_MENU = re.compile(rf"(?<![\w./:$=-]){_EQ_PAIR}(?:[^\w$]{{0,8}}(?:and\s+|&\s*)?{_EQ_PAIR})+")
_ONE = re.compile(rf"(?P<minutes>{_MINUTES})\s*[/=]\s*\$?(?P<amount>\d{{2,4}})\b")
# What the menu needs, for the one-pass RE2 cue scan (samaritan.engine.cues): two slashes between
# digits with no slash between them, whatever stands there (the menu's own gap may span lines).
CUE = r"\d\s*/\s*\$?\d\d[^/]*\d\s*/\s*\$?\d\d|\d\s*=\s*\$?\d\d[^=]*\d\s*=\s*\$?\d\d"
# An amount at least this: "10/15, 10/20" are dates, a session is never priced under it.
_LEAST = 40


def menu_prices(lowered: str) -> Iterator[tuple[int, int, int, int]]:
    """(start, end, amount, minutes) of each pair of every menu in `lowered` (lower-cased text)."""
    for menu in (*_MENU.finditer(lowered), *_EQ_MENU.finditer(lowered)):
        pairs = list(_ONE.finditer(lowered, menu.start(), menu.end()))
        if all(int(p.group("amount")) >= _LEAST for p in pairs):
            for p in pairs:
                yield p.start(), p.end(), int(p.group("amount")), int(p.group("minutes"))


def is_rate_menu(run: Sequence[Atom], i: int, j: int, folded: str) -> bool:
    """Do the atoms run[i..j] pair up as minutes "/" amount, two pairs or more? Only plain
    digit groups count: a number spelled out or written with letters for digits is a disguise."""
    window = run[i : j + 1]
    if len(window) < 4 or any(a.kind != "digits" for a in window):
        return False
    # (a leading or trailing group outside the pairs: the window may start or end mid-pair)
    for offset in (0, 1):
        pairs = [(window[k], window[k + 1]) for k in range(offset, len(window) - 1, 2)]
        if len(pairs) >= 2 and all(_priced_session(m, p, folded) for m, p in pairs):
            return True
    return False


def _priced_session(minutes: Atom, amount: Atom, folded: str) -> bool:
    gap = folded[minutes.end : amount.start]
    return minutes.digits in _SESSION_MINUTES and 2 <= len(amount.digits) <= 4 and ("/" in gap or "=" in gap)
