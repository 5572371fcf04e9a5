"""The speed paths of detection and batch screening change nothing a user sees: matching folded
views gives `find`'s hits, memoised checks give the same verdicts, and a batch run leaves the
process's garbage-collector settings as it found them."""

from __future__ import annotations

import gc

import pytest

from samaritan.engine.adparse import parse_ad
from samaritan.engine.normalize import fold
from samaritan.engine.screener import Screener
from samaritan.generate.corpus import SiteGenerator
from samaritan.io.readers import Record
from samaritan.runs.batch import GC_THRESHOLD, Summary, screen_records


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener()


def _spans(hits: list) -> list[tuple[str, str, int, int, str]]:
    return [(h.rule.code, h.field, h.start, h.end, h.text) for h in hits]


def test_matching_folded_views_gives_the_hits_of_find(screener: Screener) -> None:
    detector = screener.detector
    texts = [ad.get("body", "") for ad, _ in SiteGenerator(120, seed=5)] + [
        "Y.o.u.n.g and new in town, call 555-0142, 200 roses per hour",
        "No escorts. Virgin Islands trip, discreet hotel, 24/7",
        "",
    ]
    for text in texts:
        expected = _spans(detector.find("body", text))
        assert _spans(detector.match("body", fold(text, detector.vocabulary) if text else [])) == expected


def test_a_youth_word_is_judged_the_same_the_second_time(screener: Screener) -> None:
    ad = {"id": "m1", "platform": "test", "category": "adult", "body": "Manors estate tour, new girl in town, 200/hr"}
    first = screener.screen(ad).to_dict()
    assert screener.screen(ad).to_dict() == first
    assert Screener().screen(ad).to_dict() == first  # a fresh engine, nothing memoised


def _records(n: int) -> list[Record]:
    return [(i + 1, parse_ad(ad)) for i, (ad, _) in enumerate(SiteGenerator(n, seed=3))]


def test_a_batch_run_raises_the_collector_threshold_and_puts_it_back(screener: Screener) -> None:
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        seen: list[tuple[int, int, int]] = []
        for _ in screen_records(_records(5), screener, Summary()):
            seen.append(gc.get_threshold())
        assert seen and all(t == (GC_THRESHOLD, 10, 10) for t in seen)
        assert gc.get_threshold() == (700, 10, 10)
        # Stopped early (a consumer that breaks off), it is put back as well.
        stream = screen_records(_records(5), screener, Summary())
        next(stream)
        stream.close()
        assert gc.get_threshold() == (700, 10, 10)
    finally:
        gc.set_threshold(*before)


def test_verdicts_do_not_depend_on_the_collector(screener: Screener) -> None:
    records = _records(40)
    expected = list(screen_records(records, screener, Summary()))
    before = gc.get_threshold()
    try:
        gc.set_threshold(GC_THRESHOLD * 10)
        assert list(screen_records(records, screener, Summary())) == expected
    finally:
        gc.set_threshold(*before)
