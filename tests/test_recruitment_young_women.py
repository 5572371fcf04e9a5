"""Recruitment that sets a young age band for women (lexicon 2026.12.75, weights 2026.12.42): a
job for "women 18-24" or one that says "must be 18-23", beside a lure (hundreds paid a night or a
date, a guaranteed income, thousands in a first month) or a request for body photos, is the
deceptive offer that recruits into commercial sex (Polaris typology; UNODC indicators), and it is
trafficking_risk in any section. A lawful employer sets no ceiling of 25 on women; the au pair
programme's 18-26, board charged against pay and a personal ad's "women 18-29" stay ordinary.
And a recruitment ad that the learned stage also reads as commercial keeps its trafficking label.
Clinical synthetic text written for these tests; phone numbers use the 555-01xx range."""

from __future__ import annotations

import pytest

from conftest import fix_model
from samaritan.engine.screener import Screener

RECRUITING = [
    (
        "jobs",
        "Yacht party staff",
        "Event staff wanted for private yacht parties on weekends. Must be 18-23. Pay $450 per night, cash at the "
        "end of the trip. No experience, we teach you. Text 305-555-0121.",
    ),
    (
        "help wanted",
        "Travel hostess positions",
        "Our touring company takes on hostesses for its autumn season. Ladies 19-24, no experience. Make $5,000 "
        "your first month. Apply by text 602-555-0133.",
    ),
    (
        "talent",
        "Catalogue casting",
        "A catalogue shoot is casting new faces. Must be slim, 19-26. Send swimsuit photos to 310-555-0144, "
        "we answer within the day.",
    ),
]

ORDINARY = [
    (
        "jobs",
        "Au pair in Lyon",
        "A family of four is looking for an au pair for the school year. Programme rules: every au pair must be "
        "18-26 and hold a driving licence. Weekly stipend, own room, a paid holiday of two weeks.",
    ),
    (
        "jobs",
        "Mountain hut crew",
        "Seasonal crew for a mountain hut, June to September: cooks, cleaners and a porter. Bunks at $11 a night "
        "deducted from wages, the cost of meals deducted from wages too. Apply on our website.",
    ),
    (
        "personals",
        "Hiking partner",
        "Man, 27, new to the valley. Looking for women 18-29 to hike with on Sundays, nothing more. Message me here.",
    ),
]


@pytest.mark.parametrize(("section", "title", "body"), RECRUITING)
def test_young_women_with_a_lure_is_trafficking_risk(
    either_path: Screener, section: str, title: str, body: str
) -> None:
    verdict = either_path.screen({"id": "r", "category": section, "title": title, "body": body})
    assert "trafficking_risk" in verdict.labels, verdict.to_dict()["indicators"]
    assert any(i.code == "TP_RECRUIT_YOUNG_WOMEN" for i in verdict.indicators)


@pytest.mark.parametrize(("section", "title", "body"), ORDINARY)
def test_lawful_age_bands_and_board_stay_ordinary(either_path: Screener, section: str, title: str, body: str) -> None:
    verdict = either_path.screen({"id": "o", "category": section, "title": title, "body": body})
    assert verdict.labels == [], verdict.to_dict()["indicators"]
    assert verdict.decision == "allow"


def test_a_recruitment_ad_read_as_commercial_keeps_its_trafficking_label(monkeypatch: pytest.MonkeyPatch) -> None:
    # The model near certain of a commercial reading and of no trafficking: the recruitment signs
    # (young women only, duties with guests in private, pay by the night) still label
    # trafficking_risk, as they do where it reads nothing commercial.
    fix_model(monkeypatch, commercial=0.99)
    ad = {
        "id": "c",
        "category": "jobs",
        "title": "VIP hostess openings",
        "body": "Our entertainment company is hiring women 19-25 as hostesses for private events in three cities. "
        "Must be ready to socialize with the clients after hours. Earn $600 a night, paid in "
        "cash, hotel rooms and meals on us. Text 212-555-0166 with one recent photo.",
    }
    verdict = Screener(model="default").screen(ad)
    assert "commercial_sex" in verdict.labels
    assert "trafficking_risk" in verdict.labels
    assert verdict.risk["trafficking"] >= 0.5
