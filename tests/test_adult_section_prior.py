"""A section that exists for adult services agrees with the learned model as a commercial term
does (engine/learned/alone.py adult_prior, weights.yaml `commercial.section_prior`): there the
model's probability labels a person offered at the policy's commercial_sex threshold where the
lexicon read anything, not only near certainty. Dating and personals sections keep the old bar, a
sale or another trade's terms in an adult section still take the agreement away, and an ad the
lexicon reads nothing in is not labelled by the section alone. Clinical synthetic text written
for these tests; phone numbers use the 555-01xx range."""

from __future__ import annotations

import pytest

from conftest import fix_model
from samaritan.engine.screener import Screener

# A person offered by first name, age, hours and a number: soft wording only, no commercial term.
OFFERED = {
    "title": "Marisol in the afternoons",
    "body": "Marisol, 31. Around most afternoons this week, quiet place east of the river. Text 702-555-0150.",
}


def _screen(screener: Screener, section: str, ad: dict) -> list[str]:
    return screener.screen({"id": "a", "category": section, **ad}).labels


@pytest.mark.parametrize("section", ["adult", "escorts", "body-rubs"])
def test_a_middling_probability_labels_a_person_offered_in_an_adult_section(
    monkeypatch: pytest.MonkeyPatch, section: str
) -> None:
    fix_model(monkeypatch, commercial=0.5)  # above commercial_sex (0.3), under text_only (0.75)
    assert "commercial_sex" in _screen(Screener(model="default"), section, OFFERED)


@pytest.mark.parametrize("section", ["dating", "personals", "services"])
def test_the_same_text_elsewhere_needs_more_than_the_section(monkeypatch: pytest.MonkeyPatch, section: str) -> None:
    fix_model(monkeypatch, commercial=0.5)
    assert _screen(Screener(model="default"), section, OFFERED) == []


def test_the_section_alone_labels_nothing_the_lexicon_reads_nothing_in(monkeypatch: pytest.MonkeyPatch) -> None:
    fix_model(monkeypatch, commercial=0.5)
    ad = {"title": "Hello", "body": "Hello there, I will write more soon."}
    assert _screen(Screener(model="default"), "adult", ad) == []


def test_a_sale_in_an_adult_section_keeps_its_own_terms(monkeypatch: pytest.MonkeyPatch) -> None:
    fix_model(monkeypatch, commercial=0.5)
    ad = {
        "title": "Boxed massager, like new",
        "body": "Selling a boxed personal massager, like new, $25 obo. Pick up only, text 702-555-0151.",
    }
    assert _screen(Screener(model="default"), "adult", ad) == []


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("Burlesque night", "Burlesque revue at the Lantern Theatre on Saturday, doors at 8, tickets $18 at the door."),
        ("Book club for grown-ups", "An adults-only book club meets at the library on Thursdays. This month: a noir."),
    ],
)
def test_lawful_adult_section_posts_stay_ordinary(screener: Screener, title: str, body: str) -> None:
    verdict = screener.screen({"id": "l", "category": "adult", "title": title, "body": body})
    assert verdict.labels == []
    assert verdict.decision == "allow"
