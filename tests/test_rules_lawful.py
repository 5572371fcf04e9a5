"""Lawful speech on the rule path (issue 14): ordinary ads whose soft commercial cues mean
something else, by kind. Each kind has lawful ads that must stay unflagged and commercial ads
that must stay labelled, often the same ad with the one marker that changes its reading taken
out, so that every test can fail. Kinds: an exclusion without a negator word ("hard pass on
escorts"); an explicit no-payment; a personal ad's voice, exchange and reply protocol; a lesson,
a sale or a rental; multi-word phrases read only in their commercial sense (a shared motel, a
visit to family, travel for work, hosting an event, a charity's donations, a landlord's
showings, "real photos, not stock", "no fakes or flakes"). Clinical synthetic text written for
these tests; phone numbers use the 555-01xx range."""

from __future__ import annotations

import pytest

from rules_screen import screen
from samaritan import Screener
from samaritan.engine.lexicon import load_lexicon
from samaritan.engine.policy import load_weights


@pytest.fixture(scope="module")
def screener(rules_screener: Screener) -> Screener:
    """This file tests the rule path's own reading (its docstring): pinned to `model="none"`;
    the default engine's verdicts on lawful ads are held by test_screen.py's trap suite."""
    return rules_screener


# A bare commercial post of soft cues only: a name-and-age title, a greeting to gentlemen, real
# pictures, call-or-text terms and a phone. Each lawful ad below adds one marker to soft cues
# like these; without the marker the same words stay a commercial post.
ESCORT_TITLE = "Sweet Mia - 24"
ESCORT_BODY = "Hello gentlemen, real pics. Call or text 702-555-0142."


def test_the_bare_soft_cue_post_is_commercial(screener: Screener) -> None:
    labels, codes = screen(screener, ESCORT_TITLE, ESCORT_BODY)
    assert "commercial_sex" in labels
    assert {"CUE_TITLE_AGE", "CUE_GENTLEMEN", "REASSURE_REAL_PHOTOS", "CUE_CALL_TEXT"} <= codes


@pytest.mark.parametrize(
    "marker",
    [
        # the poster's own life
        "Single dad of two, my kids come first.",
        "Widowed three years ago and ready to meet someone.",
        "Looking for love and a long term relationship, friends first.",
        "Please be single and be honest about your age.",
        "Just friends, no couples.",
        # an explicit no-payment
        "Nothing paid, nobody pays anybody.",
        "This is not a paid arrangement and I am not a sugar anything.",
        "I expect nothing in return.",
        "A regular friend wanted, no pay to play.",
        "I will not pay for company, just good conversation.",
        # a massage given for nothing
        "Massage student offering a free massage to practise.",
        # the reader's picture and a reply protocol
        "Your pic gets mine.",
        "Put an animal in the subject line, it shows me you finished reading.",
        "Tell me your stats, trade pics first.",
    ],
)
def test_a_personal_ads_voice_cancels_the_soft_cues(screener: Screener, marker: str) -> None:
    """A personal ad greets, promises real pictures, gives a phone and its age in the title too;
    its own life, an explicit no-payment or a reply protocol says it is a date, not a sale."""
    assert screen(screener, ESCORT_TITLE, f"{ESCORT_BODY} {marker}")[0] == []


@pytest.mark.parametrize(
    "marker",
    [
        "Nothing paid up front, 200 roses for the hour.",  # a rate euphemism: a hard term
        "Single and fun, gfe and pse available.",  # service terms
        "Not a sugar arrangement. Full service, by the hour.",
    ],
)
def test_hard_commercial_terms_still_count_beside_a_personal_marker(screener: Screener, marker: str) -> None:
    assert "commercial_sex" in screen(screener, ESCORT_TITLE, f"{ESCORT_BODY} {marker}")[0]


@pytest.mark.parametrize(
    "marker",
    [
        # Providers sell "an hour of real connection"; a seller's exclusions ("no pros") are a
        # buyer's too; "wifey" names a controlled woman; taking classes is the poster's schooling.
        "Treat yourself to an hour of real connection.",
        "No pros, no drama.",
        "Ask about my wifey too.",
        "Taking dance classes, always up for new things.",
        # a parlour's extras beside a paid session, not a massage given for nothing
        "Free shower, free massage with every hour.",
        "Get a free massage with every hour booked.",
    ],
)
def test_words_near_the_personal_markers_do_not_cancel(screener: Screener, marker: str) -> None:
    assert "commercial_sex" in screen(screener, ESCORT_TITLE, f"{ESCORT_BODY} {marker}")[0]


@pytest.mark.parametrize(
    "head",
    ["Hard pass on", "I pass on", "Steer clear of", "Stay away from", "Say no to"],
)
@pytest.mark.parametrize("term", ["escorts", "sugar daddies", "generous men", "arrangements", "body rubs"])
def test_an_exclusion_without_a_negator_word_denies_the_term(screener: Screener, head: str, term: str) -> None:
    body = f"Proud single parent, loves hiking and old films. {head} {term}, just a regular person."
    assert screen(screener, "Dinner and a movie", body, "personals")[0] == []


def test_the_same_terms_claimed_still_count(screener: Screener) -> None:
    labels, codes = screen(screener, "Tonight only", "Upscale escorts, see you at the hotel.", "personals")
    assert "commercial_sex" in labels and "CS_SERVICE_TERM" in codes


@pytest.mark.parametrize(
    ("section", "title", "body"),
    [
        # A lesson's sessions, hourly rate and call-or-text terms, in the adult section.
        (
            "adult",
            "Dance coach for shy men",
            "Learn to dance, salsa and swing. Private sessions by appointment, $40/hr. Call or text 978-555-0104.",
        ),
        ("adult", "Swim lessons for adults", "Private lessons, $50 an hour, book now. Call or text 978-555-0105."),
        # An object sold with real photos, available now and a phone.
        (
            "for-sale",
            "Guitar - $200 obo",
            "Like new. Measurements on request. Available now. Real photos, not stock. Call or text 873-555-0101.",
        ),
        # A rental's suite, showings and gift card.
        (
            "housing",
            "Suite for rent available now",
            "Showings by appointment only. $25 gift card with a 12 month "
            "lease. Application fee $50. Call or text 839-555-0137.",
        ),
        # A school fundraiser hosting a breakfast, with donations.
        (
            "community",
            "Band fundraiser",
            "The team is hosting a pancake breakfast Saturday. Donations of any size "
            "welcome. Call or text 850-555-0132.",
        ),
    ],
)
def test_a_lesson_a_sale_a_rental_or_an_event_stays_ordinary(
    screener: Screener, section: str, title: str, body: str
) -> None:
    assert screen(screener, title, body, section)[0] == []


def test_the_lessons_cues_without_the_lesson_are_still_commercial(screener: Screener) -> None:
    body = "Private sessions by appointment, $40/hr. Hello gentlemen. Call or text 978-555-0104."
    assert "commercial_sex" in screen(screener, "Sweet Mia - 24", body, "adult")[0]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        # a shared room is a date's, not a venue; "your place or mine" names no hotel
        ("Your place or a motel we split, adult fun, gfe.", "VENUE_HOTEL"),
        ("Your place or mine, adult fun, gfe.", "VENUE_HOTEL"),
        # family and work trips are the poster's own
        ("Visiting my sister this week, gfe.", "CUE_VISITING"),
        ("I travel a lot for work, gfe.", "CUE_HOST_TRAVEL"),
        # excluding fake respondents and asking for the reader's pictures are no claim about one's own
        ("GFE. No fakes or flakes.", "REASSURE_REAL_PHOTOS"),
        ("Real pics in the reply, gfe.", "REASSURE_REAL_PHOTOS"),
        # a promise of good treatment is a soft pleasure cue, not a commercial_sex phrase
        ("I'll treat you right, gfe.", "CS_SOLICIT_PHRASE"),
    ],
)
def test_phrases_count_only_in_their_commercial_reading(screener: Screener, body: str, code: str) -> None:
    """Each body carries a hard term ("gfe") so that every indicator is reported: the phrase
    must not be read as `code`."""
    labels, codes = screen(screener, "Tonight", body)
    assert "commercial_sex" in labels and code not in codes


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("Staying at a motel by the airport, gfe.", "VENUE_HOTEL"),
        ("Visiting this week only, gfe.", "CUE_VISITING"),
        ("I travel to you, gfe.", "CUE_HOST_TRAVEL"),
        ("GFE. No fakes, real pics.", "REASSURE_REAL_PHOTOS"),
        ("Come see me a very discreet lady, gfe.", "CUE_HOST_TRAVEL"),
    ],
)
def test_the_commercial_readings_still_count(screener: Screener, body: str, code: str) -> None:
    assert code in screen(screener, "Tonight", body)[1]


@pytest.mark.parametrize(
    ("title", "body"),
    [
        # soft cues of several kinds written by a seeker, each kind canceled or read in scope
        (
            "Rainy day plans - 48",
            "Married guy here. Can host. I'll treat you right. You won't be disappointed. "
            "Good time guaranteed. Call or text 516-555-0100.",
        ),
        ("Third for us - 27", "Single guy, 27. Let's have a good time. No fakes or flakes. Can host."),
        (
            "Looking for love - 51",
            "Not looking for paid company. Call or text if interested. I travel a lot for work. Text 408-555-0100.",
        ),
    ],
)
def test_seekers_soft_cues_stay_ordinary_in_every_personal_section(screener: Screener, title: str, body: str) -> None:
    for section in ("dating", "personals", "adult"):
        assert screen(screener, title, body, section)[0] == [], section


def test_every_counter_cue_kind_cancels_in_the_weights() -> None:
    """The counter-cue rules' kinds are the weights' `cancel` kinds: a kind that no rule names,
    or a counter-cue rule whose kind does not cancel, would silently do nothing. (A weightless cue
    that counts for an ad, bodywork, has its own worth in `kinds`.)"""
    cues = load_weights().commercial.cues
    cancel = set(cues.cancel)
    counter = {
        rule.cue
        for rule in load_lexicon().rules
        if rule.cue and rule.weight == 0.0 and rule.category == "other" and rule.cue not in cues.kinds
    }
    assert cancel == counter
    assert {"exchange", "personal", "unpaid", "instruction", "sale", "tenancy"} <= cancel


@pytest.mark.parametrize(
    "body",
    [
        # soft cues real commercial posts use and lawful personals do not: a pet name greeting
        # the reader, an invitation to call, a week-only stay, a pleasure offer
        "Hey sweetie, give me a call 702-555-0142.",
        "Hi guys, here this week only. 702-555-0142",
        "Spoil yourself tonight, call me 702-555-0142.",
        "Calls and texts welcome at 702-555-0142, come play.",
    ],
)
def test_a_name_and_age_title_with_invitations_is_commercial(screener: Screener, body: str) -> None:
    assert "commercial_sex" in screen(screener, "Sweet Mia - 24", body)[0]


@pytest.mark.parametrize(
    "body",
    [
        "Call me crazy, but I like rainy days. 702-555-0142",
        "Spoil yourself with our new menu, call 702-555-0142.",
        "Hey guys, the book club meets Tuesday, give me a call 702-555-0142.",
    ],
)
def test_the_invitations_without_a_person_offered_stay_ordinary(screener: Screener, body: str) -> None:
    assert screen(screener, "Book club tonight", body, "personals")[0] == []


def test_the_invitations_beside_a_personal_voice_stay_ordinary(screener: Screener) -> None:
    body = "Hey guys, single dad here, give me a call 702-555-0142."
    assert screen(screener, "Sweet Mia - 24", body)[0] == []


# An erotic massage offered for nothing, in the poster's own words: the massage terms, a visit, a
# session's length and "no rushing" add up to a paid session unless the post says it is free.
FREE_MASSAGE = (
    "Curious about tantric massage? I travel to your place with oils and a table. Sessions last an hour "
    "or two and there is never any rushing. {offer} Write to me to pick a day."
)


def test_an_unpaid_massage_offer_is_not_commercial(screener: Screener) -> None:
    body = FREE_MASSAGE.format(offer="I am giving a free massage to practise my technique.")
    assert screen(screener, "Relaxing massage at your place", body, "personals")[0] == []


@pytest.mark.parametrize(
    "offer",
    [
        "Rates are 120 an hour.",  # a rate
        "Free shower, free massage, call now.",  # a parlour's list of extras
        "New clients get a free massage with every hour.",
    ],
)
def test_the_same_massage_offer_with_a_rate_or_as_an_extra_is_commercial(screener: Screener, offer: str) -> None:
    body = FREE_MASSAGE.format(offer=offer)
    assert "commercial_sex" in screen(screener, "Relaxing massage at your place", body, "personals")[0]
