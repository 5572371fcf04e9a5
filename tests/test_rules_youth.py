"""minor_risk lands where youth evidence about the person offered is supported (issue 14): a
stated age under 18, school grades, code words, or several independent cues together. Soft
youth words that adult ads use as marketing about adults ("young", a candy emoji, "new to
this") are reported for review but are not minor risk alone. Clinical synthetic text written
for these tests; nothing in it is sexual."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from samaritan import Screener
from samaritan.engine.policy import ConfigError

OFFER = "Incall and outcall, 150 roses hh, 250 roses hr. Text 702-555-0142."


def screen(screener: Screener, body: str, section: str = "dating", title: str = ""):
    return screener.screen({"id": "y", "category": section, "title": title, "body": f"{body} {OFFER}"})


def youth_codes(verdict) -> set[str]:
    return {i.code for i in verdict.indicators if i.category == "youth"}


@pytest.mark.parametrize(
    "body",
    [
        "Young and cheerful companion, unhurried visits.",
        "A classy young lady, in the city this week only.",
        "Sweet 🍭 treat waiting, come and unwind.",
        "Young and bubbly 🍬 with a warm smile.",
        "Young and calm, I am 19, relaxed pace.",
        "Youthful and upbeat, ask about my weekday specials.",
        "Young at heart and a woman who loves what she does.",
        "Tiny and sporty, 5 ft 1, relaxed company.",
    ],
)
def test_marketing_words_about_an_adult_are_not_minor_risk(screener: Screener, body: str) -> None:
    verdict = screen(screener, body)
    assert "commercial_sex" in verdict.labels  # the ad itself is still read
    assert "minor_risk" not in verdict.labels and verdict.risk["minor"] < 0.5
    assert verdict.priority != "urgent"


@pytest.mark.parametrize(
    "body",
    [
        "Always fresh and clean, unhurried visits.",
        "Showered and fresh, dressed to impress.",
        "First time in town, here until Sunday.",
        "New to this area and settling in nicely.",
        "I'm the new girl in town this weekend.",
        "Clean & fresh 🚿, unhurried visits.",
        "Fresh off the plane and settling in.",
        "Fresh faces every week at the front desk.",
    ],
)
def test_hygiene_visiting_and_newcomer_wording_is_no_youth_cue(screener: Screener, body: str) -> None:
    verdict = screen(screener, body)
    assert youth_codes(verdict) == set() and "minor_risk" not in verdict.labels


def test_one_soft_youth_word_keeps_its_span_and_a_reason_for_review(screener: Screener) -> None:
    verdict = screen(screener, "Young and cheerful, unhurried visits.")
    soft = [i for i in verdict.indicators if i.code == "YOUTH_SUGGESTIVE"]
    assert soft and soft[0].text == "Young" and soft[0].field == "body"
    reason = next(r for r in verdict.reasons if "Soft youth wording" in r)
    assert "'Young'" in reason and "not minor risk" in reason


@pytest.mark.parametrize(
    ("body", "priority"),
    [
        # stated or implied age under 18, and school years: alone, urgent
        ("Sweet and calm, I am 16 years old.", "urgent"),
        ("She is in 10th grade, visits after dinner.", "urgent"),
        ("Still in school, evenings only.", "urgent"),
        ("Barely legal and calm.", "urgent"),
        ("Teen, new in town.", "urgent"),
        # a youth code word: alone it labels; beside another youth cue it is urgent
        ("She just turned 18, calm and kind.", "high"),
        ("The youngest girl we have, calm and kind.", "high"),
        ("Daddy's little girl, young and calm.", "urgent"),
        # several independent cues together: two label, three are urgent
        ("Young and new to the game.", "high"),
        ("Young and fresh, calm and kind.", "high"),
        ("Young and calm, her booker takes the calls.", "high"),
        ("Our newest girl is young and calm.", "high"),
        ("Young, new to the game, her booker takes the calls.", "urgent"),
        ("Young and tiny 🍭, I am 19, never done this.", "urgent"),
    ],
)
def test_youth_evidence_about_the_person_still_gives_minor_risk(screener: Screener, body: str, priority: str) -> None:
    verdict = screen(screener, body)
    assert "minor_risk" in verdict.labels, body
    assert "trafficking_risk" in verdict.labels  # a minor in commercial sex is a trafficking victim
    assert verdict.priority == priority, (body, verdict.risk)
    assert any("CyberTipline" in r for r in verdict.reasons)


def test_a_candy_emoji_and_a_booker_corroborate_but_an_emoji_alone_does_not(screener: Screener) -> None:
    alone = screen(screener, "🍭 Calm and kind, unhurried.")
    assert "minor_risk" not in alone.labels and "YOUTH_EMOJI" in youth_codes(alone)
    booked = screen(screener, "🍭 Calm and kind, her booker takes the calls.")
    assert "minor_risk" in booked.labels and booked.priority == "high"


@pytest.mark.parametrize("section", ["adult", "dating", "personals"])
def test_the_same_youth_evidence_gets_the_same_labels_in_every_section(screener: Screener, section: str) -> None:
    assert "minor_risk" not in screen(screener, "Young and cheerful companion.", section).labels
    assert "minor_risk" in screen(screener, "Young and new to the game.", section).labels


def test_a_parents_child_is_no_youth_cue(screener: Screener) -> None:
    verdict = screen(screener, "Proud parent of a 9 year old little one, calm and kind.")
    assert youth_codes(verdict) == set() and "minor_risk" not in verdict.labels


def test_youth_words_outside_commercial_context_stay_ordinary(screener: Screener) -> None:
    verdict = screener.screen(
        {"id": "o", "category": "personals", "body": "Young, new to this city, looking for a hiking partner."}
    )
    assert verdict.labels == [] and verdict.risk["minor"] < 0.1


def _packaged_weights() -> str:
    return resources.files("samaritan").joinpath("data/weights.yaml").read_text("utf-8")


def test_a_weights_file_without_soft_youth_keeps_every_youth_word_counting(tmp_path: Path) -> None:
    """A platform's own weights written before `minor.soft` keep their behaviour: one youth word
    in a commercial ad is minor risk."""
    text = re.sub(r"^sha256:.*\n", "", _packaged_weights(), flags=re.M)
    text = text[: text.index("  soft:\n")]
    path = tmp_path / "weights.yaml"
    path.write_text(text.replace('version: "', 'version: "old-'), encoding="utf-8")
    verdict = screen(Screener(weights=str(path)), "Young and cheerful companion.")
    assert "minor_risk" in verdict.labels


def test_a_misspelt_code_in_soft_youth_is_refused(tmp_path: Path) -> None:
    text = re.sub(r"^sha256:.*\n", "", _packaged_weights(), flags=re.M)
    path = tmp_path / "weights.yaml"
    path.write_text(text.replace("TP_THIRD_PERSON: 1.0", "TP_THIRD_PERSN: 1.0"), encoding="utf-8")
    with pytest.raises(ConfigError, match="TP_THIRD_PERSN"):
        Screener(weights=str(path))
