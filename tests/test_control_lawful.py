"""A keeper's control said plainly makes an ad commercial with one more kind of cue (weights.yaml
`cues.fewer_with`), and labels trafficking. The same words are a camp's, a recital's, a troop's or a
parent's rules about children, and those ads had been labelled commercial_sex and trafficking_risk,
a 14-year-old pianist's minor_risk too (weights 2026.12.51, lexicon 2026.12.94-95): "call or text"
and a youth word no longer complete the shortcut, "they" is no longer read as the woman offered,
children in a group's care and a parent speaking of a child cancel the soft cues; a crew's, a salon's and an event
agency's own work (lexicon 2026.12.95) is another trade's. Booker-written ads still label.
Clinical synthetic text; phones 555-01xx."""

from __future__ import annotations

import pytest

from samaritan.engine.cue_weights import CueWeights
from samaritan.engine.screener import Screener

LAWFUL = [
    (
        "community",
        "Girls soccer camp",
        "Girls ages 8-12. The girls are not allowed to have phones during practice. 702-555-0111",
    ),
    (
        "community",
        "Summer camp",
        "Campers ages 8-12. They do not keep phones during the day; parents can call the office. 702-555-0107",
    ),
    ("services", "Young pianist", "Our daughter, 14, plays piano for parties. Her dad handles her phone. 702-555-0117"),
    ("community", "Retreat", "Silent retreat: they don't have phones for the weekend. 702-555-0110"),
    ("community", "Dance recital", "The girls cannot keep their phones backstage. Call 702-555-0112 for tickets."),
    (
        "community",
        "Cookie sale",
        "Troop 12 cookie sale. The girls can't accept cash directly, parents handle money. 702-555-0114",
    ),
    (
        "community",
        "Choir",
        "Girls choir, ages 10-14, performing Sunday. The girls are not allowed to accept cash. 702-555-0120",
    ),
    # (lexicon 2026.12.95) a crew's, a salon's and an event agency's own voice and booking line
    (
        "services",
        "Cleaning crew",
        "Our girls clean homes top to bottom. Book through me, I send two girls to your place. 702-555-0130",
    ),
    ("services", "Salon", "Ask for Maria, she does color and cuts. Walk-ins welcome, open late. 702-555-0131"),
    (
        "services",
        "Nail salon",
        "New girls just started, all licensed. Manicures and pedicures, open 7 days. 702-555-0132",
    ),
    (
        "services",
        "Promo models",
        "Promo models for trade shows, ladies 21+. All bookings through the agency. 702-555-0144",
    ),
    (
        "community",
        "Dance team",
        "Our dance team's girls perform at halftime, new girls join every season, book us. 702-555-0126",
    ),
    # (lexicon 2026.12.96) an agent's or an assistant's bookings
    (
        "services",
        "Photo model",
        "Model, 23, for catalog and fashion shoots. Her agent handles her bookings. 702-555-0123",
    ),
    (
        "services",
        "Personal chef",
        "Personal chef Maria, 41, private dinners. Her assistant handles her bookings. 702-555-0125",
    ),
    # ... and others in a keeper's words that already passed
    (
        "community",
        "Youth hockey",
        "U12 girls team tryouts. Coach handles all the calls, players can't have phones on the bench. 702-555-0138",
    ),
    (
        "services",
        "Dog walker",
        "College girl, 20, walks dogs. My mom handles my bookings while I'm in class. 702-555-0139",
    ),
    ("services", "Housekeeper", "Housekeeper, 38, weekdays. My husband drives me to your home and waits. 702-555-0140"),
    (
        "community",
        "Church trip",
        "Youth group trip to the lake. The kids will not have phones, leaders answer all calls. 702-555-0142",
    ),
    (
        "services",
        "Companion for seniors",
        "Kind lady, 52, companion for seniors, drives to appointments. My daughter handles my calls. 702-555-0147",
    ),
    (
        "community",
        "Pageant",
        "Little Miss pageant, girls 5-12, registration open. Parents handle entry fees. 702-555-0152",
    ),
]

KEPT = [
    ("adult", "Niece new in town", "My niece, 16, new in town this week. Her uncle handles her phone. 702-555-0121"),
    ("adult", "3 girls tonight", "3 girls tonight, call Dre, he texts you the room. 702-555-0122"),
    ("dating", "Lola", "Lola, 24. Incall only. My uncle will set up your visit. 702-555-0134"),
]


@pytest.mark.parametrize(("section", "title", "body"), LAWFUL)
def test_a_groups_or_a_parents_rules_are_no_keepers_control(
    either_path: Screener, section: str, title: str, body: str
) -> None:
    verdict = either_path.screen({"id": "l", "category": section, "title": title, "body": body})
    assert verdict.labels == [], (body, verdict.reasons)


@pytest.mark.parametrize(("section", "title", "body"), KEPT)
def test_a_keepers_ad_is_still_commercial_and_trafficking(
    either_path: Screener, section: str, title: str, body: str
) -> None:
    verdict = either_path.screen({"id": "k", "category": section, "title": title, "body": body})
    assert {"commercial_sex", "trafficking_risk"} <= set(verdict.labels), (body, verdict.reasons)


def test_weak_kinds_do_not_complete_the_shortcut() -> None:
    cw = CueWeights(per_kind=0.5, min_kinds=3, fewer_with={"control": 2}, fewer_not_with=["contact_terms", "youth"])
    assert cw.score({"control", "venue"}) == pytest.approx(1.0)  # control and one more kind
    assert cw.score({"control", "contact_terms"}) == 0.0  # ... not "call or text"
    assert cw.score({"control", "youth"}) == 0.0  # ... nor a youth word
    assert cw.score({"control", "contact_terms", "youth"}) == pytest.approx(1.5)  # three kinds count as any three
