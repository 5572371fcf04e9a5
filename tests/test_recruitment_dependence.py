"""Recruitment through dependence (lexicon 2026.12.76, weights 2026.12.44): a recruiter who
provides the recruit's ride, room, clothes or phone, asks her to keep the job from her family,
demands loyalty, or takes a cut of her pay. Each is weak alone - seasonal crews are
housed and driven, a surprise party is kept quiet - so each counts only towards coercive
recruitment, beside another of its signs (Polaris typology; UNODC indicators of deceptive
recruitment). Clinical synthetic text written for these tests; phone numbers use 555-01xx."""

from __future__ import annotations

import pytest

from samaritan.engine.screener import Screener

RECRUITING = [
    (
        "jobs",
        "Event promoters",
        "Event promoters wanted, women only. Fast money every weekend. No papers needed. Rides in my car to each "
        "event and a room if you need one. Text 404-555-0112.",
    ),
    (
        "talent",
        "Modelling agency signing",
        "A modelling agency is signing models this week. We advance your wardrobe, photos and flights, and you repay "
        "them out of your first earnings. Contract on the day, apply through our website.",
    ),
    (
        "help wanted",
        "Travel companion jobs",
        "Travel companion jobs for women 19-25. Lodging is included and meals too. Keep the job details to "
        "yourself after you start. Apply by text, 702-555-0133.",
    ),
    (
        "jobs",
        "Start this week",
        "Sick of living paycheck to paycheck? Food, clothes and a phone, all on me. You have to stay loyal to me. "
        "Must be 18-24. Message 313-555-0148.",
    ),
    (
        "talent",
        "Dancers for a summer tour",
        "Dancers wanted for a summer tour of four cities. Easy money, paid every Friday minus the boss's cut. Hotel "
        "rooms are shared. Call 281-555-0159.",
    ),
]

ORDINARY = [
    (
        "jobs",
        "Harvest crew, June to October",
        "Our orchard hires a harvest crew for the season. Housing provided on the farm, transportation to the "
        "fields in our bus. $17.50 an hour, overtime after 40 hours. Apply at the farm office.",
    ),
    (
        "jobs",
        "Travel nurse contracts",
        "Travel nurse contracts of 13 weeks in three states. Housing included, relocation covered, weekly pay "
        "of $2,400. Two years of experience and an active licence required.",
    ),
    (
        "events",
        "Surprise party for Dana",
        "Dana turns 40 on Saturday. Don't tell your friends about it until Friday, she reads every group chat. "
        "Snacks provided, bring a dish if you like.",
    ),
    (
        "jobs",
        "Ski lift crew",
        "Lift operators for the winter, 18 and older. Staff housing included and a ride to the mountain provided "
        "each morning. Free season pass. We ask for reliable people who love the outdoors.",
    ),
    (
        "for-sale",
        "Loyalty card binder",
        "Binder of coffee loyalty cards, all stamped, sold together. Loyal customers only joke. $10.",
    ),
]


@pytest.mark.parametrize(("section", "title", "body"), RECRUITING)
def test_recruitment_through_dependence_is_trafficking_risk(
    either_path: Screener, section: str, title: str, body: str
) -> None:
    verdict = either_path.screen({"id": "r", "category": section, "title": title, "body": body})
    assert "trafficking_risk" in verdict.labels, verdict.to_dict()["indicators"]


@pytest.mark.parametrize(("section", "title", "body"), ORDINARY)
def test_housed_crews_and_quiet_parties_stay_ordinary(
    either_path: Screener, section: str, title: str, body: str
) -> None:
    verdict = either_path.screen({"id": "o", "category": section, "title": title, "body": body})
    assert verdict.labels == [], verdict.to_dict()["indicators"]
    assert verdict.decision == "allow"


def test_each_sign_alone_labels_nothing(either_path: Screener) -> None:
    # One dependence sign in a job ad is no recruitment: a housed crew, a kept secret, loyalty.
    for body in (
        "Warehouse pickers wanted. A ride is provided from the station. $19 an hour.",
        "Night porters wanted. Keep the job details to yourself after you start, it is a quiet hotel.",
        "Shop assistants wanted, you must be loyal to the brand and love shoes.",
    ):
        verdict = either_path.screen({"id": "s", "category": "jobs", "title": "Hiring", "body": body})
        assert verdict.labels == [], (body, verdict.to_dict()["indicators"])
