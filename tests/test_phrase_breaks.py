"""A pattern describes one phrase: a match that crosses a clause or sentence break is no hit, but
the rule's shorter reading that ends before the break still is.

The regex tries its longest alternative first. A recruiter's age ceiling followed by the next
sentence ("Female only, age 18-25. Apply in person.") was read up to "apply" by one alternative,
that match crossed the full stop, and the hit was lost although another alternative reads the
ages alone; the same words with a comma instead were found. Clinical synthetic text; phones in the
555-01xx range."""

from __future__ import annotations

import pytest

from samaritan.engine.screener import Screener


def _codes(screener: Screener, text: str) -> set[str]:
    return {h.rule.code for h in screener.detector.find("body", text)}


@pytest.fixture(scope="module")
def rules() -> Screener:
    return Screener(model="none")


@pytest.mark.parametrize("after", [". Apply in person.", "! Apply today.", "\nApply online.", ", apply in person."])
def test_an_age_ceiling_before_the_next_sentence_is_read(rules: Screener, after: str) -> None:
    assert "TP_RECRUIT_YOUNG_WOMEN" in _codes(rules, "Hostess positions at clubs. Female only, age 18-25" + after)


def test_the_shorter_reading_keeps_its_own_span(rules: Screener) -> None:
    text = "Female only, age 18-25. Apply in person."
    spans = [h.text for h in rules.detector.find("body", text) if h.rule.code == "TP_RECRUIT_YOUNG_WOMEN"]
    assert spans == ["Female only, age 18-25"]


@pytest.mark.parametrize("brk", [". ", "! ", "\n"])
def test_a_reading_that_needs_the_next_sentence_stays_unread(rules: Screener, brk: str) -> None:
    # The ceiling is in the next sentence: no phrase holds both ages.
    assert "TP_RECRUIT_YOUNG_WOMEN" not in _codes(rules, f"Women only, aged 21{brk}30 and up welcome too.")


def test_recruitment_with_the_ceiling_in_its_own_sentence_is_trafficking(either_path: Screener) -> None:
    # An age ceiling on women (0.5 toward coercive recruitment) beside a fare repaid from wages (0.7).
    body = (
        "Hostess positions at clubs overseas. Female only, age 18-25. Apply in person. Your flights are advanced "
        "and repaid from your first wages. Text 555-0142."
    )
    verdict = either_path.screen({"id": "r", "category": "jobs", "title": "Hostess work abroad", "body": body})
    assert "trafficking_risk" in verdict.labels, verdict.reasons


def test_a_lawful_job_with_its_ages_in_a_sentence_stays_ordinary(either_path: Screener) -> None:
    body = (
        "Youth soccer league seeks referees. Players are age 8-12. Apply in person at the clubhouse. "
        "Training provided, $20 a game. Call 555-0143."
    )
    verdict = either_path.screen({"id": "l", "category": "jobs", "title": "Referees wanted", "body": body})
    assert verdict.labels == [] and verdict.decision == "allow", verdict.reasons


# A negator ends with its sentence. The folded view has no punctuation, so "she speaks none. Full
# service ..." was read as "none full service" and the term dropped as denied.
@pytest.mark.parametrize("before", ["The other lady speaks none. ", "Questions? None! ", "Smoking: never.\n"])
def test_a_negator_in_the_sentence_before_denies_nothing(rules: Screener, before: str) -> None:
    assert "CS_SERVICE_TERM" in _codes(rules, before + "Full service in a private room, $120.")


@pytest.mark.parametrize("text", ["No escorts please.", "Not an escort, just dinner.", "no, escorts"])
def test_a_negator_in_the_same_phrase_still_denies(rules: Screener, text: str) -> None:
    assert "CS_SERVICE_TERM" not in _codes(rules, text)


# A commercial term of several words is said in one sentence. The folded view has no punctuation,
# so "We are full. Service ..." read as the service term and "Ready to move in. Call today" as an
# in-call offer.
@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("We are fully booked this week. Full. Service resumes on Monday.", "CS_SERVICE_TERM"),
        ("Two bedrooms, ready to move in. Call the office today.", "CS_INCALL_OUTCALL"),
        ("Ready to move in! Call the office today.", "CS_INCALL_OUTCALL"),
        ("Tickets almost sold out. Call the box office.", "CS_INCALL_OUTCALL"),
    ],
)
def test_a_commercial_term_never_runs_across_a_full_stop(rules: Screener, text: str, code: str) -> None:
    assert code not in _codes(rules, text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("full service, private and discreet", "CS_SERVICE_TERM"),
        ("f.u.l.l. s.e.r.v.i.c.e. available", "CS_SERVICE_TERM"),  # a stop between letters is a disguise
        ("o. u. t. - c. a. l. l only", "CS_INCALL_OUTCALL"),
        ("in\ncall only, upscale hotel", "CS_INCALL_OUTCALL"),  # a wrapped line is no sentence's end
    ],
)
def test_a_commercial_term_in_one_sentence_or_in_disguise_is_read(rules: Screener, text: str, code: str) -> None:
    assert code in _codes(rules, text)


def test_other_categories_read_through_a_posters_punctuation(rules: Screener) -> None:
    # Soft wording is punctuated for show ("Hello. Gentlemen"): read as written.
    assert "CUE_GENTLEMEN" in _codes(rules, "Hello. Gentlemen! Welcome to my page.")


def test_a_lawful_listing_with_a_stop_inside_a_term_stays_ordinary(either_path: Screener) -> None:
    body = "Spacious two bedroom, 1,100 sq. ft., laundry on site. Ready to move in. Call 555-0146 for a showing."
    verdict = either_path.screen({"id": "h", "category": "housing", "title": "2BR near the park", "body": body})
    assert verdict.labels == [] and verdict.decision == "allow", verdict.reasons


@pytest.mark.parametrize("text", ["Welcome. I always screen.", "Discreet and friendly. We verify everyone!"])
def test_a_pattern_that_ends_its_text_reads_past_the_last_stop(rules: Screener, text: str) -> None:
    # The folded view ends in the space its last stop became: "$" had never matched after one.
    assert "SCREEN_VETTED_CLIENTS" in _codes(rules, text)


@pytest.mark.parametrize(
    "title", ["** Free back rubs tonight **", "~*~ Free massage for a tired lady ~*~", "(Free foot rubs)"]
)
def test_a_decorated_title_that_opens_with_a_free_massage_is_read(rules: Screener, title: str) -> None:
    # The rule reads a free massage at the text's start ("^"): decoration before it counts as none.
    assert "CUE_FREE_MASSAGE" in {h.rule.code for h in rules.detector.find("title", title)}


def test_an_unpaid_massage_under_a_decorated_title_is_ordinary(either_path: Screener) -> None:
    body = "Sensual, discreet and unhurried. Gentlemen only, I can host. Text 555-0153."
    verdict = either_path.screen(
        {"id": "m", "category": "personals", "title": "** Free back rubs tonight **", "body": body}
    )
    assert verdict.labels == [], verdict.reasons
