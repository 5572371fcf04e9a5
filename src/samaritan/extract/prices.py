"""Prices with the units and euphemisms ads use ("150 roses", "$80 hh", "donation 200 overnight")."""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNIT_WORDS = [
    (r"hh|hhr|half\s*(?:an\s*)?h(?:ou)?r|half|30\s*min(?:ute)?s?|30\s*mins?", "half_hour"),
    (r"qv|qk|qkv|quick\s*visit|short\s*(?:visit|stay)|15\s*min(?:ute)?s?|20\s*min(?:ute)?s?|quickie", "short_visit"),
    (r"overnight|all\s*night|on", "overnight"),
    (r"(?:1\s*)?h(?:ou)?rs?|(?:1\s*)?hour|/\s*h(?:ou)?r|60\s*min(?:ute)?s?|ph|per\s*hour|an\s*hour|hourly", "hour"),
    (r"2\s*h(?:ou)?rs?|two\s*hours", "two_hours"),
    (r"night|evening", "night"),
    (r"week|wk|weekly", "week"),
    (r"month|mo|monthly", "month"),
    (r"day|daily", "day"),
]
_UNIT_ALT = "|".join(f"(?P<u{i}>{p})" for i, (p, _) in enumerate(_UNIT_WORDS))
_AMOUNT = r"(?P<amount>\d{1,3}(?:,\d{3})+|\d{1,6})(?:\.(?P<cents>\d{2}))?"
_FORMS = [
    # $150, USD 150, €90
    re.compile(rf"(?P<cur>\$|usd|us\$|€|£)\s*{_AMOUNT}(?!\d)", re.IGNORECASE),
    # 150$, 150 dollars, 150 roses
    re.compile(
        rf"(?<![\w.$#/:-]){_AMOUNT}\s*(?P<cur>\$|usd\b|dollars?\b|bucks\b|roses?\b|rozes\b|🌹|donations?\b"
        r"|€|£|eur\b|euros?\b|gbp\b)",
        re.IGNORECASE,
    ),
    # donation 200, roses: 150, rate is 120
    re.compile(
        rf"\b(?:donation|donations|roses|rate|rates)\s*(?:is|are|of|start at|from|:|-)?\s*{_AMOUNT}\b", re.IGNORECASE
    ),
    # hh 100, qv: 60, overnight 500 (the unit comes first, the amount is bare)
    re.compile(
        rf"\b(?:hh|hhr|qv|qk|hr|hour|overnight|half hour|1hr|1 hr)\s*[:=\-]?\s*{_AMOUNT}\b"
        r"(?!\s*(?:min|mins|minutes|hrs?|hours?|am|pm|%|/7))",
        re.IGNORECASE,
    ),
    # 80 hh, 140 hr: a bare amount directly before a session unit (never "24 hr")
    re.compile(rf"(?<![\w.$#/:-])(?!24\b){_AMOUNT}(?=\s*(?:hh|hhr|qv|qk|hr|hrs|hour|overnight)\b)", re.IGNORECASE),
    # 150 for an hour, 80 per half hour
    re.compile(
        rf"(?<![\w.$#/:-]){_AMOUNT}(?=\s*(?:/|per|for\s+an?|a|an)\s*(?:hour|hr|hh|half\s*hour|overnight|qv|night)\b)",
        re.IGNORECASE,
    ),
]
# Words one of which each form above needs, in the same order: cheap substring gates.
# What each form above needs, in the same order: symbols found by `in`, words by membership in
# the ad's word set (so "hr" in "three" or "night" in "tonight" wakes no form).
_SESSION_WORDS = frozenset({"hh", "hhr", "hr", "hrs", "hour", "hours", "qv", "qk", "overnight", "night", "half"})
_FORM_CUES: list[tuple[tuple[str, ...], frozenset[str]]] = [
    (("$", "€", "£"), frozenset({"usd"})),
    (
        ("€", "£", "🌹"),
        frozenset(
            {
                "usd",
                "dollar",
                "dollars",
                "buck",
                "bucks",
                "rose",
                "roses",
                "rozes",
                "donation",
                "donations",
                "eur",
                "euro",
                "euros",
                "gbp",
            }
        ),
    ),
    ((), frozenset({"donation", "donations", "roses", "rate", "rates"})),
    ((), _SESSION_WORDS),
    ((), _SESSION_WORDS),
    ((), _SESSION_WORDS),
]
_WORDS = re.compile(r"[a-z]+")
_DIGIT_DOLLAR = re.compile(r"\d\s*\$")
_UNIT_AFTER = re.compile(rf"\s*(?:/|per|a|an|for|for\s+an?|each)?\s*(?:{_UNIT_ALT})\b", re.IGNORECASE)
_HAS_DIGIT = re.compile(r"\d")
_UNIT_BEFORE = re.compile(rf"(?:{_UNIT_ALT})\s*[:=\-]?\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PriceMatch:
    amount: float
    currency: str
    unit: str | None
    start: int
    end: int

    def to_dict(self) -> dict:
        amount: float | int = int(self.amount) if self.amount == int(self.amount) else self.amount
        return {"amount": amount, "currency": self.currency, "unit": self.unit}


def _unit_of(match: re.Match[str]) -> str | None:
    for i, (_, name) in enumerate(_UNIT_WORDS):
        if match.group(f"u{i}"):
            return name
    return None


def _currency(symbol: str | None) -> str:
    symbol = (symbol or "").strip().lower()
    if symbol in ("€", "eur", "euro", "euros"):
        return "EUR"
    if symbol in ("£", "gbp"):
        return "GBP"
    return "USD"


def find_prices(text: str) -> list[PriceMatch]:
    found: dict[int, PriceMatch] = {}
    lowered = text.lower()
    if not _HAS_DIGIT.search(text):
        return []
    words = set(_WORDS.findall(lowered))
    for number, (form, (symbols, cue_words)) in enumerate(zip(_FORMS, _FORM_CUES, strict=True)):
        woken = any(c in text for c in symbols) or not words.isdisjoint(cue_words)
        if number == 1 and not woken:
            woken = _DIGIT_DOLLAR.search(text) is not None  # "150$"
        if not woken:
            continue
        for m in form.finditer(text):
            amount = float(m.group("amount").replace(",", "") + "." + (m.group("cents") or "0"))
            if amount <= 0 or any(p.start < m.end() and m.start() < p.end for p in found.values()):
                continue
            end = m.end()
            unit = None
            after = _UNIT_AFTER.match(text, end)
            if after:
                unit, end = _unit_of(after), after.end()
            else:
                before = _UNIT_BEFORE.search(text[max(0, m.start() - 14) : m.start("amount")])
                if before:
                    unit = _unit_of(before)
            cur = m.groupdict().get("cur")
            found[m.start()] = PriceMatch(amount, _currency(cur), unit, m.start(), end)
    return sorted(found.values(), key=lambda p: p.start)
