"""Words respelled as they sound (issue #13): a lexicon phrase with one of its words spelled
the way it sounds ("on tur", "to buk", "this afternun") is read as the phrase where the
spelling is rare, its spans on the original text; ordinary text gains no label."""

from __future__ import annotations

import random

import wordfreq
from hypothesis import given, settings
from hypothesis import strategies as st

from samaritan.engine.detect import Detector
from samaritan.engine.lexicon import load_lexicon
from samaritan.engine.normalize import Vocabulary, fold_term
from samaritan.engine.normalize.respell import sound_form, sounds_like
from samaritan.engine.screener import Screener
from samaritan.generate.corpus import SiteGenerator
from samaritan.generate.obfuscate import phonetic

LEXICON = load_lexicon()
TERMS = [fold_term(t.rstrip("*")) for rule in LEXICON.rules for t in [*rule.terms, *rule.anchors]]
VOCABULARY = Vocabulary(t for t in TERMS if t)
READER = Detector(LEXICON)
READER._vocabulary = VOCABULARY  # (as tests/test_dropped_vowels.py: the detector reading phrases)
CATEGORIES: dict[str, set[str]] = {}
for rule in LEXICON.rules:
    for term in rule.terms:
        key = fold_term(term.rstrip("*"))
        parts = key.split(" ")
        if len(parts) > 1 and all(p.isalpha() and p.isascii() for p in parts):
            CATEGORIES.setdefault(key, set()).add(rule.category)
PHRASES = sorted(CATEGORIES)


def _rare(word: str) -> bool:
    return wordfreq.zipf_frequency(word, "en", wordlist="small") < 3.0


@settings(max_examples=300, deadline=None, derandomize=True)
@given(phrase=st.sampled_from(PHRASES), seed=st.integers(0, 99))
def test_a_phrase_respelled_as_it_sounds_keeps_its_category(phrase: str, seed: int) -> None:
    respelled = phonetic(phrase, random.Random(seed))
    changed = [(p, r) for p, r in zip(phrase.split(" "), respelled.split(" "), strict=True) if p != r]
    # Read where every respelled word is a rare spelling (a common word, "weak" or "reel", is
    # that word) of four or more letters, in the lexicon's spelling and as respelled: the reader
    # leaves three-letter tokens alone ("pik" could be "pic" or "pick"; most are words or names).
    # Nor a respelling that is a lexicon word of its own ("piks" of "picks" is the lexicon's
    # spelling of "pics"): it is read as that word.
    if not changed or not all(_rare(r) and len(p) >= 4 and len(r) >= 4 and r not in VOCABULARY for p, r in changed):
        return
    text = f"Hello there. {respelled} and more."
    plain = {h.rule.category for h in READER.find("body", f"Hello there. {phrase} and more.")}
    hits = READER.find("body", text)
    assert plain <= {h.rule.category for h in hits}, f"{phrase!r} -> {respelled!r}"
    for hit in hits:
        assert text[hit.start : hit.end] == hit.text and hit.text.strip()


def test_sound_alike_spellings() -> None:
    assert sound_form("choose") == sound_form("chuse")
    assert sounds_like("tur", "tour") and sounds_like("buk", "book") and sounds_like("bak", "back")
    assert not sounds_like("tour", "tour") and not sounds_like("fur", "tour")


_SCREENER = Screener()
_SCREENER.detector._vocabulary = VOCABULARY
_PLAIN = Screener()
_PLAIN.detector._vocabulary = frozenset(VOCABULARY)  # the words alone: no phrase is read
ORDINARY = [f"{ad.get('title', '')}\n{ad['body']}" for ad, t in SiteGenerator(600, seed=11) if t["label"] == "benign"]


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.sampled_from(ORDINARY), st.integers(0, 999))
def test_ordinary_ads_respelled_as_they_sound_gain_no_label(text: str, seed: int) -> None:
    # Every long word of an ordinary ad respelled as it sounds: the phrase reading must not
    # turn lawful text into an indicator beyond what the words-only folding already gave.
    respelled = phonetic(text, random.Random(seed))
    verdict = _SCREENER.screen({"id": "o", "body": respelled})
    before = set(_PLAIN.screen({"id": "o", "body": respelled}).labels) | set(
        _PLAIN.screen({"id": "o", "body": text}).labels
    )
    assert set(verdict.labels) <= before
