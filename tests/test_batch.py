"""Screening a stream on several processes gives what one process gives, in input order."""

from __future__ import annotations

from samaritan.engine.adparse import AdError, parse_ad
from samaritan.engine.screener import Screener
from samaritan.generate.corpus import SiteGenerator
from samaritan.io.readers import Record
from samaritan.runs.batch import Summary, screen_records, screen_records_parallel


def _records() -> list[Record]:
    records: list[Record] = [(i + 1, parse_ad(ad)) for i, (ad, _) in enumerate(SiteGenerator(90, seed=11))]
    records.insert(40, (41, AdError("no_text", "the ad has neither 'body' nor 'title' text", "x1")))
    return records


def test_workers_give_the_verdicts_and_counts_of_one_process() -> None:
    records = _records()
    one, many = Summary(), Summary()
    expected = list(screen_records(records, Screener(), one))
    got = list(screen_records_parallel(records, {}, many, workers=2, chunk_size=16))
    assert got == expected
    assert many.to_dict() == one.to_dict()
    assert any(r.get("error") for r in got)  # the bad record kept its place


def test_resumed_parallel_runs_skip_what_is_done() -> None:
    records = _records()
    summary = Summary()
    got = list(screen_records_parallel(records, {}, summary, workers=2, skip=30, chunk_size=16))
    assert got == list(screen_records(records[30:], Screener(), Summary()))
    assert summary.skipped == 30 and summary.read == len(records)
