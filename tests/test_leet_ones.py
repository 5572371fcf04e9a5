"""Leetspeak where "1" stands for "l" and the letter O for a zero.

Posters write "ca11", "inca11 on1y", "fu11 h0ur" and prices such as "1OO" or "15O". The folder
read every "1" as "i" ("oniy", "incaii") and "15O" as the word "iso", so the lexicon missed an
incall offer that it reads plainly. Now a token's "1"s are read as "i" or "l", whichever gives a
lexicon word or the commoner English word, and a number written with O for its zeros is read as
that number. Names and units with digits ("mia11", "unit11") stay as written. Clinical synthetic
text; phones in the 555-01xx range."""

from __future__ import annotations

import pytest

from samaritan.engine.normalize import fold
from samaritan.engine.screener import Screener


@pytest.fixture(scope="module")
def vocabulary(rules_screener: Screener) -> frozenset[str]:
    return rules_screener.detector.vocabulary


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("ca11 me", "call me"),
        ("inca11 on1y", "incall only"),
        ("fu11 h0ur", "full hour"),
        ("a11 n1ght", "all night"),
        ("f1rst t1me", "first time"),
        ("$ 1oo special", "$ 100 special"),
        ("15o for an hour", "150 for an hour"),
    ],
)
def test_ones_and_zeros_read_as_the_word_or_number_meant(vocabulary: frozenset[str], written: str, read: str) -> None:
    assert fold(written, vocabulary)[0].text.strip() == read


@pytest.mark.parametrize("written", ["mia11 here", "unit11 is free", "kim22", "2br 1ba"])
def test_names_and_units_with_digits_stay_as_written(vocabulary: frozenset[str], written: str) -> None:
    assert fold(written, vocabulary)[0].text.strip() == written


def test_an_incall_offer_in_ones_is_read(rules_screener: Screener) -> None:
    body = "Rae, 28. Sm0ke-free inca11 on1y near the m@ll, $ 2OO a fu11 h0ur. ca11 702 555 O142"
    verdict = rules_screener.screen({"id": "l", "category": "adult", "title": "Special", "body": body})
    assert "CS_INCALL_OUTCALL" in {i.code for i in verdict.indicators}
    assert "commercial_sex" in verdict.labels, verdict.reasons
    # The span is the original's, byte for byte.
    incall = next(i for i in verdict.indicators if i.code == "CS_INCALL_OUTCALL")
    assert body[incall.start : incall.end] == incall.text == "inca11"


def test_a_lawful_ad_with_a_unit_number_passes(either_path: Screener) -> None:
    body = "Bright studio, unit11, second floor, 1oo steps from the lake. Call 702-555-0143"
    verdict = either_path.screen({"id": "u", "category": "housing", "title": "Studio", "body": body})
    assert verdict.labels == [] and verdict.decision == "allow"
