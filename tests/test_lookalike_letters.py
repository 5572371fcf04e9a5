"""Disguises a filter that reads only Unicode's confusables and categories misses (issue #13):
capitals of other scripts that look like Latin ones, whose small letters look like other Latin
letters or none (Cherokee "ᎪᏴᏟ", Greek "Ν" and "Υ", Cyrillic "В" and "Н"); the small Greek and
Cyrillic letters of fancy-text fonts, chosen by look ("ѕєxу", "ρяєтту"); and characters drawn as
nothing typed between words (the Hangul filler, its half-width form, the blank Braille cell).
The folding reads a capital by its own shape, a fancy-text word by its look (engine/normalize/
fancy.py, with `decancer`) and a blank as a space; Greek and Russian words stay as written, and
spans still point at the original characters. Clinical synthetic text written for these tests; phone numbers use the
555-01xx range."""

from __future__ import annotations

import random

import pytest

from samaritan.engine.detect import Detector
from samaritan.engine.lexicon import load_lexicon
from samaritan.engine.normalize import fold
from samaritan.engine.screener import Screener
from samaritan.generate.lookalikes import blank_spaces, capital_lookalikes, fancy_letters

DETECTOR = Detector(load_lexicon())
AD = "Kind lady, just arrived in town. Incall only, GFE. Text 702-555-0142"


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("ᎪᏴᏟ ᎠᎬᎳ", "abc dew"),  # Cherokee capitals
        ("ΝᎬᎳ ΙΝ ᎢОᎳΝ", "new in town"),  # Greek Nu and Iota, Cyrillic O
        ("ΥОUΝᏀ", "young"),  # Greek Upsilon
        ("ВIG НАТ", "big hat"),  # Cyrillic Ve and En
        ("Іnna and Ѕam", "inna and sam"),  # capital I look-alikes are still "i", not "l"
        ("ѕεxу lαtιиa", "sexy latina"),  # a fancy-text font: Cyrillic, Greek and Latin in one word
        ("ρяєтту вαвє", "pretty babe"),
        ("car ∂αte", "car date"),  # the fonts' "d"
        ("ᔕweet", "sweet"),  # ... and "s"
        ("the τθρ spot", "the top spot"),  # Greek letters alone, no Greek word, an English one by look
        ("n€w in town", "new in town"),  # currency and a few other signs written for letters
        ("¥oung §weet", "young sweet"),
        ("pl∈ase L¡ps", "please lips"),
        ("ᗩᑎᗪ", "and"),  # Canadian syllabics, read even alone
        ("new\u3164in\u3164town", "new in town"),
        ("new\uffa0girl", "new girl"),
        ("sweet\u2800girl", "sweet girl"),
    ],
)
def test_the_folded_text_is_what_a_reader_reads(text: str, read: str) -> None:
    assert fold(text)[0].text == read


@pytest.mark.parametrize("text", ["€50 an hour", "rent £500 pcm", "price 50€", "¡Hola amor!"])
def test_a_price_keeps_its_sign_and_a_spanish_sentence_its_mark(text: str) -> None:
    folded = fold(text)[0].text
    assert "e50" not in folded and "50e" not in folded and "ihola" not in folded
    assert "hola" in folded or any(ch.isdigit() for ch in folded)


def test_greek_and_russian_words_keep_their_own_letters() -> None:
    # Only look-alikes fold: a Greek or Russian word, in capitals or not, is not made an English one.
    assert "λ" in fold("ΚΑΛΗΜΕΡΑ")[0].text
    assert "и" in fold("ВНИМАНИЕ")[0].text
    assert "η" in fold("I speak English and a little Greek: καλημέρα")[0].text
    assert "к" in fold("Я из Москвы")[0].text
    assert fold("καλημέρα φίλε")[0].text.count("λ") == 2  # Greek words, though their letters read as Latin ones


@pytest.mark.parametrize("transform", [capital_lookalikes, fancy_letters, blank_spaces])
@pytest.mark.parametrize("seed", range(3))
def test_an_ad_so_written_is_labelled_as_its_plain_text(either_path: Screener, transform, seed: int) -> None:
    plain = either_path.screen({"id": "p", "category": "dating", "title": "", "body": AD})
    disguised = transform(AD.split(". Text")[0], random.Random(seed)) + ". Text 702-555-0142"
    verdict = either_path.screen({"id": "d", "category": "dating", "title": "", "body": disguised})
    assert "commercial_sex" in plain.labels
    assert verdict.labels == plain.labels
    assert {i.category for i in verdict.indicators} >= {"commercial_sex", "movement"}


def test_spans_point_at_the_original_characters() -> None:
    for text in ["Hi ΝᎬᎳ ΙΝ ᎢОᎳΝ", "Hi new\u3164in\u3164town", "Hi nєω ιn tσωn"]:
        hits = DETECTOR.find("body", text)
        assert hits, text
        for hit in hits:
            assert text[hit.start : hit.end] == hit.text and hit.text.strip()
