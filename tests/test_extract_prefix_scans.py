"""Patterns rewritten so that `re` can skip ahead to where a match can start, or asked of their
RE2 relaxations first, find exactly what the patterns they replace find.

A look-behind first makes `re` try a whole pattern at every position of an ad; the handle and
email patterns now start with a letter and check the look-behind just after it. The first price
form ("$150", "usd 150") is asked only where a currency sign or word stands, found by
`str.find`, instead of scanning the ad. The age patterns are asked only where their RE2
relaxations match (spans.Located), and the costliest checks of whose age it is only where their
relaxations could (spans.Gate). Each must give the same matches, groups and spans.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from samaritan.engine.adparse import parse_ad
from samaritan.engine.extract import ad_text, ages, ages_context, contacts, prices
from samaritan.engine.extract.asciire import ascii_twin, symbol_bytes, symbols_only
from samaritan.engine.extract.phonefold import phone_text
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


def _contacts_located_agree(text: str, pos: int, end: int) -> None:
    if text.isascii():
        data = text.encode("ascii")
        for located, pattern in (
            (contacts._HANDLE_LOCATED, contacts._HANDLE_ASCII),
            (contacts._EMAIL_LOCATED, contacts._EMAIL_ASCII),
        ):
            assert _found(located.finditer(text, data, pos, end)) == _found(pattern.finditer(text, pos, end))


@_PROPERTY
@given(_TEXT, st.integers(0, 40))
def test_handle_pattern_finds_what_the_lookbehind_first_one_found(text: str, pos: int) -> None:
    _agree(_OLD_HANDLE, contacts._HANDLE, text, min(pos, len(text)))


@_PROPERTY
@given(_TEXT, st.integers(0, 40), st.integers(0, 60))
def test_handles_and_emails_found_through_their_relaxations_as_by_finditer(text: str, pos: int, end: int) -> None:
    _contacts_located_agree(text, min(pos, len(text)), min(max(pos, end), len(text)))


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
        _contacts_located_agree(text, 0, len(text))


# Age text: numbers in digits, words and disguise, the words around stated ages, names,
# punctuation, and symbols past ASCII (hearts, dashes) that the ASCII patterns read as symbols.
_AGE_PIECES = [
    "19", "25", "7", "2o", "l9", "twenty", "five", "treinta y dos", " yo", "yo", "y/o", " years", " year",
    " old", " young", "age", "aged: ", "i'm ", "im ", "she is ", "turned ", "about me ", "here. ", "hi! ",
    "Lexi", "lexi", ", ", ". ", " - ", "\n", " ", "  ", "my son ", "looking for ", "dog ", " and up", "-35",
    "under ", "una mujer de ", "guy", "couple", "♥", "–", "~", ":)", "$", "/", "'", "older", "of experience",
]  # fmt: skip
_AGE_TEXT = st.lists(st.sampled_from(_AGE_PIECES), min_size=1, max_size=14).map("".join)


def _bytes(text: str) -> bytes:
    return text.encode("ascii") if text.isascii() else symbol_bytes(text)


def _located_agrees(text: str, lo: int, hi: int) -> None:
    data = _bytes(text)
    for key, _, pattern in ages._COMPILED_ASCII:
        assert _found(ages._LOCATED[key].finditer(text, data, lo, hi)) == _found(pattern.finditer(text, lo, hi)), key


def _gates_agree(text: str) -> None:
    data = _bytes(text)
    for lone, gate in ages_context._AFTER_GATES.items():
        if not gate.may_match(data):
            assert ages_context._ASCII_CHECKS.after[lone].match(text) is None
    if not ages_context._NEAR_GATE.may_search(data):
        assert ages_context._ASCII_CHECKS.near.search(text) is None


@_PROPERTY
@given(_AGE_TEXT, st.integers(0, 60), st.integers(0, 60))
def test_age_patterns_found_through_their_relaxations_as_by_finditer(text: str, lo: int, hi: int) -> None:
    assert symbols_only(text)
    _located_agrees(text, min(lo, hi, len(text)), min(max(lo, hi), len(text)))


@_PROPERTY
@given(_AGE_TEXT)
def test_age_check_gates_never_rule_out_a_match(text: str) -> None:
    _gates_agree(text)
    for cut in range(0, len(text), 7):  # the checks read slices that start and end anywhere
        _gates_agree(text[cut:])
        _gates_agree(text[:cut])


def test_age_relaxations_agree_on_generated_ads() -> None:
    """Generated ads, disguised: the windows `find_ages` reads, and whole texts."""
    checked = 0
    for ad, _ in SiteGenerator(1500, seed=8, mix=Mix(obfuscation=1.0)):
        text = ad_text(parse_ad(ad))
        folded, _ = phone_text(text, lower_in_place(text))
        if not (folded.isascii() or symbols_only(folded)):
            continue
        checked += 1
        _located_agrees(folded, 0, len(folded))
        for start in range(0, len(folded), 50):
            _located_agrees(folded, start, start + 70)
            _gates_agree(folded[max(0, start - 40) : start])
            _gates_agree(folded[start : start + 30])
    assert checked > 1000
