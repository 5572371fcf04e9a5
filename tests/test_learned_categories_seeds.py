"""A category of the tagger's `known_seeds` is seeded only by a word of its training vocabulary:
on real posts a tagger with word classes and trigrams read unfamiliar capitalised words (towns,
names) as an ethnicity or a payment method. The span itself may still take in unknown words
beside a known seed, other categories are untouched, and both reading paths agree."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from samaritan.engine.learned.categories import CategoryTagger, load_tagger
from samaritan.engine.learned.categories_fast import ad_spans
from samaritan.engine.learned.categories_text import DIM, features, tokens, word_hashes

CATS = ("ethnicity", "venue")
KNOWN = ["staying", "near", "tonight", "latina", "and"]


def _tagger(known_seeds: tuple[str, ...]) -> CategoryTagger:
    """Any word outside KNOWN reads as likely both an ethnicity and a venue (its weights sit on the
    unknown word's row), 'latina' as an ethnicity; every other word as nothing."""
    weights = np.zeros((DIM, len(CATS)), dtype=np.float32)
    known = np.sort(word_hashes(KNOWN))
    rows = features(tokens("Quillfield latina"), "body", known)
    weights[rows[0, 0]] = 12.0  # the unknown word
    weights[rows[1, 0], 0] = 12.0  # latina: an ethnicity
    bias = np.full(len(CATS), -8.0, dtype=np.float32)
    thresholds = np.full(len(CATS), 0.3, dtype=np.float32)
    return CategoryTagger(CATS, weights, bias, thresholds, known, known_seeds=known_seeds)


def _spans(tagger: CategoryTagger, text: str) -> set[tuple[str, str]]:
    reference = {(s.category, text[s.start : s.end]) for s in tagger.spans(text, "body")}
    fast = {(s.category, text[s.start : s.end]) for _, _, spans in ad_spans(tagger, [("body", text)]) for s in spans}
    assert fast == reference
    return reference


def test_an_unknown_word_no_longer_seeds_a_known_seed_category(tmp_path: Path) -> None:
    text = "Staying near Quillfield tonight"
    assert ("ethnicity", "Quillfield") in _spans(_tagger(()), text)  # before: any word seeded it
    found = _spans(_tagger(("ethnicity",)), text)
    assert not any(c == "ethnicity" for c, _ in found)
    assert ("venue", "Quillfield") in found  # other categories read unknown words as before
    saved = load_tagger(_tagger(("ethnicity",)).save(tmp_path))
    assert saved.known_seeds == ("ethnicity",) and _spans(saved, text) == found


def test_a_known_seed_still_spans_the_unknown_words_beside_it() -> None:
    found = _spans(_tagger(("ethnicity",)), "Quillfield latina")
    assert ("ethnicity", "Quillfield latina") in found


def test_a_tagger_without_a_vocabulary_seeds_as_before() -> None:
    bare = replace(_tagger(("ethnicity",)), known=np.zeros(0, dtype=np.uint64), cache=None)
    assert not len(bare.seed_columns())
