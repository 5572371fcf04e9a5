"""A phone number set with typographic spaces (HTML's &nbsp;, a thin or narrow space, a tab) reads
plainly: it is a number, not a disguised contact. Real dating posts with their spaces written as
no-break spaces had gained obscured_contact, and with it trafficking risk, on one post in twenty."""

from __future__ import annotations

import pytest

from samaritan.engine.screener import Screener

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
