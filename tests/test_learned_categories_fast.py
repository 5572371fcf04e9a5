"""The tagger's chunk-at-once shortcuts read as their plain definitions do: each run's score is
numpy's float32 mean of its words to the last bit, tokens mapped back through any reading (one
written backwards among them) land where categories_text.tokens puts them, and text with line
breaks, lone surrogates and emoji gets the reference's spans."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samaritan.engine.learned import categories_fast, categories_runs, categories_text
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
