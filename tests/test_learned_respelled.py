"""The learned category tagger reads words written without their vowels ("rfrncs") as the
lexicon reads them ("references"): a category phrase so respelled is tagged as its plain form
is, on the original span, while the model, labels and decision read the field as before."""

from __future__ import annotations

import pytest

from samaritan import Screener
from samaritan.engine.normalize import fold

# A commercial anchor (the tagger only annotates ads labelled commercial), clinical and synthetic.
ANCHOR = " Incall and outcall, text 555-0142."
CASES = [
    ("clients must provide references before booking.", "clnts mst prvd rfrncs bfr bkng.", "screening"),
    ("my manager handles all bookings.", "my mngr hndls all bkngs.", "third_party"),
]


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener()


def _learned(screener: Screener, phrase: str) -> list[tuple[str, str]]:
    """(category, text) of each learned span over the phrase at the start of the body."""
    verdict = screener.screen({"id": "respelled", "title": "", "body": phrase + ANCHOR}).to_dict()
    return [
        (i["category"], i["text"])
        for i in verdict["indicators"]
        if i["code"].startswith("LEARNED_") and i["field"] == "body" and i["end"] <= len(phrase)
    ]


@pytest.mark.parametrize(("plain", "respelled", "category"), CASES)
def test_a_phrase_without_vowels_gets_the_category_of_its_plain_form(
    screener: Screener, plain: str, respelled: str, category: str
) -> None:
    assert _learned(screener, plain) == [(category, plain)]
    # The span is on the original, vowel-less text.
    assert _learned(screener, respelled) == [(category, respelled)]


def test_only_the_respelled_view_is_marked(screener: Screener) -> None:
    views = fold(CASES[0][1], screener.detector.vocabulary)
    assert not views[0].respelled
    marked = [v for v in views if v.respelled]
    assert marked and "references" in marked[0].text
