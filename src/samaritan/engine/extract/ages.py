"""Ages stated in an ad, as posters write them.

"19yo", "Age: 19", "nineteen", "19 years young", "just turned 18", "tengo 19 años", an age after
a name or greeting ("Lexi here. 37, ...", "Lexi, 37, new in town"), the suffix classified sites
append to a title ("... - 35"), a title that opens with the age ("38 couple for a third"),
"About me 29", "25 years", a person's noun then the age ("Bi guy, 26,", "una mujer de 30"), and
digits in disguise ("2O yo", "٢٥ yo", "➋➎ years old"). Not an age: a range ("18-35 years of
age"), an age limit ("under 30"), a count, price, time, height or year, years of experience, or
the age of a child, pet, relative or thing (ages_context.py decides whose a number is).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from samaritan.engine.cues import CueSet, Fired, to_re2
from samaritan.engine.extract import ages_context as context  # (the title's checks)
from samaritan.engine.extract.ages_context import (
    PEER_BEFORE,
    is_sex_tag,
    own_age,
    own_title_age,
)
from samaritan.engine.extract.ages_names import (
    BARE,
    BARE_NAME,
    NAMED,
    SAID,
    STATED,
    is_bracketed_name,
    is_name,
    is_title_name,
    opening_at,
)
from samaritan.engine.extract.ages_names import apposed as apposed_age
from samaritan.engine.extract.ages_patterns import A_NUMBER as _A_NUMBER
from samaritan.engine.extract.ages_patterns import DASH as _DASH
from samaritan.engine.extract.ages_patterns import NUMC as _NUMC
from samaritan.engine.extract.ages_patterns import PATTERNS as _PATTERNS
from samaritan.engine.extract.ages_patterns import TITLE_LEAD as _TITLE_LEAD
from samaritan.engine.extract.ages_patterns import TITLE_NAME as _TITLE_NAME
from samaritan.engine.extract.ages_patterns import TITLE_SUFFIX as _TITLE_SUFFIX
from samaritan.engine.extract.ages_patterns import WINDOW_CUES as _WINDOW_CUES
from samaritan.engine.extract.asciire import ascii_twin
from samaritan.engine.extract.asciire import symbol_bytes as _symbol_bytes
from samaritan.engine.extract.asciire import symbols_only as _symbols_only
from samaritan.engine.extract.given_names import given_names
from samaritan.engine.extract.numbers import to_int
from samaritan.engine.extract.phonetext import phone_text
from samaritan.engine.extract.spans import Located, Relaxations, Spans
from samaritan.engine.normalize import lower_in_place

_COMPILED = [
    (f"age.{name}", re.compile(_WINDOW_CUES.get(name, cue)), re.compile(pattern)) for name, cue, pattern in _PATTERNS
]
# The same for ASCII text (asciire.py: the same matches, without Unicode look-ups); its windows
# come from RE2 (`_WINDOW_RE2`), so the `re` cue is only a key here.
_COMPILED_ASCII = [(key, cue, ascii_twin(pattern)) for key, cue, pattern in _COMPILED]
_ASCII_OF = {p[0]: p for p in _COMPILED_ASCII}
# ... each asked only where its RE2 relaxation can match (spans.Located): `re` would try it at
# every position of its windows.
_LOCATED = {key: Located(pattern) for key, _, pattern in _COMPILED_ASCII}
# ... all first asked at once of the whole text (one RE2 Set call): a pattern whose relaxation matches
# nowhere matches in none of its windows, which are not looked for (2+ RE2 calls a pattern).
_ANYWHERE = Relaxations([key for key, _, _ in _COMPILED_ASCII], [pattern for _, _, pattern in _COMPILED_ASCII])
# The window cues in RE2, for ASCII text: `re` tries the cues' alternations at every position
# (the name cue cost ~15 us an ad), RE2 runs them as one automaton. On ASCII text RE2's `\b`,
# `\d` and leftmost-first matching agree with `re`; `\s` is written as Python's ASCII class.
# Read as Latin-1, so that a text whose other characters are all symbols (`_symbols_only`) is
# searched the same way, each of those characters given as the byte 0xff (see `_symbol_bytes`).
_ASCII_WS = r"[\t\n\x0b\x0c\r\x1c-\x1f ]"
_BEFORE, _AFTER = 40, 30  # a pattern's window: this much text before and after each of its cues
_WINDOW_RE2 = {key: Spans(cue.pattern.replace(r"\s", _ASCII_WS), latin1=True) for key, cue, _ in _COMPILED}
# The same cues for the one-pass RE2 scan (samaritan.engine.cues).
CUES = {f"age.{name}": to_re2(cue) for name, cue, _ in _PATTERNS}
CUES["age.title"] = to_re2(rf"[-–—|~]\s*(?:{_NUMC}|[0-9][oli])")
# (Its own key: "age.lead" is the body's pattern of a line opening with the age, whose cue this
# had overwritten, so that pattern ran only in ads whose text opened with a number.)
CUES["age.title_lead"] = to_re2(rf"^[^a-z0-9]*(?:{_NUMC}|[0-9][oli])")  # the text opens with the title
# A line that opens with a word and a number ("Stacy 33, ..."): only then are the body's lines
# read for a given name and its age (_opening_names), in one pass with the ad's other cues.
CUES["age.opening"] = to_re2(r"(?:^|\n)[ \t]*(?:[^\x00-\x7f][ \t]*){0,3}[a-z]{2,15}[ \t]+[0-9]")
_CUES = CueSet(CUES)

# The title's patterns for Unicode text and for ASCII text (asciire.py).
_TITLE_CHECKS = tuple(
    tuple(
        p if not ascii_text else ascii_twin(p)
        for p in (_A_NUMBER, context.NOT_AN_AGE_IN_TITLE, _TITLE_SUFFIX, context.LABEL_BEFORE, _TITLE_LEAD)
    )
    for ascii_text in (False, True)
)


@dataclass(frozen=True, slots=True)
class AgeMatch:
    age: int
    start: int
    end: int
    # Read as an age only in an ad that sells company (findings.person_ages): YOUNG, under 18 and
    # only a bare number after a name ("Amy, 16", "Amy (16)"), elsewhere as likely a size or a
    # count in a list ("Medium, 14", "Charizard (12)"); PEER, the age of a friend or sister named
    # just before it ("my friend Rosa (30)"), someone else's unless the ad is posted for her.
    # DESCRIBED, an adult age set off after a lower-case word ("petite & playful, 24,"), elsewhere
    # as likely a count or a size ("queen bed, 30, oak").
    tentative: int = 0


YOUNG = 1
PEER = 2
DESCRIBED = 3
# After a young bare number, "years" is left to the "years" pattern and the scope checks it goes
# through ("Married, 15 years" is a duration).
_YEARS_AFTER = re.compile(r"\s*(?:years?|yrs?)\b")


def _value(token: str) -> int | None:
    if len(token) == 2 and not token.isdigit() and any(c.isdigit() for c in token):
        return int(token.translate(str.maketrans("oli", "011")))
    return to_int(token)


# How sure a pattern is that its number is an age: the youngest age it reads, whether the span
# starts at the number, and whether the number stands alone (then a series of numbers is no age).
_HOW = {
    "yo": STATED, "age": STATED, "am": STATED, "de": STATED, "about": SAID, "years": SAID,
    "here": BARE_NAME, "name": BARE, "lead": BARE, "of": STATED,
}  # fmt: skip


# A capitalised word and a digit after it in the title, as a given name and its age are written: the
# name-and-age reading (_title_names) is tried only where the title holds one (no cue of the scan).
_NAME_THEN_DIGIT = re.compile(r"([A-Z][A-Za-z]{1,14})[ \t]+[0-9]")


def find_ages(
    text: str,
    lowered: str | None = None,
    cues: Fired = None,
    title_end: int = 0,
    folded_text: tuple[str, Sequence[int]] | None = None,
) -> list[AgeMatch]:
    """Ages stated in `text`. `lowered`: `text` lower-cased in place (offsets kept), `cues`: the ad's
    one-pass cue scan (both worked out here when not given); `text[:title_end]`: the ad's title, where
    a site's " - 35" suffix is read too; `folded_text`: `phone_text(text, lowered)` if the caller has it."""
    if lowered is None:
        lowered = lower_in_place(text)
    # Digits of every script, entities decoded (the extractor shares the phones' copy).
    folded, offs = folded_text if folded_text is not None else phone_text(text, lowered)
    if folded is not lowered:
        cues = _CUES.scan(folded)  # the ad's cues were found in other text
    named = bool(title_end) and _NAME_THEN_DIGIT.search(text, 0, title_end) is not None
    opening = _opening_names(text, title_end) if cues is None or "age.opening" in cues else []
    if cues is not None and cues.isdisjoint(CUES) and not named and not opening:
        return []
    patterns = _COMPILED if cues is None else [p for p in _COMPILED if p[0] in cues]
    suffix, lead = (bool(title_end) and (cues is None or key in cues) for key in ("age.title", "age.title_lead"))
    if not patterns and not suffix and not lead and not named and not opening:
        return []
    ascii_text = folded.isascii()
    plain = ascii_text
    encoded = None
    if patterns:
        # ASCII, or other characters that are only symbols: the ASCII patterns read it the same.
        plain = ascii_text or _symbols_only(folded)
        if plain:
            # RE2 is given bytes, one a character (offsets are the same): on a str it maps every offset back.
            encoded = folded.encode("ascii") if ascii_text else _symbol_bytes(folded)
            possible = _ANYWHERE.matching(encoded)
            patterns = [_ASCII_OF[p[0]] for p in patterns if p[0] in possible]
    out: list[AgeMatch] = []
    taken: set[int] = set()
    windows: dict[str, list[tuple[int, int]]] = {}
    for key, cue, pattern in patterns:
        name = key[4:]
        found = windows.get(cue.pattern)
        if found is None:
            found = _windows(cue, folded) if encoded is None else _WINDOW_RE2[key].windows(encoded, _BEFORE, _AFTER)
            windows[cue.pattern] = found
        for lo, hi in found:
            # Plain text: asked only where the pattern's RE2 relaxation matches (same matches).
            for m in (
                pattern.finditer(folded, lo, hi) if encoded is None else _LOCATED[key].finditer(folded, encoded, lo, hi)
            ):
                if name == "name":
                    if is_name(text, offs, m):
                        _add(m, 4, BARE_NAME, folded, offs, taken, out, plain, data=encoded)
                elif name == "sex":
                    if is_sex_tag(text, offs, m, folded):
                        _add(m, 1, NAMED, folded, offs, taken, out, plain, data=encoded)
                elif name == "bracket":
                    if is_bracketed_name(text, offs, m):
                        peer = _peer(folded, m.start(1))
                        _add(m, 2, BARE_NAME, folded, offs, taken, out, plain, data=encoded, peer=peer)
                elif name == "apposed":
                    apposed = apposed_age(text, offs, m, folded, plain)
                    if apposed is not None:
                        how, described = apposed
                        peer = _peer(folded, m.start(1)) if how == BARE and not described else -1
                        how = BARE_NAME if peer >= 0 else how
                        _add(m, 2, how, folded, offs, taken, out, plain, data=encoded, peer=peer, described=described)
                elif name != "lead" or _is_lead_age(folded, m):
                    _add(m, 1, _HOW[name], folded, offs, taken, out, plain, data=encoded)
    if suffix or lead:
        end = _folded_index(offs, title_end)
        # The title's checks read no further than 30 characters past its end (`own_title_age`,
        # `own_age`): where only the body holds a letter, digit or space of another script (or no
        # pattern asked the whole text), the title is still read the ASCII way.
        title_plain = plain or _symbols_only(folded[: end + 30])
        _title_ages(folded, offs, end, taken, out, suffix, lead, title_plain)
    if named:
        _title_names(text, folded, offs, _folded_index(offs, title_end), taken, out, plain)
    _body_names(text, folded, offs, opening, taken, out, plain)
    out.sort(key=lambda a: a.start)
    return out


def _title_ages(
    folded: str,
    offs: Sequence[int],
    end: int,
    taken: set[int],
    out: list[AgeMatch],
    suffix: bool,
    lead: bool,
    plain: bool,
) -> None:
    """The site's " - 35" suffix of the title `folded[:end]`, and an age opening the title.
    `plain`: the text is ASCII or its other characters are symbols (`_symbols_only`)."""
    a_number, not_an_age, title_suffix, label_before, title_lead = _TITLE_CHECKS[plain]
    dash = _DASH.search(folded, 0, end) if suffix else None
    # Blanking only removes numbers: with no number after the first dash there is no suffix.
    if dash is not None and a_number.search(folded, dash.end(), end):
        title = folded[:end]
        # Most titles hold nothing to blank: where the blanking pattern's RE2 relaxation finds
        # nothing, `re` (which tries it at every place, ~30,000 instructions a real title) is not run.
        if plain and not context.NOT_AN_AGE_GATE.may_search(_symbol_bytes(title)):
            masked = folded
        else:
            masked = not_an_age.sub(_blank, title) + folded[end:]
        for m in title_suffix.finditer(masked, 0, end):
            at = m.start()
            lo = at - 20 if at > 20 else 0
            # A label's pattern ends the text before the suffix (`\s*$`): told by `endswith` first.
            labelled = masked[lo:at].rstrip().endswith(context.LABEL_ENDS) and label_before.search(masked, lo, at)
            if not labelled and own_title_age(masked, m, plain):
                _add(m, 1, SAID, masked, offs, taken, out, plain, checked=True, from_number=True)
    opening = title_lead.match(folded, 0, end) if lead else None
    if opening:
        _add(opening, 1, BARE if opening.group(2) else NAMED, folded, offs, taken, out, plain, from_number=True)


def _title_names(
    text: str, folded: str, offs: Sequence[int], end: int, taken: set[int], out: list[AgeMatch], plain: bool
) -> None:
    """A given name, capitalised, and the age after it in the title `folded[:end]` ("Curvy Tasha
    35 💕"): read as a bare age after a name is (under 18 tentatively, AgeMatch.YOUNG)."""
    for m in _TITLE_NAME.finditer(folded, 0, end):
        if m.end(2) <= end and is_title_name(text, offs, m):
            _add(m, 2, BARE_NAME, folded, offs, taken, out, plain)


def _opening_names(text: str, title_end: int) -> list[int]:
    """Where a given name and a digit after it open the body or one of its lines (after
    `title_end`, spaces and symbols skipped): "Stacy 33, blonde", "💋 Kiki 24. Come see me". Line
    starts only, found by `str.find`: a scan of every capitalised word cost the extractor a quarter
    more on every ad, and "Call 702-..." opens a sentence of most."""
    found: list[int] = []
    names: frozenset[str] | None = None
    at = title_end
    while at >= 0:
        start = opening_at(text, at)
        m = _NAME_THEN_DIGIT.match(text, start) if start < len(text) and text[start].isupper() else None
        if m is not None:
            names = names if names is not None else given_names()
            if m.group(1).lower() in names:
                found.append(start)
        at = text.find("\n", at)
        at = at if at < 0 else at + 1
    return found


def _body_names(
    text: str, folded: str, offs: Sequence[int], opening: list[int], taken: set[int], out: list[AgeMatch], plain: bool
) -> None:
    """A given name and the age after it opening the body or one of its lines (`opening`, offsets of
    `text`), read as in a title (is_title_name), but an adult age only (BARE): in a body the number
    after a name is a pet's, a child's or a shoe's as often ("Daisy 12, spayed", "Jordan 11")."""
    for at in opening:
        m = _TITLE_NAME.match(folded, _folded_index(offs, at))
        if m is not None and is_title_name(text, offs, m):
            _add(m, 2, BARE, folded, offs, taken, out, plain)


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group())


def _add(
    m: re.Match[str],
    group: int,
    how: tuple[int, bool, bool],
    folded: str,
    offs: Sequence[int],
    taken: set[int],
    out: list[AgeMatch],
    plain: bool,
    checked: bool = False,
    from_number: bool = False,
    data: bytes | None = None,
    peer: int = -1,
    described: bool = False,
) -> None:
    """Read m's number as an age if in range for how it was stated (`how`) and the poster's own
    (`checked`: the caller has seen to that), or, from `peer` (where a friend's or sister's name
    starts: `_peer`), the age of the person posted for, read tentatively (AgeMatch.tentative)."""
    youngest, bare, lone = how
    age = _value(m.group(group))
    # `==`, not `is`: the compiled engine (mypyc) passes these tuples unboxed, so a copy arrives.
    if age is None or not youngest <= age <= (80 if how == STATED else 75) or m.start(group) in taken:
        return
    tentative = DESCRIBED if described else YOUNG if how == BARE_NAME and age < 18 else 0
    if tentative and _YEARS_AFTER.match(folded, m.end(group)):
        return
    if not checked and not own_age(folded, m.start(group), m.end(group), how == STATED, lone, plain, data):
        # Someone else's by the words before: the checks again from her name on.
        if peer < 0 or not own_age(
            folded[peer:], m.start(group) - peer, m.end(group) - peer, False, lone, plain, data and data[peer:]
        ):
            return
        tentative = PEER
    taken.add(m.start(group))
    start = m.start(group) if bare or from_number else m.start()
    out.append(AgeMatch(age, offs[start], offs[m.end() - 1] + 1, tentative))


def _is_lead_age(folded: str, m: re.Match[str]) -> bool:
    """ "... the room. 29, brunette": not a label's number after its abbreviation ("Rt. 33, Main
    St"), nor "69" opening a list of what a personals post wants."""
    return m.group(1) != "69" and not _ABBREVIATION_BEFORE.search(folded, max(0, m.start() - 8), m.start())


_ABBREVIATION_BEFORE = re.compile(r"\b(?:rt|rte|st|ste|apt|no|hwy|bldg|rm|ave|blvd|rd|vol|pg|ch|fig|sq|approx|est|mi)$")


def _peer(folded: str, name_start: int) -> int:
    """Where the name starts if "my friend" or "my sister" comes just before it, else -1."""
    return name_start if PEER_BEFORE.search(folded, max(0, name_start - 60), name_start) else -1


def _windows(cue: re.Pattern[str], folded: str) -> list[tuple[int, int]]:
    """Each pattern runs only in a small window around each of its cues (on ASCII or
    symbols-only text the cue's RE2 twin finds the same windows: `Spans.windows`)."""
    windows: list[tuple[int, int]] = []
    # (Comparisons written out, not max/min, and the open window held in locals: a cue
    # matches some six times an ad, and each builtin call cost more than the test.)
    size = len(folded)
    first = last = -1
    for c in cue.finditer(folded):
        start, end = c.span()
        lo = start - _BEFORE if start > _BEFORE else 0
        hi = end + _AFTER if end + _AFTER < size else size
        if last >= 0 and lo <= last:
            last = hi
        else:
            if last >= 0:
                windows.append((first, last))
            first, last = lo, hi
    if last >= 0:
        windows.append((first, last))
    return windows


def _folded_index(offs: Sequence[int], original: int) -> int:
    if isinstance(offs, range):
        return original
    # The offsets never decrease (phone_text folds in order): a binary search, not a walk in Python.
    return bisect_left(offs, original)
