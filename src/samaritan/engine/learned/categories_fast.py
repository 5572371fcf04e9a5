"""The category tagger's inference, vectorised: the same spans as CategoryTagger.spans, field by
field, at a fraction of the cost (it runs on every commercial ad, the reference cost three whole
verdicts).

Where the time went: per token, a normal form, five string hashes, a known-word search and two
regex matches; per field, some forty small numpy calls to build the features, and a Python loop
for sentence numbers. Here each distinct token string is worked out once per tagger, and kept
as the weight rows of its one-token features (categories_vocab.Vocab); the tokens of every field
of a chunk of ads are found at once from each character's kind (categories_split) and mapped
back to the original by one C-level gather a field, their features gathered as one (features x
tokens) matrix of weight rows (only the word and class pairs mixed per token), scored by weight
gathers of 512 tokens at a time, and the runs of every category found, scored and kept at once
(categories_runs). The columns keep the reference's order so the float32 sums, and so
every probability, are bit for bit the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate, chain
from operator import itemgetter
from typing import Any, cast

import numpy as np

from samaritan.engine.learned import categories_runs as R
from samaritan.engine.learned import categories_split as S
from samaritan.engine.learned import categories_text as ref
from samaritan.engine.learned import categories_vocab as V
from samaritan.engine.learned.categories_text import Read
from samaritan.engine.learned.categories_vocab import Vocab as Vocab
from samaritan.engine.normalize import fold_chars

Span = ref.Span
CategoryTagger = Any  # categories.CategoryTagger, which imports this module

# Tokens scored at once: 45 features (with word classes and trigrams) x 11 categories of float32,
# ~1 MB.
_BLOCK = 512
_WORD, _END, _LONG = V.WORD, V.END, V.LONG
_NOT_LETTERS = re.compile(r"[^a-z0-9]")
_SPLIT = re.compile(f"({ref._TOKEN.pattern})")  # the token pattern as split's one group
_SPELL_HINT = re.compile(r"[.\-_*~][a-z0-9][.\-_*~]")  # what letters spelled apart must hold
_U = np.uint64
_NEAR = np.arange(-2, 3)[:, None]  # the word pairs' places around a token, -2..2
_PAIR_A, _PAIR_B = np.array([1, 2, 0, 3]), np.array([2, 3, 1, 4])  # (-1,0) (0,1) (-2,-1) (1,2)
_PAIR_XOR = np.array([0xA3C59AC3 + a for a in (-1, 0, -2, 1)], dtype=_U)
_NCOLS = 29  # the columns of every tagger: word, field, window, pairs, bag, affixes, bias
_CONST_SLOT, _CONST = 28, 0x3C6EF372  # the bias column: one hash for every token


# A field's tokens: the original index of each one's first and of its last character (upside-down
# text reads backwards: the first may come after the last), and its string before its normal form.
_Pieces = tuple[Iterable[int], Iterable[int], list[str]]
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
        return starts, map(_BEFORE, ends), keys
    if len(starts) == 1:
        return [where[starts[0]]], [where[ends[0] - 1]], keys
    if not starts:
        return [], [], keys
    # (itemgetter: one C call a field; a lazy map through where.__getitem__ cost 1% more in all.)
    return itemgetter(*starts)(where), itemgetter(*ends)([0, *where]), keys


_Tokens = tuple[list[int], list[int], list[str]]  # starts, ends, the strings before their normal form


def _tokens(text: str, read: Read | None = None) -> _Tokens:
    """Starts and ends in the original text and the string before its normal form, per token,
    as categories.tokens splits them. `read`: the text already folded, with its map back."""
    first, last, keys = _pieces(text, read)
    first, last = list(first), list(last)
    return list(map(min, first, last)), [b + 1 for b in map(max, first, last)], keys


def _feature_rows(
    vocab: Vocab, grams: bool, ids: np.ndarray, body: np.ndarray, at: np.ndarray, size: int
) -> np.ndarray:
    """The weight row of every feature of every token (features x tokens), in the reference's
    column order (categories_text.features): the token strings' own rows and the rows their
    neighbours read from them gathered from the vocabulary, the word and class pairs mixed here.
    `ids`: the tokens' vocabulary indices; `body`: whether each is in a body; `at`: each token's
    place in the chunk's tokens padded by _BAG edges around each field (`size` places)."""
    lay = _layout(vocab.lex is not None, vocab.classes is not None, grams)
    n = len(ids)
    out = np.empty((lay.width, n), dtype=np.intp)
    mine = vocab.rows.take(ids, axis=1)
    out[lay.own_slots] = mine[lay.own_rows]
    out[1, body] = mine[V.ROW["body"], body]  # the field feature: the title's row unless a body
    seen = np.empty((len(V.SEEN), size), dtype=mine.dtype)
    seen[:] = vocab.edge[:, None]
    seen[:, at] = mine[len(V.OWN) :]
    out[lay.seen_slots] = seen.ravel().take((lay.seen_rows * size + lay.seen_offsets)[:, None] + at)
    h = np.full(size, _U(ref._PAD), dtype=_U)
    h[at] = vocab.words.take(ids)
    win = h.take(at + _NEAR)
    pairs = np.empty((len(lay.pair_slots), n), dtype=_U)
    pairs[:4] = (win[_PAIR_A] * ref._P + win[_PAIR_B]) ^ _PAIR_XOR[:, None]
    if len(lay.pair_slots) > 4:  # the class pairs (-1, 0) and (0, 1)
        c = np.full(size, ref.LEX_NONE, dtype=_U)
        c[at] = vocab.cls.take(ids)
        cw = c.take(at + _NEAR[1:4])
        pairs[4] = (cw[0] * ref._P + cw[1]) ^ ref._CLASS_PAIR_XOR[0]
        pairs[5] = (cw[1] * ref._P + cw[2]) ^ ref._CLASS_PAIR_XOR[1]
    out[lay.pair_slots] = vocab.remap.take(V.mixed(pairs))
    out[_CONST_SLOT] = vocab.remap[int(V.mixed(np.array([_CONST], dtype=_U))[0])]
    return out


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where each feature column's row comes from, for a tagger with or without lexicon words,
    word classes and trigrams."""

    width: int
    own_slots: np.ndarray  # columns read from the token's own rows ...
    own_rows: np.ndarray  # ... which ones
    seen_slots: np.ndarray  # columns a neighbour gives ...
    seen_rows: np.ndarray  # ... from which of its SEEN rows ...
    seen_offsets: np.ndarray  # ... and from where: -6..6 places from the token
    pair_slots: np.ndarray  # the word pairs, then the class pairs


@cache
def _layout(lex: bool, cls: bool, grams: bool) -> _Layout:
    own: list[tuple[int, str]] = [(0, "word"), (1, "title"), *((24 + j, f"aff{j}") for j in range(4))]
    seen: list[tuple[int, str, int]] = [(2 + j, f"pos{k}", k) for j, k in enumerate(ref._WINDOW)]
    seen += [(12 + j, "bag", k) for j, k in enumerate(k for k in range(-ref._BAG, ref._BAG + 1) if k)]
    pairs = [8, 9, 10, 11]
    col = _NCOLS
    if lex:
        own.append((col, "lex"))
        seen += [(col + 1, "lex-1", -1), (col + 2, "lex1", 1)]
        col += len(ref.LEX_COLUMNS)
    if cls:
        for j, k in enumerate(ref.CLASS_COLUMNS):
            if k:
                seen.append((col + j, f"class{k}", k))
            else:
                own.append((col + j, "class"))
        pairs += [col + len(ref.CLASS_COLUMNS), col + len(ref.CLASS_COLUMNS) + 1]
        col += len(ref.CLASS_COLUMNS) + 2
    if grams:
        own += [(col + j, f"gram{j}") for j in range(ref.GRAMS)]
        col += ref.GRAMS
    seen_row = {name: k for k, name in enumerate(V.SEEN)}
    return _Layout(
        col,
        np.array([s for s, _ in own]),
        np.array([V.ROW[r] for _, r in own]),
        np.array([s for s, _, _ in seen]),
        np.array([seen_row[r] for _, r, _ in seen]),
        np.array([k for _, _, k in seen]),
        np.array(pairs),
    )


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


def _score(tagger: CategoryTagger, vocab: Vocab, rows: np.ndarray) -> np.ndarray:
    """CategoryTagger.scores, in place (min and max are what clip does; the same float32 values
    summed in the same order), from each feature's weight row (features x tokens)."""
    # (features, tokens, categories), summed over its outer axis: one add per feature, in order
    # (the reference's sum over a middle axis runs the same adds, several times slower).
    raw = vocab.table.take(rows, axis=0).sum(axis=0)
    raw += tagger.bias
    np.minimum(np.maximum(raw, -30.0, out=raw), 30.0, out=raw)
    np.negative(raw, out=raw)
    np.exp(raw, out=raw)
    raw += 1.0
    return cast(np.ndarray, np.divide(1.0, raw, out=raw))


def ad_spans(
    tagger: CategoryTagger, fields: list[tuple[str, str]], readings: dict[str, Read] | None = None
) -> list[tuple[str, str, list[Span]]]:
    """(field name, text, spans) for each (name, text) with tokens, all fields scored at once;
    the spans are CategoryTagger.spans(text, name) exactly. `readings`: each field's text as the
    learned stage read it (AdFeatures.readings), tokenized instead of its characters folded."""
    readings = readings or {}
    found, tokened = _field_spans(tagger, [(name, text, readings.get(name)) for name, text in fields])
    return [(name, text, spans) for (name, text), spans, n in zip(fields, found, tokened, strict=True) if n]


def field_spans(tagger: CategoryTagger, fields: Sequence[tuple[str, str, Read | None]]) -> list[list[Span]]:
    """CategoryTagger.spans(text, name) of each (name, text, reading) exactly, the fields of any
    number of ads scored at once (a field's tokens are read within that field alone): one
    vocabulary lookup, one feature matrix and one weight gather for them all, where each ad
    alone cost some hundred numpy calls. `reading`: as ad_spans' `readings` gives it, or None."""
    return _field_spans(tagger, fields)[0]


def _field_spans(
    tagger: CategoryTagger, fields: Sequence[tuple[str, str, Read | None]]
) -> tuple[list[list[Span]], list[bool]]:
    """field_spans, and whether each field has tokens."""
    out: list[list[Span]] = [[] for _ in fields]
    has = [False] * len(fields)
    texts = [k for k, (_, text, _) in enumerate(fields) if text]
    if not texts:
        return out, has
    keys, lo, hi, counts = _chunk_pieces([(fields[k][1], fields[k][2]) for k in texts])
    tokened = [(k, n) for k, n in zip(texts, counts, strict=True) if n]
    if tokened:
        names = [fields[k][0] for k, _ in tokened]
        found = _spans(tagger, names, [fields[k][1] for k, _ in tokened], keys, lo, hi, [n for _, n in tokened])
        for (k, _), spans in zip(tokened, found, strict=True):
            out[k], has[k] = spans, True
    return out, has


def _chunk_pieces(fields: list[tuple[str, Read | None]]) -> tuple[list[str], np.ndarray, np.ndarray, list[int]]:
    """The tokens of every (text, reading): their strings, first and last characters in the
    original texts, and how many each text has. All texts split at once (categories_split), but
    one with letters spelled apart, read by _pieces; mapped back through each reading's index
    list by itemgetter (one C call a field)."""
    read = [r if r is not None else fold_chars(text) for text, r in fields]
    folded = [f for f, _ in read]
    spelled = {k for k, f in enumerate(folded) if _SPELL_HINT.search(f) and ref._SPELLED.search(f)}
    plain = [k for k in range(len(fields)) if k not in spelled] if spelled else range(len(fields))
    keys, starts, ends, which, bases = S.tokens([folded[k] for k in plain])
    at = bases.take(which)
    firsts, lasts = (starts - at).tolist(), (ends - 1 - at).tolist()
    offsets = [0, *accumulate(np.bincount(which, minlength=len(plain)).tolist())]
    parts: list[_Pieces] = [([], [], []) for _ in fields]
    for j, k in enumerate(plain):
        a, b = offsets[j], offsets[j + 1]
        first, last, where = firsts[a:b], lasts[a:b], read[k][1]
        if where is not None and b - a > 1:
            first, last = itemgetter(*first)(where), itemgetter(*last)(where)
        elif where is not None and b > a:
            first, last = [where[first[0]]], [where[last[0]]]
        parts[k] = (first, last, keys[a:b])
    for k in spelled:  # rare: the reference loop
        parts[k] = _pieces(fields[k][0], read[k])
    counts = [len(p[2]) for p in parts]
    lo = np.fromiter(chain.from_iterable(p[0] for p in parts), dtype=np.intp, count=sum(counts))
    hi = np.fromiter(chain.from_iterable(p[1] for p in parts), dtype=np.intp, count=sum(counts))
    return list(chain.from_iterable(p[2] for p in parts)), lo, hi, counts


def _spans(
    tagger: CategoryTagger,
    names: list[str],
    texts: list[str],
    keys: list[str],
    lo_at: np.ndarray,
    hi_at: np.ndarray,
    lengths: list[int],
) -> list[list[Span]]:
    """The spans of each field (its name and text) with tokens, all scored at once: `keys` the
    strings of all their tokens, `lo_at` and `hi_at` their first and last characters in the
    original, `lengths` how many tokens each field has."""
    vocab = tagger.vocab()
    ids = vocab.ids(keys)
    field_of = np.repeat(np.arange(len(names)), lengths)
    at = np.arange(len(ids)) + ref._BAG * (field_of + 1)  # each field padded by edges both sides
    body = np.array([name != "title" for name in names])[field_of]
    rows = _feature_rows(vocab, tagger.grams, ids, body, at, len(ids) + ref._BAG * (len(names) + 1))
    # Scored a block of tokens at a time: the weights gathered for a whole chunk of ads (features x
    # tokens x categories) would leave the CPU caches before they are summed.
    p = np.concatenate([_score(tagger, vocab, rows[:, a : a + _BLOCK]) for a in range(0, len(at), _BLOCK)])
    seedable = None
    columns = tagger.seed_columns()
    if len(columns):  # known_seeds: a word outside the vocabulary (read as unknown) seeds none of them
        seedable = np.ones(p.shape, dtype=bool)
        seedable[:, columns] = (vocab.words.take(ids) != _U(ref._UNK))[:, None]
    flags = vocab.flags.take(ids)
    words, ended = (flags & _WORD).astype(bool), (flags & _END).astype(bool)
    starts_at, ends_at = np.minimum(lo_at, hi_at), np.maximum(lo_at, hi_at) + 1
    new = _new_sentences(texts, field_of, starts_at, ends_at, ended)
    sentence = np.cumsum(new)
    cut = new.copy()
    cut[0] = False
    found = R.runs(p, cut, words, seedable)
    if not len(found[0]):
        return [[] for _ in names]
    tokens = (words, ended, (flags & _LONG).astype(bool), sentence, starts_at, ends_at)
    short = tagger.short_thresholds()
    kept = R.kept(tagger.thresholds, short, p, found, tokens, body)
    out: list[dict[tuple[str, int, int], float]] = [{} for _ in names]
    field_at, categories = field_of.tolist(), tagger.categories
    for c, i, start, end, score in zip(*kept, strict=True):
        have = out[field_at[i]]
        key = (categories[c], start, end)
        have[key] = max(score, have.get(key, 0.0))
    return [[ref.Span(c, a, b, sc) for (c, a, b), sc in sorted(o.items(), key=_place)] if o else [] for o in out]


def _place(item: tuple[tuple[str, int, int], float]) -> tuple[int, int]:
    return item[0][1:]
