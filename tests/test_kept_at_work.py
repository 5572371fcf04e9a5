"""Women kept where they are offered: a massage front whose workers live and sleep at the shop, and
a job offer that houses its workers at the workplace and seeks those without English or a licence.
Living on the premises is the Polaris indicator of an illicit massage business; a clinic never says
where its therapists sleep, and a shared home's "two girls live here" is a tenancy. Clinical
synthetic text written for these tests; phone numbers in the 555-01xx range."""

from __future__ import annotations

import pytest

from samaritan.engine.screener import Screener

# Bodywork offered beside workers who live at the shop or control said in her own voice.
FRONTS = [
    ("Evening bodywork", "Foot and back massage till late. Our therapist sleeps at the shop, come any hour. "
     "Call 702-555-0160"),
    ("Massage by Mei", "Good massage, very relaxing. I live at the spa, boss keeps my tips. Text 702-555-0161"),
    ("Shiatsu and more", "Shiatsu and body massage. Masseuses stay upstairs and come down when you ring. "
     "702-555-0162"),
]  # fmt: skip

# Lawful ads with the same words: bodywork, a phone, people who live somewhere.
LAWFUL = [
    ("housing", "Room in shared house", "Looking for a roommate, two girls live here, quiet and tidy. "
     "Text 702-555-0170"),
    ("housing", "Room available", "Two girls live here and we need one more, 650 a month, utilities included. "
     "Text 702-555-0171"),
    ("services", "Licensed massage", "Licensed therapist, deep tissue and sports massage, our therapists are "
     "certified. Call 702-555-0172"),
    ("services", "Mobile massage", "Mobile massage at your home or office, evenings too. Call 702-555-0173"),
    ("jobs", "Front desk", "Our day spa seeks a receptionist, no experience needed, we train. "
     "Call 702-555-0174"),
    ("jobs", "Live-in caregiver", "Live-in caregiver for an elderly gentleman, private room and board, "
     "references required. Call 702-555-0175"),
]  # fmt: skip

# Job offers of an illicit massage business: housed at the shop, no English or licence needed.
RECRUITING = [
    ("Therapists wanted", "Massage therapists wanted, no license needed. Free room at the spa, "
     "start this week. Call 702-555-0176"),
    ("Now hiring", "Hiring ladies for a busy shop, no English needed, you live at the shop. "
     "Call 702-555-0177"),
]  # fmt: skip


@pytest.mark.parametrize(("title", "body"), FRONTS)
def test_a_front_whose_workers_live_at_the_shop_is_labelled(either_path: Screener, title: str, body: str) -> None:
    verdict = either_path.screen({"id": "f", "category": "massage", "title": title, "body": body})
    assert {"commercial_sex", "trafficking_risk"} <= set(verdict.labels), (title, verdict.reasons)


@pytest.mark.parametrize(("section", "title", "body"), LAWFUL)
def test_lawful_ads_with_the_same_words_pass(either_path: Screener, section: str, title: str, body: str) -> None:
    verdict = either_path.screen({"id": "l", "category": section, "title": title, "body": body})
    assert verdict.labels == [] and verdict.decision == "allow", (title, verdict.labels)


def test_bodywork_counts_only_beside_the_women_kept_or_control(rules_screener: Screener) -> None:
    """The same front without the line that keeps her at the shop is a massage ad the rules leave
    alone: the trade is every clinic's."""
    title, body = FRONTS[0]
    plain = body.replace(" Our therapist sleeps at the shop, come any hour.", "")
    verdict = rules_screener.screen({"id": "p", "category": "massage", "title": title, "body": plain})
    assert verdict.labels == []


@pytest.mark.parametrize(("title", "body"), RECRUITING)
def test_a_job_housed_at_the_shop_for_those_without_english_or_licence_is_recruitment(
    either_path: Screener, title: str, body: str
) -> None:
    verdict = either_path.screen({"id": "r", "category": "jobs", "title": title, "body": body})
    assert "trafficking_risk" in verdict.labels, (title, verdict.reasons)
