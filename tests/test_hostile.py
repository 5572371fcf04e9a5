"""Hostile input: every per-ad stage takes any text without an exception, in work bounded by
the text's size (the shapes that were quadratic are fuzzed here; their timings live in
benchmarks/bench_hostile_shapes.py), and an ad past the work budget says so in its verdict."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samaritan.engine.budget import FIELD_BUDGET, HITS_PER_RULE
from samaritan.engine.extract.contacts import find_emails, find_handles, find_urls
from samaritan.engine.extract.places import find_places
from samaritan.engine.extract.prices import find_prices
from samaritan.engine.normalize import fold
from samaritan.engine.screener import Screener
from samaritan.link.text import shingles

SHAPES = ["a", "@", "ab@", "a@b.", ". ", "7", "😀", "\u0301", "$100 hh ", "y o ", "y.o-u_n*g ", "&#121;", "%79",
          "ƃunoʎ ", "yo\nung ", "🇾🇴", "⒴", "\u200b", " at ", " dot ", "www.", "http://", "_", "彡", "卂",
          "a卂"]  # fmt: skip
FUZZ = settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
TEXT = st.text(max_size=300) | st.builds(
    lambda parts: "".join(s * n for s, n in parts),
    st.lists(st.tuples(st.sampled_from(SHAPES), st.integers(1, 400)), min_size=1, max_size=4),
)


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener()


@FUZZ
@given(TEXT)
def test_every_stage_takes_any_text(text: str) -> None:
    for view in fold(text, frozenset({"young", "town", "available"})):
        for i in range(0, len(view.text), 7):
            assert 0 <= view.origin(i) < len(text)
    for finder in (find_emails, find_handles, find_urls, find_prices):
        for found in finder(text):
            assert 0 <= found.start <= found.end <= len(text)
    for place in find_places(text):
        assert text[place.start : place.end]
    assert shingles("", text).dtype.kind == "u"


@FUZZ
@given(TEXT)
def test_the_screener_takes_any_text_and_spans_point_into_it(text: str) -> None:
    if not text.strip():
        return  # an ad with no text is refused by the parser, by contract
    verdict = Screener_instance().screen({"id": "x", "title": text[:40], "body": text})
    for ind in verdict.indicators:
        field = text[:40] if ind.field == "title" else text
        assert field[ind.start : ind.end] == ind.text


_SCREENER: list[Screener] = []


def Screener_instance() -> Screener:  # one engine for the whole property run
    if not _SCREENER:
        _SCREENER.append(Screener())
    return _SCREENER[0]


def test_an_ad_past_the_budget_is_screened_in_part_and_says_so(screener: Screener) -> None:
    body = "Escort, incall 150 roses hh. New in town, young and fresh. " + "x" * (FIELD_BUDGET + 10) + " no cops"
    verdict = screener.screen({"id": "big", "body": body})
    assert any("characters of the body were screened" in r for r in verdict.reasons)
    assert {i.code for i in verdict.indicators} & {"MOVE_NEW_IN_TOWN"}
    assert all(i.end <= FIELD_BUDGET for i in verdict.indicators)  # past the budget: not read
    small = screener.screen({"id": "small", "body": "New in town, young and fresh."})
    assert not any("screened" in r for r in small.reasons)


def test_repeated_phrases_are_capped_not_lost(rules_screener: Screener) -> None:
    # The detector's cap, read where every indicator is kept: the rule path.
    verdict = rules_screener.screen({"id": "rep", "body": "Escort, incall 150 roses hh. " + "new in town. " * 200})
    hits = [i for i in verdict.indicators if i.code == "MOVE_NEW_IN_TOWN"]
    assert 1 <= len(hits) <= HITS_PER_RULE


@pytest.mark.parametrize("shape", ["@", "ab@", "a@b.", "$100 hh ", "y.o-u_n*g ", "😀", "\u0301"])
def test_emails_and_prices_stay_right_inside_hostile_runs(shape: str) -> None:
    text = shape * 3000 + " write to jane.doe@example.com, $120 hh"
    assert "jane.doe@example.com" in {e.value for e in find_emails(text)}
