"""A lawful employer's terms of work (CUE_EMPLOYMENT: a tip pool, a staff meal, insurance, paid
time off) keep the learned model from labelling a job ad on its own, as another trade's terms do;
a hard term, the rules' reading and coercive recruitment still count. And a common word is no
respelling of a rarer lexicon word ("wilder" is not the trade word "welder").

A restaurant's host job had scored 0.99 in the model on its evenings, "upscale" and an hourly
rate (a lawful ad of a corpus written apart from the project), and was labelled on that alone.
Clinical synthetic text; phones in the 555-01xx range."""

from __future__ import annotations

import pytest

from samaritan.engine.normalize import fold
from samaritan.engine.screener import Screener

HOST_JOB = (
    "Our upscale grill downtown is hiring a host, weekend nights and some evenings. You seat guests, run the "
    "waitlist and answer the phone. Friendly and organized. $16/hr plus tip share, staff meal every shift, "
    "paid time off from your third month. Apply in person Monday-Wednesday 2-4pm."
)


JOBS = [
    HOST_JOB,
    "Upscale lounge hiring a hostess. Polished, friendly. $16/hr. Apply in person.",
    "Hostess for an upscale steak room, evenings and weekends. Polished and warm with guests. $17/hr, tips shared "
    "nightly, staff meal. Send your resume to jobs@example.org.",
]


@pytest.mark.parametrize("body", JOBS)
@pytest.mark.parametrize("section", ["jobs", "dating"])
def test_a_host_job_with_an_employers_terms_is_ordinary(either_path: Screener, section: str, body: str) -> None:
    # (The title's shape and "upscale" had the model near certain: 0.99-1.0 before these terms.)
    title = "Hostess wanted - upscale - evenings & weekends"
    verdict = either_path.screen({"id": "h", "category": section, "title": title, "body": body})
    assert verdict.labels == [] and verdict.decision == "allow", verdict.reasons


def test_an_employers_terms_are_read() -> None:
    hits = Screener(model="none").detector.find("body", HOST_JOB)
    read = {h.text.lower() for h in hits if h.rule.code == "CUE_EMPLOYMENT"}
    assert {"tip share", "staff meal", "paid time off"} <= read


def test_a_hard_term_beside_an_employers_terms_still_labels(either_path: Screener) -> None:
    body = "Escort agency hiring companions for incall and outcall dates, $300 an hour. Paid training, 401k."
    verdict = either_path.screen({"id": "e", "category": "jobs", "title": "Now hiring", "body": body})
    assert "commercial_sex" in verdict.labels, verdict.reasons


def test_coercive_recruitment_beside_an_employers_terms_is_still_trafficking(either_path: Screener) -> None:
    body = (
        "Hiring women 21-30 as hostesses for clubs overseas, paid training. Flights and apartment paid in advance. "
        "Passport held by the agency for visa processing. Text 702-555-0168."
    )
    verdict = either_path.screen({"id": "r", "category": "jobs", "title": "Hostess work overseas", "body": body})
    assert "trafficking_risk" in verdict.labels, verdict.reasons


def test_a_common_word_is_no_respelling_of_a_rarer_lexicon_word() -> None:
    vocabulary = Screener(model="none").detector.vocabulary
    assert [v.text for v in fold("something a little wilder tonight", vocabulary)] == [
        "something a little wilder tonight"
    ]
    assert "so young and sweet" in [v.text for v in fold("so yung and sweet", vocabulary)]


# Lexicon 2026.12.67: "upscale" beside a place, a meal or a spa is the place's (CUE_PROVIDER), and a
# movement class taught is a lesson (CUE_LESSONS). Each was labelled commercial (the model at
# 0.83-0.99, and the rule path read a provider, availability and a phone in the listing).
TRADES = [
    (
        "housing",
        "Loft - upscale - open house Sunday",
        "Bright upscale loft, open house Sunday. Laundry on site. Call or text 702-555-0169.",
    ),
    (
        "services",
        "Private chef - evenings & weekends - upscale dinners",
        "Private chef for upscale dinner parties, evenings and weekends. Call or text 702-555-0170.",
    ),
    (
        "services",
        "Private yoga - in your home - mornings",
        "Private yoga sessions in your home, mornings, $80 an hour. Text 702-555-0171.",
    ),
]


@pytest.mark.parametrize(("section", "title", "body"), TRADES)
def test_a_listing_a_meal_or_a_class_is_no_providers_offer(
    either_path: Screener, section: str, title: str, body: str
) -> None:
    verdict = either_path.screen({"id": "t", "category": section, "title": title, "body": body})
    assert verdict.labels == [] and verdict.decision == "allow", verdict.reasons


def test_an_upscale_companion_is_still_a_provider(either_path: Screener) -> None:
    body = "Upscale companion, available now for gentlemen. Incall downtown, call or text 702-555-0172."
    verdict = either_path.screen({"id": "u", "category": "adult", "title": "Upscale and discreet", "body": body})
    assert "commercial_sex" in verdict.labels, verdict.reasons
