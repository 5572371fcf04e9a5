"""Recruitment offers in more of their words (lexicon 2026.12.100): earnings kept "safe" by the
recruiter until the contract ends, travel and lodging given free or "covered", thousands a week,
a manager who handles every booking, ride and hotel, a recruiter who drives the recruit to the
clients, a looks-and-age band that starts above 19. Each is weak alone and counts only beside
another sign of coercive recruitment (weights.yaml `trafficking.recruitment`); lawful crews,
travel nurses and senior transport say some of these words too. Clinical synthetic text written
for these tests; phone numbers use 555-01xx."""

from __future__ import annotations

import pytest

from samaritan.engine.screener import Screener

RECRUITING = [
    (
        "services",
        "Agency for new faces",
        "Our agency offers free travel and accommodation to new faces 21-26. The work: meet with our clients in "
        "private. We keep your earnings safe until the contract ends. Apply by text, 702-555-0121.",
    ),
    (
        "jobs",
        "Hostesses abroad",
        "Hostesses for clubs overseas, six-month contract. Flights, apartment and visa covered, repaid from "
        "salary. Must be pretty, 21-27. Interviews this week.",
    ),
    (
        "jobs",
        "Travel with our team",
        "Make $6,000 a week travelling with our team. Ladies 21+. The manager handles all bookings, rides and "
        "hotels; you just show up and be sweet to clients. Send three photos.",
    ),
]

ORDINARY = [
    (
        "jobs",
        "Travel nurses, weekly pay",
        "Travel nurse contracts, 13 weeks. Earn $2,600 a week. Flights and housing covered, a recruiter handles "
        "all travel and hotels for you. Active licence required.",
    ),
    (
        "services",
        "Rides for seniors",
        "We drive you to your appointments and wait with you, then bring you home. Wheelchair van, licensed "
        "drivers. Call 555-0134 a day ahead.",
    ),
    (
        "jobs",
        "Touring crew",
        "Stagehands for a six-week tour. Our tour manager handles all travel, hotels and per diems. Free flights "
        "and hotel rooms, $1,450 a week. Must be able to lift 50 lb.",
    ),
    (
        "personals",
        "Looking for a hiking partner",
        "Single guy, 34, looking for a hiking partner. Must be fit, 25-32, and love early starts. No drama.",
    ),
]


@pytest.mark.parametrize(("section", "title", "body"), RECRUITING)
def test_recruitment_in_these_words_is_trafficking_risk(
    either_path: Screener, section: str, title: str, body: str
) -> None:
    verdict = either_path.screen({"id": "r", "category": section, "title": title, "body": body})
    assert "trafficking_risk" in verdict.labels, verdict.to_dict()["indicators"]


@pytest.mark.parametrize(("section", "title", "body"), ORDINARY)
def test_nurses_crews_and_rides_stay_ordinary(either_path: Screener, section: str, title: str, body: str) -> None:
    verdict = either_path.screen({"id": "o", "category": section, "title": title, "body": body})
    assert verdict.labels == [], verdict.to_dict()["indicators"]
    assert verdict.decision == "allow"
