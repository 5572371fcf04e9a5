"""The learned stage reads what the lexicon reads (issue #13): each field's first folded view,
with its punctuation kept, so an encoded or upside-down phrase gets the model's labels and the
tagger's category spans of its plain form, the spans on the exact original characters."""

from __future__ import annotations

import html
import random
from collections.abc import Callable
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samaritan import Screener
from samaritan.engine.learned import reading
from samaritan.engine.learned.reading import read_text
from samaritan.engine.normalize import fold, fold_chars
from samaritan.generate.obfuscate import html_entities, percent, upside_down

MOVING = "Heading out of state on Sunday morning"
SCREENING = "You must send a photo of your office badge first"
BODY = "Upscale companion, incall and outcall. {0}. {1}. Text 555-0142."


def _ad(moving: str, screening: str) -> dict[str, str]:
    return {
        "id": "a",
        "platform": "site",
        "category": "dating",
        "title": "Companion visit",
        "body": BODY.format(moving, screening),
    }


@pytest.fixture(scope="module")
def screener() -> Screener:
    # The packaged model: any model reads the same text for both forms, so gives the same answer.
    return Screener(model="default")


def _learned(screener: Screener, ad: dict[str, str]) -> tuple[list[str], dict[str, float], list[tuple[str, str]]]:
    v = screener.screen(ad)
    spans = [(i.category, ad[i.field][i.start : i.end]) for i in v.indicators if i.code.startswith("LEARNED_")]
    return v.labels, v.risk, spans


@pytest.mark.parametrize(
    ("transform", "decode"),
    [(html_entities, html.unescape), (percent, unquote)],
    ids=["html_entities", "percent_encoding"],
)
def test_an_encoded_ad_gets_the_labels_and_spans_of_its_plain_form(
    screener: Screener, transform: Callable[[str, random.Random], str], decode: Callable[[str], str]
) -> None:
    labels, risk, spans = _learned(screener, _ad(MOVING, SCREENING))
    assert "commercial_sex" in labels and {c for c, _ in spans} >= {"movement", "screening"}
    rng = random.Random(3)
    got_labels, got_risk, got_spans = _learned(screener, _ad(transform(MOVING, rng), transform(SCREENING, rng)))
    assert got_labels == labels
    assert got_risk == pytest.approx(risk, abs=1e-4)
    # Each span covers the encoded original: decoded, it is the plain span.
    assert [(c, decode(text)) for c, text in got_spans] == spans


def test_an_upside_down_phrase_gets_the_span_of_its_plain_form(screener: Screener) -> None:
    labels, risk, spans = _learned(screener, _ad(MOVING, SCREENING))
    flipped = upside_down(MOVING, random.Random(3))
    ad = _ad(flipped, SCREENING)
    got_labels, got_risk, got_spans = _learned(screener, ad)
    assert got_labels == labels
    assert got_risk == pytest.approx(risk, abs=1e-4)
    moving = [text for c, text in got_spans if c == "movement"]
    assert moving and moving[0].startswith(flipped)  # the turned letters themselves, all of them
    # Any other span in the turned phrase is turned letters too ("Heading" read as a venue word);
    # outside it, the spans are the plain form's.
    inside = [(c, text) for c, text in got_spans if c != "movement" and text in flipped]
    assert all(text.strip() for _, text in inside)
    outside = [s for s in got_spans if s[0] != "movement" and s not in inside]
    assert outside == [s for s in spans if s[0] != "movement" and s[1] not in MOVING]


@pytest.mark.parametrize("text", ["Hello there. Don't call, ok?\nNew in town", "Caf\u00e9 visit \U0001f339 - ok"])
def test_plain_text_reads_as_its_characters_folded(text: str) -> None:
    reading = read_text(text, frozenset())
    assert (reading.text, reading.where) == fold_chars(text)


def test_the_reading_keeps_punctuation_and_maps_each_character_back() -> None:
    original = "n&#101;w in t%6Fwn, &amp; more. y.o.u.r call"
    reading = read_text(original, frozenset({"your"}))
    assert reading.text == "new in town, & more. your call"
    assert reading.where is not None
    assert [original[k] for k in reading.where][:3] == ["n", "&", "w"]  # a decoded letter: its reference
    assert "".join(original[k] for k in reading.where[-9:]) == "your call"


def test_leetspeak_is_read_with_the_punctuation_kept_one_for_one() -> None:
    # Read from the lexicon's view (leet letters, an address's "@") merged with the characters
    # folded alone: the punctuation stays, each character maps to its own original index.
    original = "Th3 b3st, n3w in t0wn! Write me@home."
    reading = read_text(original, frozenset({"best", "town"}))
    assert reading.text == "the best, new in town! write meahome."
    assert reading.where == list(range(len(original)))
    assert reading.blanked([(4, 8)]) == "the     , new in town! write meahome."


def test_only_a_view_of_the_original_lower_cased_is_plain() -> None:
    vocabulary = frozenset({"best"})
    assert fold("Hello, there. Call me", vocabulary)[0].plain
    assert not fold("Th3 b3st, n3w", vocabulary)[0].plain
    assert not fold("n&#101;w in town", vocabulary)[0].plain


@settings(derandomize=True, max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from([*"Ab z9.,'\n\t", "\x00", "\x07", "\x1c", "\x7f", "\u00e9", "\u0130"]), max_size=30
    )
)
def test_a_field_is_folded_as_fold_chars_folds_it(text: str) -> None:
    # ASCII text that drops no character is folded one for one without fold_chars' scan for
    # characters that change length; control characters (dropped) and the rest take fold_chars.
    assert reading._fold_chars(text) == fold_chars(text)


@pytest.mark.parametrize(
    "sentence",
    [
        "Verification: a photo with today's date, then we talk.",
        "I screen, no exceptions... ask first!",
        "Before we meet (briefly) I need one reference?!",
    ],
)
def test_an_upside_down_sentence_reads_in_order_with_its_punctuation(sentence: str) -> None:
    # Flip generators turn the punctuation too ("." -> "˙", "," <-> "'") and reverse the whole
    # sentence: read back, the words stand in their order and the punctuation where it was.
    flipped = upside_down(sentence, random.Random(0))
    reading = read_text(f"Hello there. {flipped} Text me", frozenset())
    assert reading.text == f"hello there. {sentence.lower()} text me"
    assert reading.where is not None
    start = len("Hello there. ")
    # Each character maps back to its turned original: the sentence's first is the flipped's last.
    assert reading.where[start] == start + len(flipped) - 1
    assert sorted(reading.where[start : start + len(flipped)]) == list(range(start, start + len(flipped)))


def test_a_common_word_split_by_mixed_separators_reads_as_that_word() -> None:
    # Not as the lexicon's words inside it ("every" "one"): the tagger reads "everyone".
    original = "I check e*v_e.r-y.o/n+e first"
    reading = read_text(original, frozenset({"every", "one", "first"}))
    assert reading.text == "i check everyone first"
    assert "".join(original[k] for k in reading.where or []) == "I check everyone first"  # the letters, each
