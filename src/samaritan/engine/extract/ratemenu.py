"""A menu of session rates is no phone number. Ads price their sessions as pairs of minutes and
an amount ("30/150 60/250", "30 / 170. 60 / 260. 90 / 380"), and two or three such pairs hold
the ten digits of a valid North American number: read as a disguised phone, a common menu would
link unrelated ads in the contact graph and count as an obscured contact."""

from __future__ import annotations

from collections.abc import Sequence

from samaritan.engine.extract.phonetext import Atom

# A session's length in minutes, as ads write it before a slash and its price.
_SESSION_MINUTES = frozenset({"10", "15", "20", "25", "30", "40", "45", "60", "75", "90", "120", "180", "240"})


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
    return (
        minutes.digits in _SESSION_MINUTES
        and 2 <= len(amount.digits) <= 4
        and "/" in folded[minutes.end : amount.start]
    )
