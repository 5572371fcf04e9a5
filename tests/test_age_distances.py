"""Numbers that read like an age and are none: a distance or a count after "only" ("only 9 blocks
from the park", "only 6 rows from the front", "only 3 left"), an age in the past ("ever since I
was 9 years old"), a span's question or tolerance ("16 years?", "10 years up or down") and the English word "once",
which is eleven only in Spanish. Read as the poster's age, a number under 18 in a personal post
is a minor-risk signal by itself: "I live only 9 blocks from the lake" had gone to the urgent queue."""

from __future__ import annotations

import pytest

from samaritan.engine.extract.ages import find_ages
from samaritan.engine.screener import Screener


def _ages(text: str) -> list[int]:
    return [m.age for m in find_ages(text)]


@pytest.mark.parametrize(
    "text",
    [
        "The market is only 9 blocks from us, the bus stop only 2 exits further",
        "We sat only 6 rows from the front at the show",
        "Only 16 spots left for the workshop",
        "It is only 15 feet from the door",
        "I have liked the ocean ever since I was 9 years old",
        "I learned to sail when she was 16 years old",
        "So I am once more hoping to meet someone",
        "Was it 4 years? 8 years? 16 years? Who can say",
        "Anyone 10 years up or down from me is fine",
    ],
)
def test_distances_counts_and_past_ages_are_no_age(text: str) -> None:
    assert _ages(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Only 19 and new here", [19]),
        ("I'm 24 and live only 9 blocks from the park", [24]),
        ("Then it hit me that I was 51 years old", [51]),
        ("tengo once años", [11]),
        ("Hi, I am 31 years old", [31]),
    ],
)
def test_the_posters_own_age_beside_them_is_still_read(text: str, expected: list[int]) -> None:
    assert _ages(text) == expected


def test_a_personal_post_that_gives_a_distance_is_not_urgent(screener: Screener) -> None:
    ad = {
        "id": "p1",
        "category": "personals",
        "title": "Coffee sometime?",
        "body": "I live only 9 blocks from the lake. Looking for a friend to walk with on weekends.",
    }
    verdict = screener.screen(ad).to_dict()
    assert verdict["entities"]["ages"] == []
    assert verdict["labels"] == []
    assert verdict["priority"] != "urgent"
