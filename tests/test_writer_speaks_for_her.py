"""A booker writes his control in the first person (TP_WRITER_SPEAKS_FOR_HER, kind `control`,
1.3): he takes the calls for the women, talks or translates for her, picks one for the client,
takes the money, tells the client not to call her, says the number is not hers, or brings her.
Such ads were labelled commercial but not trafficking_risk: the third-person grammars of
TP_CONTROL_SPOKEN and TP_REACHED_THROUGH read "he handles her bookings", not "I handle all the
texts". A parent's, a carer's, an office's or a seller's first person is left alone."""

from __future__ import annotations

import pytest

from samaritan.engine.screener import Screener

BOOKER_WRITES = [
    (
        "personals",
        "Tonight only",
        "Answering calls for my girls this evening, two free now, incall. Say what you want and I choose a girl"
        " for you. 702-555-0141",
    ),
    (
        "dating",
        "Meet Jade, 23",
        "Jade, 23, sweet and petite. She is nervous so I handle all the texts. 180 hr, incall by the stadium."
        " 702-555-0142",
    ),
    ("adult", "Ruby 24", "Ruby 24, new this week. Don't call her, call Dex. Incall and outcall. 702-555-0143"),
    (
        "dating",
        "Sofia is visiting",
        "Sofia here for a week, 26, lovely, does not speak any English so I translate. 200 roses the hour."
        " 702-555-0144",
    ),
    ("adult", "Nina", "Nina 25, she is with me, I handle the texting. 140 hh 240 hr, it isnt her cell. 702-555-0145"),
]


@pytest.mark.parametrize(("section", "title", "body"), BOOKER_WRITES)
def test_a_booker_in_the_first_person_is_trafficking_risk(
    either_path: Screener, section: str, title: str, body: str
) -> None:
    verdict = either_path.screen({"id": "w", "category": section, "title": title, "body": body})
    assert "TP_WRITER_SPEAKS_FOR_HER" in {i.code for i in verdict.indicators}, verdict.reasons
    assert {"commercial_sex", "trafficking_risk"} <= set(verdict.labels), verdict.reasons


@pytest.mark.parametrize(
    ("section", "body"),
    [
        ("services", "Caregiver wanted for my mother, 3 days a week. I handle her appointments. Call 702-555-0146"),
        ("childcare", "Looking for a sitter on Fridays, I will drive her to your house at 8. Text 702-555-0147"),
        ("community", "The kids don't speak English yet, I translate at school meetings. Volunteers welcome."),
        ("for sale", "Dresses in all sizes, I choose the right size for you. Cash to me, not the agent. 702-555-0148"),
        ("services", "Front office: taking calls for the front desk, 9 to 5. Don't call her cell, call the office."),
    ],
)
def test_a_lawful_first_person_is_nothing(either_path: Screener, section: str, body: str) -> None:
    verdict = either_path.screen({"id": "l", "category": section, "title": "Info", "body": body})
    assert verdict.labels == [], verdict.reasons
    assert "TP_WRITER_SPEAKS_FOR_HER" not in {i.code for i in verdict.indicators}
