"""A menu of session rates ("30/150 60/250") is read as prices, never as a disguised phone: beside
a person offered it is priced time, beside a clinic's, a tutor's or a photographer's trade it stays
ordinary, and no bogus number reaches the contact graph. Clinical synthetic text; phone numbers in
the 555-01xx range."""

from __future__ import annotations

import pytest

from samaritan.engine.screener import Screener

MENUS_OFFERED = [
    ("Dana, 31", "Dana, 31, Northgate. 30 / 170. 60 / 260. 90 / 380. Message me a time that suits. 773.555.0177"),
    ("Lisa 29", "Lisa, 29, sweet and calm. 30/150 60/250, incall only."),
]
MENUS_LAWFUL = [
    ("services", "Deep tissue", "Deep tissue massage 60/120 90/160, licensed therapist. Call 702-555-0142"),
    ("services", "Portraits", "Portrait photography sessions 30/150 60/250, studio downtown. Call 702-555-0143"),
    ("services", "Piano", "Piano lessons for adults, 30/60 60/110. Text 702-555-0144"),
    ("services", "Training", "Personal training 30/60 60/100, first session free. Text 702-555-0145"),
]


@pytest.mark.parametrize(("title", "body"), MENUS_OFFERED)
def test_a_menu_beside_a_person_offered_is_priced_time(either_path: Screener, title: str, body: str) -> None:
    verdict = either_path.screen({"id": "m", "category": "dating", "title": title, "body": body})
    assert "commercial_sex" in verdict.labels, (title, verdict.reasons)
    assert "OBS_PHONE_DISGUISED" not in {i.code for i in verdict.indicators}


@pytest.mark.parametrize(("section", "title", "body"), MENUS_LAWFUL)
def test_a_trades_menu_stays_ordinary(either_path: Screener, section: str, title: str, body: str) -> None:
    verdict = either_path.screen({"id": "l", "category": section, "title": title, "body": body})
    assert verdict.labels == [] and verdict.decision == "allow", (title, verdict.labels)


def test_the_menu_adds_no_phone_to_the_extraction(screener: Screener) -> None:
    verdict = screener.screen({"id": "p", "category": "dating", "title": "Rates", "body": MENUS_OFFERED[0][1]})
    entities = verdict.to_dict()["entities"]
    assert entities["phones"] == ["+17735550177"]
    assert [(p["amount"], p["unit"]) for p in entities["prices"]][:3] == [
        (170, "half_hour"),
        (260, "hour"),
        (380, "session"),
    ]
