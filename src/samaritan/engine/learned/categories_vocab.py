"""The category tagger's token table (categories_fast.py reads through it): each distinct token
string worked out once per tagger, and as far as it can be, already as the weight rows its
features read.

A feature is a hash of the token and its neighbours, mixed and sent to a packed weight row
(categories_text.features, then Vocab.remap). Most features depend on one token only: its own
word, affixes, lexicon categories, class and trigrams, and each neighbour's word, class or
lexicon categories seen from a given place (-3..3). Those rows are computed here once per token
string, when it is first met (a batch of strings at a time: a few numpy calls for all the new
strings of a chunk of ads), so scoring a token gathers them where it mixed and remapped some
forty hashes; only the word and class pairs are mixed per token.
"""

from __future__ import annotations

import threading
from itertools import repeat

import numpy as np

from samaritan.engine.learned import categories_text as ref

_U = np.uint64
_LIMIT = 200_000  # distinct token strings kept per tagger; ad vocabulary is far smaller
WORD, END, LONG = 1, 2, 4  # token flags
WINDOW: tuple[int, ...] = ref._WINDOW  # the word's neighbours by position, -3..3 (features 2..7)
BAG = 0x6A09E667  # a neighbour's word without position (features 12..23)
CLASS_AROUND = (-2, -1, 1, 2)  # the class columns that are a neighbour's (class_columns)
# Rows kept per token string, by name: (own) features of the token itself, then (seen) the ones
# a neighbour reads from it.
OWN = ("word", "title", "body", "aff0", "aff1", "aff2", "aff3", "lex", "class", *(f"gram{j}" for j in range(ref.GRAMS)))
SEEN = (*(f"pos{k}" for k in WINDOW), "bag", "lex-1", "lex1", *(f"class{k}" for k in CLASS_AROUND))
ROW = {name: k for k, name in enumerate(OWN + SEEN)}


def mixed(h: np.ndarray) -> np.ndarray:
    """categories_text._mix, in place on `h` (uint64), as int64 indices (the values are < DIM)."""
    h *= ref._MIX
    h ^= h >> _U(29)
    h &= ref._MASK
    return h.view(np.int64)


def _seen_hashes(words: np.ndarray, sets: np.ndarray, cls: np.ndarray) -> np.ndarray:
    """The hashes of the SEEN features a neighbour's word hash, lexicon set and class make."""
    out = np.empty((len(SEEN), len(words)), dtype=_U)
    out[: len(WINDOW)] = words * ref._P + np.array([1000 + k for k in WINDOW], dtype=_U)[:, None]
    out[len(WINDOW)] = words ^ _U(BAG)
    lex_at = len(WINDOW) + 1
    out[lex_at] = sets ^ ref._LEX_XOR[ref.LEX_COLUMNS.index(-1)]
    out[lex_at + 1] = sets ^ ref._LEX_XOR[ref.LEX_COLUMNS.index(1)]
    for j, k in enumerate(CLASS_AROUND):
        out[lex_at + 2 + j] = cls ^ ref._CLASS_XOR[ref.CLASS_COLUMNS.index(k)]
    return out


class Vocab:
    """Per tagger: token string (before its normal form) -> its word and class hashes, flags, and
    the weight rows of its one-token features (ROW)."""

    __slots__ = (
        "classes", "cls", "edge", "flags", "index", "known", "lex", "lock", "remap", "rows", "size", "table",
        "words",
    )  # fmt: skip

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
        self.words = np.zeros(1024, dtype=_U)  # the word hash, or unknown's outside `known`
        self.cls = np.zeros(1024, dtype=_U)  # its word class (LEX_NONE: none)
        self.flags = np.zeros(1024, dtype=np.uint8)
        self.rows = np.zeros((len(ROW), 1024), dtype=small)
        # What a neighbour past a field's edge reads: each SEEN row of the edge padding.
        pad = np.array([ref._PAD], dtype=_U)
        none = np.array([ref.LEX_NONE], dtype=_U)
        self.edge = self.remap.take(mixed(_seen_hashes(pad, none, none))[:, 0])
        self.size = 0
        self.lock = threading.Lock()  # verdicts may run in threads: rows are added and read whole

    def ids(self, keys: list[str]) -> np.ndarray:
        """The table index of each token string, the strings not met before added."""
        with self.lock:
            got = np.fromiter(map(self.index.get, keys, repeat(-1)), dtype=np.intp, count=len(keys))
            if len(keys) and got.min() < 0:
                if self.size + len(keys) > _LIMIT:
                    self.index, self.size = {}, 0  # start afresh: a pure cache
                self._add([k for k in dict.fromkeys(keys) if k not in self.index])
                got = np.fromiter(map(self.index.__getitem__, keys), dtype=np.intp, count=len(keys))
            return got

    def _columns(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return self.words, self.cls, self.flags

    def _add(self, keys: list[str]) -> None:
        n, start = len(keys), self.size
        while start + n > len(self.flags):
            self.words, self.cls, self.flags = (
                np.concatenate([a, np.zeros_like(a)]) for a in (self.words, self.cls, self.flags)
            )
            self.rows = np.concatenate([self.rows, np.zeros_like(self.rows)], axis=1)
        norms = [ref._NORMS.get(k) or ref._normal(k) for k in keys]
        words = np.fromiter(map(ref._crc, norms), dtype=_U, count=n)
        sets = self.lex.of(words) if self.lex is not None else np.full(n, ref.LEX_NONE, dtype=_U)
        cls = self.classes.of(words) if self.classes is not None else np.full(n, ref.LEX_NONE, dtype=_U)
        if len(self.known):  # before: the lexicon and the classes read the word itself
            at = np.minimum(np.searchsorted(self.known, words), len(self.known) - 1)
            words[self.known[at] != words] = ref._UNK
        aff = np.array([ref._affixes(t) for t in norms], dtype=_U).reshape(n, 4)
        grams = np.array([ref.char_grams(t) for t in norms], dtype=_U).reshape(n, ref.GRAMS)
        own = np.empty((len(OWN), n), dtype=_U)
        own[0] = words ^ _U(0x51ED27)
        own[1] = words ^ _U(0x7F4A7C15)  # the title's field feature
        own[2] = words ^ _U(0x2545F491)  # the body's
        own[3:7] = aff.T ^ np.array([0xBB67AE85 + j for j in range(4)], dtype=_U)[:, None]
        own[7] = sets ^ ref._LEX_XOR[ref.LEX_COLUMNS.index(0)]
        own[8] = cls ^ ref._CLASS_XOR[ref.CLASS_COLUMNS.index(0)]
        own[9:] = grams.T ^ ref._GRAM_XOR
        hashes = np.concatenate([own, _seen_hashes(words, sets, cls)])
        end = start + n
        self.rows[:, start:end] = self.remap.take(mixed(hashes))
        self.words[start:end], self.cls[start:end] = words, cls
        self.flags[start:end] = [
            (WORD if ref._WORD.match(t) else 0) | (END if ref._END.match(t) else 0) | (LONG if len(t) >= 5 else 0)
            for t in norms
        ]
        self.index.update(zip(keys, range(start, end), strict=True))
        self.size = end
