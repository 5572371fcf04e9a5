"""Offers written with a self-description, a trade's hourly rate, and a booker's voice.

- An adult age set off after words that describe a person ("slim and cheerful, 26,", "personal
  assistant, 27.") is read where the ad sells company and left alone elsewhere, or where the words
  before it describe a thing (a boat's length, a shirt's size).
- An everyday trade's work (a handyman, moving help, a photographer) takes the price on the
  poster's time out, as a lesson or care work does: "Handyman Dan, 35, $90 an hour" is a
  tradesman's rate; and an hour under 100 is a wage, not her time sold.
- "Woman, 42, married" and "guy, 21, fit, into older men": a state said past a comma is hers, not
  a span of years; "married 15 years" and "ten years older" are still no age.
- Someone who takes the calls or brings the women, said plainly, with one more cue of a sale
  makes an ad commercial (weights.yaml `cues.fewer_with`); a resident manager who lives on site does
  not.

Clinical synthetic text written for these tests; phone numbers use the 555-01xx range."""

from __future__ import annotations

import pytest

from samaritan.engine.extract.ages import DESCRIBED, find_ages
from samaritan.engine.extract.prices import find_prices
from samaritan.engine.screener import Screener

RULES = Screener(model="none")
MODEL = Screener(model="default")
BOTH = pytest.mark.parametrize("screener", [RULES, MODEL], ids=["rules", "model"])


def _screen(
    screener: Screener, body: str, title: str = "Hello", section: str = "dating"
) -> tuple[list[int], list[str]]:
    v = screener.screen({"id": "t", "title": title, "body": body, "category": section})
    return v.entities.ages, list(v.labels)


@BOTH
@pytest.mark.parametrize(
    ("title", "body", "age"),
    [
        ("Quiet afternoons", "Slim and cheerful, 26, easy laugh. My apartment by the park, 220 for an hour.", 26),
        ("Evenings downtown", "Bilingual travel assistant, 29. Hotel visits only, 350 an hour or 1500 overnight.", 29),
        ("Morena alegre, 31", "Atiendo en mi departamento. 180 la hora.", 31),
        ("Calm company", "Gentle and tall, 38, unhurried. 260 for the hour at my place.", 38),
    ],
)
def test_a_described_adult_age_beside_a_priced_hour_is_an_offer(
    screener: Screener, title: str, body: str, age: int
) -> None:
    ages, labels = _screen(screener, body, title)
    assert ages == [age]
    assert "commercial_sex" in labels


@BOTH
@pytest.mark.parametrize(
    ("body", "ages"),
    [
        # a person described, selling nothing: the age is read only in an ad that sells company
        ("Slim and cheerful, 26, easy laugh, looking for a hiking partner on weekends.", []),
        # a length and a size are no age at all
        ("Rental pontoon boat, 24, seats ten. 150 an hour with fuel.", []),
        ("Cotton tank top, 30, never worn. Pickup downtown.", []),
        # time priced at 60 or more lets a tentative age be read (an under-18 one must be, for the
        # urgent queue), but a mover's 90 an hour is a trade's wage: his age, and no offer
        ("Gentle and tall, 38, happy to help you move with my van. 90 an hour.", [38]),
    ],
)
def test_the_same_shape_outside_an_offer_is_no_label(screener: Screener, body: str, ages: list[int]) -> None:
    found, labels = _screen(screener, body, "Listing", "services")
    assert labels == [] and found == ages


def test_find_ages_marks_a_described_age_tentative() -> None:
    [slim] = find_ages("Slim and cheerful, 26, easy laugh")
    assert (slim.age, slim.tentative) == (26, DESCRIBED)
    # A capitalised name is read outright, as before.
    [kira] = find_ages("Kira, 27, new in town")
    assert (kira.age, kira.tentative) == (27, 0)
    assert find_ages("Rental pontoon boat, 24, seats ten") == []


@BOTH
@pytest.mark.parametrize(
    "body",
    [
        "Handyman Dan, 35, small repairs and odd jobs. $90 an hour, call 702-555-0171.",
        "Hi I'm Marco, 41. Moving help with my truck, two men, 120 an hour. 702-555-0172.",
        "Rosa, 33, house cleaning and laundry, 65 an hour, references on request.",
        # the trade named by its worker, or a wage under a session's least price
        "Wedding photographer Lena, 30, portraits and headshots, $150 an hour. 702-555-0161.",
        "DJ Mike, 35, lights and sound for birthdays, $120 an hour. 702-555-0162.",
        "Bartender Kim, 27, for house parties, $65 an hour. 702-555-0163.",
        "Driver Sam, 52, airport runs and errands, $60 an hour. 702-555-0164.",
        "Doula Grace, 38, overnight postpartum support at your home, $200 a night.",
        "Life coach Tom, 45, one hour sessions for $150, first call free.",
        "Hair braiding by Tasha, 27, box braids $120 per session, my place or yours.",
    ],
)
def test_a_trades_hourly_rate_beside_the_workers_age_is_no_offer(screener: Screener, body: str) -> None:
    _, labels = _screen(screener, body, "Available this week", "services")
    assert labels == []


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("Married woman, 42, husband away on weekdays.", 42),
        ("Easygoing guy, 21, fit, into older men.", 21),
    ],
)
def test_a_state_said_past_a_comma_does_not_take_the_age_away(text: str, age: int) -> None:
    ages, _ = _screen(RULES, text, "About me", "personals")
    assert ages == [age]


@pytest.mark.parametrize(
    "text", ["We have been married 15 years and love camping.", "He is ten years older than me and calm."]
)
def test_a_span_of_years_is_still_no_age(text: str) -> None:
    ages, _ = _screen(RULES, text, "About us", "personals")
    assert ages == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dinner first. 2 hours, 650. Screening needed.", [(650.0, "two_hours")]),
        ("Rate: 400 for the first two hours, 150 per hour after", [(400.0, "two_hours"), (150.0, "hour")]),
        ("cute n sweet, 2 hunnid 4 an hr", []),
        ("Open 24 hours, 7 days a week", []),
        ("The drive is 4 hours, 300 miles each way", []),
    ],
)
def test_a_length_then_its_price_after_a_comma(text: str, expected: list[tuple[float, str]]) -> None:
    assert [(p.amount, p.unit) for p in find_prices(text)] == expected


@BOTH
@pytest.mark.parametrize(
    "body",
    [
        "Three new girls this week. Their driver brings the ladies to your hotel. 702-555-0150.",
        "Two ladies free tonight. Pay me, not them, and I send the girls. 702-555-0151.",
        "Two ladies available, delivered to your hotel within the hour. 702-555-0157.",
    ],
)
def test_a_booker_who_brings_or_is_paid_for_the_women_makes_an_offer(screener: Screener, body: str) -> None:
    _, labels = _screen(screener, body, "Tonight", "adult")
    assert "commercial_sex" in labels and "trafficking_risk" in labels


@BOTH
def test_a_house_manager_living_on_site_is_a_rental(screener: Screener) -> None:
    body = "Rooms in a shared house for students, $650 a month. A resident manager lives on site. 702-555-0152."
    _, labels = _screen(screener, body, "Room available", "housing")
    assert labels == []


@BOTH
def test_a_party_booking_of_several_women_through_a_driver_is_an_offer(screener: Screener) -> None:
    # "private events" and "for your party" are no performer's words: party-girl ads use them.
    body = "Party girls for your party or private events. Choose from 5 girls, the driver brings them. 702-555-0153."
    _, labels = _screen(screener, body, "Party girls", "adult")
    assert "commercial_sex" in labels and "trafficking_risk" in labels


@BOTH
@pytest.mark.parametrize(
    "body",
    [
        "DJ and sound for your party or private events, lights included. Call or text 702-555-0154.",
        "Live band for private events and weddings, real photos of past shows. Text 702-555-0155.",
    ],
)
def test_a_performer_for_private_events_stays_ordinary(screener: Screener, body: str) -> None:
    _, labels = _screen(screener, body, "Available for events", "services")
    assert labels == []


@BOTH
def test_a_booker_who_answers_for_her_still_corroborates_youth_wording(screener: Screener) -> None:
    # TP_ANSWERS_FOR took over TP_CONTROL_WIDE's shared words: a booker beside one youth word is
    # still minor_risk, as before the split.
    body = "Sweet young girl, incall tonight, 200 an hour. The man who answers will set you up. 702-555-0156."
    _, labels = _screen(screener, body, "Tonight", "adult")
    assert "minor_risk" in labels


@BOTH
def test_a_trade_given_up_does_not_take_the_price_out(screener: Screener) -> None:
    body = "Retired plumber here, I am 44, now I keep women company at my place. 300 an hour. 702-555-0165."
    ages, labels = _screen(screener, body, "Evenings", "dating")
    assert ages == [44] and "commercial_sex" in labels


@BOTH
def test_a_trade_sought_does_not_take_the_price_out(screener: Screener) -> None:
    body = "Mia, 26, iso a makeup artist for my photos. 250 an hour, incall. 702-555-0167."
    _, labels = _screen(screener, body, "Mia", "dating")
    assert "commercial_sex" in labels
