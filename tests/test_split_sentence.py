"""A sentence split letter by letter reads as a sentence, its two-letter words included.

Runs of three or more split letters were joined ("l.a.k.e"), but a two-letter word stayed
apart ("m.y"), so a whole ad written with a dot between its letters lost every phrase that holds
one: "my ladies" (a house's line-up), "call me" (an invitation to call). Where a
longer word of the same run is split too, a two-letter word split by punctuation is read as well;
"a.m." and "p.m." on their own stay as written. Clinical synthetic text; phones in the 555-01xx
range."""

from __future__ import annotations

import pytest

from samaritan.engine.normalize import fold
from samaritan.engine.screener import Screener


@pytest.fixture(scope="module")
def rules() -> Screener:
    return Screener(model="none")


def _views(screener: Screener, text: str) -> list[str]:
    return [v.text for v in fold(text, screener.detector.vocabulary, screener.cues.scan(text.lower()))]


def _hits(screener: Screener, text: str) -> dict[str, str]:
    return {h.rule.code: h.text for h in screener.detector.find("body", text, screener.cues.scan(text.lower()))}


@pytest.mark.parametrize("sep", [".", "-", "_", "*"])
def test_two_letter_words_of_a_split_sentence_are_read(rules: Screener, sep: str) -> None:
    words = ["so", "we", "go", "up", "to", "the", "lake", "on", "friday"]
    text = " ".join(sep.join(word) for word in words)
    assert "so we go up to the lake on friday" in _views(rules, text)[0]


def test_a_split_phrase_keeps_its_span_in_the_original(rules: Screener) -> None:
    hits = _hits(rules, "t.h.i.s w.e.e.k: m.y l.a.d.i.e.s w.a.i.t, c.a.l.l m.e")
    assert hits.get("TP_LINEUP") == "m.y l.a.d.i.e.s" and hits.get("CUE_CALL_TEXT") == "c.a.l.l m.e"


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("Open 9 a.m. to 5 p.m. daily", "a m to 5 p m"),  # no longer word split in the run
        ("U.S. citizens only", "u s citizens"),
        ("m.y garden", "m y garden"),  # a lone pair is no split sentence
    ],
)
def test_abbreviations_and_lone_pairs_are_not_joined(rules: Screener, text: str, read: str) -> None:
    assert read in _views(rules, text)[0]


def test_an_ad_written_in_split_letters_is_read_as_its_plain_text(either_path: Screener) -> None:
    body = "m.y l.a.d.i.e.s a.r.e a.t t.h.e h.o.t.e.l u.n.t.i.l s.u.n.d.a.y. c.a.l.l m.e. 555-0144"
    verdict = either_path.screen(
        {"id": "s", "category": "adult", "title": "t.w.o l.a.d.i.e.s o.n s.h.i.f.t", "body": body}
    )
    assert "commercial_sex" in verdict.labels, verdict.reasons
    assert "TP_LINEUP" in {i.code for i in verdict.indicators}


def test_a_lawful_notice_in_split_letters_stays_ordinary(either_path: Screener) -> None:
    body = "w.e a.r.e o.p.e.n o.n s.u.n.d.a.y. c.o.m.e i.n a.n.d s.a.y h.i t.o t.h.e t.e.a.m. 555-0145"
    verdict = either_path.screen({"id": "l", "category": "services", "title": "b.a.k.e.r.y", "body": body})
    assert verdict.labels == [] and verdict.decision == "allow", verdict.reasons
