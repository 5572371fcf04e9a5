"""A name and its age in a title with no dash between ("Curvy Tasha 35 💕"): the person's age, and
the name-and-age title of an escort ad, where the name is a given name (the shipped table, written
from Faker's person providers by scripts/given_names.py). A thing and its number ("Leather Couch
30", "Apartments 24") states no age. Clinical synthetic text; phone numbers use 555-01xx."""

from __future__ import annotations

from importlib import resources

import pytest

from samaritan.engine.extract import given_names
from samaritan.engine.extract.ages import find_ages
from samaritan.engine.screener import Screener


def test_the_shipped_table_is_what_faker_gives() -> None:
    shipped = sorted(given_names.given_names())
    assert shipped == given_names.derived_names(), "run python scripts/given_names.py"
    data = resources.files(given_names.__package__).joinpath(given_names.TABLE_FILE).read_bytes()
    assert given_names.write_table(shipped) == data


@pytest.mark.parametrize(
    ("title", "age"),
    [
        ("Curvy Tasha 35 💕", 35),
        ("Beautiful blonde Ashley 24 ❤️ available now", 24),
        ("Pretty Bianca 23", 23),
        ("Ebony queen Diamond 22 😘", 22),
    ],
)
def test_a_given_name_then_a_number_in_the_title_is_her_age(title: str, age: int) -> None:
    text = f"{title}\nText 702-555-0148"
    assert [a.age for a in find_ages(text, title_end=len(title))] == [age]


@pytest.mark.parametrize(
    "title",
    [
        "Leather Couch 30 😀",
        "Apartments 24!",
        "Central Park 24",
        "Oak Village 55",
        "tasha 35",  # not capitalised: a handle or a word, not a name
        "Ashley 24/7 support",
        "Summer 25% off",
    ],
)
def test_a_thing_and_its_number_state_no_age(title: str) -> None:
    assert find_ages(f"{title}\nText 702-555-0148", title_end=len(title)) == []


def test_the_name_and_age_title_labels_a_short_escort_ad(either_path: Screener) -> None:
    ad = {
        "id": "t",
        "category": "dating",
        "title": "Lovely Ashley 24 ❤️ available now",
        "body": "Real pics, sweet and fun. Your place or mine 😘 Call 702-555-0112",
    }
    verdict = either_path.screen(ad)
    assert verdict.entities.ages == [24]
    assert "CUE_TITLE_AGE" in {i.code for i in verdict.indicators}, verdict.reasons
    assert "commercial_sex" in verdict.labels, verdict.reasons


def test_a_minor_named_in_the_title_of_an_offer_is_urgent(either_path: Screener) -> None:
    ad = {
        "id": "m",
        "category": "dating",
        "title": "Sweet Amy 16 ❤️",
        "body": "Incall near the airport, 150 for the hour. Text 702-555-0101",
    }
    verdict = either_path.screen(ad)
    assert "minor_risk" in verdict.labels, verdict.reasons
    assert verdict.priority == "urgent"


def test_a_personal_post_titled_with_a_name_and_age_stays_ordinary(either_path: Screener) -> None:
    body = "Looking for a hiking friend on weekends."
    ad = {"id": "p", "category": "personals", "title": "Rachel 30 🙂", "body": body}
    verdict = either_path.screen(ad)
    assert verdict.labels == []
    assert verdict.entities.ages == [30]
