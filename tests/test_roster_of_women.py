"""A roster of women offered by one poster (TP_SELECTION, lexicon 2026.12.50): the client told to
choose among them, or a lineup that changes or rotates, or several women at one address; and such
a roster beside a phone is a booker's ad on the rule path (weights 2026.12.31: a listed phone
counts beside the `several` kind, as beside a third party). A menu, a team or a class that
changes stays ordinary. Clinical synthetic text; phone numbers in the 555-01xx range; every
person offered is an adult."""

from __future__ import annotations

import pytest

from samaritan.engine.screener import Screener

ROSTERS = [
    ("adult", "Six ladies", "Six ladies, one address, the lineup changes every Sunday. Incall 160 an hour. "
     "480-555-0151"),
    ("adult", "Tonight's lineup", "Tonight's lineup: Ana, Bea and Cleo. Choose your girl and text us. 180 an hour. "
     "480-555-0150"),
]  # fmt: skip

LAWFUL = [
    ("services", "Dance school", "Six instructors, one address. The class lineup changes every season. 480-555-0152"),
    ("community", "Girls team", "Girls rotate positions every quarter, choose your team color. 480-555-0153"),
    ("for-sale", "Food truck", "The menu changes every week, pick your favorite and text us. 480-555-0154"),
]


@pytest.mark.parametrize(("section", "title", "body"), ROSTERS)
def test_a_roster_of_women_is_commercial_and_trafficking_risk(
    either_path: Screener, section: str, title: str, body: str
) -> None:
    verdict = either_path.screen({"id": "r", "category": section, "title": title, "body": body})
    assert {"commercial_sex", "trafficking_risk"} <= set(verdict.labels), (body, verdict.risk, verdict.reasons)
    assert "TP_SELECTION" in {i.code for i in verdict.indicators}


@pytest.mark.parametrize(("section", "title", "body"), LAWFUL)
def test_a_menu_a_team_or_a_class_that_changes_stays_ordinary(
    either_path: Screener, section: str, title: str, body: str
) -> None:
    verdict = either_path.screen({"id": "l", "category": section, "title": title, "body": body})
    assert verdict.labels == [], (body, verdict.reasons)
