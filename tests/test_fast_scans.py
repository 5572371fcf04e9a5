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
