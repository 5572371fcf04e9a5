"""RE2 relaxations (engine/relaxed.py) let slow Python patterns be skipped where they cannot match.
They must never miss a match: pattern rules find the same hits, scope checks give the same
answers and verdicts do not change, whatever the text (digits of other scripts, emoji, accented
letters and non-ASCII spaces around the words included)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import samaritan.engine.learned.scope as scope
from samaritan.engine.adparse import parse_ad
from samaritan.engine.normalize import fold
from samaritan.engine.relaxed import Relaxed, RelaxedSet, ascii_classes, relax
from samaritan.engine.screener import Screener
from samaritan.generate.corpus import Mix, SiteGenerator

# Pieces that the lexicon's rate patterns and the scope patterns read, and characters whose class
# differs between Python and RE2 (Arabic-Indic and Devanagari digits, accented letters, emoji,
# no-break and ideographic spaces, a curly apostrophe).
_PIECES = [
    "$",
    "150",
    "200",
    "24",
    "48",
    "3",
    " ",
    "  ",
    "\n",
    ".",
    ",",
    "/",
    "-",
    "'",
    "hh",
    "hr",
    "hrs",
    "hour",
    "hours",
    "half hour",
    "overnight",
    "roses",
    "rose",
    "🌹",
    "donation",
    "gift",
    "gifts",
    "cards",
    "per",
    "an",
    "each",
    "qv",
    "min",
    "15",
    "30",
    "for",
    "my",
    "son",
    "daughter",
    "years",
    "old",
    "no",
    "not",
    "don't",
    "escorts",
    "welcome",
    "apply",
    "must be",
    "18",
    "at least",
    "of age",
    "terms of service",
    "café",
    "é",
    "٣",
    "٢٠",
    "२१",
    "\u00a0",
    "\u3000",
    "’",
    "_",
    "x",
    "A",
    "B",
    "é200",
    "a1",
]
_TEXTS = st.lists(st.sampled_from(_PIECES), max_size=14).map("".join)

_PATTERNS = [
    r"(?:\$ ?)?\b\d{2,4} ?(?:roses?|gifts?(?! ?cards?)|🌹+)|(?:roses|🌹+) ?(?:are |from )?(?:\$ ?)?\d{2,4}\b",
    r"(?:\$ ?)?\b(?!24 ?h|48 ?h)\d{2,4} ?(?:/ ?|per |an |each )?(?:hour|hr|hrs|overnight|half hour)\b",
    r"\b(?:hh|qv|half hour) ?(?:is |for )?(?:\$ ?)?\d{2,3}\b",
    r"\bsons?\b[^.!?;,\n]{0,24}$",
    r"\w+\s\d",
    r"[à-ÿ]\B\w",
    r"(?<!\w)(?:must be|at least)(?!\w)",
    r"^[^a-z0-9]{0,3}(?:new|back)\b(?! (?:pics?|phone))",
    # the negated categories (relaxed since lexicon 2026.12.39's rules wrote their gaps with \W)
    r"\bper\W+(?:\w+\W+){0,2}?hour\b",
    r"\D\d{2}\S",
    r"no\W{1,3}escorts",
]


@pytest.fixture(scope="module")
def screener() -> Screener:
    # The scored-hits shortcut (Screener._signals_only) is the rule path's.
    return Screener(model="none")


def test_what_is_not_translated_has_no_relaxation() -> None:
    # A negated class that holds a placeholder (an accented letter may have become "a") reads
    # any character: a relaxation may match more, never less.
    assert relax(r"[^a-z]x") == "(?s:.)x"
    assert relax(r"(\w)\1") is None  # a back-reference
    assert relax(r"(?i)young") is None  # flags
    assert relax(r"a?") is None  # can match nothing
    assert Relaxed.of(r"a?") is None
    assert relax(r"[^.!?]x") is not None


@settings(derandomize=True, max_examples=400, deadline=None)
@given(text=_TEXTS, pos=st.integers(min_value=0, max_value=40))
def test_a_relaxation_never_starts_after_the_pattern(text: str, pos: int) -> None:
    data = ascii_classes(text)
    assert len(data) == len(text)
    for pattern in _PATTERNS:
        compiled = re.compile(pattern)
        for whole in (False, True):
            relaxed = Relaxed.of(pattern, whole)
            assert relaxed is not None
            start = min(pos, len(text))
            m = compiled.search(text, start)
            if m is not None:
                first = relaxed.first(data, start)
                assert 0 <= first <= m.start(), (pattern, text, whole)
            if whole and compiled.search(text):
                assert relaxed.may_match(text)
    # All of them in one RE2 Set: each pattern that matches anywhere is named.
    together = RelaxedSet(dict(enumerate(_PATTERNS)))
    named = together.matching(data)
    for key, pattern in enumerate(_PATTERNS):
        if re.search(pattern, text):
            assert key in named, (pattern, text)


def test_pattern_rules_find_the_same_hits_with_and_without_relaxations(screener: Screener) -> None:
    detector = screener.detector
    assert detector._relaxed, "the lexicon's pattern rules all have a relaxation"
    texts = [ad.get("body", "") for ad, _ in SiteGenerator(300, seed=11, mix=Mix(commercial=0.5, obfuscation=1.0))] + [
        "Roses 200 for an hour, 150 hh, $300/hr, overnight 900",
        "Open 24 hours, 48 hr notice. Café: 200 per hour.",
        "٣٠٠ roses, २१० roses, 🌹🌹 250, gift cards 100, 90 gifts",
        "rates: 30 min 120\u00a0roses, qv 80, half hour is $ 150",
    ]
    relaxed = detector._relaxed
    for text in texts:
        views = fold(text, detector.vocabulary) if text else []
        with_relaxed = [(h.rule.code, h.start, h.end, h.text) for h in detector.match("body", views)]
        # Without the relaxations: every pattern searched by `re` at each of its anchors.
        detector._relaxed, detector.gating = {}, False
        try:
            plain = [(h.rule.code, h.start, h.end, h.text) for h in detector.match("body", views)]
        finally:
            detector._relaxed, detector.gating = relaxed, True
        assert with_relaxed == plain, text


@settings(derandomize=True, max_examples=300, deadline=None)
@given(before=_TEXTS, after=_TEXTS, age=st.sampled_from(["23", "15", "18 years old", "12 yrs", "once"]))
def test_scope_answers_do_not_depend_on_the_relaxations(before: str, after: str, age: str) -> None:
    text = before + age + after
    start, end = len(before), len(before) + len(age)
    fast = (scope.age_is_persons(text, start, end), scope.claim_is_denied(text, start, end, "youth"))
    saved = scope._OTHER_BEFORE_MAY, scope._DISCLAIMER_MAY
    scope._OTHER_BEFORE_MAY = scope._DISCLAIMER_MAY = None
    try:
        plain = (scope.age_is_persons(text, start, end), scope.claim_is_denied(text, start, end, "youth"))
    finally:
        scope._OTHER_BEFORE_MAY, scope._DISCLAIMER_MAY = saved
    assert fast == plain


def test_ads_with_only_scored_hits_get_the_verdict_of_a_fresh_engine(screener: Screener) -> None:
    ads = [ad for ad, _ in SiteGenerator(200, seed=3)]
    first = [v.to_dict() for v in screener.screen_many(ads)]  # type: ignore[union-attr]
    again = [v.to_dict() for v in screener.screen_many(ads)]  # type: ignore[union-attr]
    # A fresh engine for a few ads; for the rest one engine whose memo of scored hits is emptied
    # before each ad (as fresh as far as that memo goes: building 40 engines took 2.5 minutes).
    fresh = [Screener(model="none").screen(parse_ad(ad)).to_dict() for ad in ads[:3]]
    emptied = Screener(model="none")
    for ad in ads[3:40]:
        emptied._signals_only.clear()
        fresh.append(emptied.screen(parse_ad(ad)).to_dict())
    assert first == again
    assert first[:40] == fresh
    assert screener._signals_only, "ordinary ads assessed from their scored hits alone"
    verdicts = screener.screen_many([ads[0], ads[0]])
    one, two = verdicts[0], verdicts[1]
    assert not isinstance(one, Exception) and not isinstance(two, Exception)
    assert one.labels is not two.labels and one.reasons is not two.reasons
