"""Wordings of each indicator category that the lexicon did not read (issue #14, lexicon
2026.12.62, weights 2026.12.38): a guarantee to walk away, a married client's secret kept, caller
rules and police told not to call, a brief stay told softly, companionship as a trade, a lineup of
"gals" or a pair, paying ahead in other words, outcalls ruled out, a rates menu headed "tributes",
someone else who answers or takes the deposit; and a pattern's match that spans a break no longer
hides one that starts inside it. Each is read in a commercial ad; the lawful look-alike beside it
is not."""

from __future__ import annotations

import pytest

from samaritan.engine.screener import Screener

RULES = Screener(model="none")
MODEL = Screener()
PLAIN = "Incall 200 an hour, text 555-0142."


def _hits(phrase: str, title: str = "Lena - 25", section: str = "adult") -> set[tuple[str, str]]:
    body = f"{PLAIN} {phrase}"
    verdict = RULES.screen({"id": "w", "category": section, "title": title, "body": body})
    return {(i.code, body[i.start : i.end]) for i in verdict.indicators if i.field == "body"}


@pytest.mark.parametrize(
    ("phrase", "code", "span"),
    [
        ("If I don't match, you walk.", "REASSURE_WALK_AWAY", "If I don't match, you walk"),
        (
            "If she does not look like her photos you are free to go.",
            "REASSURE_WALK_AWAY",
            "If she does not look like her photos you are free to go",
        ),
        ("Married? That stays with you.", "REASSURE_STAYS_WITH_YOU", "Married? That stays with you"),
        (
            "Ｍａｒｒｉｅｄ？ Ｔｈａｔ ｓｔａｙｓ ｗｉｔｈ ｙｏｕ．",
            "REASSURE_STAYS_WITH_YOU",
            "Ｍａｒｒｉｅｄ？ Ｔｈａｔ ｓｔａｙｓ ｗｉｔｈ ｙｏｕ",
        ),
        ("What we do is nobody's business.", "REASSURE_KEPT_QUIET", "What we do is nobody's business"),
        ("No stopwatch here.", "REASSURE_UNHURRIED", "No stopwatch"),
        ("Cops and their friends need not call.", "SCREEN_NO_LAW", "Cops and their friends need not call"),
        ("Hidden caller ID gets ignored.", "SCREEN_VETTED_CLIENTS", "Hidden caller ID gets ignored"),
        ("Working out of Reno till Friday.", "MOVE_BRIEF_VISIT", "Working out of"),
        ("Popping into Boise for the weekend.", "MOVE_BRIEF_VISIT", "Popping into"),
        ("Around briefly.", "MOVE_BRIEF_VISIT", "Around briefly"),
        ("Flew in last night before I head west.", "MOVE_BRIEF_VISIT", "Flew in last night"),
        ("Full time travel companion.", "CS_COMPANION_TRADE", "Full time travel companion"),
        ("No outcalls, sorry.", "CS_NO_OUTCALL", "No outcalls"),
        ("Four cheerful gals on shift.", "TP_LINEUP", "Four cheerful gals"),
        ("Screenshot the transfer at booking.", "PAY_CHANNEL", "Screenshot the transfer"),
        ("In-call: Yes", "VENUE_INCALL_PLACE", "In-call: Yes"),
        ("I set it up, she don't text.", "TP_CONTROL_WIDE", "she don't text"),
        ("Talk to my boss for the price.", "TP_ANSWERS_FOR", "Talk to my boss"),
        # lexicon 2026.12.64: Spanish
        ("Para citas, llame a su amigo Beto.", "TP_CONTROL_WIDE", "llame a su amigo"),
        ("Abierto 24 horas.", "AVAIL_ROUND_CLOCK", "Abierto 24 horas"),
    ],
)
def test_a_commercial_ads_wording_is_read_with_its_span(phrase: str, code: str, span: str) -> None:
    assert (code, span) in _hits(phrase)


def test_no_deposit_no_booking_asks_for_a_deposit_and_promises_none() -> None:
    # Lexicon 2026.12.63: the condition was read as "no deposits ever asked" (a reassurance).
    for phrase in ["No deposit, no booking.", "Nothing sent ahead, nothing booked."]:
        codes = {code for code, _ in _hits(phrase)}
        assert "PAY_DEPOSIT_ADVANCE" in codes and "REASSURE_REPUTATION" not in codes, phrase
    assert ("REASSURE_REPUTATION", "no deposits") in _hits("Real and independent, no deposits ever.")
    assert ("REASSURE_REPUTATION", "Well reviewed") in _hits("Well reviewed, no worries.")


def test_a_rates_menu_headed_tributes_is_a_rate_euphemism() -> None:
    body = "Tributes:\n$140/hr\n$250 two hours\nText 555-0142."
    verdict = RULES.screen({"id": "t", "category": "adult", "title": "Lena - 25", "body": body})
    assert "CS_TRIBUTE" in {i.code for i in verdict.indicators}


def test_a_match_across_a_break_does_not_hide_the_one_after_it() -> None:
    # "you awake" spans the "!!" and is no phrase; "awake and bored" after it is.
    verdict = RULES.screen({"id": "b", "category": "adult", "title": "Time for you!! awake and bored", "body": PLAIN})
    assert [
        (i.code, "Time for you!! awake and bored"[i.start : i.end])
        for i in verdict.indicators
        if i.field == "title" and i.category == "availability"
    ] == [("AVAIL_READY", "awake and bored")]


@pytest.mark.parametrize(
    "body",
    [
        "If it doesn't match the description you can return it. Blender, 30 dollars, call 555-0150.",
        "Looking for a part time travel companion for a road trip in June, split gas. Email me.",
        "Electrician working out of my home office, licensed and insured. Call 555-0151.",
        "Mobile grooming, no outcall repairs on sundays. Married? That stays with you is our joke. Call 555-0152.",
        "Tributes poured in for the coach at the banquet. Tickets 20 dollars, call 555-0153.",
        "Police need not call about the noise, the party ends at ten. Room for rent, 700 a month.",
        "Cashier wanted, flexible hours. Talk to my boss at the front counter or call 555-0154.",
        "Panaderia abierta de lunes a viernes, pan fresco cada dia. Llame al 555-0155.",
    ],
)
def test_lawful_look_alikes_stay_ordinary(body: str) -> None:
    for screener in (RULES, MODEL):
        assert screener.screen({"id": "l", "category": "services", "title": "", "body": body}).labels == []


def test_a_lineup_on_shift_lets_the_rules_trafficking_reading_count() -> None:
    # Weights 2026.12.38: TP_LINEUP is a house code. The model alone scored this 0.32; the rules'
    # reading (several women of one ethnicity on shift, reassurance, a circuit) labels it.
    body = (
        "Hi there. Now working: four friendly Korean attendants on shift. Safe and discreet, real photos. "
        "Outcall to your hotel. On the road: Austin then Tulsa. hh 100, hr 180. Paying by app is fine. "
        "Text 555-0143 with your name."
    )
    verdict = MODEL.screen({"id": "h", "category": "dating", "title": "Company tonight?", "body": body})
    assert "trafficking_risk" in verdict.labels
