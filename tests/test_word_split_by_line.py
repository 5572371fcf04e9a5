"""A word split across a line inside a phrase (lexicon rules with patterns): the folded view joins
"wa-\\niting" into "waiting", and the line break inside the joined word is no clause's end, so the
phrase still reads ("waiting up for you", "taking calls now"). A break between two words still ends
a phrase: "taking calls,\\nnow" is two clauses. (The robustness run's line_break transform lost
availability on such words: 2-3 of 85 ads.) Clinical synthetic text."""

from __future__ import annotations

import pytest

from samaritan.engine.screener import Screener


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Hi, I am wa-\niting up for you. Text me", "AVAIL_READY"),
        ("ta\r\nking calls now, text me", "AVAIL_NOW"),
        ("ta-\nking calls now", "AVAIL_READY"),
    ],
)
def test_a_phrase_reads_across_a_word_split_by_a_line(screener: Screener, text: str, code: str) -> None:
    assert code in {hit.rule.code for hit in screener.detector.find("body", text)}


def test_a_line_break_between_words_still_ends_the_phrase(screener: Screener) -> None:
    codes = {hit.rule.code for hit in screener.detector.find("body", "we are taking calls,\nnow closed for the day")}
    assert "AVAIL_NOW" not in codes
