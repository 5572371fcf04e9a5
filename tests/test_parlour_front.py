"""A massage parlour front's own advertising (lexicon 2026.12.81-82): a shower for the client, the looks
of its staff, a VIP room, relaxation for men (CUE_PARLOR; Polaris, "Hidden in Plain Sight"). In a
short massage ad the learned model tells a clinic from a front, and labels alone only where the
lexicon reads the ad's commercial or structural shape: these words are that shape. Extras on
request ("extras if you ask", "you want anything extra, just ask", tips for special attention)
are the sex sold with the massage (CS_MASSAGE_EXTRAS). A licensed
clinic's short ad with evening hours for night crews says none of them and stays ordinary.
Clinical synthetic text; phone numbers use 555-01xx."""

from __future__ import annotations

import pytest

from samaritan.engine.screener import Screener

FRONTS = [
    ("Grand opening 🌸", "Asian spa, beautiful staff. Shower available, private room. 9am to 11pm daily. 614-555-0181"),
    ("Best relax in town", "Beautiful staff. Relaxation for men after work. VIP room. Call 718-555-0162"),
]


@pytest.mark.parametrize(("title", "body"), FRONTS)
def test_a_parlour_fronts_short_ad_is_labelled(screener: Screener, title: str, body: str) -> None:
    verdict = screener.screen({"id": "f", "category": "massage", "title": title, "body": body})
    assert "CUE_PARLOR" in {i.code for i in verdict.indicators}, verdict.reasons
    assert "commercial_sex" in verdict.labels, verdict.reasons


def test_a_clinic_open_late_stays_ordinary(screener: Screener) -> None:
    body = "Deep tissue and hot stone by licensed therapists, evening hours till 10pm for night crews. 614-555-0182"
    verdict = screener.screen({"id": "c", "category": "massage", "title": "Open late", "body": body})
    assert verdict.labels == [], verdict.reasons


@pytest.mark.parametrize(
    "body",
    [
        "Relaxing massage by Lin, private room. Extras if you ask, cash. 626-555-0145",
        "Good massage, quiet room. You want anything extra, just ask. 626-555-0146",
        "Massage 60 min. Tips appreciated for special attention. 626-555-0147",
    ],
)
def test_extras_on_request_are_a_massage_sold_with_sex(either_path: Screener, body: str) -> None:
    verdict = either_path.screen({"id": "e", "category": "massage", "title": "Massage", "body": body})
    assert "CS_MASSAGE_EXTRAS" in {i.code for i in verdict.indicators}, verdict.reasons
    assert "commercial_sex" in verdict.labels, verdict.reasons
