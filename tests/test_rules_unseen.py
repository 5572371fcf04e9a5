"""The rule path on wording it was not written from (issue 14): how commercial-sex ads are built,
read as general patterns - an adult-site category in a copied page header, a booker speaking for
several women, a house that rotates them, a promise of secrecy, payment up front, client
verification, short-notice availability and a circuit between cities. Each pattern has lawful
counterparts that must stay unflagged: the same wording in a rental, a care agency, a singer's
booking, a counsellor's promise, a personal post. Clinical synthetic text written for these
tests; phone numbers use the 555-01xx range."""

from __future__ import annotations

import pytest

from rules_screen import screen_full as screen
from samaritan import Screener


@pytest.fixture(scope="module")
def screener(rules_screener: Screener) -> Screener:
    """This file tests the rule path's own reading (its docstring): pinned to `model="none"`;
    the default engine's verdicts on lawful ads are held by test_screen.py's trap suite."""
    return rules_screener


# --- an adult-site category carried by a copied page header --------------------------------------


@pytest.mark.parametrize("section", ["dating", "personals", "services", "adult"])
@pytest.mark.parametrize(
    "header",
    [
        "Listing 20931 | Flag this listing | Trans companions | Example Classifieds",
        "Home > Denver > Female companions > Example Classifieds",
        "Adult services | Denver | Example Classifieds",
    ],
)
def test_a_page_header_naming_an_adult_category_is_commercial_in_any_section(
    screener: Screener, header: str, section: str
) -> None:
    """The category the site filed the ad under travels with the copied page, whatever section
    it is posted in: the same text gets the same label everywhere."""
    labels, codes, _ = screen(screener, "", f"Text me at 702-555-0150 tonight.\n{header}", section)
    assert "commercial_sex" in labels
    assert "CS_ADULT_CATEGORY" in codes


@pytest.mark.parametrize(
    "body",
    [
        "Listing 20931 | Housing | Apartments for rent | Example Classifieds. Text 702-555-0151.",
        "Adult protective services case worker wanted, county office. Call 702-555-0152.",
        "Adult services department, office hours 9 to 5. Call 702-555-0153.",
        "Looking for female companions to travel with this summer, split costs. Text 702-555-0154.",
        "Female companions for seniors, our caregivers visit at home. Call 702-555-0155.",
        "No trans escorts, no pros, just a regular date. Text me.",
    ],
)
def test_category_words_in_lawful_posts_stay_ordinary(screener: Screener, body: str) -> None:
    labels, codes, _ = screen(screener, "", body)
    assert labels == []
    assert "CS_ADULT_CATEGORY" not in codes


def test_a_personal_post_naming_the_posters_identity_is_not_a_category(screener: Screener) -> None:
    """Identity shorthand in a personal post ("ts/tv") names the poster, not a site's listing."""
    labels, _, _ = screen(screener, "Friendly ts/tv, 35", "Looking for a kind man for coffee, ts/tv here.", "personals")
    assert labels == []


# --- a booker speaking for several women, a house rotating them ------------------------------------

BOOKER = (
    "Book through the desk for any of the ladies. The new one keeps no phone of her own, "
    "we bring her to you. Call or text 702-555-0160."
)


def test_a_booker_speaking_for_several_women_is_commercial_and_trafficking(screener: Screener) -> None:
    labels, codes, categories = screen(screener, "New this week", BOOKER)
    assert {"commercial_sex", "trafficking_risk"} <= set(labels)
    assert "third_party" in categories
    assert {"TP_ROTATION", "TP_CONTROL"} <= codes


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        ("Pick from our four lovely ladies tonight.", "TP_SELECTION"),
        ("Choose among three sweet girls. The rest is up to you.", "TP_SELECTION"),
        ("Duo available, and a different girl every week.", "TP_ROTATION"),
        ("Rotating staff, always fresh faces every weekend.", "TP_ROTATION"),
        ("Ask for any of the ladies. The new one is shy.", "TP_ROTATION"),
    ],
)
def test_a_choice_among_women_is_a_house_and_raises_trafficking_risk(
    screener: Screener, sentence: str, code: str
) -> None:
    """Several women offered in one ad: a house or an agency, reported as third party, and a
    higher trafficking risk than the same ad offering one woman."""

    def verdict(body: str) -> tuple[list[str], set[str], set[str], float]:
        v = screener.screen({"id": "t", "category": "adult", "title": "Tonight - 25", "body": body})
        return v.labels, {i.code for i in v.indicators}, {i.category for i in v.indicators}, v.risk["trafficking"]

    *_, alone = verdict("Hello gentlemen. Call or text 702-555-0161.")
    labels, codes, categories, risk = verdict(f"Hello gentlemen. {sentence} Call or text 702-555-0161.")
    assert "commercial_sex" in labels
    assert "third_party" in categories
    assert code in codes
    assert risk > alone + 0.2


@pytest.mark.parametrize(
    ("title", "body"),
    [
        # a singer booked through her manager: a third person and a booker, for an event
        ("Wedding singer", "Book her for your wedding or party through her manager. Call or text 702-555-0162."),
        ("Live music", "Our band plays weddings, she does vocals. Booking through her manager, call 702-555-0162."),
        # a choice of floor plans, guides or colours is no choice among women
        ("Two bedroom", "Choose between two floor plans, cash only for the deposit. Call or text 702-555-0163."),
        ("City tours", "Choose between three friendly guides for your tour. Call or text 702-555-0164, available now."),
        # a care agency's companions
        ("Home care", "Our companions keep your loved one company at home. Call or text 702-555-0165."),
    ],
)
def test_bookings_and_choices_in_lawful_ads_stay_ordinary(screener: Screener, title: str, body: str) -> None:
    assert screen(screener, title, body, "services")[0] == []


def test_an_agency_offering_its_companions_at_the_hotel_is_commercial(screener: Screener) -> None:
    body = "A city of lights and late dinners. Let our chosen companions keep you company at your hotel. 702-555-0166"
    labels, codes, _ = screen(screener, "The agency downtown", body)
    assert "commercial_sex" in labels
    assert {"CS_AGENCY_COMPANIONS", "CUE_COMPANY_OFFER"} <= codes


# --- secrecy, payment up front, verification, availability, circuits: reported in commercial ads ---

# A commercial ad of soft cues (a name-and-age title, a greeting, call-or-text and a phone): each
# sentence below adds one category's wording to it.
ESCORT_TITLE = "Sweet Lena - 25"
ESCORT_BODY = "Hello gentlemen, easy to talk to. Call or text 702-555-0170."


@pytest.mark.parametrize(
    ("sentence", "category", "code"),
    [
        ("Whatever we share stays between us.", "reassurance", "REASSURE_DISCRETION"),
        ("Your privacy comes first with me.", "reassurance", "REASSURE_DISCRETION"),
        ("Unedited photos, no photoshop.", "reassurance", "REASSURE_REAL_PHOTOS"),
        ("Never rushed, you will want to come back.", "reassurance", "CUE_NO_RUSH"),
        ("A booking fee up front holds your time, cash only.", "payment", "PAY_UPFRONT_CASH"),
        ("Verified clients only, first timers screened.", "screening", "SCREEN_CLIENT_VERIFY"),
        ("New clients must send a selfie and first name.", "screening", "SCREEN_CLIENT_VERIFY"),
        ("Short notice ok, free right now.", "availability", "AVAIL_ROUND_CLOCK"),
        ("In the city through the weekend, next stop the coast.", "movement", "MOVE_CIRCUIT"),
    ],
)
def test_each_categorys_wording_is_reported_in_a_commercial_ad(
    screener: Screener, sentence: str, category: str, code: str
) -> None:
    labels, codes, categories = screen(screener, ESCORT_TITLE, f"{ESCORT_BODY} {sentence}")
    assert "commercial_sex" in labels
    assert category in categories
    assert code in codes


@pytest.mark.parametrize(
    ("title", "body", "section"),
    [
        # a counsellor's confidentiality and a sitter's promise
        (
            "Counselling",
            "Confidential counselling, your privacy comes first. Call or text 702-555-0171, available today.",
            "services",
        ),
        ("Pet sitting", "Your pets stay at home, I keep them company. Call or text 702-555-0172.", "pets"),
        # a seller's cash only and short notice, a landlord's verification
        ("Couch", "Cash only, pick up on short notice. Call or text 702-555-0173.", "for-sale"),
        (
            "Studio for rent",
            "Income verification and references required, cash only deposit. Call 702-555-0174.",
            "housing",
        ),
        # a traveller's circuit
        ("Ride share", "Heading to the coast through the weekend, next stop the lake. Text 702-555-0175.", "community"),
        # a personal post's discreet, unpaid encounter, with no number to call
        ("Discreet", "Married and curious, nobody will know, host or travel. Reply by email.", "personals"),
        ("Company", "Want some company tonight? Regular guy, nothing paid. Reply here.", "personals"),
    ],
)
def test_the_same_wording_in_lawful_ads_stays_ordinary(screener: Screener, title: str, body: str, section: str) -> None:
    assert screen(screener, title, body, section)[0] == []
