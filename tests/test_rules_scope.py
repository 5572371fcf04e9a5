"""The rule path reads scope, not words (issue 14): denials, polysemous words, whose age an age
is, soft cues that count only together, and a section that never decides. Clinical synthetic
text written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from samaritan import Screener
from samaritan.engine.lexicon import LexiconError, load_lexicon
from samaritan.engine.policy import ConfigError


@pytest.fixture(scope="module")
def screener(rules_screener: Screener) -> Screener:
    """This file tests the rule path's own reading (its docstring): pinned to `model="none"`;
    the default engine's verdicts on lawful ads are held by test_screen.py's trap suite."""
    return rules_screener


SECTIONS = ("adult", "dating", "personals")


def labels(screener: Screener, body: str, section: str = "personals", title: str = "") -> list[str]:
    return screener.screen({"id": "t", "category": section, "title": title, "body": body}).labels


@pytest.mark.parametrize(
    "body",
    [
        "Seeking a kind partner for hiking and dinners. No escorts or hookers please.",
        "Friendly man, 40, I am not offering to act as a sugar daddy, just company for concerts.",
        "Looking for a long term partner. Escorts need not apply.",
        "Do not answer if you work for an escort agency. Coffee first, then we see.",
        "Anyone seeking a sugar daddy should move on, I want real friendship.",
        "Hoping to find a partner for museums and long drives. Paid dates and pay to play, please move along.",
        "Retired teacher who loves gardening. Escorts, scroll past this one.",
        "No incall, no outcall, we meet in a public cafe like normal people.",
    ],
)
def test_a_denied_commercial_term_is_no_claim(screener: Screener, body: str) -> None:
    assert labels(screener, body) == []


def test_the_same_terms_claimed_still_count(screener: Screener) -> None:
    assert "commercial_sex" in labels(screener, "Upscale escort, incall and outcall, text for rates.")
    assert "commercial_sex" in labels(screener, "Sugar baby seeks generous gentleman, allowance discussed.")


@pytest.mark.parametrize(
    ("section", "title", "body"),
    [
        (
            "housing",
            "Two bedroom flat",
            "Generous closets and a sunny kitchen. References required. Showings by "
            "appointment only. 24-hour maintenance in a full service building with laundry. Ready to move in! "
            "Call today. Deposit required, $200 gift card at move in.",
        ),
        (
            "housing",
            "Studio near campus",
            "Our full service team fixes things fast 24/7. Room for someone new "
            "to town, utilities included, call or text 702-555-0142.",
        ),
        ("services", "Senior helpers", "We escort seniors to doctor appointments and the pharmacy, $30 per hour."),
        ("services", "Medical appointment escort", "Friendly escort for elderly clients, discreet and professional."),
        ("pets", "Kittens for adoption", "Adoption donation $150 covers shots. Sweet and playful."),
        ("events", "Charity gala", "$100 donation per ticket, dinner at the grand hotel ballroom."),
        ("housing", "Lake cabin", "Lake cabin for rent, overnight rates from $250, sleeps six, available now."),
        ("personals", "Free massage", "Offering a free sensual massage to a lady, nothing expected in return."),
    ],
)
def test_polysemous_words_count_only_in_a_commercial_reading(
    screener: Screener, section: str, title: str, body: str
) -> None:
    verdict = screener.screen({"id": "t", "category": section, "title": title, "body": body})
    assert verdict.labels == [] and verdict.decision == "allow", [i.code for i in verdict.indicators]


@pytest.mark.parametrize(
    "body",
    [
        "We have been together for a 13 year relationship and I am ready to date again.",
        "Friends tell me I seem ten years younger, active and kind, 52.",
        "Trying once again to find a partner for hiking.",
        "My daughter is 12 and I work from home, looking for a friend my age.",
    ],
)
def test_an_age_that_is_not_the_persons_is_no_minor(screener: Screener, body: str) -> None:
    assert labels(screener, body) == []


def test_a_stated_minor_age_of_the_person_still_counts(screener: Screener) -> None:
    assert "minor_risk" in labels(screener, "I am 16 years old and looking for fun.")


# Soft cues of several kinds: greeting gentlemen, real-photo claim, no rush, coming to the client.
SOFT = ["Hello gentlemen!", "Real pics, 100% me.", "Unrushed and relaxed.", "I come to you."]


@pytest.mark.parametrize("cue", SOFT)
def test_one_soft_cue_alone_never_makes_an_ad_commercial(screener: Screener, cue: str) -> None:
    for section in SECTIONS:
        assert "commercial_sex" not in labels(screener, f"Sweet and friendly. {cue}", section)


def test_several_soft_cues_together_count_in_every_section(screener: Screener) -> None:
    body = " ".join(SOFT)
    for section in SECTIONS:
        verdict = screener.screen({"id": "t", "category": section, "title": "Mia - 24", "body": body})
        assert "commercial_sex" in verdict.labels, section
        assert any("Several kinds of commercial-sex wording" in r for r in verdict.reasons)


def test_a_section_prior_never_decides_alone(screener: Screener) -> None:
    # Supporting wording only (hotel venue, short price, payment app): no commercial rule, no cues.
    body = "Near the airport hotel, 80 for 30 min, cash app."
    assert {section: labels(screener, body, section) for section in SECTIONS} == {s: [] for s in SECTIONS}


def test_extracted_codes_are_lexicon_data(tmp_path: Path) -> None:
    """OBS_PHONE_DISGUISED and YOUTH_STATED_* live in the lexicon: an overlay re-weighs them."""
    overlay = tmp_path / "extra.yaml"
    overlay.write_text(
        "rules:\n  - code: OBS_PHONE_DISGUISED\n    category: obscured_contact\n    weight: 0.5\n"
        "    extracted: disguised_phone\n    description: reweighed\n    evidence: a test\n"
        "    examples: {match: [x], no_match: [y]}\n"
    )
    body = "call seven zero two five five five zero one four two"
    default = Screener(model="none").screen({"id": "a", "body": body}).indicators
    reweighed = Screener(model="none", lexicon_extra=overlay).screen({"id": "a", "body": body}).indicators
    assert [(i.code, i.weight) for i in default] == [("OBS_PHONE_DISGUISED", 1.0)]
    assert [(i.code, i.weight) for i in reweighed] == [("OBS_PHONE_DISGUISED", 0.5)]


def test_age_ranges_go_with_stated_ages_only(tmp_path: Path) -> None:
    bad = tmp_path / "extra.yaml"
    bad.write_text(
        "rules:\n  - code: OBS_BAD\n    category: obscured_contact\n    weight: 0.5\n    extracted: disguised_phone\n"
        "    ages: [0, 17]\n    description: bad\n    evidence: a test\n    examples: {match: [x], no_match: [y]}\n"
    )
    with pytest.raises(LexiconError, match=r"(?s)OBS_BAD.*ages"):
        load_lexicon(extra=bad)


def test_weights_must_name_lexicon_codes(tmp_path: Path) -> None:
    from importlib import resources

    weights = tmp_path / "weights.yaml"
    text = (
        resources.files("samaritan")
        .joinpath("data/weights.yaml")
        .read_text("utf-8")
        .replace("stated_minor_code: YOUTH_STATED_MINOR_AGE", "stated_minor_code: YOUTH_TYPO")
    )
    weights.write_text("\n".join(line for line in text.splitlines() if not line.startswith("sha256:")))
    with pytest.raises(ConfigError, match="YOUTH_TYPO"):
        Screener(model="none", weights=weights)


# A site's terms banner or footer names minors to keep them out (issue 14): no youth claim.
_AD = "Incall and outcall, text for rates 702-555-0142. "
DISCLAIMERS = [
    "This site is for adults only. Minors are not permitted to view this page.",
    "Warning: adult content. If you are a minor or under 18, leave now.",
    "Disclaimer: all models are 18+. Underage users must exit.",
    "Terms: users must be over eighteen; we report underage content to authorities.",
    "No one under 18 may post. Posting content involving minors is prohibited.",
    "Warning: you must be of legal age. Teens and minors are prohibited from this site.",
    "By entering you confirm you are at least 18 years old.",
]


@pytest.mark.parametrize("disclaimer", DISCLAIMERS)
def test_youth_words_in_a_site_disclaimer_are_no_youth_evidence(screener: Screener, disclaimer: str) -> None:
    verdict = screener.screen({"id": "t", "category": "dating", "title": "Sweet Mia - 24", "body": _AD + disclaimer})
    assert "commercial_sex" in verdict.labels  # the ad is still read
    assert "minor_risk" not in verdict.labels
    assert [i.code for i in verdict.indicators if i.category == "youth"] == []


@pytest.mark.parametrize("disclaimer", DISCLAIMERS)
def test_an_ad_offering_a_young_person_keeps_minor_risk_beside_a_disclaimer(
    screener: Screener, disclaimer: str
) -> None:
    for title, body in [("Sweet Mia - 24", "Young teen new in town. " + _AD), ("Mia 702-555-0142 - 16", _AD)]:
        verdict = screener.screen({"id": "t", "category": "dating", "title": title, "body": body + disclaimer})
        assert "minor_risk" in verdict.labels, (title, body)


def test_one_disclaimer_word_beside_a_youth_word_is_still_a_claim(screener: Screener) -> None:
    # "this site" alone: a poster new to the site, offering a teen.
    body = "Young teen new to this site. " + _AD
    assert "minor_risk" in labels(screener, body, "dating", "Sweet Mia - 24")


@pytest.mark.parametrize("phone", ["702-555-0142", "(702) 555-0142", "702.555.0142"])
def test_a_minor_age_in_a_title_with_a_phone_gives_minor_risk(screener: Screener, phone: str) -> None:
    for title in [f"Mia {phone} - 17", f"Mia - 17 - {phone}"]:
        verdict = screener.screen({"id": "t", "category": "dating", "title": title, "body": "Incall, text for rates."})
        assert "minor_risk" in verdict.labels and "YOUTH_STATED_MINOR_AGE" in {i.code for i in verdict.indicators}
