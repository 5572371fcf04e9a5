"""Two signs of control said in everyday words (lexicon 2026.12.68): a fare worked off in any
words ("still paying back her bus fare", TP_DEBT's pattern beside its listed terms), and someone
else posting the ad for her or saying she cannot post herself (TP_POSTS_FOR_HER). Both are on the
UNODC and Polaris indicator lists; a friend's or sister's post, a spouse's post for a hiking
buddy and a traffic ticket paid off stay ordinary. Clinical synthetic text; phones in the
555-01xx range."""

from __future__ import annotations

import pytest

from samaritan.engine.screener import Screener


def _screen(screener: Screener, section: str, title: str, body: str) -> tuple[list[str], set[str]]:
    verdict = screener.screen({"id": "p", "category": section, "title": title, "body": body})
    return verdict.labels, {i.code for i in verdict.indicators}


@pytest.mark.parametrize(
    "debt",
    [
        "She is still paying back her bus fare so she works every day.",
        "She is working off her train ticket this month.",
        "The girls are paying back their airfare, so they work every day.",
    ],
)
def test_a_fare_worked_off_in_any_words_is_trafficking(either_path: Screener, debt: str) -> None:
    body = f"New girl in town, 23, sweet and quiet. {debt} Incall near the highway. 555-0147"
    labels, codes = _screen(either_path, "adult", "Sweet new girl", body)
    assert {"commercial_sex", "trafficking_risk"} <= set(labels) and "TP_DEBT" in codes


@pytest.mark.parametrize(
    "voice",
    [
        "Posting for my lady since she can't post here herself.",
        "I post for my girl. She does not own a phone, so text me.",
    ],
)
def test_someone_posting_for_her_is_read_as_control(either_path: Screener, voice: str) -> None:
    body = f"{voice} She is 26, friendly, $160 an hour, you come to us. 555-0148"
    labels, codes = _screen(either_path, "adult", "My lady is ready", body)
    assert "commercial_sex" in labels and "TP_POSTS_FOR_HER" in codes


@pytest.mark.parametrize(
    ("section", "title", "body"),
    [
        ("for sale", "Kids bike", "Posting for my sister who is selling her kids bike. Blue, 16 inch wheels, $40."),
        (
            "personals",
            "Weekend hiking",
            "Posting for my wife, she wants a hiking buddy for Saturday mornings. 555-0150",
        ),
        ("personals", "Rough month", "Had to pay off my speeding ticket and my car note, so I'm staying in tonight."),
        ("jobs", "Seasonal crew", "Bus fare to the lodge is paid by us; you never pay back the travel. 555-0151"),
    ],
)
def test_lawful_posts_with_the_same_words_stay_ordinary(
    either_path: Screener, section: str, title: str, body: str
) -> None:
    labels, codes = _screen(either_path, section, title, body)
    assert labels == [] and not codes & {"TP_DEBT", "TP_POSTS_FOR_HER"}
