"""Payment asked for by its euphemism, and a Spanish-language house's own words.

"Gentlemen who will make the time worth my while" asks the reader to pay for the poster's time: posts that
avoid a rate's words say it instead (CS_NOT_FREE). A trip, a drive or a job that must be worth the
poster's while is not read. A house that advertises new girls every week in Spanish ("chicas
nuevas cada semana") rotates its women as TP_TURNOVER reads in English, and "pregunta por" a named
woman is "ask for" her (TP_ASK_FOR). Clinical synthetic text; phones in the 555-01xx range."""

from __future__ import annotations

import pytest

from samaritan.engine.screener import Screener


@pytest.mark.parametrize(
    "body",
    [
        "Curvy 31 yo, free this evening. Gentlemen who will make the time worth my while. Text 702-555-0190",
        "Easygoing and pretty, 29. Seeking a guy who is generous and makes this worth my while.",
        "Bored tonight, 27. If you will make this worth my while, text 702-555-0191",
    ],
)
def test_asking_men_to_make_it_worth_her_while_is_commercial(either_path: Screener, body: str) -> None:
    verdict = either_path.screen({"id": "w", "category": "personals", "title": "Tonight", "body": body})
    assert "CS_NOT_FREE" in {i.code for i in verdict.indicators}
    assert "commercial_sex" in verdict.labels, verdict.reasons


@pytest.mark.parametrize(
    ("section", "body"),
    [
        ("rideshare", "Driving to Denver Friday, two seats. Chip in for gas to make the drive worth my while."),
        ("resumes", "Experienced welder, 20 years. The pay must make the job worth my while: union rates."),
        ("personals", "Moving across town for a date is a lot. Make the trip worth my while with good coffee."),
    ],
)
def test_a_trip_or_a_job_worth_the_while_passes(either_path: Screener, section: str, body: str) -> None:
    verdict = either_path.screen({"id": "l", "category": section, "title": "Note", "body": body})
    assert verdict.labels == [] and verdict.decision == "allow", verdict.reasons


def test_a_spanish_house_that_rotates_its_women(rules_screener: Screener) -> None:
    body = "Casa privada, chicas nuevas cada semana. Pregunta por Rosa para reservar. Incall, 90 la media hora."
    verdict = rules_screener.screen({"id": "h", "category": "adult", "title": "Casa", "body": body})
    codes = {i.code for i in verdict.indicators}
    assert {"TP_TURNOVER", "TP_ASK_FOR"} <= codes, verdict.reasons


def test_asking_for_prices_in_spanish_is_no_go_between(rules_screener: Screener) -> None:
    body = "Masaje terapeutico con licencia. Pregunta por precios y disponibilidad. Incall, 90 la media hora."
    verdict = rules_screener.screen({"id": "p", "category": "massage", "title": "Masaje", "body": body})
    assert "TP_ASK_FOR" not in {i.code for i in verdict.indicators}
