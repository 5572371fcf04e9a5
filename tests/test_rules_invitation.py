"""The shortest ads presenting a person (issue 14): a name-and-age title, one sentence and an
invitation to call the listed number, with no decorated title and no commercial term. The
invitation counts only beside a name-and-age title; a personal ad seeking a date, a care job,
a seller and a tutor stay ordinary. Clinical synthetic text written for these tests; phone
numbers use the 555-01xx range."""

from __future__ import annotations

import pytest

from rules_screen import screen
from samaritan import Screener


@pytest.fixture(scope="module")
def screener(rules_screener: Screener) -> Screener:
    """This file tests the rule path's own reading (its docstring): pinned to `model="none"`;
    the default engine's verdicts on lawful ads are held by test_screen.py's trap suite."""
    return rules_screener


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("Lena, 26", "Sweet and easy to talk to, call 702-555-0111 tonight."),
        ("Lena, 26 ♥", "Your comfort comes first with me. Call 702-555-0111"),
        ("Lena ★ - 26", "Easy to talk to. Text me at (702) 555-0111."),
        ("Lena, 26", "Easy to talk to. 702.555.0111 call or text"),
        ("Lena, 26", "Easy to talk to, call! Lena, 702-555-0111"),
        ("Lena, 26", "Easy to talk to. Call anytime 702-555-0111"),
        ("Lena, 26", "Easy to talk to. Call seven oh two, five five five, oh one one one"),
    ],
)
def test_a_name_and_age_title_with_an_invitation_to_call_is_commercial(
    screener: Screener, title: str, body: str
) -> None:
    labels, codes = screen(screener, title, body)
    assert "commercial_sex" in labels
    assert {"CUE_TITLE_AGE", "CUE_PHONE_LISTED", "CUE_CALL_INVITE"} <= codes


def test_the_same_ad_without_the_invitation_stays_ordinary(screener: Screener) -> None:
    """A name, an age and a number alone are what a personal ad may hold too."""
    labels, _ = screen(screener, "Lena, 26", "Sweet and easy to talk to. 702-555-0111")
    assert labels == []


@pytest.mark.parametrize(
    ("title", "body", "section"),
    [
        # A personal ad seeking a date: its seeking voice cancels the soft cues.
        ("Anna, 34", "Looking for a kind man to share dinners and long walks. Call me 702-555-0123.", "dating"),
        ("Anna, 34 ♥", "Easygoing nurse hoping for coffee and a first date. Call 702-555-0123.", "dating"),
        ("Mark, 41", "Seeking a man for hiking and a first date. Text me at 702-555-0124.", "personals"),
        # A friend or a partner sought: a personal's voice too.
        (
            "Walking partner - 38",
            "Looking for women to go walking with. Text 702-555-0125 if you want to talk.",
            "dating",
        ),
        ("Hiking buddy wanted - 26", "New in town and keen on trails. Call 702-555-0126.", "dating"),
        ("Coffee and conversation - 44", "I want a partner for life, okay with kids. Call 702-555-0127.", "dating"),
        # A care job: a name, an age and "text me" are a job application.
        ("Nanny, 19", "Reliable nanny with first aid training, weekdays. Text me at 702-555-0188.", "jobs"),
        ("Maria, 19", "Babysitting on weekends, references available. Call 702-555-0189.", "services"),
        # An age inside the title's sentence, not set off as a name-and-age title's.
        ("Room for a 19 year old student", "Quiet house near campus. Call 702-555-0142.", "housing"),
        ("I am 18 and looking for yard work", "Mowing and raking, weekends. Call 702-555-0142.", "jobs"),
        # A seller's and a tutor's name and number, with no name-and-age title.
        ("Oak table - Sam", "Solid oak table, seats six. Call Sam 702-555-0145.", "for-sale"),
        ("Math tutor, 29 years teaching", "Patient tutor for algebra, evenings. Call 702-555-0167.", "services"),
        ("Math tutor", "Patient tutor for algebra and geometry, evenings. Call 702-555-0167.", "services"),
    ],
)
def test_lawful_posts_with_a_name_or_age_and_an_invitation_stay_ordinary(
    screener: Screener, title: str, body: str, section: str
) -> None:
    labels, _ = screen(screener, title, body, section)
    assert "commercial_sex" not in labels


def test_the_invitation_must_be_beside_the_number(screener: Screener) -> None:
    """A call mentioned far from the number ("I called my sister") is no invitation."""
    body = "I called my sister yesterday and we talked about the garden for an hour. 702-555-0111"
    labels, codes = screen(screener, "Lena, 26", body)
    assert "CUE_CALL_INVITE" not in codes
    assert labels == []


def test_a_phone_label_is_no_invitation(screener: Screener) -> None:
    """A "Phone:" label names the number; it does not invite a call."""
    labels, codes = screen(screener, "Lena, 26", "Sweet and easy to talk to. Phone: 702-555-0111")
    assert "CUE_CALL_INVITE" not in codes
    assert labels == []
