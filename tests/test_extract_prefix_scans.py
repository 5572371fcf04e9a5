"""Patterns rewritten so that `re` can skip ahead to where a match can start find exactly what
the patterns they replace find.

A look-behind first makes `re` try a whole pattern at every position of an ad; the handle and
email patterns now start with a letter and check the look-behind just after it. The first price
form ("$150", "usd 150") is asked only where a currency sign or word stands, found by
`str.find`, instead of scanning the ad. Each must give the same matches, groups and spans.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from samaritan.engine.adparse import parse_ad
from samaritan.engine.extract import ad_text, contacts, prices
from samaritan.engine.extract.asciire import ascii_twin
from samaritan.engine.normalize import lower_in_place
from samaritan.generate.corpus import Mix, SiteGenerator

_PROPERTY = settings(max_examples=400, derandomize=True, deadline=None)

# The patterns as they were written before: the look-behind first.
_OLD_HANDLE = re.compile(
    r"(?<![\w$])("
    + "|".join(sorted((re.escape(s) for s in contacts._SERVICES), key=len, reverse=True))
    + r")(?:\s*(?:id|name|user|username|handle|me|is|at|on))?(\s*[:=\-–>@]+\s*|\s+)@?"
    r"([a-z][a-z0-9_.\-]{2,29})(?<![.\-])"
)
_OLD_EMAIL = re.compile(contacts._EMAIL.pattern.replace(r"([a-z0-9](?<![\w.+-][a-z0-9])", r"(?<![\w.+-])([a-z0-9]", 1))

# Pieces of contact and price text, separators, and characters of other scripts, so that the
# look-behinds see word characters, signs and spaces on either side.
_PIECES = [
    *contacts._SERVICES, "@", " at ", "(at)", " dot ", ".", "com", "gmail", "$", "usd", "us$", "€", "£",
    "150", "80", "1,200", ".50", "_", "-", ":", "=", ">", " ", "  ", "\n", "é", "ñ", "٣", "bob", "a1", "%", "+",
    "me", "id", "roses", "hh", "x",
]  # fmt: skip
_TEXT = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=16).map("".join)


def _found(matches):
    return [(m.span(), m.groups()) for m in matches]


def _agree(old: re.Pattern[str], new: re.Pattern[str], text: str, pos: int) -> None:
    assert _found(new.finditer(text, pos)) == _found(old.finditer(text, pos))
    if text.isascii():
        assert _found(ascii_twin(new).finditer(text, pos)) == _found(ascii_twin(old).finditer(text, pos))


@_PROPERTY
@given(_TEXT, st.integers(0, 40))
def test_handle_pattern_finds_what_the_lookbehind_first_one_found(text: str, pos: int) -> None:
    _agree(_OLD_HANDLE, contacts._HANDLE, text, min(pos, len(text)))


@_PROPERTY
@given(_TEXT, st.integers(0, 40))
def test_email_pattern_finds_what_the_lookbehind_first_one_found(text: str, pos: int) -> None:
    _agree(_OLD_EMAIL, contacts._EMAIL, text, min(pos, len(text)))


def _currency_form_agrees(text: str) -> None:
    for form in (prices._FORMS[0], ascii_twin(prices._FORMS[0])):
        if form.flags & re.ASCII and not text.isascii():
            continue
        starts = prices._currency_starts(text)
        assert _found(prices._matches_at(form, text, starts)) == _found(form.finditer(text))


@_PROPERTY
@given(_TEXT)
def test_currency_form_is_found_where_the_full_scan_finds_it(text: str) -> None:
    _currency_form_agrees(text)


def test_rewritten_patterns_agree_on_generated_ads() -> None:
    """Generated ads of every kind, disguised as the generator disguises them."""
    # Every ad disguised, so handles, emails and prices come spelled out and split up too.
    texts = [lower_in_place(ad_text(parse_ad(ad))) for ad, _ in SiteGenerator(1500, seed=7, mix=Mix(obfuscation=1.0))]
    assert len(texts) == 1500
    for text in texts:
        _agree(_OLD_HANDLE, contacts._HANDLE, text, 0)
        _agree(_OLD_EMAIL, contacts._EMAIL, text, 0)
        _currency_form_agrees(text)
