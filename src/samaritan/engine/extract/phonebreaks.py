"""Groups of digits that read like part of a phone number and are not: a date written in groups
("2016 06 17") and body measurements ("34-24-36", "36C 26 38", "85-62-93" in centimetres), which
profiles put right before the number. Read into it, they made a valid number out of an invalid
one beside them (directory profiles written apart from the project)."""

from __future__ import annotations

import re

from samaritan.engine.extract.phoneatom import Atom


def break_dates(row: list[Atom]) -> None:
    """A date written in groups ("2016 06 17", "11 22 2026") is not part of a phone number."""
    for k in range(len(row) - 2):
        a = row[k]
        if a.kind != "digits" or len(a.digits) not in (1, 2, 4):
            continue
        b, c = row[k + 1], row[k + 2]
        if not (b.kind == c.kind == "digits" and b.joined and c.joined):
            continue
        sizes = (len(a.digits), len(b.digits), len(c.digits))
        year_first = sizes == (4, 2, 2) and _year(a.digits) and _month_day(b.digits, c.digits)
        year_last = sizes[2] == 4 and max(sizes[:2]) <= 2 and _year(c.digits)
        if year_first or (year_last and (_month_day(a.digits, b.digits) or _month_day(b.digits, a.digits))):
            _break(a, b, c)


def break_measurements(row: list[Atom], folded: str, w_start: int, w_end: int) -> None:
    """Bust, waist and hips ("34-24-36", "34D/24/36", "85 62 93") in or just before the window
    folded[w_start:w_end]: the middle one clearly the smallest, the outer two alike, the same
    separator twice. Not where a short group comes before or a pair after (a number grouped in
    pairs, "06 85 62 93 78")."""
    for m in _MEASURES.finditer(folded, max(0, w_start - 12), w_end):
        if not _shaped(m.group(1), m.group(3), m.group(4)):
            continue
        if _GROUP_BEFORE.search(folded, max(0, m.start() - 6), m.start()) or _PAIR_AFTER.match(folded, m.end()):
            continue
        for atom in row:
            if m.start() <= atom.start and atom.end <= m.end() and atom.kind == "digits":
                _break(atom)


# Three groups of two or three digits, a cup size glued to the first, one separator repeated.
_MEASURES = re.compile(r"(?<![0-9])([0-9]{2,3})(?:[a-h]{1,3})? ?([-/x ]) ?([0-9]{2,3}) ?\2 ?([0-9]{2,3})(?![0-9])")
_GROUP_BEFORE = re.compile(r"(?<![0-9])[0-9]{1,3} ?[-./ ] ?$")
_PAIR_AFTER = re.compile(r" ?[-./ ] ?[0-9]{2}(?![0-9])")


def _shaped(a: str, b: str, c: str) -> bool:
    bust, waist, hips = int(a), int(b), int(c)
    low, high = min(bust, hips), max(bust, hips)
    return waist >= 20 and high <= 140 and waist + 6 <= low and 2 * waist >= low and 20 * high <= 27 * low


def _break(*row: Atom) -> None:
    for atom in row:
        atom.digits, atom.kind, atom.strong = "", "break", False


def _year(digits: str) -> bool:
    return 1950 <= int(digits) <= 2099


def _month_day(month: str, day: str) -> bool:
    return 1 <= int(month) <= 12 and 1 <= int(day) <= 31
