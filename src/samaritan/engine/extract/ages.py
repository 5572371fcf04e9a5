"""Ages stated in an ad, as posters write them.

"19yo", "Age: 19", "nineteen", "19 years young", "just turned 18", "tengo 19 años", an age after
a name or greeting ("Lexi here. 37, ...", "Lexi, 37, new in town"), the suffix classified sites
append to a title ("... - 35"), "About me 29", "25 years", and digits in disguise ("2O yo",
"٢٥ yo", "➋➎ years old"). Not an age: a range ("18-35 years of age"), a count, price, time,
height or year, years of experience, or the age of a child, pet or relative.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import re2

from samaritan.engine.cues import CueSet, Fired, to_re2
from samaritan.engine.extract.numbers import NUMBER, SPANISH_TENS, SPANISH_UNITS, TENS, UNITS, to_int
from samaritan.engine.extract.phonetext import phone_text
from samaritan.engine.normalize import lower_in_place

# Two digits with one written as a letter ("2O", "l9"): only read where an age is stated.
_DISGUISED = r"[1-7][oli]|[li][0-9]"
_N = rf"(?:{NUMBER}|{_DISGUISED})"
# Where a number may start, for cues: a digit, a disguised digit, or a number word.
_NUMC = rf"(?:\d|[li]\d|{'|'.join(sorted({*UNITS, *TENS, *SPANISH_UNITS, *SPANISH_TENS}, key=len, reverse=True))})"
# "Lexi, 37," or "I'm Lexi 37": a number (up to three digits, a disguised digit, or number
# words) with only punctuation, the end or "yo"/"years" after it.
_NAME_CUE = (
    rf"[,.]\s*(?:\d{{1,3}}|[li]\d|[0-9][oli]|{_NUMC}[a-z\t\n\r -]{{0,14}}?)\s*(?:[,.!;~)\n]|$|y)|"
    rf"(?:i'?m|i am|soy|this is|name is|call me|meet)\s+[a-z]+,?\s+{_NUMC}"
)
# Not an age when one of these follows the number: a unit, a price, a time, a count.
_UNIT_AFTER = (
    r"\s*(?:lbs?\b|kg\b|cm\b|ft\b|in\b|inch|%|min|hours?|hrs?\b|hh\b|am\b|pm\b|a\.m|p\.m|minutes|dollars|roses|"
    r"usd|\$|mins|days|weeks|months|miles|inches|pounds|kids|children|dogs|cats|times|girls|ladies|of\b|degrees|\+|"
    r"and\s+a\s+half|'|\"|\.\d|/|:\d|,\d|x\b|k\b|th\b|st\b|nd\b|rd\b)"
)
# What may follow a bare age ("Lexi here. 37, curvy"): punctuation, the end, or "yo".
_BARE_END = r"(?=\s*(?:[,.!;~)]|$|\n|(?:yo|y/o|years?)\b))"
_YEARS = r"(?:years?|yrs?|a[ñn]os)"
_NOT_EXPERIENCE = r"(?!\s*(?:of\s+)?(?:experience|exp\b|ago|in\s+(?:the\s+)?(?:business|industry)|later|back))"

# (name, cue for the one-pass scan, pattern); matched on folded lower-case text.
_PATTERNS = [
    (  # 19yo, 19 y/o, 19 y.o., 19yrs old, 19 years young, nineteen years old, 19 años
        "yo",
        r"y(?:o\b|/o|\.o|rs?\b|ears?\b|ear\b|r\s*old)|a[ñn]os",
        rf"(?<![\w$#.'/])({_N})\s*(?:-\s*)?(?:yo\b|y/o\b|y\.o\.?|{_YEARS}\s*(?:old|young)|year\s*old|-year-old|"
        rf"yr\s*old|a[ñn]os\b){_NOT_EXPERIENCE}",
    ),
    (  # Age: 19, aged 19, age 19, edad 19
        "age",
        r"\bage|\bedad",
        rf"\b(?:age|aged|edad)\s*(?:is\s*)?[:=\-]?\s*({_N})\b(?!{_UNIT_AFTER})",
    ),
    (  # I'm 19, I am 19, she is 19, just turned 18, tengo 19
        "am",
        rf"(?:am|'m|im|is|'s|turned|only|tengo)\s+{_NUMC}",
        rf"\b(?:i\s*am|i'?m|im|she\s*is|she'?s|he\s*is|he'?s|just\s+turned|turned|only|tengo)\s+({_N})\b"
        rf"(?!{_UNIT_AFTER}|\s*-\s*\d)",
    ),
    (  # About me 29, about me: 29
        "about",
        r"about\s*me",
        rf"\babout\s*me\b[\s:.\-–~]*({_N})\b(?!{_UNIT_AFTER})",
    ),
    (  # Lexi here. 37, ...; Hi! 25, new in town
        "here",
        rf"\b(?:here|hi|hello|hey|hola)\b[^a-z0-9]*{_NUMC}",
        rf"\b(?:here|hi|hello|hey|hola)\b[\s.!,:;\-–~]*({_N}){_BARE_END}",
    ),
    (  # Lexi, 37, new in town; Meet Lexi 37!; I'm Lexi, 25.
        "name",
        rf"[a-z]{_NAME_CUE}",
        rf"(?:^|[^\w\s,'\"\-]\s*|\n|\b(?:and|&)\s+|\b(i'?m|i am|soy|this is|name is|call me|meet)\s+)([a-z]{{2,15}})"
        rf"([,.]\s*|\s+)({_N})"
        rf"{_BARE_END}",
    ),
    (  # 25 years (no "old"): the person's age unless years of something else
        "years",
        rf"(?:{_NUMC}|[0-9][oli])[a-z-]*\s*{_YEARS}",
        rf"(?<![\w$#.'/])({_N})\s*{_YEARS}\b(?!\s*(?:old|young)){_NOT_EXPERIENCE}"
        r"(?!\s*(?:with|together|married|warranty|since|of\b|in\b|at\b|as\b|now|running|straight|doing))",
    ),
]
# Where each pattern's windows are found (in `re`): its cue, less any alternation of number
# words at its start, which `re` would try at every position.
_WINDOW_CUES = {
    "name": _NAME_CUE,
    "years": r"y(?:ears?|rs?)|a[ñn]os",
}
_COMPILED = [
    (f"age.{name}", re.compile(_WINDOW_CUES.get(name, cue)), re.compile(pattern)) for name, cue, pattern in _PATTERNS
]
# The window cues in RE2, for ASCII text: `re` tries the cues' alternations at every position
# (the name cue cost ~15 us an ad), RE2 runs them as one automaton. On ASCII text RE2's `\b`,
# `\d` and leftmost-first matching agree with `re`; `\s` is written as Python's ASCII class.
_ASCII_WS = r"[\t\n\x0b\x0c\r\x1c-\x1f ]"
_WINDOW_RE2 = {key: re2.compile(cue.pattern.replace(r"\s", _ASCII_WS)) for key, cue, _ in _COMPILED}
# The same cues for the one-pass RE2 scan (samaritan.engine.cues).
CUES = {f"age.{name}": to_re2(cue) for name, cue, _ in _PATTERNS}
CUES["age.title"] = to_re2(rf"[-–—|~]\s*(?:{_NUMC}|[0-9][oli])")
_CUES = CueSet(CUES)

# A title suffix: "... - 35" at the end of the title or before another " - " part.
_TITLE_SUFFIX = re.compile(rf"[-–—|~]\s*({_N})\s*(?=$|[-–—|~]|\n)")
# Numbers in a title that are no age and no end of an age range: a phone ("Mia 702-555-0142 -
# 17", whose last digits and dash read as "0142 - 17", a range), a price, a height, a time, a
# year or zip. Blanked (offsets kept) before the title's suffix is read.
_NOT_AN_AGE_IN_TITLE = re.compile(
    r"(?<![\d$])(?:\+?1[\s.\-]?)?\(?\d{3}\)?[\s.\-]{0,3}\d{3}[\s.\-]{0,3}\d{4}(?!\d)"  # phone
    r"|(?<!\d)\d{3}[\s.\-]\d{4}(?!\d)"  # local phone
    r"|\$\s*\d+(?:[.,]\d+)?|\d+(?:[.,]\d+)?\s*(?:\$|usd\b|dollars\b|roses\b|hh\b|hr\b|hour\b|min\b|mins\b)"
    r"|\d\s*(?:'|ft\b|feet\b)\s*\d{0,2}\s*(?:\"|''|in\b)?"  # height
    r"|\d{1,2}(?::\d\d)?\s*(?:am|pm|a\.m\.?|p\.m\.?)(?!\w)|\d{1,2}:\d\d"  # time
    r"|\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}(?!\d)|\d+/\d+|<3+"  # a date ("2-27-16"), "24/7", a heart
    r"|\d{4,}"  # a year, a zip, a number too long to be an age
)
# The title's parts: "Mia - 21 - 23" is two parts, not the range "21 - 23", whose first number
# follows a word ("Ladies 18 - 35"). Before a part's dash, only a relative makes it another's age
# named as someone's ("for my son - 19" is the son's; "Sweet baby - 23", "Single mom - 30" the poster's).
_TITLE_PART_NUMBER = re.compile(r"[-–—|~]\s*\d{1,3}\s*$")
_RELATIVE_BEFORE = re.compile(
    r"\b(?:my|her|his|our|your|their|mi|su|sus)\s+(?:[a-z]+\s+)?(?:son|sons|daughters?|kids?|child|children|toddler|grand\w*|nephew|niece|sisters?|brothers?|mom|mother|"
    r"dad|father|hij[oa]s?)\b[^.!?\n\-–—|~]{0,25}$"
)
# Before the number: the other end of a range ("18-35", "18 to 40"), which is no one's age.
_RANGE_BEFORE = re.compile(rf"(?:\d|\b{NUMBER})\s*(?:-|–|to|a|or|/)\s*$")
_RANGE_AFTER = re.compile(r"\s*(?:-|–|to)\s*\d")
# A list of rates or times ("30, 60 min"), of which the number is the first.
_LIST_AFTER = re.compile(r"\s*[,/&]\s*\d+\s*(?:min|hr|hour|hh|h\b|\$|roses|usd|dollars)")
# Someone else's age: a child, pet, relative or thing named just before or after the number.
_OTHERS = (
    r"son|sons|daughters?|kids?|child|children|baby|babies|boys?|toddler|dogs?|cats?|pupp(?:y|ies)|pets?|"
    r"mom|mother|mum|dad|father|sisters?|brothers?|grand\w*|nephew|niece|husband|wife|cousin|aunt|uncle|"
    r"friend|roommate|car|truck|house|business|company|hij[oa]s?|perr[oa]s?|gat[oa]s?|madre|padre"
)
_OTHER_BEFORE = re.compile(rf"\b(?:{_OTHERS})\b[^.!?\n]{{0,25}}$")
_OTHER_AFTER = re.compile(rf"^\S*\s*(?:-|\s)*(?:{_YEARS}|yo|y/o)?[\s-]*(?:old\s+)?(?:{_OTHERS})\b")
# Words before a number that make it something other than an age ("for 5 years", "Suite 25").
_NOT_AGE_BEFORE = re.compile(
    r"\b(?:for|over|past|last|within|than|since|of|in|after|every|around|almost|nearly|next|few|spent|been|"
    r"had|have|has|was|married|together|experience|worked|working|top|only|by|at|\$|x|built)\s*$|\d{4},?\s*$"
)
_NOT_A_NAME = frozenset(
    str.split(
        "size suite room apt unit exit route highway hwy interstate page chapter number no lot gate floor level "
        "building station channel day week month year top only just over under about around since from call text "
        "rates rate price special hours hour open close mon tue wed thu fri sat sun monday tuesday wednesday "
        "thursday friday saturday sunday jan feb mar apr jun jul aug sep sept oct nov dec january february march "
        "april may june july august september october november december street st ave avenue road rd blvd zip "
        "code area min mins hr hrs half full the a an and or but with at in on for to of by me my your our is are "
        "was be am pm only age aged edad here hi hello hey hola ad id ref order item pics photos photo pic"
    )
)


@dataclass(frozen=True, slots=True)
class AgeMatch:
    age: int
    start: int
    end: int


def _value(token: str) -> int | None:
    if len(token) == 2 and not token.isdigit() and any(c.isdigit() for c in token):
        return int(token.translate(str.maketrans("oli", "011")))
    return to_int(token)


def find_ages(
    text: str,
    lowered: str | None = None,
    cues: Fired = None,
    title_end: int = 0,
    folded_text: tuple[str, Sequence[int]] | None = None,
) -> list[AgeMatch]:
    """Ages stated in `text`. `lowered` is `text` lower-cased in place (offsets kept) and `cues`
    the ad's one-pass cue scan; both are worked out here when not given. `text[:title_end]` is
    the ad's title, where a site's " - 35" suffix is read too. `folded_text` is
    `phone_text(text, lowered)` when the caller has it."""
    if lowered is None:
        lowered = lower_in_place(text)
    # Digits of every script, entities decoded (the extractor shares the phones' copy).
    folded, offs = folded_text if folded_text is not None else phone_text(text, lowered)
    if folded is not lowered:
        cues = _CUES.scan(folded)  # the ad's cues were found in other text
    if cues is not None and cues.isdisjoint(CUES):
        return []
    patterns = _COMPILED if cues is None else [p for p in _COMPILED if p[0] in cues]
    title = title_end and (cues is None or "age.title" in cues)
    if not patterns and not title:
        return []
    out: list[AgeMatch] = []
    taken: set[int] = set()
    # RE2 is given bytes (offsets are the same in ASCII): on a str it maps every offset back.
    encoded = folded.encode("ascii") if folded.isascii() else None
    for key, cue, pattern in patterns:
        name = key[4:]
        group = 4 if name == "name" else 1
        strong, bare = name in _STRONG, name in _BARE
        for lo, hi in _windows(cue, folded) if encoded is None else _windows(_WINDOW_RE2[key], encoded):
            for m in pattern.finditer(folded, lo, hi):
                if name == "name" and not _is_name(text, offs, m):
                    continue
                _add(m, group, strong, bare, folded, offs, taken, out)
    if title:
        end = _folded_index(offs, title_end)
        masked = _NOT_AN_AGE_IN_TITLE.sub(lambda m: " " * len(m.group()), folded[:end]) + folded[end:]
        for m in _TITLE_SUFFIX.finditer(masked, 0, end):
            _add(m, 1, False, True, masked, offs, taken, out, title=True)
    out.sort(key=lambda a: a.start)
    return out


_STRONG = frozenset({"yo", "age", "am"})  # the number is stated as an age
_BARE = frozenset({"name", "here"})  # a bare number, read as an age from where it stands


def _add(
    m: re.Match[str],
    group: int,
    strong: bool,
    bare: bool,
    folded: str,
    offs: Sequence[int],
    taken: set[int],
    out: list[AgeMatch],
    title: bool = False,
) -> None:
    age = _value(m.group(group))
    # A bare number after a name is an age only in the adult range: read lower, a list of rates
    # ("Call. 15, 30 or 60 min") would state a minor's age. A title's closing " - 17" is a
    # site's age field, so a minor's age there is read (rates, times and phones are blanked).
    lo, hi = (10, 80) if strong else (13, 75) if title or not bare else (18, 75)
    if age is None or not lo <= age <= hi or m.start(group) in taken:
        return
    if not (_own_title_age(folded, m) if title else _own_age(folded, m.start(group), m.end(group), strong)):
        return
    taken.add(m.start(group))
    start = m.start(group) if bare else m.start()
    out.append(AgeMatch(age, offs[start], offs[m.end() - 1] + 1))


def _windows(cue: re.Pattern[str] | re2._Regexp, folded: str | bytes) -> list[tuple[int, int]]:
    """Each pattern runs only in a small window around each of its cues (`folded` is the text,
    or its ASCII bytes for an RE2 cue)."""
    windows: list[tuple[int, int]] = []
    if isinstance(cue, re.Pattern):
        assert isinstance(folded, str)  # `re` cues are given the text itself
        found: Iterator[re.Match[str]] = cue.finditer(folded)
    else:
        found = cue.finditer(folded)
    for c in found:
        lo, hi = max(0, c.start() - 40), min(len(folded), c.end() + 30)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    return windows


def _folded_index(offs: Sequence[int], original: int) -> int:
    if isinstance(offs, range):
        return original
    return next((k for k, o in enumerate(offs) if o >= original), len(offs))


def _is_name(text: str, offs: Sequence[int], m: re.Match[str]) -> bool:
    """ "Lexi, 37" or "I'm Lexi 37": a capitalised word that is not a unit, day, month or common
    word, with a comma after it unless "I'm", "meet"... comes before."""
    name = m.group(2)
    punctuated = "," in m.group(3) or "." in m.group(3)
    return name not in _NOT_A_NAME and text[offs[m.start(2)]].isupper() and (punctuated or bool(m.group(1)))


def _own_age(folded: str, start: int, end: int, strong: bool) -> bool:
    """Is the number at folded[start:end] the poster's own age (not a range, nor someone's else)?"""
    before = folded[max(0, start - 40) : start]
    after = folded[end : end + 30]
    if _RANGE_BEFORE.search(before) or _RANGE_AFTER.match(after) or _LIST_AFTER.match(after):
        return False
    if _OTHER_BEFORE.search(before) or _OTHER_AFTER.match(after):
        return False
    return strong or not _NOT_AGE_BEFORE.search(before)


def _own_title_age(folded: str, m: re.Match[str]) -> bool:
    """Is the title suffix " - NN" (m) the person's age: no range, list or relative's age?"""
    before = folded[max(0, m.start() - 40) : m.start()]
    after = folded[m.end(1) : m.end(1) + 30]
    if _RANGE_BEFORE.search(before + "-") and not _TITLE_PART_NUMBER.search(before):
        return False
    if _RANGE_AFTER.match(after) and not re.match(r"\s*[-–—|~]\s*\d{1,3}\s*(?:$|[-–—|~\n])", after):
        return False
    return not (_LIST_AFTER.match(after) or _RELATIVE_BEFORE.search(before) or _OTHER_AFTER.match(after))
