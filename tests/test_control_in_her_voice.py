"""Control said in the offered woman's own voice, or by the house in the third person, and the
recruitment offers that bind a worker with a debt and a bed at the workplace (lexicon 2026.12.49,
weights 2026.12.30). A trafficking corpus written apart from the project put its control in these
forms: her boyfriend answers and takes the money, the house books and the women may not be
messaged, the therapists sleep where they work, the ticket is worked off; the rules read none of
them, and half of its ads were ordinary on both paths. The forms a seller, a worker, a salon or a
warning share stay ordinary. Clinical synthetic text; phone numbers in the 555-01xx range; every
person offered is an adult."""

from __future__ import annotations

import pytest

from samaritan.engine.screener import Screener

CONTROLLED = [
    ("adult", "Nina, new here", "Nina here, 25. Please text my boyfriend, not me, he answers everything. 150 an hour. "
     "480-555-0112", "TP_CONTROL_OWN_VOICE"),
    ("dating", "Sweet Lia", "I'm Lia, 27, sweet and calm. Donations go to my man at the door. 120 half hour. "
     "480-555-0113", "TP_CONTROL_OWN_VOICE"),
    ("personals", "Carla visiting", "Carla, 26, in town two nights. My boyfriend drives me to my calls, so book "
     "early. 200 for the hour. 480-555-0114", "TP_CONTROL_OWN_VOICE"),
    ("adult", "Jen tonight", "Jen, 24. I need to reach my quota today and my friend keeps the cash. 100 for 30 "
     "min. 480-555-0115", "TP_CONTROL_OWN_VOICE"),
    ("adult", "Vale", "Hola, soy Vale, 28. Mi novio contesta el telefono, yo no. 150 la hora. "
     "480-555-0116", "TP_CONTROL_OWN_VOICE"),
    ("adult", "Three ladies tonight", "Three ladies tonight, every visit booked through management. Never text the "
     "girls directly. 480-555-0117", "TP_HOUSE_SPEAKS"),
    ("massage", "Open every day", "The therapists sleep at the spa, so any hour works. Payment goes to the house, the "
     "girls never take cash. 60 min 80. 480-555-0118", "TP_HOUSE_SPEAKS"),
    ("dating", "Just arrived", "I just came to this city from abroad and must pay back my ticket, so I look for "
     "generous gentlemen. Text 480-555-0121", "TP_DEBT"),
    ("adult", "Rae, 25", "Rae, 25, friendly and calm. He drives me to outcalls, so give a cross street. 180 the "
     "hour. 480-555-0136", "TP_CONTROL_OWN_VOICE"),
    ("adult", "Two nights only", "Two nights only at an airport hotel, 150 the hour. Her driver sends you the room "
     "after you confirm. 480-555-0137", "TP_CONTROL_SPOKEN"),
]  # fmt: skip

RECRUITING = [
    ("jobs", "Hostesses wanted, travel paid", "Hostesses 21+ for a lounge in another state. We cover the bus "
     "ticket and you work it off. Living in a shared apartment with the other hostesses. Text 480-555-0119"),
    ("jobs", "Spa staff, room included", "Spa staff wanted, room included inside the spa. Bus fare advanced, repaid "
     "from daily tips. No ID required. Call 480-555-0120"),
]  # fmt: skip

LAWFUL = [
    ("personals", "Hiking buddy", "My boyfriend drives me to the trailhead on Saturdays and I need a hiking buddy "
     "for the rest. 480-555-0121"),
    ("for-sale", "Couch", "Blue couch, 200. I need to ask my boyfriend first, so text me by Friday. "
     "480-555-0122"),
    ("for-sale", "Bike", "Kids bike, 40. I can't answer calls at work, text me. 480-555-0132"),
    ("for-sale", "Sedan", "Selling my car to pay off my debt, runs well, 3000 or best offer. 480-555-0135"),
    ("pets", "Indoor cat", "Calm indoor cat, she never goes out and sleeps all day. Adoption fee 50. 480-555-0123"),
    ("services", "Hair salon", "Walk-ins welcome. Our stylists live in the neighborhood. Management sets the prices, "
     "call 480-555-0131"),
    ("services", "Band booking", "Our band plays weddings; our manager answers all booking questions. 480-555-0127"),
    ("housing", "2BR apartment", "Two bedroom apartment, parking fees are set by management, laundry on site. "
     "Call 480-555-0130"),
    ("jobs", "Au pair", "Au pair for a family of four, private room in our home, meals included, weekends off. "
     "You keep your own documents. 480-555-0126"),
    ("jobs", "Farm season", "Seasonal farm hands, bunkhouse housing on the farm, paid every Friday by direct "
     "deposit. 480-555-0128"),
    ("jobs", "Resort season", "Resort staff for the summer, staff housing at the resort, paid every two weeks. "
     "480-555-0134"),
    ("jobs", "Sales rep", "Sales rep wanted, make your quota and earn bonuses, we give you a phone and a car. "
     "480-555-0135"),
    ("dating", "Homebody", "Shy bookworm here, I never go out much, hoping to trade letters about old films. "
     "480-555-0136"),
]  # fmt: skip

# Warnings describe the offers to warn of them (weights `trafficking.recruitment.unless`).
WARNINGS = [
    ("community", "Know your rights", "Is your employer holding your passport or taking your wages for a travel "
     "debt? That may be illegal. Free legal aid every Tuesday. 480-555-0124"),
    ("community", "Warning: fake job offers", "Community warning: fake job offers promise free housing at the "
     "workplace and say the ticket is repaid from wages. A legitimate employer never does that. 480-555-0125"),
]  # fmt: skip


@pytest.mark.parametrize(("section", "title", "body", "code"), CONTROLLED)
def test_control_in_her_voice_or_the_houses_is_commercial_and_trafficking_risk(
    either_path: Screener, section: str, title: str, body: str, code: str
) -> None:
    verdict = either_path.screen({"id": "c", "category": section, "title": title, "body": body})
    assert {"commercial_sex", "trafficking_risk"} <= set(verdict.labels), (body, verdict.risk, verdict.reasons)
    assert code in {i.code for i in verdict.indicators}


@pytest.mark.parametrize(("section", "title", "body"), RECRUITING)
def test_a_job_that_binds_her_with_a_debt_and_a_bed_at_work_is_trafficking_risk(
    either_path: Screener, section: str, title: str, body: str
) -> None:
    verdict = either_path.screen({"id": "r", "category": section, "title": title, "body": body})
    assert "trafficking_risk" in verdict.labels, (body, verdict.reasons)
    assert {"TP_WORK_DEBT", "TP_LIVE_IN"} <= {i.code for i in verdict.indicators}


@pytest.mark.parametrize(("section", "title", "body"), LAWFUL + WARNINGS)
def test_the_same_words_from_a_seller_a_worker_or_a_warning_stay_ordinary(
    either_path: Screener, section: str, title: str, body: str
) -> None:
    verdict = either_path.screen({"id": "l", "category": section, "title": title, "body": body})
    assert verdict.labels == [] and verdict.decision == "allow", (body, verdict.risk, verdict.reasons)


def test_a_warning_is_what_keeps_its_recruitment_words_from_the_label(rules_screener: Screener) -> None:
    """Without the warning's words the same description is an offer's: the counter-cue does the work."""
    section, _title, body = WARNINGS[1]
    offer = body.replace("Community warning: fake job offers promise", "We offer").replace(
        " A legitimate employer never does that.", ""
    )
    verdict = rules_screener.screen({"id": "w", "category": section, "title": "Jobs", "body": offer})
    assert "trafficking_risk" in verdict.labels, (offer, verdict.reasons)
