"""Each evasion transform of issue #13, as a property over the lexicon's phrases, keeps the
phrase's category; the new folding adds no label to ordinary ads."""

from __future__ import annotations

import random
import re

import pytest
import wordfreq
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from samaritan.engine.detect import Detector
from samaritan.engine.lexicon import load_lexicon
from samaritan.engine.screener import Screener
from samaritan.generate import vocab
from samaritan.generate.corpus import SiteGenerator
from samaritan.generate.obfuscate import EVASION_TRANSFORMS

DETECTOR = Detector(load_lexicon())
PHRASES = (
    [("movement", p) for p in vocab.MOVEMENT]
    + [("availability", p) for p in vocab.AVAILABILITY]
    + [("screening", p) for p in vocab.SCREENING]
    + [("payment", p) for p in vocab.PAYMENT]
    + [("venue", p) for p in vocab.VENUE]
    + [("youth", p) for p in vocab.YOUTH]
    + [("commercial_sex", p) for p in vocab.COMMERCIAL_CORE]
)


def _unreadable(phrase: str, disguised: str) -> bool:
    """A word cut to two letters ("tn", "rm") is too little to read back without misreading
    ordinary text (Tennessee), and a spelling that is a common word of its own ("cps", "incl")
    is that word (docs/evasion.md), so the property holds for the rest."""
    return any(
        d != p
        and (
            len(re.sub(r"(.)\1+", r"\1", re.sub("[aeiouy]", "", d[1:]))) < 2
            or wordfreq.zipf_frequency(d, "en", wordlist="small") >= 3.0
        )
        for p, d in zip(phrase.lower().split(), disguised.lower().split(), strict=False)
    )


@pytest.mark.parametrize("transform", sorted(EVASION_TRANSFORMS))
@settings(max_examples=60, deadline=None, derandomize=True)
@given(item=st.sampled_from(PHRASES), seed=st.integers(0, 2**16))
def test_each_transform_keeps_the_category(transform: str, item: tuple[str, str], seed: int) -> None:
    category, phrase = item
    disguised = EVASION_TRANSFORMS[transform](phrase, random.Random(seed))
    if _unreadable(phrase, disguised):
        return
    found = {h.rule.category for h in DETECTOR.find("body", f"Hello. {disguised}. Text me.")}
    assert category in found, f"{phrase!r} -> {disguised!r}"


def test_disguised_spans_point_at_the_original() -> None:
    for text in ["Hi ʏᴏᴜɴɢ", "Hi &#121;oung", "Hi y✨o✨u✨n✨g", "Hi ƃunoʎ", "Hi 🇾🇴🇺🇳🇬", "new in to\nwn"]:
        hits = DETECTOR.find("body", text)
        assert hits, text
        for hit in hits:
            assert text[hit.start : hit.end] == hit.text and hit.text.strip()


@pytest.mark.parametrize(
    "phrase",
    ["new in tow%6E", "new in tow&#110;", "new in tow&#x6e;", "%6E%65%77 %69%6E %74%6F%77%6E", "new in town"],
)
def test_a_span_ending_in_an_encoded_letter_ends_after_it(phrase: str) -> None:
    """Every letter decoded from a reference maps to its start: a span read to its last letter
    ended one character into the reference ("new in tow%"), evidence cut short."""
    text = f"Companion {phrase}, call 555-0142"
    spans = {text[h.start : h.end] for h in DETECTOR.find("body", text) if h.rule.category == "movement"}
    assert spans == {phrase}
    # A per cent sign of the text itself is no reference: the span stays on the word.
    plain = "Companion new in town 50% off, call 555-0142"
    assert {plain[h.start : h.end] for h in DETECTOR.find("body", plain) if h.rule.category == "movement"} == {
        "new in town"
    }


def test_flags_stay_emoji_and_foreign_words_stay_foreign() -> None:
    from samaritan.engine.normalize import fold

    assert "🇺🇸" in fold("Made in 🇺🇸")[0].text
    assert fold("привет")[0].text != "privet"  # other scripts are not transliterated


def _ordinary_texts() -> list[str]:
    with open("tests/data/traps.yaml", encoding="utf-8") as fh:
        traps = yaml.safe_load(fh)
    texts = [t for items in traps.values() for t in items]
    for ad, truth in SiteGenerator(600, seed=11):
        if truth["label"] == "benign":
            texts.append(f"{ad.get('title', '')}\n{ad['body']}")
    return texts


ORDINARY = _ordinary_texts()


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener()


@settings(max_examples=120, deadline=None, derandomize=True)
@given(st.sampled_from(ORDINARY), st.sampled_from(sorted(EVASION_TRANSFORMS)), st.integers(0, 99))
def test_new_folding_adds_no_label_to_ordinary_ads(text: str, transform: str, seed: int) -> None:
    # An ordinary ad, and the same ad with one of its words written in a new disguise: the
    # folding that reads disguises must not turn lawful text into an indicator of anything.
    screener = _SCREENER
    words = text.split(" ")
    k = random.Random(seed).randrange(len(words))
    words[k] = EVASION_TRANSFORMS[transform](words[k], random.Random(seed)) if len(words[k]) > 2 else words[k]
    verdict = screener.screen({"id": "o", "body": " ".join(words)})
    assert verdict.labels == [] or set(verdict.labels) <= set(screener.screen({"id": "o", "body": text}).labels)


_SCREENER = Screener()


# Plain words an ad sets beside a disguised phrase: words with letters upside-down text cannot
# hold ("babes", "here"), words made only of turnable letters ("sun", "so", "bob"), and single
# letters ("I") that a run of split letters may take in.
_NEIGHBOURS = ["babes", "here", "sun", "so", "bob", "I", "Hello.", "princess", "x", "only!", "Dallas", "A"]


@pytest.mark.parametrize("transform", ["upside_down", "mixed_separators"])
@settings(max_examples=80, deadline=None, derandomize=True)
@given(
    item=st.sampled_from(PHRASES + [("ethnicity", p) for p in vocab.ETHNICITY]),
    before=st.sampled_from(_NEIGHBOURS),
    after=st.sampled_from(_NEIGHBOURS),
    seed=st.integers(0, 2**16),
)
def test_a_disguised_phrase_between_plain_words_keeps_its_category(
    transform: str, item: tuple[str, str], before: str, after: str, seed: int
) -> None:
    # Issue #13: upside-down runs were widened over plain words beside them ("ꞁɹᴉƃ puɐꞁsᴉ babes"
    # read as "sǝqɐq island girl" reversed), and a split word with a single letter before it
    # ("I c.o_m|e", "h*o|s/t_i+n_g.. I") was joined into no word. The hit stays on the original.
    category, phrase = item
    disguised = EVASION_TRANSFORMS[transform](phrase, random.Random(seed))
    text = f"{before} {disguised} {after} text me"
    if category not in {h.rule.category for h in DETECTOR.find("body", f"{before} {phrase} {after} text me")}:
        return  # (some rules do not fire beside these words even written plainly)
    hits = [h for h in DETECTOR.find("body", text) if h.rule.category == category]
    assert hits, f"{phrase!r} -> {text!r}"
    for hit in hits:
        assert text[hit.start : hit.end] == hit.text and hit.text.strip()


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    words=st.lists(
        st.sampled_from(["sun", "so", "bob", "pods", "noon", "soon", "upon", "us", "do", "on"]), min_size=1, max_size=4
    )
)
def test_plain_turnable_words_beside_upside_down_text_stay_as_written(words: list[str]) -> None:
    from samaritan.engine.normalize import fold

    plain = " ".join(words)
    assert fold(f"{plain} ʎꞁuo")[0].text.startswith(plain)


# Phrases whose longest word is two lexicon words run together ("outcall": out, call), cut there.
_VOCABULARY = DETECTOR.vocabulary
_COMPOUND_CUTS = [
    (category, phrase, longest, cut)
    for category, phrase in PHRASES
    for longest in [max(phrase.split(" "), key=len)]
    for cut in range(2, len(longest) - 1)
    if longest in _VOCABULARY and longest[:cut] in _VOCABULARY and longest[cut:] in _VOCABULARY
]


def test_some_phrases_hold_a_compound_word() -> None:
    assert any(longest == "outcall" for _, _, longest, _ in _COMPOUND_CUTS)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(item=st.sampled_from(_COMPOUND_CUTS), brk=st.sampled_from(["\n", "-\n", "\r\n", " \n "]))
def test_a_compound_word_split_at_its_two_words_across_a_line_keeps_its_category(
    item: tuple[str, str, str, int], brk: str
) -> None:
    # Issue #13: "out\ncall only" was read as two words, never as "outcall only" (venue).
    category, phrase, longest, cut = item
    text = f"Hello. {phrase.replace(longest, longest[:cut] + brk + longest[cut:], 1)}. Text me."
    hits = [h for h in DETECTOR.find("body", text) if h.rule.category == category]
    assert hits, repr(text)
    for hit in hits:
        assert text[hit.start : hit.end] == hit.text and hit.text.strip()
