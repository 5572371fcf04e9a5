"""Typography is no disguise and no new meaning. A phone number set with typographic spaces
(HTML's &nbsp;, a thin or narrow space, a tab) reads plainly: real dating posts with their spaces
so written had gained obscured_contact, and with it trafficking risk, on one post in twenty. And
curly apostrophes and quotes (phones type them by default) read as the ASCII ones: "I don’t want
escorts" had been no denial on the rule path, and "don’t" was "don" and "t" to the model."""

from __future__ import annotations

import pytest

from samaritan.engine.screener import Screener
from samaritan.generate.corpus import SiteGenerator

RULES = Screener(model="none")
MODEL = Screener()


@pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2009", "\t"], ids=["nbsp", "narrow", "thin", "tab"])
@pytest.mark.parametrize("screener", [RULES, MODEL], ids=["rules", "model"])
def test_a_number_set_with_typographic_spaces_is_no_disguise(screener: Screener, space: str) -> None:
    body = "Incall only tonight. Call 702 555 0142 to book."
    plain = screener.screen({"id": "a", "platform": "p", "title": "Mia - 24", "body": body})
    spaced = screener.screen({"id": "b", "platform": "p", "title": "Mia - 24", "body": body.replace(" ", space)})
    assert spaced.entities.phones == plain.entities.phones == ["+17025550142"]
    assert "obscured_contact" not in {i.category for i in spaced.indicators}
    assert (spaced.labels, spaced.risk) == (plain.labels, plain.risk)


def test_a_number_disguised_with_other_characters_still_is() -> None:
    verdict = RULES.screen({"id": "c", "platform": "p", "title": "Mia - 24", "body": "Incall. Call 702✨555✨0142"})
    assert "obscured_contact" in {i.category for i in verdict.indicators}


CURLY = str.maketrans({"'": "\u2019", '"': "\u201c"})


@pytest.mark.parametrize("screener", [RULES, MODEL], ids=["rules", "model"])
def test_a_denial_with_a_curly_apostrophe_is_a_denial(screener: Screener) -> None:
    body = "Looking for a real date. I don't want escorts or pay for play, I'm not a sugar daddy."
    straight = screener.screen({"id": "d1", "platform": "p", "title": "Hi", "body": body})
    curly = screener.screen({"id": "d2", "platform": "p", "title": "Hi", "body": body.translate(CURLY)})
    assert straight.labels == curly.labels == []
    assert straight.risk == curly.risk


@pytest.mark.parametrize("screener", [RULES, MODEL], ids=["rules", "model"])
def test_ads_with_curly_quotes_read_as_with_straight_ones(screener: Screener) -> None:
    ads = [ad for ad, _ in SiteGenerator(400, seed=41) if "'" in ad["body"] or '"' in ad["body"]]
    curly = [{**ad, "body": ad["body"].translate(CURLY), "title": ad.get("title", "").translate(CURLY)} for ad in ads]
    assert len(ads) > 100, "the sample holds apostrophes"
    for ad, a, b in zip(ads, screener.screen_many(ads), screener.screen_many(curly), strict=True):
        assert not isinstance(a, Exception) and not isinstance(b, Exception)
        assert (a.labels, a.risk) == (b.labels, b.risk), ad["id"]
        assert sorted(i.code for i in a.indicators) == sorted(i.code for i in b.indicators), ad["id"]
