"""A massage sold with sex in the trade's words (a release, a happy finish, extras for a tip, an
unlicensed masseuse) is a hard commercial-sex term on both paths (CS_MASSAGE_EXTRAS, lexicon
2026.12.20); a licensed therapist's ad, a photo shoot's model release and film extras are not.
Clinical synthetic text; phone numbers in the 555-01xx range."""

from __future__ import annotations

import pytest

from samaritan.engine.screener import Screener

OFFERS = [
    (
        "massage",
        "Late night massage",
        "Attractive masseuse, 30, late nights. 60 min 120, tip for extras. Call 702-555-0160",
    ),
    ("massage", "Relax with Lin", "Full release massage in a private studio, walk ins welcome. 702-555-0161"),
    (
        "services",
        "Home visits by Mei",
        "Friendly unlicensed masseuse, 34, home and hotel visits. A gentle touch and a happy finish, 60 min 140. "
        "Text 702-555-0162",
    ),
    # (lexicon 2026.12.36) a release made complete, tips for anything extra, the Spanish "final"
    ("massage", "Bodywork by Ines", "Evening bodywork with a complete release, one hour for 180. 702-555-0166"),
    (
        "massage",
        "Quiet studio",
        "Walk-ins welcome after six. Hour massage 70 and tips for anything extra. 702-555-0167",
    ),
    (
        "massage",
        "Masaje a domicilio",
        "Masaje relajante para caballeros, final incluido. Hotel o casa, 140. 702-555-0168",
    ),
]
LAWFUL = [
    ("services", "Massage therapy", "Licensed therapist, deep tissue and sports massage, no extras. 702-555-0163"),
    ("events", "Photo shoot", "Models wanted for a catalog shoot, full release form required. 702-555-0164"),
    ("jobs", "Film extras", "Extras available for a local film shoot, paid per day. 702-555-0165"),
    ("events", "Waiver", "Every rider signs a complete release of liability before the trail ride. 702-555-0169"),
    ("for-sale", "Bicicleta", "Bicicleta de montaña, precio final incluido el envío, 140. 702-555-0170"),
]


@pytest.mark.parametrize(("section", "title", "body"), OFFERS)
def test_a_massage_sold_with_extras_is_commercial(either_path: Screener, section: str, title: str, body: str) -> None:
    verdict = either_path.screen({"id": "o", "category": section, "title": title, "body": body})
    assert "commercial_sex" in verdict.labels, (body, verdict.risk, verdict.reasons)


@pytest.mark.parametrize(("section", "title", "body"), LAWFUL)
def test_licensed_massage_releases_and_film_extras_are_not(
    either_path: Screener, section: str, title: str, body: str
) -> None:
    verdict = either_path.screen({"id": "l", "category": section, "title": title, "body": body})
    assert verdict.labels == [], (body, verdict.risk, verdict.reasons)
