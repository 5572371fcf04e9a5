"""The tagger's chunk-at-once shortcuts read as their plain definitions do: each run's score is
numpy's float32 mean of its words to the last bit, tokens mapped back through any reading (one
written backwards among them) land where categories_text.tokens puts them, and text with line
breaks, lone surrogates and emoji gets the reference's spans."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samaritan.engine.learned import categories_fast, categories_runs, categories_split, categories_text
from samaritan.engine.learned.categories import CategoryTagger, load_tagger
from samaritan.engine.normalize import fold_chars

_PROPERTY = settings(derandomize=True, max_examples=150, deadline=None)
_ALPHABET = [*"ab zqy09'$.!?;:,\n()-~_*", "\u2600", "\U0001f600", "\ud800", "\uff11", "a.b.c.d", "x-y-z-w"]


@pytest.fixture(scope="module")
def tagger() -> CategoryTagger:
    from importlib import resources

    with resources.as_file(resources.files("samaritan") / "data" / "model" / "categories.npz") as path:
        return load_tagger(path)


def test_run_scores_are_numpys_float32_means_to_the_last_bit() -> None:
    rng = np.random.default_rng(5)
    p = rng.random((400, 3)).astype(np.float32)
    words = rng.random(400) < 0.7
    worded = np.concatenate(([0], np.cumsum(words)))
    word_at = np.flatnonzero(words)
    c, first, n = [], [], []
    for length in [*range(1, 21), 64, 130]:  # sequential sums, the eight-way blocks, a split
        for _ in range(10):
            start = int(rng.integers(0, len(word_at) - length))
            c.append(int(rng.integers(0, 3)))
            first.append(start)
            n.append(length)
    got = categories_runs.scores(p, np.array(c), np.array(first), np.array(n), word_at)
    want = [np.float32(p[word_at[a : a + k], j].mean()) for j, a, k in zip(c, first, n, strict=True)]
    assert got.dtype == np.float32
    assert got.tobytes() == np.array(want, dtype=np.float32).tobytes()
    assert int(worded[-1]) == len(word_at)


@_PROPERTY
@given(st.lists(st.sampled_from(_ALPHABET), max_size=40), st.randoms(use_true_random=False))
def test_tokens_map_back_through_any_reading_as_the_reference_does(pieces: list[str], rnd: random.Random) -> None:
    text = "".join(pieces)
    folded, _ = fold_chars(text)
    if not text:
        return
    backwards = [len(text) - 1 - min(k, len(text) - 1) for k in range(len(folded))]  # read backwards
    shuffled = [rnd.randrange(len(text)) for _ in folded]  # any index at all
    for where in (None, backwards, shuffled):
        read = (folded, where)
        want = categories_text.tokens(text, read)
        starts, ends, _ = categories_fast._tokens(text, read)
        assert (starts, ends) == (want.starts, want.ends)


@_PROPERTY
@given(st.lists(st.sampled_from([*_ALPHABET, " new ", " girl ", " incall ", " only ", " no rush "]), max_size=30))
def test_line_breaks_surrogates_and_emoji_get_the_reference_spans(tagger: CategoryTagger, pieces: list[str]) -> None:
    text = "".join(pieces)
    fields = [("title", text, None), ("body", text, None), ("body", text[::-1], None)]
    got = categories_fast.field_spans(tagger, fields)
    assert got == [tagger.spans(t, name) for name, t, _ in fields]


_WORDY = [*"abz09'' .!?,;:$-()*~\n\x00Aé", "\u2600", "\U0001f600", "\U0001f339", "\ud800", "it's", "a'b'c", "ab'cd9'ef"]


@_PROPERTY
@given(st.lists(st.lists(st.sampled_from(_WORDY), max_size=30).map("".join), min_size=1, max_size=5))
def test_tokens_of_many_texts_at_once_are_the_patterns_matches(texts: list[str]) -> None:
    keys, starts, ends, which, bases = categories_split.tokens(texts)
    got = [
        (int(w), int(s - bases[w]), int(e - bases[w]), k) for k, s, e, w in zip(keys, starts, ends, which, strict=True)
    ]
    want = [(w, m.start(), m.end(), m.group()) for w, t in enumerate(texts) for m in categories_text._TOKEN.finditer(t)]
    assert got == want


def test_every_character_is_of_the_kind_the_token_pattern_gives_it() -> None:
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    kinds = categories_split._kinds()
    for kind, pattern in enumerate(categories_text._TOKEN.pattern.split("|")):
        if kind == 0:  # letters and digits: the first alternative, its apostrophe aside
            pattern = "[a-z0-9]"
        marked = np.zeros(0x110000, dtype=bool)
        for m in re.finditer(pattern.rstrip("+"), every):
            marked[ord(m.group())] = True
        assert np.array_equal(marked, np.isin(kinds, [1, 2] if kind == 0 else [kind + 2]))
