"""Lexicon 2026.12.97-98, weights 2026.12.52-53: what a writer who never saw the lexicon said plainly and
it did not read, and lawful ads that a second such writer made collide with it.

- The reader told to be generous (CS_GENEROUS_TERMS: "generous only", "for generous gentlemen",
  "are you generous?") is an offer's terms, and the rules' reading labels past the model's veto.
- Someone else holding her contact, money or movement, said as a sentence (TP_HELD_FOR_HER: "our
  friend handles our schedule and money"), or handing her to the client (TP_CONTROL_HANDOFF:
  "our driver brings us to you", "take her on a date, pay me").
- A parlour that sells its staff's looks (CS_STAFF_LOOKS), the girlfriend experience by the hour,
  a session's shorthand ("qv", "hh") past the model's veto, and a club job whose recruits are moved,
  housed and put in private rooms with guests (TP_RECRUIT_VAGUE_DUTIES, TP_RECRUIT_PROVIDED).
- Lawful twins: beauty and healing work by a named worker with her age and a phone, a string
  quartet's manager, a caterer's new staff, a therapist's visits to elderly clients, an au pair's
  education allowance, rent taken from a lodge bartender's pay, a pilot car, a gluten-free bakery
  called GFE, a Spanish-speaking sitter, and men who call themselves generous; from a third such
  corpus, a bar's "HH", a storybook set "with happy endings", a band called GFE, a blood donor's
  count, a man's own profile, a cleaning company, a modelling agency, a hotel spa, and a room for
  rent in Vietnamese (its accented words are not respelled English ones).
Clinical synthetic text; phones 555-01xx."""

from __future__ import annotations

import pytest

from samaritan.engine.screener import Screener

OFFERS = [
    ("dating", "Weekend company", "Discreet and sweet, 29, in town until Monday. Generous only. Text 702-555-0161"),
    ("personals", "Evenings", "Tall brunette, 34, free most evenings for generous gentlemen. 702-555-0162"),
    ("dating", "Quick question", "Are you generous? If yes, text me. If not, have a nice day. 702-555-0163"),
    ("dating", "Classy lady", "Classy lady, 45, for gentlemen who appreciate experience. Generosity expected."),
    ("massage", "Grand opening", "Relaxing full body massage by pretty therapists. Open late, walk ins. 702-555-0167"),
    ("personals", "", "Your girlfriend for the hour. 28, downtown, message for times. 702-555-0168"),
    ("dating", "tonight", "bored tonight, qv or hh, 150/250, no cops. txt 702-555-0169"),
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

RECRUITED = [
    (
        "jobs",
        "Club hiring",
        "Club hiring ladies 21-30. Club provides transport and housing, you entertain guests in private rooms. "
        "Pay starts after your travel debt is cleared. We pick you up from the bus station.",
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
    ("massage", "Day spa", "Day spa with friendly professional staff. Hot stone and facials, gift cards. 702-555-0182"),
    (
        "jobs",
        "Harvest crew",
        "Harvest crew, eight weeks. The farm provides transport and housing, meals at cost. Paid weekly by "
        "direct deposit. 702-555-0183",
    ),
    ("jobs", "Event staff", "Event staff for a gala: greet guests at the door, coat check. $22 an hour. 702-555-0184"),
    # (a third corpus written apart: a bar's happy hour, a book's and a band's names, a donor's count,
    # a man's own profile, a cleaning company, a modelling agency, a hotel spa, a room in Vietnamese)
    ("jobs", "Bartenders", "Rooftop bar hiring bartenders. Happy hour 4-7 (HH) and late shifts. $12/hr + tips. 21+."),
    ("housing", "Hostel dorm bed", "Hostel bunk in a 6-bed dorm from 22 euros. Female-only room. Bar with HH 6-8 pm."),
    ("community", "Ladies night", "Wednesdays: $2 shoe rental for ladies, HH pricing 5-8, glow bowling at 9."),
    (
        "forsale",
        "Happy Endings storybook set",
        "Twelve hardcover fairy tales, all with happy endings. Great condition, $35.",
    ),
    (
        "forsale",
        "GFE tickets",
        "Two tickets to see GFE (Grandma's Funky Elbows), the bluegrass band. Face value, $15 each.",
    ),
    (
        "dating",
        "Blood donor",
        "Forty donations and counting at the blood bank. 41M, nurse, Tulsa. Looking for someone kind.",
    ),
    (
        "dating",
        "Korean guy, 31",
        "Korean guy, 31, designer, cooks a lot. Relationship-minded, looking for someone curious.",
    ),
    (
        "dating",
        "Sam, 34, new in town, real pics",
        "New in town for a hospital job. 34, real pics only. I work three 12-hour shifts a week and my mom "
        "still cuts my hair. Looking for someone to try trails with and see where it goes.",
    ),
    (
        "services",
        "Our ladies will make it shine",
        "Family cleaning company. Our team comes to you weekly, deep cleans and move outs. Bonded and "
        "insured. Call or text Rosa 702-555-0185",
    ),
    (
        "services",
        "Models for your shoot",
        "Book through us: commercial models for catalog and product shoots, day rates, comp cards on request.",
    ),
    (
        "massage",
        "In-room massage for hotel guests",
        "Hotel guests can book a licensed therapist from our spa at the front desk. Therapeutic services "
        "only, therapists carry spa ID.",
    ),
    ("housing", "Phòng cho thuê", "Nhà có 1 phòng trống, ưu tiên nữ đi làm. $700/tháng. Liên lạc cô Mai 714-555-0186"),
    # (the new readings' own twins: a carpool's and a band's driver, a landlord's manager, a mobile nail
    # team, a garage sale, a parent and a sitter; and a lodge's generous gentlemen who donated coats,
    # labelled before on both paths: a charity's words now cancel the soft cues, CUE_CHARITY)
    ("community", "Carpool", "Our driver brings us to work at 7, one seat open, split gas. 702-555-0188"),
    ("services", "Band", "Our driver brings us to your venue with all the gear. Book the band 702-555-0189"),
    (
        "housing",
        "Lease questions",
        "Questions about the lease? Text him, not us: our property manager Dan 702-555-0190",
    ),
    ("services", "Nail team", "Three nail techs, our driver brings us to you. Weddings and parties. 702-555-0191"),
    ("forsale", "Garage sale", "Garage sale Saturday. My husband handles the money, I answer questions. 702-555-0192"),
    ("services", "Sitter", "Looking for a sitter on Fridays, I will bring her to you at 8. Text 702-555-0193"),
    ("community", "Thank you", "The generous gentlemen of Lodge 42 donated coats to the shelter. 702-555-0187"),
    ("forsale", "Free couch", "Free couch for generous souls willing to carry it down three flights. 702-555-0194"),
    ("dating", "Say hi", "If you're a kind and generous person who loves dogs, say hi. 29F. No hookups."),
    (
        "services",
        "Salon",
        "Our skilled and friendly staff will make you feel beautiful. Walk ins welcome. 702-555-0195",
    ),
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


@pytest.mark.parametrize(("section", "title", "body"), RECRUITED)
def test_a_job_that_moves_houses_and_indebts_recruits_for_private_rooms_is_trafficking(
    screener: Screener, section: str, title: str, body: str
) -> None:
    verdict = screener.screen({"id": "r", "category": section, "title": title, "body": body})
    assert "trafficking_risk" in verdict.labels, (body, verdict.risk)


@pytest.mark.parametrize(("section", "title", "body"), LAWFUL)
def test_lawful_twins_stay_ordinary(either_path: Screener, section: str, title: str, body: str) -> None:
    verdict = either_path.screen({"id": "l", "category": section, "title": title, "body": body})
    assert verdict.labels == [], (body, verdict.reasons)
