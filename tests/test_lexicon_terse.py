"""Lexicon 2026.12.20: terse forms of screening, availability, reassurance and movement wording
read in commercial ads (probes written independently of the lexicon found them missing), and an
upscale business is no provider. Clinical synthetic text; phone numbers in the 555-01xx range."""

from __future__ import annotations

import pytest

from samaritan.engine.screener import Screener

BASE = "Sweet companion, incall or outcall, $200 per hour. Text 702-555-0142."


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener()


@pytest.mark.parametrize(
    ("line", "category"),
    [
        ("Vetted clients only.", "screening"),
        ("No blocked or private calls please.", "screening"),
        ("Refs required, no exceptions.", "screening"),
        ("Available right away.", "availability"),
        ("Same day appts.", "availability"),
        ("What u see is what u get.", "reassurance"),
        ("Here for a short time only.", "movement"),
        ("Coming through your city next week.", "movement"),
    ],
)
def test_terse_wording_is_read_in_a_commercial_ad(screener: Screener, line: str, category: str) -> None:
    body = f"{BASE}\n{line}"
    verdict = screener.screen({"id": "t", "category": "adult", "title": "Mia - 24", "body": body})
    assert "commercial_sex" in verdict.labels
    start = len(BASE) + 1
    found = [i for i in verdict.indicators if i.category == category and i.field == "body" and i.end > start]
    assert found, (line, [(i.code, i.text) for i in verdict.indicators])


@pytest.mark.parametrize(
    ("section", "body"),
    [
        (None, "Tickets at the door, all welcome.\nUpscale salon with private styling suites.\nCall 555-0123."),
        ("personals", "Tickets at the door, all welcome.\nUpscale salon with private styling suites.\nCall 555-0123."),
        ("services", "Upscale wedding venue with garden views. Tours by appointment. Call 555-0123."),
        ("for-sale", "Upscale clothing consignment, new arrivals weekly. Call 555-0123."),
    ],
)
def test_an_upscale_business_is_no_provider(screener: Screener, section: str | None, body: str) -> None:
    """ "Upscale" alone was a provider cue (CUE_PROVIDER): beside a phone in a short ad it let the
    model alone label a salon at 0.83 with no section given, 0.97 in personals. A business or an
    event after it is not a person offered."""
    ad = {"id": "u", "title": "", "body": body} | ({"category": section} if section else {})
    verdict = screener.screen(ad)
    assert verdict.labels == [] and verdict.decision == "allow", (verdict.risk, verdict.reasons)
    assert not [i for i in verdict.indicators if i.code == "CUE_PROVIDER"]


@pytest.mark.parametrize(
    "line",
    [
        "The last stop on the bus line is two blocks away.",
        "References required for the apartment, first month and deposit.",
        "Quick visit 80, half hour 120.",
    ],
)
def test_lawful_and_session_wording_is_not_read_as_the_new_kinds(screener: Screener, line: str) -> None:
    verdict = screener.screen({"id": "l", "category": "adult", "title": "Mia - 24", "body": f"{BASE}\n{line}"})
    start = len(BASE) + 1
    new = {"MOVE_BRIEF_VISIT", "SCREEN_VETTED_CLIENTS"}
    assert not [i for i in verdict.indicators if i.code in new and i.end > start], line
