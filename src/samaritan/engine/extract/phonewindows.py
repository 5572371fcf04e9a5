"""The shape of a window of a digit run, as the phone reader (phones.py) weighs it: a North
American grouping, a trunk 0, glued digits it may cut off, and a window read across the ad's own
groups."""

from __future__ import annotations

from samaritan.engine.extract.phoneatom import Atom


def grouped_oddly(run: list[Atom], i: int, j: int, lead: int, length: int, e164: str) -> bool:
    """Does the window read across the ad's own grouping? A price glued by a stop to a number
    spelled out digit by digit ("60min 180. 7 2 0 . 5 5 5 . 0 1 0 6") holds a valid number that
    starts in the price (its "1" a country code, "80" the start of an area code): a group of
    several digits that ends where no group of a North American number does, or one beside
    single digits spaced out, ranks such a window after one that keeps the groups (corpora
    written apart from the project)."""
    sizes = [len(a.digits) for a in run[i : j + 1] if a.kind == "digits"]
    if max(sizes, default=0) >= 2 and sum(size == 1 for size in sizes) >= 4:
        return True
    # ... or starts or ends inside a row of single digits spaced out ("8 1 8 5 5 5 0 1 3 9. 60 min"
    # read from its second digit into the price).
    single = [len(a.digits) == 1 and a.kind == "digits" for a in run]
    if (i > 0 and single[i - 1] and single[i]) or (j + 1 < len(run) and single[j + 1] and single[j]):
        return True
    # A North American number's groups only: other countries group otherwise ("+33 6 12 34 56 78").
    groups = ({1, 4, 7} if length == 11 else {3, 6} if length == 10 else None) if e164.startswith("+1") else None
    if groups is None:
        return False
    at = -lead
    for a, b in zip(run[i:j], run[i + 1 : j + 1], strict=False):
        at += len(a.digits)
        if 0 < at < length and at not in groups and (len(a.digits) >= 2 and len(b.digits) >= 2):
            return True
    return False


def nanp_shaped(run: list[Atom], i: int, j: int) -> bool:
    """Grouped 3-3-4 ("702-555-0142"): a North American number even in an ad from elsewhere,
    where national numbers are grouped otherwise or start with a trunk 0."""
    if not 2 <= j - i <= 3:
        return False
    sizes = [len(a.digits) for a in run[i : j + 1]]
    return sizes == [3, 3, 4] or sizes == [1, 3, 3, 4]


def trunk_shaped(run: list[Atom], i: int, j: int, folded: str) -> bool:
    """Written like a national number with a trunk 0 ("0491 570 156"), not a list or a date."""
    if run[i].kind != "digits" or len(run[i].digits) < 3 or j - i > 3:
        return False
    return not any(c in "/,:" for k in range(i + 1, j + 1) for c in folded[run[k - 1].end : run[k].start])


def cuts(first: Atom, last: Atom, digits: str) -> list[tuple[int, int]]:
    """The whole window, then the window less up to four digits glued on at one end
    ("7025550142150", "1507025550142"): only inside a long run of digits, of which a group of
    three (at the head) or four (at the tail) is kept. A glued price or unit forces the cut."""
    cuts = [] if first.glued == "head" or last.glued == "tail" else [(0, 0)]
    if len(digits) > 10 or first.glued or last.glued:
        # A trunk 0 belongs to the number; a "1" may be the country code.
        if first.kind == "digits" and len(first.digits) >= 6 and first.digits[0] not in "01":
            cuts += [(k, 0) for k in range(1, min(5, len(first.digits) - 2))]
        if last.kind == "digits" and len(last.digits) >= 6 and last.glued != "head":
            cuts += [(0, k) for k in range(1, min(5, len(last.digits) - 3))]
    return cuts
