"""The category tagger's inference, vectorised: the same spans as CategoryTagger.spans, field by
field, at a fraction of the cost (it runs on every commercial ad, the reference cost three whole
verdicts).

Where the time went: per token, a normal form, five string hashes, a known-word search and two
regex matches; per field, some forty small numpy calls to build the features, and a Python loop
for sentence numbers. Here each distinct token string is worked out once per tagger (its hash,
already read as unknown when outside the tagger's vocabulary, its four affix hashes, whether it
is a word or a sentence end, its length) and kept in a table; an ad's tokens of both fields
become rows of it, all its features one (features x tokens) matrix built from one window
gather, and one weight gather scores every token of the ad (from the weight rows that are not
zero, packed); the runs of every category are then found at once. The columns keep the
reference's order so the float32 sums, and so every probability, are bit for bit the same.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import accumulate, chain
from operator import itemgetter
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from samaritan.engine.learned import categories_text as ref
from samaritan.engine.learned.categories_text import Read
from samaritan.engine.normalize import fold_chars

Span = ref.Span
CategoryTagger = Any  # categories.CategoryTagger, which imports this module

# Tokens scored at once: 41 features (54 with word classes and trigrams) x 11 categories of
# float32, ~1-1.3 MB.
_BLOCK = 512
_LIMIT = 200_000  # distinct token strings kept per tagger; ad vocabulary is far smaller
_WORD, _END, _LONG = 1, 2, 4
_NOT_LETTERS = re.compile(r"[^a-z0-9]")
_SPLIT = re.compile(f"({ref._TOKEN.pattern})")  # the token pattern as split's one group
_SPELL_HINT = re.compile(r"[.\-_*~][a-z0-9][.\-_*~]")  # what letters spelled apart must hold
_U = np.uint64
_POS = np.array([3, 4, 5, 7, 8, 9])  # window columns of the neighbours by position, -3..3
_POS_ADD = np.array([1000 + k for k in ref._WINDOW], dtype=_U)
_PAIR_A, _PAIR_B = np.array([5, 6, 4, 7]), np.array([6, 7, 5, 8])  # (-1,0) (0,1) (-2,-1) (1,2)
_PAIR_XOR = np.array([0xA3C59AC3 + a for a in (-1, 0, -2, 1)], dtype=_U)
_BAG_COLS = np.array([k + ref._BAG for k in range(-ref._BAG, ref._BAG + 1) if k])
_AFF_XOR = np.array([0xBB67AE85 + j for j in range(4)], dtype=_U)
_FIELD_XOR = {"title": _U(0x7F4A7C15), "body": _U(0x2545F491)}
_AROUND = np.arange(-ref._BAG, ref._BAG + 1)[:, None]  # window rows: the token's place -6..6
_NCOLS = 2 + len(_POS) + len(_PAIR_A) + len(_BAG_COLS) + len(_AFF_XOR) + 1
_LEX_AT = np.array(ref.LEX_COLUMNS)
_LEX_XOR = np.array(ref._LEX_XOR, dtype=_U)
_CLASS_AT = np.array(ref.CLASS_COLUMNS)[:, None]  # word classes at -2..2 (class_columns)
_CLASS_XOR = np.array(ref._CLASS_XOR, dtype=_U)


class Vocab:
    """Per tagger: token string (before its normal form) -> row of hashes and flags."""

    __slots__ = ("classes", "flags", "hashes", "index", "known", "lex", "lock", "remap", "size", "table")

    def __init__(
        self,
        known: np.ndarray,
        weights: np.ndarray,
        lex: ref.LexWords | None = None,
        classes: ref.LexWords | None = None,
    ) -> None:
        self.known = known
        self.lex = lex
        self.classes = classes
        # Most hashed features have no weight: the rows that do, packed, with the rest sent to
        # one zero row, so an ad's weights are read from 2 MB instead of 11.
        rows = np.flatnonzero((weights != 0).any(axis=1))
        small = np.uint16 if len(rows) < 0xFFFF else np.int32  # half the bytes to read per feature
        self.remap = np.zeros(len(weights), dtype=small)
        self.remap[rows] = np.arange(1, len(rows) + 1, dtype=small)
        table = np.zeros((len(rows) + 1, weights.shape[1]), dtype=np.float32)
        table[1:] = weights[rows]
        self.table = table
        self.index: dict[str, int] = {}
        # word (or unknown), 4 affixes, lexicon categories, class, character trigrams
        self.hashes = np.zeros((1024, 7 + ref.GRAMS), dtype=_U)
        self.flags = np.zeros(1024, dtype=np.uint8)
        self.size = 0
        self.lock = threading.Lock()  # verdicts may run in threads: rows are added and read whole

    def rows(self, keys: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The hashes (tokens x 7 + GRAMS) and flags of each token string."""
        with self.lock:
            get = self.index.get
            ids = [get(k, -1) for k in keys]
            if -1 in ids:
                if self.size + len(keys) > _LIMIT:
                    self.index, self.size = {}, 0  # start afresh: a pure cache
                    ids = [-1] * len(keys)
                ids = [self._add(k) if i < 0 else i for k, i in zip(keys, ids, strict=True)]
            at = np.array(ids, dtype=np.intp)
            return self.hashes[at], self.flags[at]

    def _add(self, key: str) -> int:
        got = self.index.get(key)
        if got is not None:
            return got
        norm = ref._NORMS.get(key) or ref._normal(key)
        word = ref._crc(norm)
        sets = self.lex.of(np.array([word], dtype=_U))[0] if self.lex is not None else ref.LEX_NONE
        cls = self.classes.of(np.array([word], dtype=_U))[0] if self.classes is not None else ref.LEX_NONE
        if len(self.known):
            at = min(int(np.searchsorted(self.known, _U(word))), len(self.known) - 1)
            if int(self.known[at]) != word:
                word = int(ref._UNK)
        if self.size == len(self.flags):
            self.hashes = np.concatenate([self.hashes, np.zeros_like(self.hashes)])
            self.flags = np.concatenate([self.flags, np.zeros_like(self.flags)])
        row = self.size
        self.hashes[row] = (word, *ref._affixes(norm), sets, cls, *ref.char_grams(norm))
        flag = _WORD if ref._WORD.match(norm) else 0
        flag |= _END if ref._END.match(norm) else 0
        flag |= _LONG if len(norm) >= 5 else 0
        self.flags[row] = flag
        self.index[key] = row
        self.size += 1
        return row


# A field's tokens: the original index of each one's first and of its last character (upside-down
# text reads backwards: the first may come after the last), and its string before its normal form.
_Pieces = tuple[list[int], list[int], list[str]]
_BEFORE = (-1).__add__  # an end as the index of the last character


def _pieces(text: str, read: Read | None = None) -> _Pieces:
    """Each token's first and last character in the original text and its string before its
    normal form, as categories.tokens splits them. `read`: the text already folded, with its map
    back. Mapped back by two C-level gathers (itemgetter), not a Python step a token."""
    folded, where = read if read is not None else fold_chars(text)
    # Letters spelled apart need a separator, a letter or digit and a separator in a row: one scan
    # that skips to the separators rules most texts out (the full pattern tries every position).
    if _SPELL_HINT.search(folded) and (spelled := {m.start(): m.end() for m in ref._SPELLED.finditer(folded)}):
        starts, ends, keys = [], [], []
        pos = 0
        for m in ref._TOKEN.finditer(folded):
            start, end, key = m.start(), m.end(), m.group()
            if start < pos:
                continue
            if start in spelled:
                end = spelled[start]
                key = _NOT_LETTERS.sub("", folded[start:end])
            pos = end
            starts.append(start)
            ends.append(end)
            keys.append(key)
    else:
        # The tokens are split out with the text between them (the pattern in one group: the same
        # matches as findall), so each one's place is the running sum of the lengths before it,
        # added up in C: no Python step a token.
        parts = _SPLIT.split(folded)
        keys = parts[1::2]
        at = list(accumulate(map(len, parts)))
        starts, ends = at[0:-1:2], at[1::2]
    if where is None:
        return starts, list(map(_BEFORE, ends)), keys
    if len(starts) == 1:
        return [where[starts[0]]], [where[ends[0] - 1]], keys
    if not starts:
        return [], [], keys
    return list(itemgetter(*starts)(where)), list(itemgetter(*ends)([0, *where])), keys


_Tokens = tuple[list[int], list[int], list[str]]  # starts, ends, the strings before their normal form


def _tokens(text: str, read: Read | None = None) -> _Tokens:
    """Starts and ends in the original text and the string before its normal form, per token,
    as categories.tokens splits them. `read`: the text already folded, with its map back."""
    first, last, keys = _pieces(text, read)
    return list(map(min, first, last)), [b + 1 for b in map(max, first, last)], keys


def _features(
    words: np.ndarray,
    aff: np.ndarray,
    field_xor: np.ndarray,
    at: np.ndarray,
    h: np.ndarray,
    lex: np.ndarray | None,
    cls: np.ndarray | None = None,
    grams: np.ndarray | None = None,
) -> np.ndarray:
    """categories.features for every token at once, transposed (features x tokens): `h` the word
    hashes of all fields with edge padding around each, `at` each token's place in it, `lex` the
    lexicon category sets padded the same way (None for a tagger without them), `cls` the word
    classes likewise, `grams` each token's trigram hashes (None: a tagger without them). Rows in the
    reference's column order, so the weights add up in the same order."""
    win = h.take(at + _AROUND)
    n_lex = 0 if lex is None else len(_LEX_AT)
    n_cls = 0 if cls is None else len(ref.CLASS_COLUMNS) + 2
    f = np.empty((_NCOLS + n_lex + n_cls + (0 if grams is None else ref.GRAMS), len(at)), dtype=_U)
    f[0] = words ^ _U(0x51ED27)
    f[1] = words ^ field_xor
    f[2:8] = win[_POS] * ref._P + _POS_ADD[:, None]
    f[8:12] = (win[_PAIR_A] * ref._P + win[_PAIR_B]) ^ _PAIR_XOR[:, None]
    f[12:24] = win[_BAG_COLS] ^ _U(0x6A09E667)
    f[24:28] = aff.T ^ _AFF_XOR[:, None]
    f[28] = _U(0x3C6EF372)
    if lex is not None:
        f[_NCOLS : _NCOLS + n_lex] = lex.take(at + _LEX_AT[:, None]) ^ _LEX_XOR[:, None]
    if cls is not None:  # the reference's class_columns, on the window two each side
        w = cls.take(at + _CLASS_AT)
        o = _NCOLS + n_lex
        f[o : o + len(_CLASS_XOR)] = w ^ _CLASS_XOR[:, None]
        f[o + len(_CLASS_XOR)] = (w[1] * ref._P + w[2]) ^ ref._CLASS_PAIR_XOR[0]
        f[o + len(_CLASS_XOR) + 1] = (w[2] * ref._P + w[3]) ^ ref._CLASS_PAIR_XOR[1]
    if grams is not None:
        f[_NCOLS + n_lex + n_cls :] = grams.T ^ ref._GRAM_XOR
    return ref._mix(f).astype(np.int64)


def _new_sentences(
    texts: list[str], field_of: np.ndarray, starts: np.ndarray, ends: np.ndarray, ended: np.ndarray
) -> np.ndarray:
    """Per token of every field, whether it opens a sentence (after . ! ? or a line break); each
    field's first token always does, so a run never crosses from one field into the next. The
    line breaks of all fields in one array: each field's characters placed after the last's."""
    new = np.ones(len(starts), dtype=bool)
    new[1:] = ended[:-1] | (field_of[1:] != field_of[:-1])
    if any("\n" in t for t in texts):
        joined = "\n".join(texts)  # a break between fields changes nothing: their firsts are new
        lines = np.flatnonzero(np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32) == 10)
        base = np.zeros(len(texts), dtype=np.intp)
        np.cumsum([len(t) + 1 for t in texts[:-1]], out=base[1:])
        at = base[field_of]
        new[1:] |= np.searchsorted(lines, starts[1:] + at[1:]) > np.searchsorted(lines, ends[:-1] + at[:-1])
    return new


def _score(tagger: CategoryTagger, vocab: Vocab, feats: np.ndarray) -> np.ndarray:
    """CategoryTagger.scores, in place (min and max are what clip does; the same float32 values
    summed in the same order)."""
    # (features, tokens, categories), summed over its outer axis: one add per feature, in order
    # (the reference's sum over a middle axis runs the same adds, several times slower).
    rows = cast("npt.NDArray[np.intp]", vocab.remap.take(feats))  # uint16 or intp: take reads either
    raw = vocab.table.take(rows, axis=0).sum(axis=0)
    raw += tagger.bias
    np.minimum(np.maximum(raw, -30.0, out=raw), 30.0, out=raw)
    np.negative(raw, out=raw)
    np.exp(raw, out=raw)
    raw += 1.0
    return cast(np.ndarray, np.divide(1.0, raw, out=raw))


def _runs(
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


def ad_spans(
    tagger: CategoryTagger, fields: list[tuple[str, str]], readings: dict[str, Read] | None = None
) -> list[tuple[str, str, list[Span]]]:
    """(field name, text, spans) for each (name, text) with tokens, all fields scored at once;
    the spans are CategoryTagger.spans(text, name) exactly. `readings`: each field's text as the
    learned stage read it (AdFeatures.readings), tokenized instead of its characters folded."""
    readings = readings or {}
    toks = [(name, text, _pieces(text, readings.get(name))) for name, text in fields if text]
    toks = [t for t in toks if t[2][0]]
    return [(name, text, spans) for (name, text, _), spans in zip(toks, _spans(tagger, toks), strict=True)]


def field_spans(tagger: CategoryTagger, fields: Sequence[tuple[str, str, Read | None]]) -> list[list[Span]]:
    """CategoryTagger.spans(text, name) of each (name, text, reading) exactly, the fields of any
    number of ads scored at once (a field's tokens are read within that field alone): one
    vocabulary lookup, one feature matrix and one weight gather for them all, where each ad
    alone cost some hundred numpy calls. `reading`: as ad_spans' `readings` gives it, or None."""
    toks = [(k, (name, text, _pieces(text, read))) for k, (name, text, read) in enumerate(fields) if text]
    toks = [t for t in toks if t[1][2][0]]
    out: list[list[Span]] = [[] for _ in fields]
    for (k, _), spans in zip(toks, _spans(tagger, [t for _, t in toks]), strict=True):
        out[k] = spans
    return out


def _spans(tagger: CategoryTagger, toks: list[tuple[str, str, _Pieces]]) -> list[list[Span]]:
    """The spans of each (name, text, its _pieces) of fields with tokens, all scored at once."""
    if not toks:
        return []
    vocab = tagger.vocab()
    lengths = [len(t[2][0]) for t in toks]
    hashes, flags = vocab.rows([k for t in toks for k in t[2][2]])
    field_of = np.repeat(np.arange(len(toks)), lengths)
    at = np.arange(len(flags)) + ref._BAG * (field_of + 1)  # each field padded by edges both sides
    h = np.full(len(flags) + ref._BAG * (len(toks) + 1), _U(ref._PAD), dtype=_U)
    h[at] = hashes[:, 0]
    xor = np.array([_FIELD_XOR["title" if t[0] == "title" else "body"] for t in toks], dtype=_U)[field_of]
    lex = None
    if vocab.lex is not None:
        lex = np.full(len(h), ref.LEX_NONE, dtype=_U)
        lex[at] = hashes[:, 5]
    cls = None
    if vocab.classes is not None:
        cls = np.full(len(h), ref.LEX_NONE, dtype=_U)
        cls[at] = hashes[:, 6]
    grams = hashes[:, 7:] if tagger.grams else None
    feats = _features(hashes[:, 0], hashes[:, 1:5], xor, at, h, lex, cls, grams)
    # Scored a block of tokens at a time: the weights gathered for a whole chunk of ads (features x
    # tokens x categories) would leave the CPU caches before they are summed.
    p = np.concatenate([_score(tagger, vocab, feats[:, a : a + _BLOCK]) for a in range(0, len(at), _BLOCK)])
    seedable = None
    columns = tagger.seed_columns()
    if len(columns):  # known_seeds: a word outside the vocabulary (read as unknown) seeds none of them
        seedable = np.ones(p.shape, dtype=bool)
        seedable[:, columns] = (hashes[:, 0] != _U(ref._UNK))[:, None]
    words, ended = (flags & _WORD).astype(bool), (flags & _END).astype(bool)
    lo_at = np.fromiter(chain.from_iterable(t[2][0] for t in toks), dtype=np.intp, count=len(flags))
    hi_at = np.fromiter(chain.from_iterable(t[2][1] for t in toks), dtype=np.intp, count=len(flags))
    starts_at, ends_at = np.minimum(lo_at, hi_at), np.maximum(lo_at, hi_at) + 1
    new = _new_sentences([t[1] for t in toks], field_of, starts_at, ends_at, ended)
    sentence = np.cumsum(new)
    cut = new.copy()
    cut[0] = False
    found: list[dict[tuple[str, int, int], float]] = [{} for _ in toks]
    cats, firsts, lasts, worded = _runs(p, cut, words, seedable)
    if not len(cats):
        return [[] for _ in toks]
    # Each run's few tokens read from Python lists (a numpy call a step cost more than the step);
    # the mean stays numpy's float32 sum over the same values.
    is_word, is_end, flag = words.tolist(), ended.tolist(), flags.tolist()
    sentence_of, worded_to, field_at = sentence.tolist(), worded.tolist(), field_of.tolist()
    starts, ends = starts_at.tolist(), ends_at.tolist()
    thresholds = tagger.thresholds.tolist()
    short = tagger.short_thresholds().tolist()
    for c, i, j in zip(cats.tolist(), firsts.tolist(), lasts.tolist(), strict=True):
        run = [k for k in range(i, j) if is_word[k]]
        score = float(np.add.reduce(p[run, c]) / len(run))  # as .mean() does it, in float32
        if len(run) == 1 and not flag[run[0]] & _LONG and score < short[c]:
            continue
        if score < thresholds[c]:
            continue
        f = field_at[i]
        first, last = run[0], j - 1
        if toks[f][0] != "title":  # widened to the body sentence it mostly covers
            lo, hi = bisect_left(sentence_of, sentence_of[i]), bisect_right(sentence_of, sentence_of[i])
            if len(run) * 2 >= worded_to[hi] - worded_to[lo]:
                first, last = next((k for k in range(lo, hi) if is_word[k]), lo), hi - 1
        while not is_word[last] and not is_end[last]:
            last -= 1
        # (Upside-down text reads backwards: the span is the one holding all its tokens.)
        key = (tagger.categories[c], min(starts[first : last + 1]), max(ends[first : last + 1]))
        found[f][key] = max(score, found[f].get(key, 0.0))
    return [[ref.Span(c, a, b, sc) for (c, a, b), sc in sorted(out.items(), key=lambda kv: kv[0][1:])] for out in found]
