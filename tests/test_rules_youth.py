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


@pytest.fixture(scope="module")
def screener(rules_screener: Screener) -> Screener:
    """This file tests the rule path's own reading (its docstring): pinned to `model="none"`;
    the default engine's verdicts on lawful ads are held by test_screen.py's trap suite."""
    return rules_screener


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
    "body",
    [
        # stated or implied age under 18, and school years
        "Sweet and calm, I am 16 years old.",
        "She is in 10th grade, visits after dinner.",
        "Still in school, evenings only.",
        "Barely legal and calm.",
        "Teen, new in town.",
        # a youth code word, alone or beside another youth cue
        "She just turned 18, calm and kind.",
        "The youngest girl we have, calm and kind.",
        "Daddy's little girl, young and calm.",
        # soft wording corroborated: two kinds of youth word, or a third party holding the person
        "Young and new to the game.",
        "Young and fresh, calm and kind.",
        "Young and calm, totally new, first week.",
        "Young and calm, her booker takes the calls.",
        "Our newest girl is young and calm.",
        "This one is young and calm, unhurried visits.",
        "Young, new to the game, her booker takes the calls.",
        "Young and tiny 🍭, I am 19, never done this.",
        "Our agency has a young and calm companion, 19 years old.",
    ],
)
def test_youth_evidence_about_the_person_gives_urgent_minor_risk(screener: Screener, body: str) -> None:
    """A minor_risk label fills the urgent queue (issue 14: "all urgent"): there is no second,
    high-priority tier of minor risk on the rules path."""
    verdict = screen(screener, body)
    assert "minor_risk" in verdict.labels, (body, verdict.risk)
    assert "trafficking_risk" in verdict.labels  # a minor in commercial sex is a trafficking victim
    assert verdict.priority == "urgent", (body, verdict.risk)
    assert any("CyberTipline" in r for r in verdict.reasons)


@pytest.mark.parametrize(
    "body",
    [
        # one soft word beside weak cues that adult ads use about adults: a candy emoji, an age of
        # 18 or 19, a duo or a friend, a business voice
        "Young and sweet 🍭, I am 19, unhurried visits.",
        "Young and sweet, two girls available, I am 19.",
        "Young and bubbly 🍬, my friend is available too.",
        "Young and calm, our agency is discreet.",
        "Petite young companion, we have a relaxed pace.",
        "Ask for Mia, young and calm.",
        # the thing is new, not the person
        "Totally new photos this week, young and calm.",
    ],
)
def test_a_soft_youth_word_with_weak_cues_is_no_minor_risk(screener: Screener, body: str) -> None:
    verdict = screen(screener, body)
    assert "commercial_sex" in verdict.labels
    assert "minor_risk" not in verdict.labels and verdict.risk["minor"] < 0.5, (body, verdict.risk)
    assert youth_codes(verdict)  # still reported, for review
    assert any("Soft youth wording" in r for r in verdict.reasons)


def test_a_candy_emoji_and_a_booker_corroborate_but_an_emoji_alone_does_not(screener: Screener) -> None:
    alone = screen(screener, "🍭 Calm and kind, unhurried.")
    assert "minor_risk" not in alone.labels and "YOUTH_EMOJI" in youth_codes(alone)
    booked = screen(screener, "🍭 Calm and kind, her booker takes the calls.")
    assert "minor_risk" in booked.labels and booked.priority == "urgent"


@pytest.mark.parametrize("section", ["adult", "dating", "personals"])
def test_the_same_youth_evidence_gets_the_same_labels_in_every_section(screener: Screener, section: str) -> None:
    assert "minor_risk" not in screen(screener, "Young and cheerful companion.", section).labels
    assert "minor_risk" in screen(screener, "Young and new to the game.", section).labels


@pytest.mark.parametrize(
    "body",
    [
        "Proud parent of a 9 year old little one, calm and kind.",
        "Proud parent of a teenager, calm and kind.",
        "My teenager is away at camp this week, calm and kind.",
        "Mother of a 15 year old teen, calm and kind.",
    ],
)
def test_a_parents_child_is_no_youth_cue(screener: Screener, body: str) -> None:
    verdict = screen(screener, body)
    assert youth_codes(verdict) == set() and "minor_risk" not in verdict.labels, verdict.risk


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
    verdict = screen(Screener(model="none", weights=str(path)), "Young and cheerful companion.")
    assert "minor_risk" in verdict.labels


def test_a_misspelt_code_in_soft_youth_is_refused(tmp_path: Path) -> None:
    text = re.sub(r"^sha256:.*\n", "", _packaged_weights(), flags=re.M)
    path = tmp_path / "weights.yaml"
    path.write_text(text.replace("TP_THIRD_PERSON: 1.5", "TP_THIRD_PERSN: 1.5"), encoding="utf-8")
    with pytest.raises(ConfigError, match="TP_THIRD_PERSN"):
        Screener(model="none", weights=str(path))


# A stated adult age of the person offered (weights `minor.soft.stated_adult`, lexicon
# STATED_ADULT_AGE, 23 and up) weighs against soft youth wording alone: minor ads that state an
# age state one near the legal line, so "young" beside "I am 27" is read as marketing about an adult.
SOFT_PAIR = "Young and new to the game."  # two soft youth codes: labelled minor_risk alone


@pytest.mark.parametrize(
    ("body", "title"),
    [
        (f"{SOFT_PAIR} I am 27 years old.", ""),
        (f"I'm 31, {SOFT_PAIR.lower()}", ""),
        (SOFT_PAIR, "Sweet Mia - 26"),  # a site's age field closing the title
        ("Young and calm, her booker takes the calls. She is 25 years old.", ""),
    ],
)
def test_a_stated_adult_age_outweighs_soft_youth_wording(screener: Screener, body: str, title: str) -> None:
    verdict = screen(screener, body, title=title)
    assert "commercial_sex" in verdict.labels
    assert "minor_risk" not in verdict.labels and verdict.risk["minor"] < 0.5, verdict.risk
    assert "YOUTH_SUGGESTIVE" in youth_codes(verdict)  # still reported for review
    assert "STATED_ADULT_AGE" in {i.code for i in verdict.indicators}
    reason = next(r for r in verdict.reasons if "Soft youth wording" in r)
    assert "states an adult age" in reason


def test_the_soft_pair_alone_is_still_minor_risk(screener: Screener) -> None:
    """The baseline the adult-age tests move from."""
    assert "minor_risk" in screen(screener, SOFT_PAIR).labels


@pytest.mark.parametrize(
    "body",
    [
        # 18 or 19 still corroborates (and is the youngest age stated)
        f"{SOFT_PAIR} I am 19 years old.",
        f"{SOFT_PAIR} I am 18, my friend is 24.",
        # 20 to 22 are neither a youth cue nor an adult assurance (minors' ads state up to 23)
        f"{SOFT_PAIR} I am 20 years old.",
        f"{SOFT_PAIR} I am 22 years old.",
        # strong youth codes and a stated age under 18 are never weighed down
        "Daddy's little girl, young and calm. I am 25 years old.",
        "Barely legal and calm, I am 23 years old.",
        "She just turned 18, calm and kind. She is 22 years old.",
        "Sweet and calm, I am 16 years old, my profile says 21.",
        # several people offered: one age vouches for no one else
        f"{SOFT_PAIR} Two girls available, I am 27 years old.",
    ],
)
def test_an_adult_age_never_cancels_stronger_youth_evidence(screener: Screener, body: str) -> None:
    verdict = screen(screener, body)
    assert "minor_risk" in verdict.labels, (body, verdict.risk)
    assert verdict.priority == "urgent", (body, verdict.risk)


@pytest.mark.parametrize(
    "other",
    [
        "My daughter is 25 years old.",
        "My sister is 24.",
        "My roommate is 30 years old and works nights.",
        "Our building is 40 years old.",
        "In business for 22 years.",
    ],
)
def test_someone_elses_age_does_not_weigh_against_youth_wording(screener: Screener, other: str) -> None:
    verdict = screen(screener, f"{SOFT_PAIR} {other}")
    assert "STATED_ADULT_AGE" not in {i.code for i in verdict.indicators}, other
    assert "minor_risk" in verdict.labels, other


def test_a_stated_adult_age_without_youth_wording_changes_nothing(screener: Screener) -> None:
    verdict = screen(screener, "Calm and kind, I am 27 years old.")
    assert verdict.labels == ["commercial_sex"] and verdict.risk["minor"] < 0.2
    assert not any("youth" in r.lower() for r in verdict.reasons)


def test_weights_without_a_stated_adult_code_keep_the_adult_age_neutral(tmp_path: Path) -> None:
    """A platform's weights written before `stated_adult_code` behave as before: the adult age
    is reported but soft youth wording corroborated by another cue stays minor risk."""
    text = re.sub(r"^sha256:.*\n", "", _packaged_weights(), flags=re.M)
    text = re.sub(r"^  stated_adult_code:.*\n", "", text, flags=re.M)
    path = tmp_path / "weights.yaml"
    path.write_text(text.replace('version: "', 'version: "old-'), encoding="utf-8")
    verdict = screen(Screener(model="none", weights=str(path)), f"{SOFT_PAIR} I am 27 years old.")
    assert "minor_risk" in verdict.labels


def test_a_softer_adult_age_weight_keeps_three_cues(tmp_path: Path) -> None:
    """`stated_adult` is a weight, not a switch: it takes its worth off the corroborating cues, so
    two youth codes and a booker (4.5) outweigh an adult age of 1.0 but not of 3.0."""
    body = f"{SOFT_PAIR} Her booker takes the calls. She is 25 years old."
    assert "minor_risk" in screen(Screener(model="none"), body).labels
    text = re.sub(r"^sha256:.*\n", "", _packaged_weights(), flags=re.M)
    path = tmp_path / "weights.yaml"
    path.write_text(text.replace("    stated_adult: 1.0", "    stated_adult: 3.0"), encoding="utf-8")
    assert "minor_risk" not in screen(Screener(model="none", weights=str(path)), body).labels


@pytest.mark.parametrize("misspelt", ["stated_adult_code: STATED_ADULT_AGES", "several_offered: [TP_SEVERAL]"])
def test_a_misspelt_adult_age_code_is_refused(tmp_path: Path, misspelt: str) -> None:
    text = re.sub(r"^sha256:.*\n", "", _packaged_weights(), flags=re.M)
    key = misspelt.split(":")[0]
    text = re.sub(rf"^(\s*){key}:.*$", lambda m: m.group(1) + misspelt, text, count=1, flags=re.M)
    path = tmp_path / "weights.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=misspelt.split(": ")[1].strip("[]")):
        Screener(model="none", weights=str(path))


def test_the_learned_features_leave_the_adult_age_out(screener: Screener) -> None:
    """The packaged model predates the code: fed to it, the adult age moved 74 of the real dating
    posts' model-path decisions. The stage still sees it among the indicators."""
    ad = {"id": "f", "category": "dating", "body": f"{SOFT_PAIR} I am 27 years old. {OFFER}"}
    names = {name for _, name in screener.features(ad).named}
    assert "YOUTH_SUGGESTIVE" in names and "STATED_ADULT_AGE" not in names


@pytest.mark.parametrize(
    "body",
    [
        "Incall near the airport, 150 an hour, text 702-555-0152 lolI am easy going and kind.",
        "Incall near the airport, 150 an hour, text 702-555-0152 lolI'm easy going.",
    ],
)
def test_a_word_glued_to_the_pronoun_i_is_no_youth_term(screener: Screener, body: str) -> None:
    """ "lol" and the next sentence's "I" glued together fold to a youth code word; the capital I
    followed by the sentence it opens is the pronoun. The code word itself, in any case, still counts."""
    verdict = screener.screen({"id": "g", "category": "dating", "body": body})
    assert "commercial_sex" in verdict.labels  # (so youth codes are reported)
    assert "YOUTH_EXPLICIT" not in {i.code for i in verdict.indicators} and "minor_risk" not in verdict.labels
    coded = screener.screen({"id": "c", "category": "dating", "body": body.replace("lolI", "LoLi,")})
    assert "YOUTH_EXPLICIT" in {i.code for i in coded.indicators} and "minor_risk" in coded.labels
