"""Scans rewritten for speed (issue #13) find what their plain definitions find: a denial's
negator opening on its first letter, and a hit's span mapped back through collapsed spaces in
one call."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from samaritan.engine.learned import scope
from samaritan.engine.normalize.offsets import _Collapsed

_PROPERTY = settings(max_examples=300, deadline=None, derandomize=True)
_NEGATOR_AS_WRITTEN = re.compile(rf"\b(?:{scope._NEGATOR})\b")
_PIECES = ["no", "not", "n", "t", "ever", "don't", "do", "dont", "isn't", "ignore", "ing", "anti", "block", "zero"]
_PIECES += [" ", "  ", "\n", "'", "_", "a", "é", "1", ",", "know", "cannot"]


@_PROPERTY
@given(st.lists(st.sampled_from(_PIECES), max_size=20).map("".join))
def test_a_negator_is_found_where_the_written_pattern_finds_it(text: str) -> None:
    found = [m.span() for m in scope._NEGATOR_WORD.finditer(text)]
    assert found == [m.span() for m in _NEGATOR_AS_WRITTEN.finditer(text)]


def test_a_clause_opening_with_a_negator_denies_and_a_word_holding_one_does_not() -> None:
    assert scope.claim_is_denied("no escorts here", 3, 10)
    assert not scope.claim_is_denied("piano escorts here", 6, 13)


@_PROPERTY
@given(
    text=st.text(alphabet="  ab", max_size=40),
    spans=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=6),
)
def test_a_span_maps_back_as_its_first_and_last_characters_do(text: str, spans: list[tuple[int, int]]) -> None:
    collapsed = re.sub(" +", " ", text)
    kept = [i for i, ch in enumerate(text) if not (ch == " " and i and text[i - 1] == " ")]
    runs = _Collapsed(text, None)
    for a, b in spans:
        start, end = sorted((a, b))
        if start < end <= len(collapsed):
            assert runs.span(start, end) == (kept[start], kept[end - 1] + 1)


_CASED = st.lists(st.sampled_from([*"aZz A.\n", "é", "É", "İ", "✨", "\ud800", "ß"]), max_size=30).map("".join)


@_PROPERTY
@given(_CASED)
def test_lines_glued_at_a_capital_are_found_where_the_pattern_finds_them(window: str) -> None:
    assert scope._has_glued(window) == (scope._GLUED.search(window) is not None)


_AFTER = st.lists(
    st.sampled_from(["need", "not", "apply", "move", "on", "don't", "reply", " ", "\u2003", "\n", ".", "x", "é", "✨"]),
    max_size=16,
).map("".join)


@_PROPERTY
@given(_AFTER)
def test_the_denial_after_a_hit_is_looked_for_wherever_it_can_be(after: str) -> None:
    if scope._DENY_AFTER.search(after):
        assert scope._may_deny_after(after)


def test_a_hit_followed_by_a_refusal_is_denied() -> None:
    assert scope.claim_is_denied("Escorts need not apply", 0, 7)
    assert scope.claim_is_denied("Escorts\u2003will be\u3000ignored", 0, 7)
    assert not scope.claim_is_denied("Escorts welcome here", 0, 7)
