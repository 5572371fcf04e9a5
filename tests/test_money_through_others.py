"""A third party who takes the money or the bookings for the woman offered.

Pimp control shows in the ad as money and contact routed through someone else: "you pay him",
the deposit goes to the agency, the client must not discuss the price with her, a relative or
"her guy" books and collects, she does not text so the client goes through him. Each is on the
UNODC and Polaris indicator lists (control of earnings and of contact); in a commercial ad it is
trafficking_risk. The same words in lawful ads (a delivery driver's cash, a charity's donations, an
adoption fee, a landlord's rent, a realtor's clients) must pass. Clinical synthetic text written
for these tests; phones in the 555-01xx range."""

from __future__ import annotations

import pytest

from samaritan.engine.policy import ConfigError, Weights, load_weights
from samaritan.engine.screener import Screener
from samaritan.engine.weight_codes import check_codes

CONTROLLED = [
    ("adult", "Two friends in town", "Two friendly ladies at the airport inn through Friday. Incall, 160 an hour. "
     "Txt us, not the girls, they keep their phones off. 702-555-0160"),
    ("dating", "Lena visiting", "Lena, 27, visiting this week. Her aunt handles the bookings and the money, "
     "she speaks little English. Hotel incall, 180/hr. 702-555-0161"),
    ("adult", "Agency companions", "Agency companions, outcall to hotels, 250 an hour. Deposits go to our booker "
     "by app, never try to pay the ladies directly. 702-555-0162"),
    ("personals", "Tonight only", "Posting for my friend, in town two nights, 24, sweet. She doesn't text so "
     "call him, 150 the half hour at her hotel. 702-555-0163"),
    ("massage", "Late spa", "Ladies available late, private rooms, 60 for 30 min. Pay the mamasan at the front. "
     "702-555-0164"),
]  # fmt: skip

LAWFUL = [
    ("for-sale", "Sofa delivery", "Sofa delivered same day; cash payment collected by the driver on delivery. "
     "Call 702-555-0170"),
    ("community", "Fundraiser for Mr. Ruiz", "Neighbours raising help for Mr. Ruiz after the fire; all donations go "
     "to him and his family. Drop-off at the church hall."),
    ("pets", "Adopt a beagle", "Beagle mix ready for a home. Adoption fees are paid to the agency at pickup. "
     "702-555-0171"),
    ("housing", "Studio available", "Studio near the park, 900 a month. Rent payments are collected by the manager "
     "on the first. Text me, not my mom, she doesn't use this app. 702-555-0172"),
    ("services", "Realtor", "Licensed realtor, I represent buyers and sellers across the county. "
     "Free market estimate. 702-555-0173"),
    ("jobs", "Office assistant", "Small law office seeks an assistant. Do not discuss salary with other staff. "
     "Apply with resume."),
]  # fmt: skip


@pytest.mark.parametrize(("section", "title", "body"), CONTROLLED)
def test_money_or_bookings_through_someone_else_is_trafficking_risk(
    either_path: Screener, section: str, title: str, body: str
) -> None:
    verdict = either_path.screen({"id": "c", "category": section, "title": title, "body": body})
    assert {"commercial_sex", "trafficking_risk"} <= set(verdict.labels), (title, verdict.reasons)
    assert any(i.code == "TP_REACHED_THROUGH" for i in verdict.indicators), title


@pytest.mark.parametrize(("section", "title", "body"), LAWFUL)
def test_lawful_money_and_contact_wording_passes(either_path: Screener, section: str, title: str, body: str) -> None:
    verdict = either_path.screen({"id": "l", "category": section, "title": title, "body": body})
    assert verdict.labels == [] and verdict.decision == "allow", (title, verdict.labels)


def test_a_booker_line_alone_is_no_trafficking_label(rules_screener: Screener) -> None:
    """Bookings through an agency's line are an independent's too: without money or contact held by
    someone else and nothing else said, the ad gets no trafficking label."""
    body = "Ava, 30, elegant dinner companion. Appointments only via her booker. 702-555-0180"
    verdict = rules_screener.screen({"id": "a", "category": "adult", "title": "Ava", "body": body})
    assert "trafficking_risk" not in verdict.labels


# A house that rotates its women, written as an independent's ad: no control word, a turnover.
ROTATING = {
    "id": "h",
    "category": "adult",
    "title": "Sweet company tonight",
    "body": "Hey there! The staff here moves on after a few days, so come soon. Discreet, real photos. "
    "Today in Reno through Sunday. 100 hh, $200 one hour. Text 7O2 555 Ol93",
}


def test_a_house_that_rotates_its_women_is_trafficking_risk_on_the_model_path(screener: Screener) -> None:
    verdict = screener.screen(ROTATING)
    assert {"commercial_sex", "trafficking_risk"} <= set(verdict.labels), verdict.reasons
    assert any(i.code == "TP_TURNOVER" for i in verdict.indicators)


def test_without_house_codes_the_rotation_is_left_to_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """The label above comes from weights.yaml `trafficking.house_codes` and `rotation_codes`, not
    from the model alone."""
    screener = Screener()
    stage = screener.stage
    assert stage is not None
    monkeypatch.setattr(stage, "_house", frozenset())
    monkeypatch.setattr(stage.weights.trafficking, "rotation_codes", [])
    assert "trafficking_risk" not in screener.screen(ROTATING).labels


def test_house_codes_must_name_lexicon_codes(rules_screener: Screener) -> None:
    raw = load_weights().model_dump()
    raw["trafficking"]["house_codes"] = ["TP_NO_SUCH_RULE"]
    with pytest.raises(ConfigError, match=r"trafficking\.house_codes names 'TP_NO_SUCH_RULE'"):
        check_codes(Weights.model_validate(raw), rules_screener.lexicon)


BOOKED_FOR_HER = [
    "Me and my friend are both here this week. Our friend handles all bookings, text him at 702-555-0165",
    "Sweet and new, 24. I book for her, she is shy on the phone. 702-555-0166",
    "My girl is free today, 23, pretty, 150 the hour. I bring her to you, cash on arrival. 702-555-0167",
]


@pytest.mark.parametrize("body", BOOKED_FOR_HER)
def test_someone_else_booking_or_bringing_her_is_read(rules_screener: Screener, body: str) -> None:
    verdict = rules_screener.screen({"id": "b", "category": "adult", "title": "Tonight", "body": body})
    # (control said plainly, since lexicon 2026.12.72: a friend or a man, not an agency's line)
    assert "TP_KEEPER_ARRANGES" in {i.code for i in verdict.indicators}, verdict.reasons


@pytest.mark.parametrize(
    ("section", "body"),
    [
        ("services", "Wedding photographer; my friend takes the photos at the reception. I book for weddings."),
        ("community", "Carpool: I bring her to school each morning and can take one more child."),
    ],
)
def test_a_lawful_booking_or_ride_is_not(either_path: Screener, section: str, body: str) -> None:
    verdict = either_path.screen({"id": "l", "category": section, "title": "Info", "body": body})
    assert {"TP_BOOKED_BY_OTHERS", "TP_KEEPER_ARRANGES"}.isdisjoint(i.code for i in verdict.indicators)
    assert verdict.labels == []


def test_a_debt_for_rent_is_no_rental(either_path: Screener) -> None:
    """ "Owes me for rent" is a debt held over the woman offered (TP_DEBT), not a rental's terms:
    the tenancy counter-cue (CUE_TENANCY) must not read it and cancel the ad's commercial cues."""
    body = "Sweet friend in town this month. She owes me for rent, so she sees generous men, 180 an hour. 702-555-0193"
    verdict = either_path.screen({"id": "d", "category": "personals", "title": "Help my cousin", "body": body})
    assert {"commercial_sex", "trafficking_risk"} <= set(verdict.labels), verdict.reasons
    assert "CUE_TENANCY" not in {i.code for i in verdict.indicators}
