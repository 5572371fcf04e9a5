"""A session's price read by the price reader counts as a rate where the ad states no age.

House and menu ads price sessions in forms the lexicon's rate wording misses ("60 min 160"); the
price reader already finds them for the ad's entities. Where the ad states the person's age such a
price is CS_PRICED_TIME; without one it is now PRICE_SESSION_PRICED, a rate (one soft kind of cue,
pricing). A lodging's night, a shoot's half day and a lesson's hour are not read. Clinical
synthetic text; phones in the 555-01xx range."""

from __future__ import annotations

import pytest

from samaritan.engine.model import Indicator
from samaritan.engine.screener import Screener


def pricing(indicators: list[Indicator]) -> set[str]:
    return {i.code for i in indicators if i.category == "pricing"}


def test_a_house_menu_without_an_age_is_read_as_a_rate(rules_screener: Screener) -> None:
    body = "Always new faces, three friendly ladies daily. Quiet apartment, buzz unit 4. 60 min 160. Call 702-555-0181"
    verdict = rules_screener.screen({"id": "h", "category": "massage", "title": "Always new", "body": body})
    assert "PRICE_SESSION_PRICED" in pricing(verdict.indicators)
    assert "commercial_sex" in verdict.labels, verdict.reasons


@pytest.mark.parametrize(
    ("section", "title", "body"),
    [
        ("housing", "Lake cabin", "Lake cabin, sleeps six, quiet and discreet, 180 a night. Text 702-555-0183"),
        ("services", "Piano lessons", "Piano lessons at my studio, 60 min 120. Text 702-555-0184"),
        ("gigs", "Hand model", "Hand model wanted for a ring shoot, $400 for a half-day. Text 702-555-0185"),
    ],
)
def test_a_lodging_a_lesson_or_a_shoot_is_no_session_rate(
    either_path: Screener, section: str, title: str, body: str
) -> None:
    verdict = either_path.screen({"id": "l", "category": section, "title": title, "body": body})
    assert verdict.labels == [] and verdict.decision == "allow", (title, verdict.labels)
    assert "PRICE_SESSION_PRICED" not in pricing(verdict.indicators)


def test_with_a_stated_age_the_price_is_priced_time_not_a_second_rate(rules_screener: Screener) -> None:
    body = "Mia, 29, sweet and discreet, incall near the airport. 60 min 160. Text 702-555-0186"
    verdict = rules_screener.screen({"id": "a", "category": "adult", "title": "Mia", "body": body})
    codes = {i.code for i in verdict.indicators}
    assert "CS_PRICED_TIME" in codes and "PRICE_SESSION_PRICED" not in codes
