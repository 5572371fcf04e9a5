"""Prices with the units and euphemisms ads use ("150 roses", "$80 hh", "donation 200 overnight")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from samaritan.engine.budget import ENTITIES_PER_KIND
from samaritan.engine.cues import Fired, to_re2
from samaritan.engine.extract.asciire import ascii_twin
from samaritan.engine.extract.price_words import CUE as _WORDS_CUE
from samaritan.engine.extract.price_words import word_prices
from samaritan.engine.extract.pricetext import CUES as PRICE_TEXT_CUES
from samaritan.engine.extract.pricetext import price_text
from samaritan.engine.extract.ratemenu import CUE as _MENU_CUE
from samaritan.engine.extract.ratemenu import menu_prices
from samaritan.engine.normalize import lower_in_place

_UNIT_WORDS = [
    (
        # ("half" alone is a half hour; a half day, a half price or a half dozen is not)
        r"hh|hhr|half\s*(?:an\s*)?h(?:ou)?r|half(?![\s-]*(?:days?|weeks?|price|off|dozen|years?|the|of)\b)"
        r"|30\s*min(?:ute)?s?|30\s*mins?|media\s*hora|meia\s*hora"
        r"|media(?=\s*(?:[,;/\n]|\.\s|\.?$))",
        "half_hour",
    ),
    (r"qv|qk|qkv|quick\s*visit|short\s*(?:visit|stay)|15\s*min(?:ute)?s?|20\s*min(?:ute)?s?|quickie", "short_visit"),
    (r"overnights?|all\s*night|on|toda\s*la\s*noche|noite\s*toda", "overnight"),
    (
        r"(?:1\s*|one\s*)?h(?:ou)?rs?|(?:1\s*|one\s*)?hour|/\s*h(?:ou)?r|/\s*h\b|1\s*h\b|60\s*min(?:ute)?s?|ph|per\s*hour|an\s*hour|hourly"
        # (Spanish and Portuguese: "200 la hora", "$120 por hora", "200 a hora")
        r"|full\s*h(?:ou)?r|(?:por\s*|la\s*)?hora",
        "hour",
    ),
    (r"2\s*h(?:ou)?rs?|two\s*hours|/\s*2\s*h\b|dos\s*horas|duas\s*horas", "two_hours"),
    (r"night|evening|(?:por\s*)?la\s*noche|noche|noite", "night"),
    (r"week|wk|weekly", "week"),
    (r"month|mo|monthly", "month"),
    (r"day|daily", "day"),
    # a price for one date, session or visit (a length of its own: "300 per date")
    (
        r"dates?|sessions?|visits?|meet(?:ing|up)?s?|afternoons?|mornings?|(?:three|four|five|[345])\s*h(?:ou)?rs?"
        r"|\d{2,3}\s*(?:[a-z]{4,14}\s+)?min(?:ute)?s?",
        "session",
    ),
]
_UNIT_ALT = "|".join(f"(?P<u{i}>{p})" for i, (p, _) in enumerate(_UNIT_WORDS))
# Words between a bare amount and its session that hold no unit of their own ("150 the hour", "220
# gets you an hour", "150 for full hour"): read by the form, its cue and the unit reader alike.
# ("170 and you're mine for one hour", "260 n im all urs 4 the evening": the person is what the
# amount buys, then the session.)
_JOINING = (
    r"the|for\s+(?:a\s+)?full|gets\s+you\s+(?:an?|one|the)"
    r"|(?:and|n|&)\s+(?:you\s*['’]?re|youre|ur|u\s*r|you\s+are|i\s*['’]?m|im|i\s+am)\s+(?:all\s+)?"
    r"(?:mine|yours|urs)\s+(?:for|4)(?:\s+(?:an?|the|one|1))?"
)
_AMOUNT = r"(?P<amount>\d{1,3}(?:,\d{3})+|\d{1,6})(?:\.(?P<cents>\d{2}))?"
# The same amount when no word character, '.', '$', '#', '/', ':' or '-' may come before it. The
# check sits after the first digit, not before it, so `re` can skip ahead to digits (a
# look-behind first makes it try every position).
_FREE_AMOUNT = r"(?P<amount>\d(?<![\w.$#/:-]\d)(?:\d{0,2}(?:,\d{3})+|\d{0,5}))(?:\.(?P<cents>\d{2}))?"
# Matched on lower-cased text (same offsets), so no IGNORECASE: it makes `re` several times slower.
_FORMS = [
    # $150, USD 150, €90
    re.compile(rf"(?P<cur>\$|usd|us\$|€|£|💵|💲|💰)\s*{_AMOUNT}(?!\d)"),
    # 150$, 150 dollars, 150 roses
    re.compile(
        rf"{_FREE_AMOUNT}\s*(?P<cur>\$|usd\b|dollars?\b|bucks\b|roses?\b|rozes\b|🌹|💵|💲|💰|donations?\b"
        r"|€|£|eur\b|euros?\b|gbp\b)"
    ),
    # donation 200, roses: 150, rate is 120
    # (not a session's length after them: "rates: 60 min 200" is 200 an hour, read below)
    re.compile(
        rf"\b(?:donation|donations|roses|rate|rates)\s*(?:is|are|of|start at|from|:|-)?\s*{_AMOUNT}\b"
        r"(?!\s*(?:min|mins|minutes|hrs?|hours?|h)\b)"
    ),
    # hh 100, qv: 60, overnight 500, hourly 250 (the unit comes first, the amount is bare)
    re.compile(
        rf"\b(?:hh|hhr|qv|qk|hr|hour|hourly|overnight|overnights|half hour|1hr|1 hr)\s*[:=\-]?\s*{_AMOUNT}\b"
        r"(?!\s*(?:min|mins|minutes|hrs?|hours?|am|pm|%|/7))"
    ),
    # 80 hh, 140 hr, 120 half hr, 200 full hr: a bare amount directly before a session unit (never "24 hr")
    re.compile(
        _FREE_AMOUNT.replace(r"\d)(?:", r"\d)(?!(?<=2)4\b)(?:", 1)  # (not "24", checked after its "2")
        + r"(?=\s*(?:hh|hhr|qv|qk|hr|hrs|hour|hourly|overnight|half\s*h(?:ou)?r|full\s*h(?:ou)?r|media\s*hora)\b"
        # ("250 one hour", "200 1h": two digits at least, never "2 one hour sessions")
        r"|(?<=\d\d)\s*(?:one|1)\s*h(?:ou)?r\b|(?<=\d\d)\s*1\s*h\b"
        # ("200 (1 hr)", "120 (30 min)": the session in brackets after its price)
        # (20 at least: "room 12 (1 h)" is no price)
        r"|(?:(?<=[2-9]\d)|(?<=\d\d\d))\s*\(\s*(?:(?:one|1)\s*)?(?:h(?:ou)?rs?|h|hh|half\s*h(?:ou)?r)\s*\)"
        r"|(?:(?<=[2-9]\d)|(?<=\d\d\d))\s*\(\s*\d{2,3}\s*min(?:ute)?s?\s*\)"
        # ("90 half, 160 hour", "150 la hora, 90 media": half alone where the item ends)
        r"|\s*(?:half|media)(?=\s*(?:[,;/\n]|\.\s|\.?$)))"
    ),
    # 150 for an hour, 80 per half hour, 120 for the hour, 300 per date, 200 per meet, 500 for an evening
    re.compile(
        rf"{_FREE_AMOUNT}(?=\s*(?:/|per|for\s+(?:an?|the|one|1)|for|4\s+(?:an?|the)|a|an|every|each|por|la|por\s+la"
        rf"|{_JOINING})\s*"
        r"(?:hour|hr|hh|half\s*(?:an\s*)?h(?:ou)?r|overnight|qv|quick\s*visit|night|evening|date|session|visit|meet(?:ing|up)?"
        r"|afternoon|morning|h|2\s*h|hora|noche|media\s*hora)\b"
        # 500 for three hours, 200 for 45 minutes
        # ("400 for 90 relaxed minutes": one word between the length and its unit)
        r"|\s*for\s+(?:the\s+first\s+)?(?:two|three|four|five|[2-5])\s*(?:hours|hrs)\b"
        r"|\s*for\s+\d{2,3}\s*(?:[a-z]{4,14}\s+)?min(?:ute)?s?\b)"
    ),
    # 60 min 180, 1 hr: 200, 3 hr package 700: a session's length, then its price
    re.compile(
        r"(?<![/.\d])\b(?P<dur>\d{1,3}|two|three|four)\s*(?P<du>min|mins|minutes|hrs?|hours?|h)\b"
        r"(?:\s+(?:date|dates|package|session|sessions|visit|visits|special|appt|appointment))?"
        # ("2 hours, 700": a comma too, where the amount ends the list's item)
        r"\s*(?:[:=\-]|,(?=\s*\$?\d[\d,]*(?:\.\d\d)?\s*(?:[.;!)\n]|,\s|$)))?\s*\$?"
        rf"{_AMOUNT}\b"
        # (nor the first digits of a phone number: "90 minutes 702-555-0142")
        # (a sentence's stop and then a phone number is no phone's first digits: "2 hrs 400. 773-...")
        r"(?!\s*(?:min|mins|minutes|hrs?|hours?|day|days|week|weeks|am|pm|per|a week|each|times|x|%|/|:|\d"
        r"|[-)]\s*\d|\.\d))"
    ),
    # a dinner date is 500, the night runs 900: a session named, then its bare price
    re.compile(
        r"\b(?:date|dates|evening|night|visit|session|meet|meeting|overnight|weekend|hour)\s+(?:with\s+me\s+)?"
        rf"(?:is|are|=|runs|costs?)\s+{_AMOUNT}\b(?!\s*(?:min|mins|minutes|hrs?|hours?|am|pm|%|years?|people|miles|days|weeks|times|x\b|/|:|\.\d))"
    ),
]
# What each form above needs, in the same order, for the one-pass RE2 cue scan
# (samaritan.engine.cues): the form with its look-arounds dropped, so it fires wherever the form can.
CUES = {
    "price.0": r"(?:\$|usd|€|£|💵|💲|💰)\s*\d",
    "price.1": r"\d\s*(?:\$|usd|dollar|buck|rose|roze|🌹|💵|💲|💰|donation|€|£|eur|gbp)",
    # a letter O for a zero in an amount, an emoji beside one (pricetext.py): every form asked
    **PRICE_TEXT_CUES,
    "price.2": r"\b(?:donations?|roses|rates?)\s*(?:is|are|of|start at|from|:|-)?\s*\d",
    "price.3": r"\b(?:hh|hhr|qv|qk|hr|hour|hourly|overnight|overnights|half hour|1hr|1 hr)\s*[:=\-]?\s*\d",
    "price.4": r"\d\s*(?:hh|hhr|qv|qk|hr|hrs|hour|hourly|overnight|half|full|(?:one|1)\s*h(?:ou)?rs?|1\s*h|media)\b"
    r"|\d\d\s*\(\s*(?:one|1|h|\d\d)",
    "price.5": (
        r"\d\s*(?:/|per|for\s+(?:an?|the|one|1)|for|4\s+(?:an?|the)|a|an|every|each|por|la|por\s+la"
        rf"|{_JOINING})\s*(?:hour|hr|hh|half|overnight|qv|quick"
        r"|night|evening|date|session|visit|meet|afternoon|morning|h\b|2\s*h\b|hora|noche|media)"
        r"|\d\s*for\s+(?:the\s+first\s+)?(?:two|three|four|five|[2-5]|\d\d\d?)\s*(?:[a-z]{4,14}\s+)?(?:hours|hrs|min)"
    ),
    "price.6": r"(?:\d|two|three|four)\s*(?:min|mins|minutes|hrs?|hours?|h)\b[^\n]{0,14}\d",
    "price.7": (
        r"\b(?:date|dates|evening|night|visit|session|meet|meeting|overnight|weekend|hour)\s+(?:with\s+me\s+)?"
        r"(?:is|are|=|runs|costs?)\s+\d"
    ),
    "price.words": _WORDS_CUE,
    "price.menu": _MENU_CUE,
}
CUES = {name: to_re2(cue) for name, cue in CUES.items()}
_FORM_CUES = tuple((f"price.{number}", form) for number, form in enumerate(_FORMS))
_FORM_NAMES = frozenset([*(name for name, _ in _FORM_CUES), "price.words", "price.menu", *PRICE_TEXT_CUES])
# ("$200 flat for the hour": a word of the price's own between it and its unit; "150 4 an hr":
# "4" for "for".)
_UNIT_AFTER = re.compile(
    rf"\s*\(?\s*(?:(?:flat|cash|total)\s+)?(?:/|per|a|an|for|for\s+(?:an?|the|one|1|the\s+first)|4\s+(?:an?|the)|each|every"
    rf"|{_JOINING}|la|por|por\s+la)?\s*(?:{_UNIT_ALT})\b"
)
# (A meeting is a unit after its price only: "meet 909..." before a number is an invitation.)
# ("by the hour ($400)", "the rest of the night is $800": a bracket or "is" between them.)
# ("an hour for a three-twenty donation": "for a" between them.)
# ("two hours, $380": a comma, after a session's own length; a unit is a word of its own:
# "per person" holds no "on", overnight.)
# ("overnight (11pm to 7am): $1,900", "two hours minimum: $900": the unit's hours in brackets,
# or its minimum, between them.)
_UNIT_BEFORE = re.compile(
    rf"(?<![a-z])(?!meet)(?:{_UNIT_ALT})\s*(?:\([^()\n]{{1,24}}\)\s*)?(?:(?:minimum|min|only)\s*)?"
    r"(?:with\s+me\s+)?"
    r"(?:[:=\-(,]|is\b|are\b|runs?\b|costs?\b|for(?:\s+an?)?\b|from\b|starts?\s+at\b|starting\s+at\b)?"
    r"\s*(?:\$|usd|€|£)?$"
)
# A session's length or shorthand before a price written with its currency ("45 min $280", "1hr
# $140", "hh $80"): the currency form finds the price first, so the unit is read from just before
# it, a whole word only (a week's or a month's stays unread here, as before).
_LENGTH_BEFORE = re.compile(
    r"(?<![/.\d])\b(?P<dur>\d{1,3})\s*(?P<du>min|mins|minutes|hrs?|hours?|h)\s*[:=\-]?\s*(?:\$|usd|€|£)\s*$"
)
_SHORTHAND_BEFORE = re.compile(
    r"(?<![\w])(?P<s>hh|qv|overnights?|hour|hourly|half hour)\s*[:=\-]?\s*(?:\$|usd|€|£)\s*$"
)
_SHORTHAND_UNITS = {
    "hh": "half_hour",
    "half hour": "half_hour",
    "qv": "short_visit",
    "overnight": "overnight",
    "overnights": "overnight",
    "hour": "hour",
    "hourly": "hour",
}
# The same for ASCII text (asciire.py: the same matches, without Unicode look-ups).
_FORM_CUES_ASCII = tuple((cue, ascii_twin(form)) for cue, form in _FORM_CUES)
_UNIT_AFTER_ASCII = ascii_twin(_UNIT_AFTER)
_UNIT_BEFORE_ASCII = ascii_twin(_UNIT_BEFORE)
# How far before a price its unit is looked for where its bracketed hours or its minimum stand
# between them (14 characters otherwise: the search is a fifth of the prices' cost at 44).
_BEFORE_WINDOW = 44
_WIDE_FILLER = re.compile(r"(?:\)|min|minimum|only)\s*[:=\-]?\s*(?:\$|usd|€|£)?\s*$")
# ... where a unit right after another amount is that amount's.
_EARLIER_PRICE = re.compile(r"\d\s*(?:/|per|a|an|each|every|for|for\s+an?|for\s+the)?\s*$")
# Hours that measure something else, after a bare number and its "hour": a working week's or a
# day's ("a 40 hour week", "36 hrs per week", "48 hour notice", "24hr on-call repairs").
# Housing and job posts say them; a price's session never has such a noun after it.
_HOURS_OF_SOMETHING = re.compile(
    r"[\s.\-]*(?:(?:a|per|each|every|/)\s*(?:week|wk|day|shift)|weeks?|wk|workweek|work\s*week|days?|shifts?"
    r"|notice|jobs?|positions?|cancellation|turnaround|emergency|maintenance|fitness|gym)\b"
)
# A band size glued to its cup ("busty 36hh", "36hh - 26 - 38") is a measurement, not 36 a half
# hour: an even band, and one no price list uses or beside the words and figures of a body's stats.
_CUP_BEFORE = re.compile(r"(?:bust|busty|cup|bra|size|stats|measurements|boobs|breasts|chest|natural)\W{0,3}$")
_CUP_AFTER = re.compile(r"\s*(?:[-/,]\s*\d\d\b|waist|hips)")


def _not_a_rate(lowered: str, m: re.Match[str], end: int, amount: float, unit: str | None) -> bool:
    """A bare number before "hour" or "hh" that is no session's price: a day's 24 hours ("24hr gym",
    "24/h"), a working week's or a notice's hours, a bra's band and cup."""
    if unit == "hour":
        return amount == 24 or _HOURS_OF_SOMETHING.match(lowered, end) is not None
    if unit == "half_hour" and 28 <= amount <= 46 and amount % 2 == 0 and lowered.startswith("hh", m.end("amount")):
        return (
            amount % 10 != 0
            or _CUP_BEFORE.search(lowered, max(0, m.start() - 24), m.start()) is not None
            or _CUP_AFTER.match(lowered, end) is not None
        )
    return False


@dataclass(frozen=True, slots=True)
class PriceMatch:
    amount: float
    currency: str
    unit: str | None
    start: int
    end: int

    def to_dict(self) -> dict[str, float | int | str | None]:
        amount: float | int = int(self.amount) if self.amount == int(self.amount) else self.amount
        return {"amount": amount, "currency": self.currency, "unit": self.unit}


_UNIT_NAMES = {f"u{i}": name for i, (_, name) in enumerate(_UNIT_WORDS)}


def _unit_of(match: re.Match[str]) -> str | None:
    """The unit `_UNIT_AFTER` or `_UNIT_BEFORE` matched: their only groups are the units', one of
    which matches (never empty), so it is the match's last group (no look-up of each in turn)."""
    return _UNIT_NAMES.get(match.lastgroup or "")


# A bare amount under this before "hr" or "hours" is a length ("5 hr dates 1000", "2hr min"), and a
# session's price after its length is at least this ("1 hour 15" is a length too).
_LEAST_HOURLY = 20
# Units read before a price across a comma ("two hours, $400").
_COMMA_UNITS = frozenset({"hour", "half_hour", "two_hours", "night", "overnight", "short_visit"})
# ... and after a bare "h" ("1h 400") at least this: "10h 30" is a clock's time.
_LEAST_AFTER_H = 60
_DURATION_WORDS = {"two": 2, "three": 3, "four": 4}
_HOURS_NEXT = re.compile(r"\s*(?:hrs?|hours?)\b")


def _length_unit(length: int, word: str) -> str:
    """The unit of a price given after its session's length ("60 min 180", "2 hrs 400")."""
    minutes = length if word.startswith("min") else length * 60
    if minutes <= 20:
        return "short_visit"
    return {30: "half_hour", 60: "hour", 120: "two_hours"}.get(minutes, "session")


def _currency(symbol: str | None) -> str:
    symbol = (symbol or "").strip().lower()
    if symbol in ("€", "eur", "euro", "euros"):
        return "EUR"
    if symbol in ("£", "gbp", "quid"):
        return "GBP"
    return "USD"


def _currency_starts(text: str) -> list[int]:
    """Every position where the first form ("$150", "usd 150", "€90") can start: its currency
    sign or word, found by `str.find` (the form's own scan tries it at every "u" of the ad)."""
    starts = []
    for sign in ("$", "€", "£", "usd"):
        at = text.find(sign)
        while at != -1:
            starts.append(at)
            if sign == "$" and at >= 2 and text.startswith("us", at - 2):
                starts.append(at - 2)  # "us$"
            at = text.find(sign, at + 1)
    starts.sort()
    return starts


def _matches_at(form: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """`form.finditer(text)` when every match starts at one of `starts` (sorted): the first
    match at or after where the last one ended, as finditer's search finds it."""
    done = 0
    for start in starts:
        if start >= done:
            m = form.match(text, start)
            if m:
                yield m
                done = max(m.end(), start + 1)


def _unit_before(lowered: str, m: re.Match[str], unit_before: re.Pattern[str], hourly: bool) -> str | None:
    """The unit written before the amount of `m` ("hh $80", "overnight (11pm to 7am): $1,900");
    `hourly`: a currency amount that may follow its session's length ("45 min $280")."""
    window = lowered[max(0, m.start() - 14) : m.start("amount")]
    before = unit_before.search(window)
    if before is None and m.start() > 14 and _WIDE_FILLER.search(window):
        # The unit's hours in brackets or its minimum between them: looked for further back,
        # where a unit right after another amount is that amount's ("$725 each month ... $725 to
        # hold it").
        window = lowered[max(0, m.start() - _BEFORE_WINDOW) : m.start("amount")]
        before = unit_before.search(window)
        if before and _EARLIER_PRICE.search(window, 0, before.start()):
            before = None
    if before and "," in before.group() and _unit_of(before) not in _COMMA_UNITS:
        before = None  # "open 24 hours, $10 entry": only a session's own length
    if before:
        return _unit_of(before)
    if hourly:
        if length := _LENGTH_BEFORE.search(window):
            return _length_unit(int(length.group("dur")), length.group("du"))
        if shorthand := _SHORTHAND_BEFORE.search(window):
            return _SHORTHAND_UNITS[shorthand.group("s")]
    return None


def find_prices(text: str, lowered: str | None = None, cues: Fired = None) -> list[PriceMatch]:
    """Prices in `text`. `lowered` is `text` lower-cased in place (offsets kept) and `cues` the
    ad's one-pass cue scan; both are worked out here when not given."""
    if cues is not None and cues.isdisjoint(_FORM_NAMES):
        return []  # no form's cue: most ads
    if lowered is None:
        lowered = lower_in_place(text)
    lowered, cues = price_text(lowered, cues)  # zeros read, decorating emoji as spaces
    found: dict[int, PriceMatch] = {}
    # Characters already inside a price: one C-level look per candidate, not a loop over every
    # price found so far ("$100 hh " * 50000 was quadratic).
    taken = bytearray(len(lowered))
    ascii_text = lowered.isascii()
    unit_after, unit_before = (_UNIT_AFTER_ASCII, _UNIT_BEFORE_ASCII) if ascii_text else (_UNIT_AFTER, _UNIT_BEFORE)
    if cues is None or "price.words" in cues:
        # Said in words or in thousands ("a hundred and fifty an hour", "$4k a month"): read first,
        # so that "$4" of "$4k" is not read again as four dollars.
        for start, end, amount, cur in word_prices(lowered):
            if taken.find(1, start, end) != -1:
                continue
            unit = None
            if after := unit_after.match(lowered, end):
                unit, end = _unit_of(after), after.end()
            elif before := unit_before.search(lowered[max(0, start - 18) : start]):
                unit = _unit_of(before)
            found[start] = PriceMatch(amount, _currency(cur), unit, start, end)
            taken[start:end] = b"\x01" * (end - start)
    if cues is None or "price.menu" in cues:
        # A menu of minutes and amounts ("30/150 60/250"): each pair a session's price.
        for start, end, menu_amount, minutes in menu_prices(lowered):
            found[start] = PriceMatch(float(menu_amount), "USD", _length_unit(minutes, "min"), start, end)
            taken[start:end] = b"\x01" * (end - start)
    for cue, form in _FORM_CUES_ASCII if ascii_text else _FORM_CUES:
        if cues is not None and cue not in cues:
            continue
        for m in form.finditer(lowered) if cue != "price.0" else _matches_at(form, lowered, _currency_starts(lowered)):
            amount = float(m.group("amount").replace(",", "") + "." + (m.group("cents") or "0"))
            if amount <= 0 or taken.find(1, m.start(), m.end()) != -1:
                continue
            if cue == "price.4" and amount < _LEAST_HOURLY and _HOURS_NEXT.match(lowered, m.end()):
                continue  # "5 hr dates 1000", "2hr min": a length, not a price
            if cue == "price.5" and amount < 10:
                continue  # "... 4 an hr" is "for an hour" (a bare rate is never under ten)
            end = m.end()
            unit = None
            if cue == "price.6":
                if amount < (_LEAST_HOURLY if m.group("du") != "h" else _LEAST_AFTER_H):
                    continue  # "1 hour 15": a length again; "10h 30" a clock
                unit = _length_unit(_DURATION_WORDS.get(m.group("dur")) or int(m.group("dur")), m.group("du"))
            elif after := unit_after.match(lowered, end):
                unit, end = _unit_of(after), after.end()
                if m.groupdict().get("cur") is None and _not_a_rate(lowered, m, end, amount, unit):
                    continue
            else:
                unit = _unit_before(lowered, m, unit_before, cue == "price.0" and amount >= _LEAST_HOURLY)
            cur = m.groupdict().get("cur")
            found[m.start()] = PriceMatch(amount, _currency(cur), unit, m.start(), end)
            taken[m.start() : end] = b"\x01" * (end - m.start())
            if len(found) >= ENTITIES_PER_KIND:
                return sorted(found.values(), key=lambda p: p.start)
    return sorted(found.values(), key=lambda p: p.start)
