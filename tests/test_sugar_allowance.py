"""An allowance whose terms are settled when they meet, and the sugar scene's benefactor (lexicon
2026.12.52): sugar posts written apart from the project named the payment so and scored 0.0-0.2 in
the learned model. A job's or a child's allowance settled the same way stays ordinary. Clinical
synthetic text written for these tests."""

from __future__ import annotations

import pytest

from rules_screen import screen
from samaritan import Screener

# An allowance whose terms are settled at the first meeting names the payment as a sum would
# (CS_ALLOWANCE_SOUGHT, lexicon 2026.12.52); on both paths, since the learned model scored such
# posts 0.0-0.2. A job's or a child's allowance settled the same way stays ordinary.
SETTLED_ALLOWANCE = [
    ("Arrangement wanted", "Sugar baby, 26, seeking a kind older gentleman. Allowance discussed when we meet."),
    ("Looking for my benefactor", "30, tall, loves the theatre. Gifts and a fixed allowance, terms worked out over "
     "coffee."),
    ("Sweet and loyal", "Hoping to meet a mature gentleman who treats me to dinners and trips. Allowance must be "
     "talked about first."),
]  # fmt: skip
SETTLED_ELSEWHERE = [
    ("jobs", "Field technician", "Field technician wanted, company van, uniform allowance discussed at the "
     "interview. Call 702-555-0150"),
    ("personals", "Busy parents", "Dad of two here, their allowance is settled every Sunday, looking for other "
     "parents for park days."),
]  # fmt: skip


@pytest.mark.parametrize(("title", "body"), SETTLED_ALLOWANCE)
def test_an_allowance_settled_when_they_meet_is_commercial_on_both_paths(
    either_path: Screener, title: str, body: str
) -> None:
    labels, codes = screen(either_path, title, body, "dating")
    assert "commercial_sex" in labels and "CS_ALLOWANCE_SOUGHT" in codes, (title, labels)


@pytest.mark.parametrize(("section", "title", "body"), SETTLED_ELSEWHERE)
def test_a_job_or_a_childs_allowance_stays_ordinary(either_path: Screener, section: str, title: str, body: str) -> None:
    assert screen(either_path, title, body, section)[0] == []


def test_a_generous_man_sought_is_sugar_wording(rules_screener: Screener) -> None:
    """The singular is CS_SUGAR's soft wording as the plural always was: with a rate and a phone
    it is commercial, alone in a personal post about a kind partner it is not."""
    offer = screen(rules_screener, "Weekday lunches", "Seeking a generous man, 250 an hour, text 702-555-0151.")
    assert "commercial_sex" in offer[0] and "CS_SUGAR" in offer[1]
    date = screen(rules_screener, "Coffee first", "Hoping to meet a generous man with a kind heart, coffee first.")
    assert date[0] == []
