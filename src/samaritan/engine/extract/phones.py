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
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
import re2

from samaritan.engine.cues import CueSet, Fired, fired
from samaritan.engine.normalize import fold_char, fold_chars

_WORDS = {
    "zero": "0",
    "oh": "0",
    "cero": "0",
    "one": "1",
    "uno": "1",
    "won": "1",
    "two": "2",
    "dos": "2",
    "too": "2",
    "three": "3",
    "tres": "3",
    "four": "4",
    "for": "4",
    "cuatro": "4",
    "five": "5",
    "cinco": "5",
    "six": "6",
    "seis": "6",
    "seven": "7",
    "siete": "7",
    "eight": "8",
    "ocho": "8",
    "nine": "9",
    "nueve": "9",
    "niner": "9",
    "ate": "8",
}
# Words that only count as digits inside a number, never to start or end one.
_WEAK_WORDS = frozenset({"for", "too", "won", "ate", "o", "l", "i"})
_UNIT = re.compile("|".join(sorted((re.escape(w) for w in _WORDS), key=len, reverse=True)) + r"|[0-9]|o|l|i")
_TOKEN = re.compile(r"[a-z]+|[0-9]+")
# Filler words that may sit between digit groups of one number.
_FILLERS = frozenset({"dash", "dot", "hyphen", "space", "and"})
# Between two tokens of one number: separators and at most a couple of junk characters.
_GAP_MAX = 6
_PLAIN_CHARS = frozenset("0123456789 -.()+")
_PREFIX_EXCLUDE = re.compile(r"[$#]\s*$|(?:no|num|ad|id|ref|order|item|sku|lot|zip|apt|unit)\W{0,2}$")
_SUFFIX_EXCLUDE = re.compile(
    r"^\s*(?:%|\$|lbs?\b|kg\b|cm\b|mm\b|in\b|inch|ft\b|'|\"|am\b|pm\b|hrs?\b|hours?\b|min|miles?\b|mi\b|k\b|sq|"
    r"roses|usd|dollars?|bucks|st\b|nd\b|rd\b|th\b|yo\b|y/?o\b|years?)"
)


@dataclass(frozen=True, slots=True)
class PhoneMatch:
    e164: str
    start: int  # original text offsets
    end: int
    obscured: bool


@dataclass(slots=True)
class _Tok:
    digits: str
    start: int  # folded offsets
    end: int
    strong: bool  # holds a real digit or a strong number word


def _parse_token(token: str) -> tuple[str, bool] | None:
    """A token made only of digit units -> (digits, strong), else None."""
    digits: list[str] = []
    strong = False
    pos = 0
    while pos < len(token):
        m = _UNIT.match(token, pos)
        if not m:
            return None
        unit = m.group()
        if unit.isdigit():
            digits.append(unit)
            strong = True
        elif unit in ("o",):
            digits.append("0")
        elif unit in ("l", "i"):
            digits.append("1")
        else:
            digits.append(_WORDS[unit])
            if unit not in _WEAK_WORDS:
                strong = True
        pos = m.end()
    # Weak tokens ("oh", "for", a lone "o") only count inside a number with strong ends.
    return "".join(digits), strong


# Seven or more digit-like units (digits, number words, O/l/I) with short gaps between them:
# every written phone number has this shape, and almost no other text does.
_CANDIDATE = re.compile(
    r"(?:(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|niner|cero|uno|dos|tres|cuatro|cinco|seis|"
    r"siete|ocho|nueve|for|too|won|ate|[0-9]|o|l|i)[^a-z0-9]{0,5}){7,}"
)


# Written plainly: 702) 555-0123, 702.555.0123, 702 555 0123, 7025550123 (a "(" sits before).
_PLAIN = re.compile(r"([2-9][0-9]{2})\)?[ .\-]?([0-9]{3})[ .\-]?([0-9]{4})")
_DIGIT_RUN = re.compile(r"[0-9](?:[^a-z0-9]{0,5}[0-9oli]){6,}")
_NUMBER_WORD = re.compile(
    r"zero|one|two|three|four|five|six|seven|eight|nine|cero|uno|dos|tres|cuatro|cinco|"
    r"seis|siete|ocho|nueve"
)


# The same pattern in RE2, which runs it ~7x faster than `re` (no look-arounds, and `[^a-z0-9]`
# is one character in both, so the matches are the same).
_CANDIDATE_RE2 = re2.compile(_CANDIDATE.pattern)
# What the prefilter needs, for the one-pass RE2 cue scan (samaritan.engine.cues): the same patterns.
CUES = {"phone.run": _DIGIT_RUN.pattern, "phone.word": _NUMBER_WORD.pattern, "phone.words": _CANDIDATE.pattern}
_CUES = CueSet(CUES)  # only names ASCII characters, so it holds on any folded text


def candidate_windows(folded: str, cues: Fired = None) -> list[tuple[int, int, int, int]]:
    """Spans of folded text that could hold a phone number (the cheap prefilter): each window
    snapped to whole tokens, with the prefilter's own match inside it."""
    # Without any number word, runs of digits alone are the candidates (the fast path).
    words = fired(cues, "phone.word") if cues is not None else _NUMBER_WORD.search(folded) is not None
    if not fired(cues, "phone.words" if words else "phone.run"):
        return []
    matcher = _CANDIDATE_RE2 if words else _DIGIT_RUN
    windows = []
    for m in matcher.finditer(folded):
        start, end = m.start(), m.end()
        while start > 0 and folded[start - 1].isalnum():
            start -= 1  # never cut a token in half
        while end < len(folded) and folded[end].isalnum():
            end += 1
        windows.append((max(0, start - 3), end, m.start(), m.end()))
    return windows


def _plain_number(text: str, folded: str, start: int, end: int, region: str) -> PhoneMatch | None:
    """The common case, a plainly written ten-digit number, without the tokeniser."""
    m = _PLAIN.search(folded, start, end)
    # Plain only if nothing else in the prefilter's match is a digit: "I can" after the number
    # is fine, a price before it ("$40. 629.555.0100") goes the careful way.
    if not m or any(c.isdigit() for c in folded[start : m.start()] + folded[m.end() : end]):
        return None
    start, end = m.start(), m.end()
    if _PREFIX_EXCLUDE.search(folded[max(0, start - 6) : start]) or (start > 0 and folded[start - 1] == "+"):
        return None
    e164 = _validate(m.group(1) + m.group(2) + m.group(3), region, False)
    if e164 is None:
        return None
    if start > 0 and text[start - 1] == "(":
        start -= 1
    return PhoneMatch(e164, start, end, False)


def find_phones(text: str, region: str = "US", lowered: str | None = None, cues: Fired = None) -> list[PhoneMatch]:
    """Phone numbers in `text` as E.164, with `region` the default for national numbers. `lowered`
    is `text` lower-cased in place and `cues` the ad's one-pass cue scan (worked out when not given)."""
    if not text:
        return []
    if text.isascii():
        folded = lowered if lowered is not None else text.lower()
        offs: list[int] | range = range(len(text))
    else:
        folded, folded_offs = fold_chars(text)
        offs = folded_offs if folded_offs is not None else range(len(text))
        # The ad's cues were found in its lower-cased text; a phone is looked for in the folded
        # text (full-width digits, look-alike letters undone): scan that instead.
        cues = _CUES.scan(folded)
    results: list[PhoneMatch] = []
    for start, end, core_start, core_end in candidate_windows(folded, cues):
        plain = _plain_number(text, folded, core_start, core_end, region) if text.isascii() else None
        if plain:
            results.append(plain)
        else:
            results.extend(_phones_in_window(text, folded, offs, start, end, region))
    return _dedupe(results)


def _phones_in_window(text: str, folded: str, offs, w_start: int, w_end: int, region: str) -> list[PhoneMatch]:
    tokens: list[_Tok] = []
    for m in _TOKEN.finditer(folded, w_start, w_end):
        token = m.group()
        if token in _FILLERS:
            continue
        parsed = _parse_token(token)
        if parsed is None:
            tokens.append(_Tok("", m.start(), m.end(), False))  # a word: breaks a number
            continue
        before = folded[max(0, m.start() - 6) : m.start()]
        after = folded[m.end() : m.end() + 8]
        if token.isdigit() and (
            _PREFIX_EXCLUDE.search(before)
            or _SUFFIX_EXCLUDE.match(after)
            or _is_decimal_part(folded, m.start(), tokens)
        ):
            tokens.append(_Tok("", m.start(), m.end(), False))
            continue
        tokens.append(_Tok(parsed[0], m.start(), m.end(), parsed[1]))

    # "7O2", "O1OO": letters for digits are strong when they touch a real digit, or make up a
    # whole group of four ("OlOO"), which no English word does.
    for k, tok in enumerate(tokens):
        if tok.digits and not tok.strong and set(folded[tok.start : tok.end]) <= {"o", "l", "i"}:
            if tok.end - tok.start >= 4:
                tok.strong = True
                continue
            prev_touch = k > 0 and tokens[k - 1].end == tok.start and tokens[k - 1].strong
            next_touch = k + 1 < len(tokens) and tokens[k + 1].start == tok.end and tokens[k + 1].strong
            tok.strong = prev_touch or next_touch
    results: list[PhoneMatch] = []
    run: list[_Tok] = []
    for tok in [*tokens, _Tok("", len(folded) + _GAP_MAX + 1, len(folded), False)]:
        gap_ok = not run or (tok.start - run[-1].end <= _GAP_MAX and _gap_is_separator(folded, run[-1].end, tok.start))
        if tok.digits and gap_ok:
            run.append(tok)
            continue
        if run:
            results.extend(_numbers_in_run(run, folded, offs, text, region))
        run = [tok] if tok.digits else []
    return results


def _is_decimal_part(folded: str, start: int, tokens: list[_Tok]) -> bool:
    """A negative number ("-74") or the fraction of a decimal ("40.7128"): not a phone group."""
    if start >= 1 and folded[start - 1] == "-" and (start == 1 or folded[start - 2].isspace()):
        return True
    if start >= 2 and folded[start - 1] == "." and folded[start - 2].isdigit() and tokens:
        previous = tokens[-1]
        fraction = next((i for i, c in enumerate(folded[start:]) if not c.isdigit()), len(folded) - start)
        return previous.end == start - 1 and previous.end - previous.start < 3 and fraction >= 2
    return False


def _gap_is_separator(folded: str, start: int, end: int) -> bool:
    gap = folded[start:end]
    # A plus sign, brackets, dots, dashes, stars, emoji... anything but letters and digits.
    return not any(c.isalnum() for c in gap)


def _numbers_in_run(run: list[_Tok], folded: str, offs, text: str, region: str) -> list[PhoneMatch]:
    found: list[PhoneMatch] = []
    used_until = -1
    i = 0
    while i < len(run):
        best = None
        digits = ""
        for j in range(i, len(run)):
            digits += run[j].digits
            if len(digits) > 15:
                break
            if len(digits) < 10 or not run[i].strong or not run[j].strong:
                continue
            plus = "+" in folded[max(0, run[i].start - 2) : run[i].start]
            match = _validate(digits, region, plus)
            if match:
                best = (j, match)
        if best and run[i].start >= used_until:
            j, e164 = best
            start = offs[run[i].start]
            end = offs[run[j].end - 1] + 1
            if "+" in text[max(0, start - 2) : start]:
                start = text.rindex("+", max(0, start - 2), start)
            elif start > 0 and text[start - 1] == "(":
                start -= 1
            while end < len(text) and not fold_char(text[end]) and not text[end].isspace():
                end += 1  # keycap marks and variation selectors belong to the last digit
            span_text = text[start:end]
            obscured = _is_obscured(span_text, run[i : j + 1])
            found.append(PhoneMatch(e164, start, end, obscured))
            used_until = run[j].end
            i = j + 1
        else:
            i += 1
    return found


@lru_cache(maxsize=8)
def _country_code(region: str) -> int:
    return phonenumbers.country_code_for_region(region)


@lru_cache(maxsize=65536)
def _validate(digits: str, region: str, plus: bool) -> str | None:
    # The common case, a North American number (ten digits, or eleven after a "1" or "+1") in a
    # North American region: build the number parse() would and check it, the platform's own
    # region first (a Canadian or Caribbean number is valid in its own region). Skipping parse
    # saves most of the cost. Anything else takes the full path.
    national = digits[1:] if len(digits) == 11 and digits[0] == "1" else digits if not plus else ""
    if len(national) == 10 and national[0] not in "01" and _country_code(region) == 1:
        # parse() would make exactly this number of these digits; only its validity is in question.
        number = phonenumbers.PhoneNumber(country_code=1, national_number=int(national))
        if phonenumbers.is_valid_number_for_region(number, region) or phonenumbers.is_valid_number(number):
            return "+1" + national
        return None
    candidates = [("+" + digits, None)] if plus else []
    candidates.append((digits, region))
    for number, reg in candidates:
        try:
            parsed = phonenumbers.parse(number, reg)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(parsed):
            national = str(parsed.national_number)
            # The digits must all belong to the number (no stray digits swallowed).
            if not digits.endswith(national):
                continue
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return None


def _is_obscured(span_text: str, toks: list[_Tok]) -> bool:
    if any(c not in _PLAIN_CHARS for c in span_text):
        return True
    # One separator between every digit ("7 0 2 5 5 5 ...") is a disguise too.
    return len(toks) >= 6 and all(len(t.digits) == 1 for t in toks)


def _dedupe(matches: list[PhoneMatch]) -> list[PhoneMatch]:
    seen: set[tuple[int, int]] = set()
    out = []
    for m in matches:
        if (m.start, m.end) not in seen:
            seen.add((m.start, m.end))
            out.append(m)
    return out
