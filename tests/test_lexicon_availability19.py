"""The availability rules of lexicon 2026.12.19 read whole families of schedule wording (a span of
time, a day and its part, a time-bound offer, readiness, an invitation for now, short clock times,
the client's convenience, fitting the client in, an open door, how soon she can come) and count only
in commercial context: job, housing, sale and shop posts full of the same words stay unlabelled and
carry no availability indicator."""

from __future__ import annotations

import pytest

from samaritan import Screener
from samaritan.engine.detect import Detector
from samaritan.engine.lexicon import load_lexicon

LEXICON = load_lexicon()
NEW = {rule.code: rule for rule in LEXICON.rules if rule.since == "2026.12.19" and rule.category == "availability"}
DETECTOR = Detector(LEXICON)
SCREENER = Screener()


def _codes(text: str) -> set[str]:
    return {hit.rule.code for hit in DETECTOR.find("body", text)}


def test_the_new_rules_are_weak_commercial_only_and_no_cue() -> None:
    assert len(NEW) >= 8
    cues = LEXICON.cues()
    for code, rule in NEW.items():
        assert rule.context == "commercial", code
        assert rule.weight == 0.3, code
        assert code not in cues, code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("here all day long", "AVAIL_SPAN"),
        ("nite and day", "AVAIL_SPAN"),
        ("weekdays only", "AVAIL_SPAN"),
        ("open til sunrise", "AVAIL_SPAN"),
        ("weekends and holidays", "AVAIL_SPAN"),
        ("afternoon company", "AVAIL_TIME_DEAL"),
        ("a lunch date", "AVAIL_TIME_DEAL"),
        ("friday specials", "AVAIL_TIME_DEAL"),
        ("incall all weekend", "AVAIL_DOING_WHEN"),
        ("catch me this week", "AVAIL_DOING_WHEN"),
        ("book ahead", "AVAIL_SCHEDULE"),
        ("flexible hours", "AVAIL_SCHEDULE"),
        ("11a to 9p", "AVAIL_CLOCK_SHORT"),
        ("hrs 9-5", "AVAIL_CLOCK_SHORT"),
        ("after 9 only", "AVAIL_CLOCK_SHORT"),
        ("ready 4 u", "AVAIL_READY"),
        ("who s awake", "AVAIL_READY"),
        ("visit me today", "AVAIL_COME_NOW"),
        ("text me right now", "AVAIL_COME_NOW"),
        ("at your convenience", "AVAIL_CONVENIENCE"),
        ("free most evenings", "AVAIL_CONVENIENCE"),
        ("sunday mornings", "AVAIL_DAY_PART"),
        ("i can squeeze you in", "AVAIL_FIT_IN"),
        ("let me know when", "AVAIL_FIT_IN"),
        ("taking new clients", "AVAIL_OPEN_DOOR"),
        ("stop on by", "AVAIL_OPEN_DOOR"),
        ("now available", "AVAIL_NOW"),
        ("at your door within 20 min", "AVAIL_ETA"),
        ("never busy", "AVAIL_ETA"),
        ("evenings or weekends", "AVAIL_DAY_PART"),
    ],
)
def test_each_family_reads_phrasings_beyond_its_examples(text: str, code: str) -> None:
    assert code in _codes(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("after 2 hours", "AVAIL_CLOCK_SHORT"),
        ("until 3 girls", "AVAIL_CLOCK_SHORT"),
        ("a special guest", "AVAIL_TIME_DEAL"),
        ("seeing the sights", "AVAIL_DOING_WHEN"),
        ("ready made meals", "AVAIL_READY"),
        ("see you at the meeting", "AVAIL_COME_NOW"),
        ("now!! available", "AVAIL_NOW"),
        ("a 20 minute walk away", "AVAIL_ETA"),
    ],
)
def test_lookalikes_are_not_read(text: str, code: str) -> None:
    assert code not in _codes(text)


@pytest.mark.parametrize(
    ("section", "title", "body"),
    [
        (
            "housing",
            "2BR available now",
            "Sunny unit available, open house sunday 2pm, showings all day weekends or evenings. "
            "Flexible move in, call at your convenience: 555-0101.",
        ),
        (
            "jobs",
            "Cashier shifts available",
            "Evening and weekend shifts, after 5 on weekdays, flexible hours. Early morning stocking too. "
            "Apply in person; we are open every day.",
        ),
        (
            "services",
            "Cafe specials",
            "Early bird special before 9, happy hour 4pm to 6pm, lunch special daily. Walk ins welcome, "
            "open til 2 on weekends. Call 555-0102.",
        ),
    ],
)
def test_lawful_posts_with_schedule_words_stay_unlabelled_without_availability(
    section: str, title: str, body: str
) -> None:
    verdict = SCREENER.screen({"id": f"{section}-avail", "category": section, "title": title, "body": body}).to_dict()
    assert verdict["labels"] == []
    assert not [i for i in verdict["indicators"] if i["category"] == "availability"]
