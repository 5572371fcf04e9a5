"""Phone numbers in every written form, validated by `phonenumbers`, with original spans.

Ads disguise numbers to dodge filters: digits as words ("six02 twotwoeight"), Spanish words,
letters for digits ("O" for 0, "l" for 1), a separator after every digit ("5@7@4@4"), emoji
keycaps, groups split over lines. We read the text as a stream of digit tokens separated by
junk, try every window of whole tokens that holds a full number, and keep the ones
`phonenumbers` accepts. Prices ("$150"), times, dates, heights and "24/7" are tokens too, but
they never make a valid ten-digit window on their own and price tokens are excluded outright.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import phonenumbers

from samaritan.engine.cues import CueSet, Fired
from samaritan.engine.extract.numbers import LEET_WORD_CUE, STRONG_WORDS, WORD_ALTERNATION, unleet_number_words
from samaritan.engine.extract.phoneatom import Atom
from samaritan.engine.extract.phonecheck import NANP_FIRST, NANP_ONLY, validate
from samaritan.engine.extract.phonecheck import load_metadata as load_metadata  # the extractor's
from samaritan.engine.extract.phonefold import ENTITY_CUE, entity_end, phone_text
from samaritan.engine.extract.phonetext import FILLER_WORDS, PREFIX_EXCLUDE, atoms, may_hold_phone, reads_plainly
from samaritan.engine.extract.phonewindows import cuts, grouped_oddly, nanp_shaped, trunk_shaped
from samaritan.engine.extract.ratemenu import is_rate_menu
from samaritan.engine.extract.spans import Spans
from samaritan.engine.normalize import fold_char

# A number written with these reads plainly: no disguise. Typographic spaces among them (a no-break
# space from HTML's &nbsp;, a thin or narrow one, a tab) are what editors and pages put between
# groups: as disguise they had raised trafficking risk on 59 of 1,200 real dating posts so written.
_PLAIN_CHARS = frozenset("0123456789 -.()+\t\u00a0\u2007\u2009\u200a\u202f")


@dataclass(frozen=True, slots=True)
class PhoneMatch:
    e164: str
    start: int  # original text offsets
    end: int
    obscured: bool


# Letters for digits ("Zl3 SSS OlAZ"): looked for only where they touch or sit beside digits.
_LOOKALIKE = "olizsabgqted"
# Seven or more digit-like units (digits, number words, O/l/I) with short gaps or filler words
# between them: every written phone number has this shape, and almost no other text does.
_GAP = rf"(?:[^a-z0-9]|{FILLER_WORDS.replace(chr(92) + 's+', ' ')}){{0,6}}"
_CANDIDATE = re.compile(rf"(?:(?:{WORD_ALTERNATION}|[0-9]|o|l|i){_GAP}){{7,}}")
# Written plainly: 702) 555-0123, 702.555.0123, 702 555 0123, 7025550123 (a "(" sits before).
# A "1" or "+1" before it is part of the number ("1-702-555-0123", "+1 702 555 0123").
_PLAIN = re.compile(r"(\+?1[ .\-]?\(?)?([2-9][0-9]{2})\)?[ .\-]?([0-9]{3})[ .\-]?([0-9]{4})")
# Seven digits with the candidate's own gaps between them (up to six separators or filler
# words): any narrower and a number whose groups sit six apart, or are joined by "then", was read
# only when an unrelated word of the ad happened to hold a number word.
_DIGIT_RUN = re.compile(rf"[0-9](?:{_GAP}[0-9oli]){{6,}}")
_NUMBER_WORD = re.compile(
    rf"{STRONG_WORDS}|area code|last (?:four|4|digits)|first (?:three|3)|followed by|dash|hyphen|guion|punto|\bdot\b"
)
# Words, digits and letters for digits: where letters touch digits.
_CANDIDATE_LEET = re.compile(rf"(?:(?:{WORD_ALTERNATION}|[0-9{_LOOKALIKE}]){_GAP}){{7,}}")

# The same patterns in RE2, which runs them several times faster than `re` (no look-arounds).
_CANDIDATE_RE2 = Spans(_CANDIDATE.pattern)
_LEET_RE2 = Spans(_CANDIDATE_LEET.pattern)
# What the prefilter needs, for the one-pass RE2 cue scan (samaritan.engine.cues).
CUES = {
    "phone.run": _DIGIT_RUN.pattern,
    "phone.word": _NUMBER_WORD.pattern,
    # Letters then a digit, or letters between digits ("Zl3", "7O2"), not digits then letters
    # ("1st", "150qv"); or a whole group of letters between number groups ("702 SSS 0142").
    "phone.leet": rf"(?:^|[^a-z0-9])[{_LOOKALIKE}]+[0-9]|[0-9][{_LOOKALIKE}]+[0-9]|"
    rf"(?:[0-9]|{STRONG_WORDS})[^a-z0-9]{{1,5}}[{_LOOKALIKE}]{{3,}}[^a-z0-9]{{1,5}}(?:[0-9]|{STRONG_WORDS})",
    "phone.entity": ENTITY_CUE,
    # A number word with a digit for a letter ("s1x", "z3ro"): read as the word (numbers.py).
    "phone.leetword": LEET_WORD_CUE,
}
_CUES = CueSet(CUES)  # only names ASCII characters, so it holds on any folded text
_GAP_MAX = 6
_MAX_RUN_DIGITS = 19  # a longer run of digits is an id, a card or a hash, not a phone


def candidate_windows(folded: str, cues: Fired = None) -> list[tuple[int, int, int, int]]:
    """Spans of folded text that could hold a phone number (the cheap prefilter): each window
    snapped to whole tokens, with the prefilter's own match inside it."""
    if folded.isascii():
        data = folded.encode("ascii")
    else:
        # Every pattern names only ASCII; RE2 maps offsets in other text at a high cost. "?" for
        # each other character keeps the offsets and the matches.
        data = folded.encode("ascii", "replace")
        folded = data.decode("ascii")
    if cues is None:
        cues = _CUES.scan(folded)
    # Each matcher finds everything the one after it does, and more, at more cost.
    if "phone.leet" in cues:
        matcher = _LEET_RE2
    elif "phone.word" in cues or "phone.run" in cues:
        matcher = _CANDIDATE_RE2
    else:
        return []
    windows: list[tuple[int, int, int, int]] = []
    # RE2 is given bytes (the text is ASCII here, so offsets are the same): on a str its
    # Python wrapper re-encodes the text and maps every offset back, per match.
    for core_start, core_end in matcher.find(data):
        start, end = core_start, core_end
        # Letters alone ("is a big deal") are never a number. (The text is ASCII here: its only
        # digits are 0-9, found in C rather than one character at a time. The number words are
        # looked for in the slice: their \b reads its edges.)
        if (
            matcher is _LEET_RE2
            and not _ASCII_DIGIT.search(folded, start, end)
            and not _NUMBER_WORD.search(folded[start:end])
        ):
            continue
        while start > 0 and folded[start - 1].isalnum():
            start -= 1  # never cut a token in half
        while end < len(folded) and folded[end].isalnum():
            end += 1
        windows.append((max(0, start - 3), end, core_start, core_end))
    return windows


def _plain_number(
    text: str,
    folded: str,
    offs: Sequence[int],
    start: int,
    end: int,
    regions: tuple[str, ...],
    plus_one: bool = False,
    marks: bool = False,
) -> PhoneMatch | None:
    """The common case, a plainly written ten-digit number, without the tokeniser (in ASCII
    text, or where `reads_plainly`). With `plus_one`, "+1" and the number (its "+" just before
    the prefilter's match), read as the full reader reads it; with `marks`, keycap marks and
    variation selectors after the last digit belong to it, as in the full reader."""
    m = _PLAIN.search(folded, start, end)
    # Plain only if nothing else in the prefilter's match is a digit: "I can" after the number
    # is fine, a price before it ("$40. 629.555.0100") goes the careful way.
    if not m or _ASCII_DIGIT.search(folded, start, m.start()) or _ASCII_DIGIT.search(folded, m.end(), end):
        return None
    start, end = m.start(), m.end()
    if PREFIX_EXCLUDE.search(folded[max(0, start - 6) : start]):
        return None
    national = m.group(2) + m.group(3) + m.group(4)
    if marks and plus_one and folded[start] == "+":
        start += 1  # the "+" in the match (outside the ASCII reader, which reads it as before)
    if start > 0 and folded[start - 1] == "+":
        # "+1 702 555 0123": only as the full reader reads it, an international number first
        # (grouped 1-3-3-4: North American first), and only where that finds it.
        if not plus_one or m.group(1) is None or folded[start] != "1":
            return None
        sizes = [len(g) for g in _DIGIT_GROUPS.findall(folded, start, end)]
        e164 = validate("1" + national, NANP_FIRST[regions] if sizes == [1, 3, 3, 4] else regions, True, False)
        if e164 is None:
            return None
        start, end = offs[start] - 1, offs[end - 1] + 1
    else:
        # Grouped 3-3-4 or after a 1: North American even in an ad from elsewhere.
        where = NANP_FIRST[regions] if m.end() - m.start() > 10 else regions
        e164 = validate(national, where, False)
        if e164 is None:
            return None
        start, end = offs[start], offs[end - 1] + 1
        if start > 0 and text[start - 1] == "(":
            start -= 1
    if not marks:
        return PhoneMatch(e164, start, end, False)
    while end < len(text) and not fold_char(text[end]) and not text[end].isspace():
        end += 1
    return PhoneMatch(e164, start, end, not _PLAIN_CHARS.issuperset(text[start:end]))


_ASCII_DIGIT = re.compile(r"[0-9]")
_DIGIT_GROUPS = re.compile(r"[0-9]+")
_PLUS_CC = re.compile(r"\+[ (]{0,2}([0-9]{1,3})")


def plus_regions(folded: str) -> tuple[str, ...]:
    """Regions of the "+CC" prefixes written in the ad: its national numbers likely share them."""
    out: list[str] = []
    for m in _PLUS_CC.finditer(folded):
        digits = m.group(1)
        for size in (1, 2, 3):
            region = phonenumbers.region_code_for_country_code(int(digits[:size])) if len(digits) >= size else "ZZ"
            if region != "ZZ":
                if region not in out:
                    out.append(region)
                break
    return tuple(out)


def find_phones(
    text: str,
    region: str | tuple[str, ...] = "US",
    lowered: str | None = None,
    cues: Fired = None,
    named: int = 0,
    folded_text: tuple[str, Sequence[int]] | None = None,
) -> list[PhoneMatch]:
    """Phone numbers in `text` as E.164. `region` is the region (or regions, most likely first)
    for national numbers, of which the first `named` are named by the ad itself; the regions of
    "+CC" prefixes in the text come after those and before the rest. `lowered` is `text`
    lower-cased in place and `cues` the ad's one-pass cue scan (worked out when not given);
    `folded_text` is `phone_text(text, lowered)` when the caller has it."""
    if not text:
        return []
    regions = (region,) if isinstance(region, str) else region
    folded, offs = folded_text if folded_text is not None else phone_text(text, lowered)
    ascii_text = isinstance(offs, range) and text.isascii()
    if folded is not lowered:
        # The ad's cues were found in its lower-cased text; a phone is looked for in the folded
        # text (digits of other scripts, look-alike letters undone): scan that instead.
        cues = _CUES.scan(folded)
    if cues is None or "phone.leetword" in cues:
        unleeted = unleet_number_words(folded)  # "s1x" read as "six" (numbers.py), same length
        if unleeted is not folded:
            folded, cues = unleeted, _CUES.scan(unleeted)
    if "+" in folded:
        extra = tuple(r for r in plus_regions(folded) if r not in regions)
        regions = regions[:named] + extra + regions[named:] if extra else regions
    results: list[PhoneMatch] = []
    for start, end, core_start, core_end in candidate_windows(folded, cues):
        plain = None
        if ascii_text:
            plain = _plain_number(text, folded, offs, core_start, core_end, regions, plus_one=True)
        else:
            plain = _plain_if_same(text, folded, offs, (start, end, core_start, core_end), regions)
        if plain:
            results.append(plain)
        else:
            results.extend(_phones_in_window(text, folded, offs, start, end, regions))
    return _dedupe(results)


def _plain_if_same(
    text: str, folded: str, offs: Sequence[int], window: tuple[int, int, int, int], regions: tuple[str, ...]
) -> PhoneMatch | None:
    """Other characters in the ad: the plain reader only where the full one reads the same."""
    start, end, core_start, core_end = window
    m = _PLAIN.search(folded, core_start, core_end)
    if m is None:
        return None
    plus_one = m.group(1) is not None
    # Only "+1" right before the ten digits ("1-702-..." goes the careful way).
    one = m.start() + 1 if plus_one and m.group(1)[0] == "+" else m.start()
    if plus_one and (one == 0 or folded[one - 1] != "+"):
        return None
    if not reads_plainly(text, folded, offs, start, end, one, m.end(), plus_one):
        return None
    return _plain_number(text, folded, offs, core_start, core_end, regions, plus_one, marks=True)


def _phones_in_window(
    text: str, folded: str, offs: Sequence[int], w_start: int, w_end: int, regions: tuple[str, ...]
) -> list[PhoneMatch]:
    if not may_hold_phone(text, folded, offs, w_start, w_end):
        return []
    return _numbers_in_window_unchecked(text, folded, offs, w_start, w_end, regions)


def _numbers_in_window_unchecked(
    text: str, folded: str, offs: Sequence[int], w_start: int, w_end: int, regions: tuple[str, ...]
) -> list[PhoneMatch]:
    results: list[PhoneMatch] = []
    run: list[Atom] = []
    for atom in [*atoms(text, folded, offs, w_start, w_end), Atom("", w_end, w_end, False, "break")]:
        if atom.digits and (not run or atom.joined):
            run.append(atom)
            continue
        if run:
            results.extend(_numbers_in_run(run, folded, offs, text, regions))
        run = [atom] if atom.digits else []
    return results


def _numbers_in_run(
    run: list[Atom], folded: str, offs: Sequence[int], text: str, regions: tuple[str, ...]
) -> list[PhoneMatch]:
    """Every window of the run that `phonenumbers` accepts, best first, none overlapping: whole
    atoms before cut ones, fewer letters-for-digits, more digits, further left."""
    found = []
    nanp_only = NANP_ONLY[regions]
    # Digits from each atom to the run's end: a start with fewer than eight after it (and every
    # later one) reaches no window `phonenumbers` is asked about.
    left = sum(len(atom.digits) for atom in run)
    for i in range(len(run)):
        if left < 8:
            break
        left -= len(run[i].digits)
        if not run[i].strong:
            continue
        plus = "+" in folded[max(0, run[i].start - 2) : run[i].start]
        digits = ""
        letters = 0
        for j in range(i, len(run)):
            digits += run[j].digits
            letters += run[j].kind == "letters"
            if len(digits) > _MAX_RUN_DIGITS:
                break
            if not run[j].strong or len(digits) < 8 or is_rate_menu(run, i, j, folded):
                continue
            trunk = digits[0] == "0" and trunk_shaped(run, i, j, folded)
            where = NANP_FIRST[regions] if nanp_shaped(run, i, j) else regions
            for lead, trail in cuts(run[i], run[j], digits):
                cut = lead + trail
                # Only ten digits (eleven after a 1) can be a North American number.
                if nanp_only and not plus and not trunk and not 10 <= len(digits) - cut <= 11:
                    continue
                e164 = validate(digits[lead : len(digits) - trail], where, plus and not lead, trunk and not cut)
                if e164:
                    odd = grouped_oddly(run, i, j, lead, len(digits) - cut, e164)
                    key = (cut > 0, odd, letters, cut, -(len(digits) - cut), run[i].start)
                    found.append((key, i, j, lead, trail, e164))
                    break
    found.sort(key=lambda f: f[0])
    taken: list[tuple[int, int]] = []
    out: list[PhoneMatch] = []
    for _, i, j, lead, trail, e164 in found:
        if any(i <= b and a <= j for a, b in taken):
            continue
        taken.append((i, j))
        out.append(_match(run, i, j, lead, trail, e164, folded, offs, text))
    return out


def _match(
    run: list[Atom], i: int, j: int, lead: int, trail: int, e164: str, folded: str, offs: Sequence[int], text: str
) -> PhoneMatch:
    start = offs[run[i].start + lead]
    end = offs[run[j].end - 1 - trail] + 1
    if text[end - 1] in "&%":  # the last digit was written as an entity
        end = entity_end(text, end - 1)
    if not lead and "+" in text[max(0, start - 2) : start]:
        start = text.rindex("+", max(0, start - 2), start)
    elif not lead and start > 0 and text[start - 1] == "(":
        start -= 1
    while end < len(text) and not trail and not fold_char(text[end]) and not text[end].isspace():
        end += 1  # keycap marks and variation selectors belong to the last digit
    span_text = text[start:end]
    obscured = _is_obscured(span_text, run[i : j + 1])
    return PhoneMatch(e164, start, end, obscured)


def _is_obscured(span_text: str, row: list[Atom]) -> bool:
    if not _PLAIN_CHARS.issuperset(span_text):
        return True
    # One separator between every digit ("7 0 2 5 5 5 ...") is a disguise too.
    return len(row) >= 6 and all(len(a.digits) == 1 for a in row)


def _dedupe(matches: list[PhoneMatch]) -> list[PhoneMatch]:
    seen: set[tuple[int, int]] = set()
    out = []
    for m in matches:
        if (m.start, m.end) not in seen:
            seen.add((m.start, m.end))
            out.append(m)
    return out
