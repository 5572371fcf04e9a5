"""The learned category tagger reads words written without their vowels ("rfrncs") as the
lexicon reads them ("references"): a category phrase so respelled is tagged as its plain form
is (by the tagger, or by a lexicon rule where one reads the phrase), on the original span, while
the model, labels and decision read the field as before."""

from __future__ import annotations

import pytest

from samaritan import Screener
from samaritan.engine.normalize import fold

# A commercial anchor (the tagger only annotates ads labelled commercial), clinical and synthetic.
ANCHOR = " Incall and outcall, text 555-0142."
TITLE = "Mia - 24"  # (a missing title is no commercial evidence: headline.py)
CASES = [
    ("clients must send references before booking.", "clnts mst snd rfrncs bfr bkng.", "screening"),
    # (not "my manager ...": the lexicon reads that as her own word of control, TP_CONTROL_OWN_VOICE)
    ("the manager handles all bookings.", "the mngr hndls all bkngs.", "third_party"),
]


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener()


def _read(screener: Screener, phrase: str) -> list[tuple[str, str, str]]:
    """(reader, category, text) of each span over the phrase at the start of the body: the
    learned tagger's, or the lexicon's where a rule reads the phrase (its span hides the tagger's)."""
    verdict = screener.screen({"id": "respelled", "title": TITLE, "body": phrase + ANCHOR}).to_dict()
    return [
        ("tagger" if i["code"].startswith("LEARNED_") else "lexicon", i["category"], i["text"])
        for i in verdict["indicators"]
        if i["field"] == "body" and i["end"] <= len(phrase)
    ]


@pytest.mark.parametrize(("plain", "respelled", "category"), CASES)
def test_a_phrase_without_vowels_gets_the_category_of_its_plain_form(
    screener: Screener, plain: str, respelled: str, category: str
) -> None:
    as_written, without_vowels = _read(screener, plain), _read(screener, respelled)
    assert {c for _, c, _ in as_written} == {category} == {c for _, c, _ in without_vowels}
    assert [r for r, _, _ in as_written] == [r for r, _, _ in without_vowels]  # read the same way
    # The spans are on the original, vowel-less text.
    assert all(text in respelled for _, _, text in without_vowels)
    assert any(reader == "tagger" for reader, _, _ in _read(screener, CASES[1][1]))


def test_only_the_respelled_view_is_marked(screener: Screener) -> None:
    views = fold(CASES[0][1], screener.detector.vocabulary)
    assert not views[0].respelled
    marked = [v for v in views if v.respelled]
    assert marked and "references" in marked[0].text


def test_the_taggers_categories_survive_dropped_vowels(screener: Screener) -> None:
    """The generator's ads with every indicator phrase written without vowels keep the categories
    their plain text gets: the tagger reads its own words (not only the lexicon's) through the
    respelling (categories_respell). Without that, 16 ads lost a category here (movement 5, venue
    4, availability 4); with it 5, none more than 2 in a category."""
    import contextlib
    from collections import Counter

    from samaritan.generate.corpus import Mix, SiteGenerator
    from samaritan.generate.obfuscate import only

    def categories(obfuscation: float, transform: str | None = None) -> list[set[str]]:
        with only(transform) if transform else contextlib.nullcontext():
            ads = [ad for ad, _ in SiteGenerator(1500, seed=7, mix=Mix(obfuscation=obfuscation))]
        return [{i.category for i in v.indicators} for v in screener.screen_many(ads)]

    lost: Counter[str] = Counter()
    for plain, dropped in zip(categories(0.0), categories(1.0, "dropped_vowels"), strict=True):
        lost.update(plain - dropped)
    assert sum(lost.values()) <= 8 and max(lost.values(), default=0) <= 3, lost


def test_a_respelled_reading_maps_each_letter_back_to_its_word() -> None:
    from samaritan.engine.learned.categories_respell import respelled_fields

    text = "snd a pht of yr wrk bdg"
    out = respelled_fields({"body": text}, {"body": (text, None)}, frozenset(["photo", "badge", "send"]))
    read, where = out["body"]
    assert "photo" in read and "badge" in read
    assert where is not None and len(where) == len(read)
    start = read.index("photo")
    # Every letter of "photo" comes from the original "pht", nothing outside it.
    assert {text[i] for i in where[start : start + 5]} <= set("pht")
    assert min(where[start : start + 5]) == text.index("pht")


def test_plain_fields_are_not_read_twice(screener: Screener) -> None:
    from samaritan.engine.learned.categories import tagger_for
    from samaritan.engine.learned.categories_respell import respelled_fields, vocabulary_for

    tagger = tagger_for(screener.model)
    assert tagger is not None
    vocabulary = vocabulary_for(tagger)
    assert vocabulary is not None
    text = "send a photo of your work badge before booking."
    assert respelled_fields({"body": text}, {"body": (text, None)}, vocabulary) == {}
