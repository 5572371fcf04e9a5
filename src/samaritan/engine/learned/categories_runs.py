"""The category tagger's span search over a chunk of tokens (categories_fast.py scores them):
every run of every category found at once, and each run's score, bounds and whether it is kept
worked out in array operations, as CategoryTagger.spans does run by run.

A run's score is numpy's float32 mean of its words' probabilities, which sums pairwise: for fewer
than eight values that is a plain left-to-right sum from zero, done here for every such run at
once (their values side by side, padded with zeros, summed down the columns: the same adds in
the same order). Longer runs, a few in a hundred, are summed one by one as the reference does.
"""

from __future__ import annotations

import numpy as np

from samaritan.engine.learned import categories_text as ref

_SEQUENTIAL = 7  # the most values numpy's pairwise sum adds one after another from zero


def runs(
    p: np.ndarray, cut: np.ndarray, words: np.ndarray, seedable: np.ndarray | None = None
) -> tuple[np.ndarray, ...]:
    """Every run of CategoryTagger.spans for every category at once: (category, first token,
    last token + 1) of each run that holds a seed and a word, in the reference's order.
    `seedable`: where a token may seed a category (CategoryTagger.known_seeds), or None."""
    inside = p >= ref.LOW
    seeds = p >= ref.HIGH
    if seedable is not None:
        seeds &= seedable
    if not seeds.any():  # no token likely enough anywhere: no span
        none = np.zeros(0, dtype=np.intp)
        return none, none, none, none
    before = np.zeros_like(inside)
    before[1:] = inside[:-1]
    after = np.zeros_like(inside)
    after[:-1] = inside[1:] & ~cut[1:, None]
    c, i = np.nonzero((inside & (~before | cut[:, None])).T)
    _, j = np.nonzero((inside & ~after).T)
    j = j + 1
    seeded = np.zeros((len(p) + 1, p.shape[1]), dtype=np.int32)
    np.cumsum(seeds, axis=0, out=seeded[1:])
    worded = np.concatenate(([0], np.cumsum(words)))
    keep = (seeded[j, c] > seeded[i, c]) & (worded[j] > worded[i])
    return c[keep], i[keep], j[keep], worded


def scores(p: np.ndarray, c: np.ndarray, first: np.ndarray, n: np.ndarray, word_at: np.ndarray) -> np.ndarray:
    """Each run's mean probability over its words, float32, as p[run, c].mean() gives it: `first`
    the number of words before the run, `n` its words, `word_at` the index of every word."""
    step = np.arange(_SEQUENTIAL)[:, None]
    at = word_at.take(np.minimum(first + step, len(word_at) - 1))  # (values, runs)
    values = p.ravel().take(at * p.shape[1] + c)
    values[step >= n] = 0.0  # adding zero leaves a positive sum as it is
    total = values.sum(axis=0)
    for r in np.flatnonzero(n > _SEQUENTIAL).tolist():
        total[r] = np.add.reduce(p[word_at[first[r] : first[r] + n[r]], c[r]])
    out: np.ndarray = total / n.astype(np.float32)
    return out


def kept(
    thresholds: np.ndarray,
    short: np.ndarray,
    p: np.ndarray,
    found: tuple[np.ndarray, ...],
    tokens: tuple[np.ndarray, ...],
    body: np.ndarray,
) -> tuple[list[int], list[int], list[int], list[int], list[float]]:
    """(category, token, start, end, score) of each run of `found` (runs' output) that is kept,
    in order: `token` its first token, `start` and `end` its characters in the original. Kept
    when its mean clears the category's threshold and it says something; a run over at least
    half of a body sentence's words is that whole sentence; it ends at a word or a sentence
    end. `thresholds`, `short`: the tagger's (CategoryTagger.short_thresholds); `tokens`: per
    token whether a word, whether a sentence end, whether five letters or more, its sentence
    number, its start and its end; `body`: per token whether in a body."""
    c, i, j, worded = found
    is_word, is_end, is_long, sentence, starts, ends = tokens
    n = worded[j] - worded[i]
    word_at = np.flatnonzero(is_word)
    score = scores(p, c, worded[i], n, word_at)
    first = word_at[worded[i]]
    ok = (score >= thresholds[c]) & ~((n == 1) & ~is_long[first] & (score < short[c]))
    c, i, j, n, first, score = c[ok], i[ok], j[ok], n[ok], first[ok], score[ok]
    lo = np.searchsorted(sentence, sentence[i], side="left")
    hi = np.searchsorted(sentence, sentence[i], side="right")
    whole = body[i] & (n * 2 >= worded[hi] - worded[lo])  # widened to the sentence it mostly covers
    first = np.where(whole, word_at[worded[lo]], first)
    last = np.where(whole, hi - 1, j - 1)
    good = np.where(is_word | is_end, np.arange(len(is_word)), -1)
    last = np.maximum.accumulate(good)[last]  # never at a comma, dash or emoji
    # (Upside-down text reads backwards: the span is the one holding all its tokens.)
    bounds = np.stack([first, last + 1], axis=1).ravel()
    start = np.minimum.reduceat(np.append(starts, 0), bounds)[::2]
    end = np.maximum.reduceat(np.append(ends, 0), bounds)[::2]
    return c.tolist(), i.tolist(), start.tolist(), end.tolist(), score.tolist()
