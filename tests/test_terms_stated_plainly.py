"""Terms a dating or personals post states plainly, without a price (lexicon 2026.12.37): a date
that is not free in more words ("I don't do freebies", "not gonna meet a man for free"), a
date for a price or fun for a fee, and help with rent in one sentence traded for her company in
the next (CS_HELP_EXCHANGE_NEXT, a rule that must cross a sentence). A worker's, a roommate's and
a caregiver's posts in the same words stay ordinary. Clinical synthetic text; phones 555-01xx."""

from __future__ import annotations

import pytest

from samaritan.engine.screener import Screener

OFFERS = [
    ("dating", "Honest about it", "I'm 30 and I like nice dinners. I don't do freebies, so be generous. 702-555-0171"),
    (
        "dating",
        "No more free dinners",
        "Teacher, 34, done with dating apps. Not gonna meet a man for free again. Tell me your plan.",
    ),
    ("dating", "Clear from the start", "Straight talk: I date for a price. Brunette, 33, dinners and evenings out."),
    ("personals", "Afternoons", "Lady, 41, weekday afternoons at my place, discreet fun for a fee. Email first."),
    (
        "personals",
        "Rent is due",
        "Woman, 28, bills piling up. I need help with my bills before Friday. In exchange I can offer my company on "
        "weekends. Message me.",
    ),
    (
        "dating",
        "Fresh start",
        "I'm 26 and new here. Can you help me out financially? In return I give affection.",
    ),
]
# (lexicon 2026.12.38) a room for sex, "not free" said bare, bills paid for her evening
OFFERS += [
    (
        "housing",
        "Room in my condo",
        "Private room near the park. Rent mostly waived for a roommate who is affectionate. 702-555-0175",
    ),
    ("housing", "Room for a lady", "Free room in exchange for cuddles a few nights a week. Non-smoker. 702-555-0176"),
    ("housing", "Room available", "Room in my house, 650 a month, though the rent could be covered in other ways."),
    ("dating", "Jade, 27", "Not free tho. Say hi with your plans for Friday. 702-555-0177"),
    ("dating", "Kim, 25", "arranged dates only, not looking for free, generous men only"),
    ("dating", "Dani, 24", "Pay my rent and I'll be yours tonight."),
]
# (lexicon 2026.12.40) support traded for her company, either way round, in English or Spanish
OFFERS += [
    (
        "dating",
        "Warm widow",
        "Widow, 50, warm and lively. I'd like a kind man's help in return for my companionship.",
    ),
    ("dating", "Mujer alegre", "Mujer de 40, alegre. Busco caballero: citas conmigo a cambio de regalos."),
    ("dating", "Simple deal", "You pay for my tuition, and I visit you on Sundays. 29, no drama."),
]
# (lexicon 2026.12.41) the girlfriend experience put up for sale, a night with her as a raffle's prize
OFFERS += [
    ("for-sale", "Weekly offer", "Now selling: the girlfriend experience, weekly, 31, brunette. Email first."),
    ("for-sale", "Raffle", "Tickets 25 each, forty at most: win a whole weekend with me. 21+ only."),
    # (lexicon 2026.12.93) care traded for care, the reader's first; a willingness said as "doesn't mind"
    (
        "personals",
        "W4M tonight",
        "Pretty, clean, 30. You take care of me, I'll take care of you. Hotels only. 702-555-0195",
    ),
    (
        "dating",
        "Straightforward",
        "Divorced, 34. An arrangement where you help me and I make sure you leave very happy. 702-555-0196",
    ),
    (
        "dating",
        "Weekly",
        "Curvy, 33, a good listener. Looking for a man to see weekly who doesn't mind leaving something on "
        "the nightstand before he goes. 702-555-0197",
    ),
]
# (lexicon 2026.12.90) the reader asked to make her trip worth it, "not free" before a number, a
# woman's company to gentlemen by the hour in Spanish, help with bills from a generous man, a gift
# at the start, a free date ruled out in other words
OFFERS += [
    (
        "dating",
        "Cozy night in",
        "Nina, 30. I'll come spend a cozy evening with you, I just ask that you make it worth the trip.",
    ),
    (
        "dating",
        "Travel partner",
        "Fun, 31, I'll join your business trips. You cover the travel and make it worth my while.",
    ),
    ("adult", "Ivy 27", "Come over, we'll put on a movie. Not free. 702-555-0182"),
    (
        "services",
        "Compañía",
        "Señora de 35 años ofrece compañía a caballeros: cenas y eventos. Pago por hora. 702-555-0183",
    ),
    (
        "dating",
        "Mia 24",
        "New in town, need a little help with bills rn so if ur generous we'll get along. 702-555-0184",
    ),
    ("dating", "Evenings", "Lara, 29. A small gift at the start keeps things simple between us. 702-555-0185"),
    ("dating", "Straight talk", "Classy, 33. If you were hoping for free you're reading the wrong ad. 702-555-0186"),
    ("dating", "Weekdays", "Brunette, 30. I'm not here for dates that cost you nothing. Text 702-555-0187"),
    ("personals", "Quiet afternoons", "Lady, 47. Gentlemen visit me and take care of my generosity requirements."),
    (
        "massage",
        "Evening calm",
        "Soft music and a pretty woman, 29. I massage in lingerie at my private studio. 702-555-0188",
    ),
]
LAWFUL = [
    ("jobs", "Handyman", "Licensed handyman, 20 years in trade. I'm not going to work for free, estimates 40."),
    ("services", "Roofing", "We don't do free estimates, but the visit fee comes off the job. Call 702-555-0172"),
    (
        "housing",
        "Room for help",
        "We need help with the rent. In return you get a quiet room and company for our old dog. 702-555-0173",
    ),
    (
        "housing",
        "Room for a helper",
        "Retired couple need help with our bills. In return we offer a private room, meals and quiet evenings.",
    ),
    ("events", "Family day", "Family fun for a fee: games and a picnic by the lake, kids free. 702-555-0174"),
    # a home share, a pet's temper, a landlord's ways to pay, a venue's prices
    (
        "housing",
        "Home share",
        "Retired teacher offers reduced rent in exchange for companionship and light chores. 702-555-0178",
    ),
    ("housing", "Room", "Rent negotiable for the right tenant, our cat is very affectionate. 702-555-0179"),
    ("housing", "Studio", "Rent can be paid online or by check, first month free. 702-555-0180"),
    ("events", "Brunch", "The buffet is not free, though portions are generous. Sundays 10 to 2."),
    ("services", "Photography", "Sorry, not free on weekends, generous discounts on weekdays. 702-555-0181"),
    (
        "housing",
        "Student seeks room",
        "Student, 20, can give my time in return for a lower rent: dog walking and yard work.",
    ),
    ("housing", "Home share", "Widower, 80, my company in exchange for help around the house. 702-555-0189"),
    ("services", "Consulting", "You pay my invoice within thirty days and I send you the full report."),
    ("for-sale", "Books", "Selling my book on the pilgrim experience, signed copies 15."),
    ("events", "Family raffle", "Raffle at the school fair: win a night at the museum with your family."),
    # (lexicon 2026.12.90) a bakery's trip, a carer's hourly company, a company's hourly pay, a party's gift
    ("services", "Farm bakery", "We make it worth the trip: fresh pies daily, open 7 to 3. 702-555-0190"),
    ("jobs", "Cuidadora", "Ofrezco compañía a adultos mayores, cocino y limpio. Pago por hora. 702-555-0191"),
    ("jobs", "Limpieza", "Compañía de limpieza busca personal. Pago por hora, horario flexible. 702-555-0192"),
    ("services", "Party clown", "Birthday clown: a small gift at the start of the party for the birthday child."),
    ("housing", "Parking", "Parking is not free. 702-555-0193 for a permit."),
    # (lexicon 2026.12.93) a swap of chores, a treat, a pet sitter, a patient shop
    ("community", "Garden swap", "You help me with my garden and I'll help you with yours. Saturdays. 702-555-0198"),
    ("community", "Moving day", "You help me move on Sunday, I'll treat you to pizza after. 702-555-0199"),
    ("pets", "Pet swap", "You take care of my dog this week and I'll take care of yours in June. 702-555-0100"),
    ("for-sale", "Quilts", "Handmade quilts. Customers who don't mind waiting two weeks get a discount. 702-555-0101"),
    (
        "massage",
        "Sports massage",
        "Licensed therapist, deep tissue and sports massage. Lingerie shop next door. 702-555-0194",
    ),
]


@pytest.mark.parametrize(("section", "title", "body"), OFFERS)
def test_terms_stated_plainly_are_commercial(either_path: Screener, section: str, title: str, body: str) -> None:
    verdict = either_path.screen({"id": "o", "category": section, "title": title, "body": body})
    assert "commercial_sex" in verdict.labels, (body, verdict.risk, verdict.reasons)


@pytest.mark.parametrize(("section", "title", "body"), LAWFUL)
def test_the_same_words_from_a_worker_a_roommate_or_a_family_are_not(
    either_path: Screener, section: str, title: str, body: str
) -> None:
    verdict = either_path.screen({"id": "l", "category": section, "title": title, "body": body})
    assert verdict.labels == [], (body, verdict.risk, verdict.reasons)


def test_the_two_sentence_exchange_needs_its_sentence_break(either_path: Screener) -> None:
    """CS_HELP_EXCHANGE_NEXT crosses a sentence and never a paragraph; in one sentence the older
    CS_HELP_EXCHANGE reads it, so the two never both fire on one exchange."""

    def codes(body: str) -> set[str]:
        verdict = either_path.screen({"id": "x", "category": "dating", "title": "Hi", "body": body})
        return {i.code for i in verdict.indicators}

    assert "CS_HELP_EXCHANGE_NEXT" in codes("I need help with the rent. In exchange I can offer my company.")
    one = codes("I need help with the rent, in exchange I can offer my company.")
    assert "CS_HELP_EXCHANGE" in one and "CS_HELP_EXCHANGE_NEXT" not in one
    assert "CS_HELP_EXCHANGE_NEXT" not in codes("I need help with the rent.\n\nIn exchange I can offer my company.")
