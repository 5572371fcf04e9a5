"""Terse screening and availability wording, reported in commercial ads only.

Commercial ads say who may contact and how in a few words ("polite gentlemen only", "text before
you come", "must show ID", "no show = block") and that the person is up now ("up and waiting",
"awake and bored", "up all nite", "ready for company"). Corpora written apart from the project
marked these as screening and availability; the lexicon read none of them. They are weak, add no
cue kind and count only in commercial context: a seller's "serious buyers only", a landlord's "must
show ID to rent" and an ordinary "set up all night" are not read. Clinical synthetic text; phones
in the 555-01xx range."""

from __future__ import annotations

import pytest

from samaritan.engine.screener import Screener

OFFER = "Mia, 26, incall near the airport, 200 an hour. {} Text 702-555-0150"


def _categories(verdict) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    found: dict[str, set[str]] = {}
    for i in verdict.indicators:
        found.setdefault(i.category, set()).add(i.text.lower())
    return found


@pytest.mark.parametrize(
    "said",
    ["Polite gentlemen only.", "Serious callers only.", "Text before you come.", "Must show ID.", "No show = block.",
     "Send your name and age first.", "No new guys without references.", "Be patient with the screening.",
     "Mensaje primero."],
)  # fmt: skip
def test_terse_screening_is_read_in_a_commercial_ad(rules_screener: Screener, said: str) -> None:
    verdict = rules_screener.screen({"id": "s", "category": "adult", "title": "Mia", "body": OFFER.format(said)})
    assert "commercial_sex" in verdict.labels
    assert "screening" in _categories(verdict), (said, verdict.reasons)


@pytest.mark.parametrize(
    "said", ["Up and waiting.", "Waiting up for you.", "Awake and bored.", "Up all nite.", "Ready for company."]
)
def test_being_up_now_is_availability(rules_screener: Screener, said: str) -> None:
    verdict = rules_screener.screen({"id": "a", "category": "adult", "title": "Mia", "body": OFFER.format(said)})
    assert "availability" in _categories(verdict), (said, verdict.reasons)


LAWFUL = [
    ("for-sale", "Road bike", "Road bike, 54 cm, new tires. Serious buyers only. Cash only. 702-555-0151"),
    ("housing", "Studio", "Studio near the park, 900 a month. Must show ID to rent. Text before you come. "
     "702-555-0152"),
    ("events", "Block party", "Volunteers set up all night before the block party; up and ready by eight. "
     "702-555-0153"),
    ("personals", "Night owl", "Night owl, 31, up late and bored. Looking for someone to talk books with. "
     "Polite people only."),
]  # fmt: skip


@pytest.mark.parametrize(("section", "title", "body"), LAWFUL)
def test_the_same_words_in_lawful_ads_pass(either_path: Screener, section: str, title: str, body: str) -> None:
    verdict = either_path.screen({"id": "l", "category": section, "title": title, "body": body})
    assert verdict.labels == [] and verdict.decision == "allow", (title, verdict.labels)
    assert "screening" not in _categories(verdict)
