"""Dropped vowels (issue #13): a lexicon phrase written without its vowels ("ds not spk on the
phn") is read as the phrase, its spans on the original text; ordinary text gains no label."""

from __future__ import annotations

import pickle
import random
import re

import pytest
import wordfreq
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from samaritan.engine.detect import Detector
from samaritan.engine.lexicon import load_lexicon
from samaritan.engine.normalize import Vocabulary, fold, fold_term
from samaritan.engine.screener import Screener
from samaritan.generate.corpus import SiteGenerator
from samaritan.generate.obfuscate import dropped_vowels

LEXICON = load_lexicon()
TERMS = [fold_term(t.rstrip("*")) for rule in LEXICON.rules for t in [*rule.terms, *rule.anchors]]
VOCABULARY = Vocabulary(t for t in TERMS if t)


def _words_only(detector: Detector) -> Detector:
    """`detector` as it was before it read phrases: its vocabulary the same words, without the
    lexicon's phrases (the baseline the lawful property compares against)."""
    detector._vocabulary = frozenset(VOCABULARY)
    return detector


READER = Detector(LEXICON)
assert isinstance(READER.vocabulary, Vocabulary)  # the engine reads phrases itself
# The lexicon's phrases of two or more words, each of letters only, with one word of four or more
# letters to drop vowels from; and the rule categories each phrase stands for.
CATEGORIES: dict[str, set[str]] = {}
for rule in LEXICON.rules:
    for term in rule.terms:
        key = fold_term(term.rstrip("*"))
        parts = key.split(" ")
        if len(parts) > 1 and all(p.isalpha() and p.isascii() for p in parts) and any(len(p) >= 4 for p in parts):
            CATEGORIES.setdefault(key, set()).add(rule.category)
PHRASES = sorted(CATEGORIES)

_VOWELS = re.compile("[aeiou]")


def _likelier_word(token: str, word: str) -> bool:
    """Is there an English word of the same letters but vowels, half a Zipf point or more commoner
    than `word` ("plc": "place" before "police")? Worked out here from wordfreq's word list,
    apart from the normaliser's own index."""
    consonants = token[0] + _VOWELS.sub("", token[1:])
    here = wordfreq.zipf_frequency(word, "en", wordlist="small")
    return any(
        w[0] + _VOWELS.sub("", w[1:]) == consonants and wordfreq.zipf_frequency(w, "en", wordlist="small") > here + 0.5
        for w in _ENGLISH.get(consonants, ())
    )


_ENGLISH: dict[str, list[str]] = {}
for _word in wordfreq.top_n_list("en", 40000, wordlist="small"):
    if _word.isascii() and _word.isalpha():
        _ENGLISH.setdefault(_word[0] + _VOWELS.sub("", _word[1:]), []).append(_word)


def _reads_as(disguised: str, phrase: str) -> bool:
    """Could `disguised` be `phrase` with the vowels of some of its words dropped?"""
    words, parts = disguised.split(" "), phrase.split(" ")
    return len(words) == len(parts) and all(
        w == p or (len(p) >= 4 and p[0] + _VOWELS.sub("", p[1:]) == w) for w, p in zip(words, parts, strict=True)
    )


def _drop(phrase: str, which: list[bool]) -> str:
    """`phrase` with the vowels after the first letter dropped from the chosen words of four or
    more letters ("does not speak" -> "ds not spk")."""
    return " ".join(
        w[0] + _VOWELS.sub("", w[1:]) if len(w) >= 4 and pick else w
        for w, pick in zip(phrase.split(" "), which + [True] * 8, strict=False)
    )


@settings(max_examples=400, deadline=None, derandomize=True)
@given(phrase=st.sampled_from(PHRASES), which=st.lists(st.booleans(), min_size=1, max_size=8))
def test_a_lexicon_phrase_with_vowels_dropped_is_read_as_the_phrase(phrase: str, which: list[bool]) -> None:
    # In an ad that drops vowels elsewhere too ("avlbl"), each phrase of the lexicon keeps its
    # category with the vowels of any of its words dropped, unless a dropped word is a lexicon
    # word itself ("hr") or rather a commoner English word ("plc": "place" before "police"), or
    # the letters left are as much another phrase of another category ("she lvs": "she loves"
    # as much as "she leaves").
    disguised = _drop(phrase, which)
    pairs = [(d, p) for d, p in zip(disguised.split(" "), phrase.split(" "), strict=True) if d != p]
    if not pairs or any(d in VOCABULARY or _likelier_word(d, p) for d, p in pairs):
        return
    if any(_reads_as(disguised, other) and not CATEGORIES[other] & CATEGORIES[phrase] for other in PHRASES):
        return
    text = f"Hello, avlbl today. {disguised.capitalize()}. Text me."
    found = {hit.rule.category for hit in READER.find("body", text)}
    assert CATEGORIES[phrase] & found, f"{phrase!r} -> {disguised!r}"


@settings(max_examples=150, deadline=None, derandomize=True)
@given(phrase=st.sampled_from(PHRASES), seed=st.integers(0, 2**16))
def test_spans_of_phrases_read_without_vowels_point_at_the_original(phrase: str, seed: int) -> None:
    disguised = dropped_vowels(phrase, random.Random(seed)).upper()
    text = f"Avlbl now!!  {disguised} ... call"
    start, end = text.index(disguised), text.index(disguised) + len(disguised)
    hits = READER.find("body", text)
    for hit in hits:  # whole words of the original text, byte for byte
        assert text[hit.start : hit.end] == hit.text and hit.text == hit.text.strip()
        assert (hit.start == 0 or not text[hit.start - 1].isalnum()) and (
            hit.end == len(text) or not text[hit.end].isalnum()
        )
    read = [h for h in hits if h.rule.category in CATEGORIES[phrase] and h.start < end and h.end > start]
    assert all(start <= h.start and h.end <= end for h in read if h.text.lower() != h.text.upper())


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Ths grl ds not spk on the phn, her manager does", "third_party"),  # "does not speak on the phone"
        ("Lovely lady, stppng in Dallas thn on to Tulsa", "movement"),  # "then on to"
        ("Frst tm pstng, ask for Mia", "youth"),  # "first time posting"
        ("Cll the nmbr to bk, avlbl late", "third_party"),  # "call the number to book"
    ],
)
def test_short_words_without_vowels_are_read_in_their_phrase(text: str, category: str) -> None:
    assert category in {hit.rule.category for hit in READER.find("body", text)}


@pytest.mark.parametrize(
    ("text", "misread"),
    [
        ("Nashville, TN. Two bedroom flat near the park", "YOUTH_TEEN"),  # "tn" alone is Tennessee
        ("Txt me about the couch, pickup only", "CUE_CALL_TEXT"),  # no other disguise: "txt" is a word
        ("Friendly prsn wanted to walk my dog", "ETH_EXOTIC"),  # "prsn": "person" before "persian"
        ("No plc of my own, happy to meet for coffee", "SCREEN_NO_POLICE"),  # "place" before "police"
    ],
)
def test_common_short_forms_are_not_read_as_lexicon_words(text: str, misread: str) -> None:
    assert misread in {rule.code for rule in LEXICON.rules}
    assert misread not in {hit.rule.code for hit in READER.find("body", text)}


def test_a_vocabulary_is_its_words_and_keeps_its_phrases_through_pickle() -> None:
    vocabulary = Vocabulary(["new in town", "young", "new in town", "24 7"])
    assert vocabulary == frozenset({"new", "in", "town", "young"})
    assert vocabulary.phrases == ("new in town", "young", "24 7")
    copy = pickle.loads(pickle.dumps(vocabulary))
    assert type(copy) is Vocabulary and copy == vocabulary and copy.phrases == vocabulary.phrases


def test_words_alone_read_no_phrase() -> None:
    # A plain set of words (no phrases) reads no word in context, as before.
    words_only = frozenset(VOCABULARY)
    text = "avlbl now, she ds not spk on the phn"
    assert not any("does not speak" in view.text for view in fold(text, words_only))
    assert any("does not speak on the phone" in view.text for view in fold(text, VOCABULARY))


def _ordinary_texts() -> list[str]:
    with open("tests/data/traps.yaml", encoding="utf-8") as fh:
        traps = yaml.safe_load(fh)
    texts = [t for items in traps.values() for t in items]
    for ad, truth in SiteGenerator(800, seed=23):
        if truth["label"] == "benign":
            texts.append(f"{ad.get('title', '')}\n{ad['body']}")
    return texts


ORDINARY = _ordinary_texts()
PLAIN = Screener()
_words_only(PLAIN.detector)
READING = Screener()


@settings(max_examples=200, deadline=None, derandomize=True)
@given(text=st.sampled_from(ORDINARY), at=st.integers(0, 10**6), width=st.integers(1, 3))
def test_reading_dropped_vowels_adds_no_label_to_ordinary_ads(text: str, at: int, width: int) -> None:
    # An ordinary ad as written, and with the vowels of a few words in a row dropped: reading
    # vowel-less words in the lexicon's phrases gives no label that the folding without it
    # does not give the same text or the ad as written.
    assert READING.screen({"id": "o", "body": text}).labels == PLAIN.screen({"id": "o", "body": text}).labels
    words = text.split(" ")
    k = at % len(words)
    disguised = " ".join(
        [*words[:k], dropped_vowels(" ".join(words[k : k + width]), random.Random(0)), *words[k + width :]]
    )
    read = set(READING.screen({"id": "o", "body": disguised}).labels)
    allowed = set(PLAIN.screen({"id": "o", "body": disguised}).labels) | set(
        PLAIN.screen({"id": "o", "body": text}).labels
    )
    assert read <= allowed, disguised


def test_dropped_vowels_cost_at_most_two_points_of_recall(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # Issue #13's measure, CI-sized: every indicator phrase of a generated corpus written without
    # its vowels keeps commercial_sex, minor_risk and each category's recall within two points
    # of the plain text, and the ordinary ads' false-positive rate where it was. The lexicon's
    # reading is measured (the rule path): the learned path's categories come from its tagger.
    from samaritan.runs.robustness import _run

    # Sized so that minor_risk has ~50 ads (one ad two points); a category fewer ads carry may
    # lose one ad, never more.
    screener = Screener(model="none")
    clean = _run(3000, 7, 0.0, screener, str(tmp_path))
    dropped = _run(3000, 7, 1.0, screener, str(tmp_path), "dropped_vowels")
    for label in ("commercial_sex", "minor_risk"):
        stats = clean["labels"][label]
        allowed = max(0.02, 1.01 / (stats["tp"] + stats["fn"]))
        assert stats["recall"] - dropped["labels"][label]["recall"] <= allowed, label
    for category, stats in clean["categories"].items():
        if stats["recall"] is not None:
            allowed = max(0.02, 1.01 / stats["ads"])
            assert stats["recall"] - dropped["categories"][category]["recall"] <= allowed, category
    assert dropped["ordinary"]["false_positive_rate"] <= clean["ordinary"]["false_positive_rate"]


@pytest.mark.parametrize(
    ("phrase", "written"),
    [
        ("here now", "here now"),  # "hr" is read as "hour" by any reader: three letters are kept
        ("an hour", "an hour"),
        ("time to relax", "time to rlx"),
        ("in town.", "in twn."),  # letters are counted, not punctuation
        ("available tonight!", "avlbl tnght!"),
        ("a selfie", "a selfie"),  # "slf" reads as "self", the commoner word
    ],
)
def test_the_transform_writes_what_a_reader_still_reads(phrase: str, written: str) -> None:
    assert dropped_vowels(phrase, random.Random(0)) == written


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Phòng trống ở Garden Grove, ưu tiên nữ đi làm", "MOVE_TOURING"),  # "trống" (vacant) is no "touring"
        ("Cô Mai có phòng trống cho thuê", "CUE_RETURNING"),
    ],
)
def test_a_word_folded_from_accented_letters_is_not_respelled(text: str, code: str) -> None:
    # Another language's own word, its accents folded away, is not an English word without its
    # vowels; the same consonants typed plainly still read as the lexicon's word.
    assert code not in {hit.rule.code for hit in READER.find("body", text)}
    assert "MOVE_TOURING" in {hit.rule.code for hit in READER.find("body", "on trng ths wk, new in twn")}
