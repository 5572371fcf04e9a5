"""Lexicon 2026.12.97, weights 2026.12.52: what a writer who never saw the lexicon said plainly and
it did not read, and lawful ads that a second such writer made collide with it.

- The reader told to be generous (CS_GENEROUS_TERMS: "generous only", "for generous gentlemen",
  "are you generous?") is an offer's terms, and the rules' reading labels past the model's veto.
- Someone else holding her contact, money or movement, said as a sentence (TP_HELD_FOR_HER: "our
  friend handles our schedule and money"), or handing her to the client (TP_CONTROL_HANDOFF:
  "our driver brings us to you", "take her on a date, pay me").
- Lawful twins: beauty and healing work by a named worker with her age and a phone, a string
  quartet's manager, a caterer's new staff, a therapist's visits to elderly clients, an au pair's
  education allowance, rent taken from a lodge bartender's pay, a pilot car, a gluten-free bakery
  called GFE, a Spanish-speaking sitter, and men who call themselves generous.
Clinical synthetic text; phones 555-01xx."""

from __future__ import annotations

import pytest

from samaritan.engine.screener import Screener

OFFERS = [
    ("dating", "Weekend company", "Discreet and sweet, 29, in town until Monday. Generous only. Text 702-555-0161"),
    ("personals", "Evenings", "Tall brunette, 34, free most evenings for generous gentlemen. 702-555-0162"),
    ("dating", "Quick question", "Are you generous? If yes, text me. If not, have a nice day. 702-555-0163"),
    ("dating", "Classy lady", "Classy lady, 45, for gentlemen who appreciate experience. Generosity expected."),
]

KEPT = [
    (
        "dating",
        "Two friends visiting",
        "Two friends visiting Reno, 24 and 26. Our friend handles our schedule and money, text him. "
        "Generous dates only. 702-555-0164",
    ),
    (
        "personals",
        "New in town",
        "Three friends new in town, all over 21. Our driver brings us to you. Text him, not us. 702-555-0165",
    ),
    (
        "personals",
        "My friend",
        "My friend owes for her trip here. She is 27 and very agreeable. Take her on a date, pay me. 702-555-0166",
    ),
]

LAWFUL = [
    ("services", "Nina 24", "Nina 24. Lash tech, new clients welcome. Text 702-555-0170"),
    ("services", "Jess, 26", "Jess, 26. Brow threading, walk ins welcome. 702-555-0171"),
    ("services", "Tina, 31", "Tina, 31. Gel nails at my home studio, $35. Text 702-555-0172"),
    ("services", "Kim, 30", "Kim, 30. Reiki and sound baths. Incall at my studio or outcall. 702-555-0173"),
    ("services", "Threading", "Threading and brow tint, walk ins welcome, private room, open late. 702-555-0174"),
    ("services", "Eva 28", "Eva 28. Yoga in the park, donation based. 702-555-0175"),
    (
        "services",
        "String quartet",
        "I manage a string quartet, three ladies and a gentleman. The players don't take bookings "
        "themselves; book through me. 50% deposit holds the date. 702-555-0176",
    ),
    (
        "services",
        "New staff",
        "New staff just started: we hired four new servers, so we are taking catering bookings again. "
        "Call the office 702-555-0177",
    ),
    (
        "massage",
        "Outcall massage for seniors",
        "Massage therapist for elderly clients, I visit at home or in assisted living. Outcall only. "
        "45 min $70. 702-555-0178",
    ),
    (
        "jobs",
        "Au pair",
        "Host family seeks an au pair through an accredited agency. Private room, weekly stipend and an "
        "education allowance. 702-555-0179",
    ),
    (
        "jobs",
        "Lodge bartender",
        "Winter season bartender, must be 21. Staff housing provided, rent deducted from paycheck. 702-555-0180",
    ),
    ("jobs", "Pilot car drivers", "Escort and pilot car drivers for oversize loads, paid per mile plus hotel."),
    ("services", "GFE now open", "GFE - gluten free eats. A celiac safe bakery, now open on Main St."),
    (
        "services",
        "Ninera",
        "Hola, me llamo Ana, tengo 20 anos. Cuido ninos por las tardes, $15 la hora. 956-555-0181",
    ),
    ("personals", "Widower", "I am a generous man, 58, kind and funny, looking for a lady to share dinners with."),
    ("personals", "Tired of it", "Tired of girls who ask for generous men. I want a real partner, 40s. No money talk."),
]


@pytest.mark.parametrize(("section", "title", "body"), OFFERS)
def test_an_offer_that_asks_the_reader_to_be_generous_is_commercial(
    screener: Screener, section: str, title: str, body: str
) -> None:
    verdict = screener.screen({"id": "o", "category": section, "title": title, "body": body})
    assert "commercial_sex" in verdict.labels, (body, verdict.risk)


@pytest.mark.parametrize(("section", "title", "body"), KEPT)
def test_someone_holding_her_contact_money_or_movement_labels_trafficking(
    screener: Screener, section: str, title: str, body: str
) -> None:
    verdict = screener.screen({"id": "k", "category": section, "title": title, "body": body})
    assert {"commercial_sex", "trafficking_risk"} <= set(verdict.labels), (body, verdict.risk)


@pytest.mark.parametrize(("section", "title", "body"), LAWFUL)
def test_lawful_twins_stay_ordinary(either_path: Screener, section: str, title: str, body: str) -> None:
    verdict = either_path.screen({"id": "l", "category": section, "title": title, "body": body})
    assert verdict.labels == [], (body, verdict.reasons)
