"""Ads a booker writes: someone else answers, books, drives or is paid for the woman offered, she
has no phone of her own, owes for her trip or lives where she works (lexicon 2026.12.20,
weights 2026.12.10). Written by the third party, they carry no name-and-age title and no hard
term, only the control, a short rate and the booker's number: the rule path had read them as
ordinary, and the model path could not label them without it. Clinical synthetic text; phone
numbers in the 555-01xx range; every person offered is an adult."""

from __future__ import annotations

import pytest

from samaritan.engine.screener import Screener

BOOKER_ADS = [
    (
        "dating",
        "She is ready tonight",
        "She is 27 and ready tonight. She doesn't have a phone, text daddy to book. 40 for 30 min. 404-555-0131",
    ),
    (
        "adult",
        "Ask at the number",
        "Two ladies, 24 and 26. The man who answers will set you up. 60 for half hour. 713-555-0152",
    ),
    (
        "personals",
        "Meet Ana",
        "Ana, 25, just got here and needs to pay back her trip. Call her friend 956-555-0170. 80 for 30 min.",
    ),
    (
        "dating",
        "Call my boyfriend",
        "Quiet and sweet, 24. My boyfriend handles my phone and bookings. 70 for 30 min. 412-555-0117",
    ),
    # The same control in words no list holds (TP_CONTROL_SPOKEN, lexicon 2026.12.27).
    (
        "adult",
        "Rosa - call her uncle",
        "Rosa, 26, calm and sweet. Call her uncle to book, he handles all her appointments. She doesn't use a "
        "phone. 404-555-0132. Motel by the highway.",
    ),
    (
        "massage",
        "New staff",
        "New ladies this week. They don't answer the phone, ask for auntie. Her friend will let you in. 50 for 30 "
        "min. 718-555-0133",
    ),
]

LAWFUL = [
    ("housing", "Room for rent", "Furnished room, the landlord lives upstairs. 650 a month. Call 702-555-0142."),
    ("for-sale", "Sofa", "Our driver delivers furniture on Saturdays, 40 for delivery. Call 702-555-0143."),
    (
        "services",
        "Babysitting",
        "My daughter is 17 and babysits on weekends. She doesn't have a phone, call me. 15 an hour. 702-555-0144.",
    ),
    ("jobs", "Drivers wanted", "Call our office to book an interview. Drivers paid 20 an hour. 702-555-0145."),
    ("dating", "Hi", "Call papi when you are free, I am Eva, 31, looking for a boyfriend, no money. 702-555-0146"),
    ("pets", "Puppy", "Sweet puppy, 10 weeks. Call her foster mom to meet her. Adoption fee 150. 702-555-0147."),
    ("for-sale", "Couch", "Gray couch, 120. My friend will meet you at the storage unit. Text 702-555-0148."),
    (
        "services",
        "Wedding singer",
        "Wedding singer for your event. Contact her manager to book, he handles all her bookings. 702-555-0149.",
    ),
]


@pytest.mark.parametrize(("section", "title", "body"), BOOKER_ADS)
def test_a_booker_written_ad_is_commercial_and_trafficking_risk(
    either_path: Screener, section: str, title: str, body: str
) -> None:
    verdict = either_path.screen({"id": "b", "category": section, "title": title, "body": body})
    assert {"commercial_sex", "trafficking_risk"} <= set(verdict.labels), (body, verdict.risk, verdict.reasons)
    assert verdict.decision == "block"
    assert any(i.category == "third_party" for i in verdict.indicators)


@pytest.mark.parametrize(("section", "title", "body"), LAWFUL)
def test_the_same_words_in_lawful_ads_stay_ordinary(either_path: Screener, section: str, title: str, body: str) -> None:
    verdict = either_path.screen({"id": "l", "category": section, "title": title, "body": body})
    assert verdict.labels == [] and verdict.decision == "allow", (body, verdict.risk, verdict.reasons)


def test_fresh_arrivals_beside_a_booker_are_no_minor_risk(either_path: Screener) -> None:
    """ "Fresh" is on youth lists, but "fresh arrivals" and "fresh new staff" are a house's turnover:
    beside a booker (which corroborates youth wording) they had put adult ads in the urgent queue."""
    body = "Fresh arrivals today, three ladies, leaving Friday. Incall 24/7. Booker: 602-555-0139"
    verdict = either_path.screen({"id": "f", "category": "adult", "title": "New this week", "body": body})
    assert "commercial_sex" in verdict.labels and "minor_risk" not in verdict.labels, verdict.reasons
    assert verdict.priority != "urgent"


@pytest.mark.parametrize("line", ["This girl gets booked by me.", "She doesn't handle calls, I handle her bookings."])
def test_a_booker_who_says_he_books_her_is_control(either_path: Screener, line: str) -> None:
    # the booker says he books her, in the passive too (lexicon 2026.12.21, 2026.12.22)
    body = f"Sweet and calm, 24. {line} 120 per hour. Text 228-555-0100."
    verdict = either_path.screen({"id": "p", "category": "adult", "title": "Ask for Kim", "body": body})
    assert "TP_CONTROL_WIDE" in {i.code for i in verdict.indicators}
    assert {"commercial_sex", "trafficking_risk"} <= set(verdict.labels)


@pytest.mark.parametrize(
    "line",
    ["This girl only sees who I approve.", "I decide who she sees.", "She does not leave the room until Sunday."],
)
def test_a_booker_who_picks_her_clients_or_keeps_her_in_is_control(either_path: Screener, line: str) -> None:
    body = f"Sweet and calm, 24. {line} 120 per hour. Text 228-555-0103."
    verdict = either_path.screen({"id": "c", "category": "adult", "title": "Ask for Kim", "body": body})
    assert "TP_CONTROL_WIDE" in {i.code for i in verdict.indicators}, line


def test_an_independent_who_books_herself_is_no_booker(either_path: Screener) -> None:
    body = "All appointments are booked by me personally, no agency. Mia, 29. Text 228-555-0101."
    verdict = either_path.screen({"id": "i", "category": "adult", "title": "Mia - 29", "body": body})
    assert not any(i.category == "third_party" for i in verdict.indicators), verdict.indicators


def test_control_in_other_words_corroborates_youth_wording_as_a_booker_does(either_path: Screener) -> None:
    # weights 2026.12.12: TP_CONTROL_WIDE and TP_DEBT weigh as TP_CONTROL beside youth wording, so an
    # inexperience cue, a stated 18 and a booker reach the urgent queue on both paths.
    body = "Brand new to this and shy, 18. This girl gets booked by me. 200 per hour. Text 228-555-0102."
    verdict = either_path.screen({"id": "y", "category": "adult", "title": "New this week", "body": body})
    assert "minor_risk" in verdict.labels, (verdict.risk, verdict.reasons)
    assert verdict.priority == "urgent"
    # ... and the same ad without the booker is an adult's marketing: no minor_risk
    alone = body.replace(" This girl gets booked by me.", "")
    unbooked = either_path.screen({"id": "z", "category": "adult", "title": "New", "body": alone})
    assert "minor_risk" not in unbooked.labels
