"""Soft cues read from an ad's shape, their limits, and the scope rules of the third rules
session (issue 14): a listed phone, an age closing the title, bust-waist-hip measurements, a
decorated title; a personal ad's exchange cancelling soft cues; a negation heading a list;
product codes with digits; whose age a bare number of years is. Clinical synthetic text
written for these tests; phone numbers use the 555-01xx range."""

from __future__ import annotations

import pytest

from rules_screen import screen
from samaritan import Screener
from samaritan.engine.cue_weights import CueWeights
from samaritan.engine.learned.scope import age_is_persons, claim_is_denied, is_code_with_digits
from samaritan.engine.policy import load_weights


@pytest.fixture(scope="module")
def screener(rules_screener: Screener) -> Screener:
    """This file tests the rule path's own reading (its docstring): pinned to `model="none"`;
    the default engine's verdicts on lawful ads are held by test_screen.py's trap suite."""
    return rules_screener


# A short post: a title of adjectives, a phone number and one line. None of its words is a
# commercial term; its shape is what marks it.
SHORT_POST = ("Sweet and playful ★ ★ ★ ★ - 24", "Call me tonight 702-555-0142")


def test_a_short_post_is_recognised_by_its_shape(screener: Screener) -> None:
    labels, codes = screen(screener, *SHORT_POST)
    assert "commercial_sex" in labels
    assert {"CUE_PHONE_LISTED", "CUE_DECORATED", "CUE_TITLE_AGE"} <= codes


@pytest.mark.parametrize(
    "phone",
    ["seven oh two, five five five, oh one four two", "7&#48;2-555-&#48;142", "7 0 2 . 5 5 5 . 0 1 4 2"],
)
def test_a_disguised_phone_still_counts_as_the_short_posts_phone(screener: Screener, phone: str) -> None:
    """Disguising the number must not take the ad out of view: it is a number to call all the
    same, and the disguise is reported on its own as obscured contact."""
    labels, codes = screen(screener, SHORT_POST[0], f"Call me tonight {phone}")
    assert "commercial_sex" in labels
    assert {"CUE_PHONE_LISTED", "OBS_PHONE_DISGUISED"} <= codes


def test_a_disguised_phone_alone_still_never_decides(screener: Screener) -> None:
    body = "Call me tonight seven oh two, five five five, oh one four two"
    assert screen(screener, "Sweet and playful", body)[0] == []


@pytest.mark.parametrize("section", ["adult", "dating", "personals"])
def test_shape_cues_give_the_same_labels_in_every_personal_section(screener: Screener, section: str) -> None:
    assert "commercial_sex" in screen(screener, *SHORT_POST, section=section)[0]


def test_one_shape_alone_never_decides(screener: Screener) -> None:
    # Each shape alone, or a phone with words that are not the shape of a person's ad.
    assert screen(screener, "Sweet and playful - 24", "Tell me about your weekend")[0] == []
    assert screen(screener, "Sweet and playful", "Call me tonight 702-555-0142")[0] == []
    assert screen(screener, "★ ★ ★ ★ Garage sale ★ ★ ★ ★", "Tools and lamps, Saturday only")[0] == []


@pytest.mark.parametrize(
    ("section", "title", "body"),
    [
        # A seller's phone, "available now" and real photos: how anyone sells anything.
        ("for-sale", "Bike, like new", "Available now. Real photos, not stock. Please call 774-555-0100."),
        # "Gentlemen, take note" and a phone in a lawful dating post: words, not the shape.
        (
            "dating",
            "Coffee and a walk",
            "Not looking for arrangements. Gentlemen, take note! Call or text 689-555-0101.",
        ),
        # A landlord's phone with a decorated-looking feature list of one repeated check mark.
        (
            "housing",
            "One bedroom",
            "✓ parking ✓ laundry ✓ gym ✓ pool ✓ balcony ✓ storage ✓ patio ✓ garden. 214-555-0102",
        ),
        # Unit numbers are not cup sizes.
        ("housing", "Flat 34c", "Unit 34c, block 12, available now, call 214-555-0103."),
    ],
)
def test_a_listed_phone_counts_only_beside_a_person_shape(
    screener: Screener, section: str, title: str, body: str
) -> None:
    assert screen(screener, title, body, section)[0] == []


def test_a_phone_in_the_title_does_not_hide_the_closing_age(screener: Screener) -> None:
    labels, codes = screen(screener, "Sweet Mia 702-555-0142 - 23", "Hello gentlemen, real pics, no rush")
    assert "commercial_sex" in labels and "CUE_TITLE_AGE" in codes  # the age reader reads it


def test_bust_waist_hip_is_a_body_catalogue_but_a_cup_size_alone_is_not(screener: Screener) -> None:
    assert "CUE_BODY_MEASURES" in screen(screener, "Sweet Mia - 23", "Hello gentlemen, 34c-24-35, no rush")[1]
    assert "CUE_BODY_MEASURES" not in screen(screener, "Sweet Mia - 23", "Hello gentlemen, I am a 34c, no rush")[1]


def test_lookalike_letters_of_other_scripts_are_decoration(screener: Screener) -> None:
    # Cherokee and Canadian syllabics letters standing in for Latin ones.
    codes = screen(screener, "ᏚᏔᎬᎬT ᏚᎬᏞᎬNᎪ ᎻᎬᎡᎬ - 25", "ᕼEY GEᑎTᒪEᗰEᑎ, call 702-555-0144")[1]
    assert "CUE_DECORATED" in codes
    # One disguised word is evasion, which folding reads; it is not decoration.
    assert screen(screener, "Bike for sale", "ᏚᏔᎬᎬT ride, call or text 702-555-0145, available now")[0] == []
    # A word written in one ordinary script is a word.
    assert "CUE_DECORATED" not in screen(screener, "Привет друзья", "Book club on Friday")[1]


@pytest.mark.parametrize(
    "body",
    [
        "Visiting this week, I can host, you won't be disappointed. Send a pic with your reply, dd free only.",
        "Hello gentlemen 💋 call or text, pic for pic first please.",
    ],
)
def test_a_personal_ads_exchange_cancels_soft_cues(screener: Screener, body: str) -> None:
    assert screen(screener, "Sweet and new in town - 24", body, "personals")[0] == []


def test_the_exchange_never_cancels_a_hard_term(screener: Screener) -> None:
    body = "Incall and outcall, 150 roses for the hour. Send a pic with your reply."
    assert "commercial_sex" in screen(screener, "Sweet Mia - 23", body)[0]


def test_refusing_to_send_pictures_is_no_exchange(screener: Screener) -> None:
    body = "Hello gentlemen 💋 I do not send pics, call or text 702-555-0142"
    assert "commercial_sex" in screen(screener, "Sweet Mia - 23", body)[0]


def test_cue_weights_requires_and_cancel() -> None:
    cw = CueWeights(per_kind=0.4, min_kinds=3, requires={"phone": ["title_age"]}, cancel=["exchange"])
    assert cw.score({"phone", "available", "contact_terms"}) == 0.0  # phone without its companion
    assert cw.score({"phone", "title_age", "available"}) == pytest.approx(1.2)
    assert cw.score({"phone", "title_age", "available", "exchange"}) == 0.0
    packaged = load_weights().commercial.cues
    assert "exchange" in packaged.cancel and "phone" in packaged.requires


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("No drugs, smokers or escorts please.", "escorts"),
        ("I am not a player, a flirt, an escort.", "escort"),
        ("Not into smokers/drugs/sugar daddies", "sugar daddies"),
        ("no drugs, smokers, escorts.", "escorts"),
        ("Love jazz and long walksNot a sugar daddy, sorry", "sugar daddy"),  # glued lines
    ],
)
def test_a_negation_heading_a_list_denies_each_item(text: str, term: str) -> None:
    at = text.index(term)
    assert claim_is_denied(text, at, at + len(term))


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("no drama, escorts welcome", "escorts"),  # not a bare item: a claim
        ("No rush, full service", "full service"),  # a fixed phrase heads it
        ("no drama, no games, full service", "full service"),
        ("I love hiking, movies, and I am an escort.", "escort"),  # no negation at the head
        ("No drugs, I am a discreet escort", "escort"),  # a clause, not a list item
    ],
)
def test_a_list_without_a_denying_head_still_claims(text: str, term: str) -> None:
    at = text.index(term)
    assert not claim_is_denied(text, at, at + len(term))


def test_a_product_code_with_digits_is_not_a_term(screener: Screener) -> None:
    assert is_code_with_digits("GF3") and not is_code_with_digits("pse") and not is_code_with_digits("2024")
    assert not is_code_with_digits("t33n") and not is_code_with_digits("p5e")  # leetspeak is disguise
    body = "I have an old GF3 camera I hardly use. Coffee sometime?"
    assert screen(screener, "New friends", body, "personals")[0] == []


@pytest.mark.parametrize(
    ("text", "stated", "persons"),
    [
        ("How long do you have left? 5 years... 10 years... 15 years? Live now.", "15 years", False),
        ("The photo is current (15 year old) and so am I", "15 year old", False),
        ("I am 15 years and looking", "15 years", True),
        ("she is 16 years old", "16 years old", True),
    ],
)
def test_a_bare_number_of_years_is_a_duration_unless_someone_is_it(text: str, stated: str, persons: bool) -> None:
    start = text.index(stated)
    assert age_is_persons(text, start, start + len(stated)) is persons


def test_glamour_self_presentation_is_a_soft_kind_but_seeking_one_is_not(screener: Screener) -> None:
    offered = screen(screener, "Blonde bombshell", "Hello gentlemen, call or text me, no rush")
    assert "commercial_sex" in offered[0] and "CUE_ALLURE" in offered[1]
    # The same two other kinds with a glamour noun that is sought, not offered: two kinds only.
    body = "Looking for a latina girl to date. Hello gentlemen, call or text me"
    assert screen(screener, "Coffee?", body, "personals")[0] == []


@pytest.mark.parametrize(
    ("body", "youth"),
    [
        ("Body rubs near Oak Manors, incall, 150 roses", False),  # a place name read as "minors"
        ("Arrive showered and fresh. Incall, 150 roses", False),  # hygiene, not youth
        ("Fresh and young, incall, 150 roses", True),
        ("y o u n g and new, incall, 150 roses", True),  # spacing is disguise
        ("youuuung and new, incall, 150 roses", True),  # so is stretching
        ("y0ung and new, incall, 150 roses", True),  # and digits
    ],
)
def test_youth_words_are_read_as_written(screener: Screener, body: str, youth: bool) -> None:
    verdict = screener.screen({"id": "t", "category": "dating", "title": "Sweet Mia", "body": body})
    assert "commercial_sex" in verdict.labels
    assert any(i.category == "youth" for i in verdict.indicators) is youth


@pytest.mark.parametrize(
    ("section", "body"),
    [
        ("services", "Incall repairs at our shop or we come to you. Licensed and insured. Call or text 606-555-0100."),
        ("services", "Outcall service: we come to your home or office. Hourly rate $30/hr."),
        ("personals", "Looking for a companion for concerts. I ignore escorts, just genuine connection."),
    ],
)
def test_trade_call_outs_and_refused_escorts_are_no_solicitation(screener: Screener, section: str, body: str) -> None:
    assert screen(screener, "Friendly and local", body, section)[0] == []


@pytest.mark.parametrize(
    "title", ["Could a 45 year old still learn to surf?", "Looking for a 40 year old to hike with"]
)
def test_an_age_after_an_article_is_a_sentence_not_a_name_and_age_title(screener: Screener, title: str) -> None:
    # "a 45 year old": a question or a seeker's want describes someone in a sentence; the
    # name-and-age title states the person offered ("Sweet Mia - 23", "Sexy 24 year old latina")
    assert "CUE_TITLE_AGE" not in screen(screener, title, "Just curious what you think")[1]
    assert "CUE_TITLE_AGE" in screen(screener, "Sweet 24 year old latina", "Hello gentlemen, no rush")[1]
