"""Hashing of the learned stage's features (features.py): named features by crc32, word
unigrams and bigrams and character n-grams by plain uint64 arithmetic, so training and screening
share the exact same code and nothing is pickled. A model's weights are indexed by these values:
they never change without a new model format."""

from __future__ import annotations

import re
import zlib
from array import array
from collections.abc import Iterable
from typing import cast

import numpy as np

DIM_BITS = 18
DIM = 1 << DIM_BITS
TOTAL_DIM = 2 * DIM  # named features in [0, DIM), character n-grams in [DIM, 2 * DIM)
_MASK = np.uint64(DIM - 1)
_DIGIT = re.compile(r"\d")


def _h(text: str) -> int:
    return zlib.crc32(text.encode("utf-8")) & (DIM - 1)


def _prod(values: Iterable[int]) -> int:
    out = 1
    for v in values:
        out *= v
    return out


_PRIMES = [np.uint64(p) for p in (1_000_003, 998_244_353, 2_147_483_647, 4_294_967_291, 1_099_511_628_211)]
_MIX = np.uint64(0x9E3779B97F4A7C15)
_NS_WORD, _NS_NEG, _NS_BIGRAM = np.uint64(0x51ED27), np.uint64(0xA3C59AC3), np.uint64(0x2545F491)
_TOKEN_HASHES: dict[str, int] = {}
# Per n-gram length n, its hash seed, and what extending an (n-1)-gram's hash to n must add
# first (see char_grams); plain integers modulo 2**64, computed once.
_SEEDS = {n: np.uint64(n * 0x9E3779B1) for n in range(1, 6)}
_SEED_STEP = {n: np.uint64(0x9E3779B1 * _prod(int(p) for p in _PRIMES[: n - 1]) % (1 << 64)) for n in range(2, 6)}


def _token_hash(tok: str) -> int:
    h = _TOKEN_HASHES.get(tok)
    if h is None:
        h = zlib.crc32(tok.encode("utf-8"))
        if len(_TOKEN_HASHES) < 200_000:  # a bounded cache: ad vocabulary is mostly a few thousand words
            _TOKEN_HASHES[tok] = h
    return h


def _token_hashes(tokens: list[str]) -> np.ndarray:
    """The crc32 of each token as uint64, from the bounded cache. Filled through array('Q'),
    which refuses the None of a token not cached yet (then those are hashed and it is filled
    again): a third of the instructions of np.array over a list of ints and a scan for None."""
    hashes = list(map(_TOKEN_HASHES.get, tokens))  # one dict lookup per token
    try:
        packed = array("Q", cast("list[int]", hashes))  # a None raises TypeError: caught below
    except TypeError:
        packed = array("Q", [h if h is not None else _token_hash(t) for h, t in zip(hashes, tokens, strict=True)])
    return np.frombuffer(packed, dtype=np.uint64)


def _mix(h: np.ndarray) -> np.ndarray:
    h = h * _MIX
    mixed: np.ndarray = (h ^ (h >> np.uint64(31))) & _MASK
    return mixed


def word_indices(tokens: list[str], scoped: list[bool], clauses: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Hashed indices of the word unigrams (negated ones in their own namespace) and of the
    bigrams within one clause."""
    cache = _TOKEN_HASHES
    hashes = [cache.get(t) for t in tokens]  # one dict lookup per token; misses hashed below
    if None in hashes:
        hashes = [h if h is not None else _token_hash(t) for h, t in zip(hashes, tokens, strict=True)]
    th = np.array(hashes, dtype=np.uint64)
    ns = np.where(np.asarray(scoped, dtype=bool), _NS_NEG, _NS_WORD)
    uni = _mix(th ^ ns)
    same = np.asarray(clauses[1:], dtype=np.int64) == np.asarray(clauses[:-1], dtype=np.int64)
    bi = _mix((th[:-1] * _PRIMES[0] + th[1:]) ^ _NS_BIGRAM)[same] if len(th) > 1 else th[:0]
    return uni.astype(np.int64), bi.astype(np.int64)


def char_grams(text: str, low: int = 3, high: int = 5) -> np.ndarray:
    """Hashed indices of every character n-gram (low..high) of `text` (repeats kept).

    The hash of an n-gram is ((seed_n * P0 + c0) * P1 + c1) ... * P(n-1) + c(n-1) in uint64. The
    hash of an (n+1)-gram extends that of its first n characters once the seed difference is
    added: (h_n + (seed_(n+1) - seed_n) * P0 ... P(n-1)) * Pn + cn, the same value modulo 2**64, so
    each length costs one multiply-add instead of n."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    size = len(codes)
    if size < low:
        return np.zeros(0, dtype=np.int64)
    with np.errstate(over="ignore"):
        h = np.full(size - low + 1, _SEEDS[low], dtype=np.uint64)
        for k in range(low):
            h = h * _PRIMES[k] + codes[k : size - low + 1 + k]
        out = [h]
        for n in range(low + 1, min(high, size) + 1):
            h = (h[:-1] + _SEED_STEP[n]) * _PRIMES[n - 1] + codes[n - 1 :]
            out.append(h)
    return _mix(np.concatenate(out) if len(out) > 1 else h).astype(np.int64)


# Digits folded to 0 in the character n-grams' text, by one bytes.translate where it is ASCII.
_DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")
_NS_FLIP = _NS_NEG ^ _NS_WORD


def _indices(
    named: list[int], tokens: list[str], scoped: list[bool], clauses: list[int]
) -> tuple[np.ndarray, int, int]:
    """The index array featurize gives: `named`, then word_indices' unigrams and bigrams, then
    char_grams of the digit-folded tokens (+ DIM); and the counts of words and of characters.
    The same values in the same places, from one buffer mixed once in place (the cost was some
    thirty small numpy calls and their temporaries, not the arithmetic)."""
    n = len(tokens)
    th = _token_hashes(tokens)
    joined = " ".join(tokens)
    if joined.isascii():
        codes = np.frombuffer(joined.encode("ascii").translate(_DIGITS_TO_ZERO), dtype=np.uint8).astype(np.uint64)
    else:
        codes = np.frombuffer(_DIGIT.sub("0", joined).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    size = len(codes)
    # Bigrams within one clause: clause numbers never decrease, so all pairs are within one
    # clause exactly when the first token's clause is the last's.
    same = None if n < 2 or clauses[0] == clauses[-1] else np.diff(np.array(clauses, dtype=np.int64)) == 0
    n_bi = max(0, n - 1) if same is None else int(np.count_nonzero(same))
    n_chars = sum(size - k + 1 for k in range(3, min(5, size) + 1))
    at_words, at_chars = len(named), len(named) + n + n_bi
    buf = np.empty(at_chars + n_chars, dtype=np.uint64)
    buf[:at_words] = named
    if n:
        uni = buf[at_words : at_words + n]
        np.bitwise_xor(th, _NS_WORD, out=uni)
        if any(scoped):
            uni[[i for i, s in enumerate(scoped) if s]] ^= _NS_FLIP  # ^ _NS_WORD ^ _NS_FLIP == ^ _NS_NEG
    if n_bi:
        with np.errstate(over="ignore"):
            pairs = (th[:-1] * _PRIMES[0] + th[1:]) ^ _NS_BIGRAM
        buf[at_words + n : at_chars] = pairs if same is None else pairs[same]
    if n_chars:
        with np.errstate(over="ignore"):
            h = np.full(size - 2, _SEEDS[3], dtype=np.uint64)
            for k in range(3):
                h = h * _PRIMES[k] + codes[k : size - 2 + k]
            buf[at_chars : at_chars + len(h)] = h
            at = at_chars + len(h)
            for k in range(4, min(5, size) + 1):
                h = (h[:-1] + _SEED_STEP[k]) * _PRIMES[k - 1] + codes[k - 1 :]
                buf[at : at + len(h)] = h
                at += len(h)
    mixed = buf[at_words:]
    with np.errstate(over="ignore"):
        np.multiply(mixed, _MIX, out=mixed)
    np.bitwise_xor(mixed, mixed >> np.uint64(31), out=mixed)
    np.bitwise_and(mixed, _MASK, out=mixed)
    buf[at_chars:] |= np.uint64(DIM)  # the upper half: never collides with words or rules
    return buf.view(np.int64), n + n_bi, n_chars


# The 3-gram hash multiplied out: seed * P0 * P1 * P2 and P1 * P2, modulo 2**64.
_K3 = np.uint64(int(_SEEDS[3]) * int(_PRIMES[0]) * int(_PRIMES[1]) * int(_PRIMES[2]) % (1 << 64))
_P12 = np.uint64(int(_PRIMES[1]) * int(_PRIMES[2]) % (1 << 64))


def _before(counts: np.ndarray) -> np.ndarray:
    """Where each of `counts` starts when laid end to end."""
    out = np.zeros(len(counts), dtype=np.int64)
    np.cumsum(counts[:-1], out=out[1:])
    return out


def _digit_folded_codes(text: str) -> np.ndarray:
    """The code points of joined tokens, digits 1-9 as 0 (what `_indices` hashes)."""
    if text.isascii():
        return np.frombuffer(text.encode("ascii").translate(_DIGITS_TO_ZERO), dtype=np.uint8).astype(np.uint64)
    # Tokens hold no digit but ASCII ones (the token pattern's, and no emoji is a digit), so
    # folding 1-9 to 0 is the _DIGIT.sub of _indices.
    wide = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    out: np.ndarray = np.where((wide >= 0x31) & (wide <= 0x39), np.uint32(0x30), wide).astype(np.uint64)
    return out


def _grams_into(out: np.ndarray, codes: np.ndarray) -> None:
    """char_grams' hashes (before mixing) of every 3-, 4- and 5-gram of `codes`, in that order,
    written into `out`: the 3-gram polynomial multiplied out (the same value modulo 2**64),
    K + c0 * P1 * P2 + c1 * P2 + c2, then each longer gram extended from the shorter, in place."""
    size = len(codes)
    if size < 3:
        return
    with np.errstate(over="ignore"):
        previous = out[: size - 2]
        np.multiply(codes[: size - 2], _P12, out=previous)
        previous += codes[1 : size - 1] * _PRIMES[2]
        previous += codes[2:]
        previous += _K3
        at = size - 2
        for k in (4, 5):
            if size < k:
                break
            g = out[at : at + size - k + 1]
            np.add(previous[:-1], _SEED_STEP[k], out=g)
            g *= _PRIMES[k - 1]
            g += codes[k - 1 :]
            previous, at = g, at + size - k + 1


def _clause_numbers(clauses: list[int]) -> np.ndarray:
    """`clauses` as an array: bytes where every number fits in one, else int64."""
    try:
        return np.frombuffer(bytes(clauses), dtype=np.uint8)
    except ValueError:  # a number of 256 or more: an ad of that many clause ends
        return np.fromiter(clauses, dtype=np.int64, count=len(clauses))


def indices_many(
    items: list[tuple[list[int], list[str], list[bool], list[int]]],
) -> tuple[np.ndarray, list[int], list[int], list[int]]:
    """`_indices` of many ads at once, laid end to end: one index array holding each ad's
    (named, tokens, scoped, clauses) indices in `_indices`' order, with each ad's start, word
    count and character n-gram count. The same values (each n-gram's hash depends on its own
    characters alone; pairs across clauses or ads are dropped), from a fixed number of numpy
    calls a chunk instead of some thirty an ad."""
    m = len(items)
    if not m:
        return np.zeros(0, dtype=np.int64), [], [], []
    named_all: list[int] = []
    tokens_all: list[str] = []
    clauses_all: list[int] = []
    scoped_all: list[bool] = []
    joined: list[str] = []
    n_named, n_tokens, n_codes = [0] * m, [0] * m, [0] * m
    for a, (named, tokens, scoped, clauses) in enumerate(items):
        named_all += named
        tokens_all += tokens
        clauses_all += clauses
        scoped_all += scoped
        text = " ".join(tokens)
        joined.append(text)
        n_named[a], n_tokens[a], n_codes[a] = len(named), len(tokens), len(text)
    th = _token_hashes(tokens_all)
    tokens_n = np.array(n_tokens, dtype=np.int64)
    # Bigrams: pairs of neighbours in one clause of one ad.
    owner = np.repeat(np.arange(m, dtype=np.int64), tokens_n)
    # Neighbours in one clause of one ad: the clause numbers packed by bytes() in C (a fifth of
    # comparing the Python ints pairwise) where each is under 256, as almost always.
    numbers = _clause_numbers(clauses_all)
    same = (numbers[1:] == numbers[:-1]) & (owner[1:] == owner[:-1])
    bigrams_n = np.bincount(owner[:-1][same], minlength=m) if len(same) else np.zeros(m, dtype=np.int64)
    # Character n-grams over every ad's digit-folded text end to end; those that cross from one
    # ad into the next are computed but never gathered.
    codes = _digit_folded_codes("".join(joined))
    size = len(codes)
    grams_len = [max(0, size - 2), max(0, size - 3), max(0, size - 4)]
    named_n = np.array(n_named, dtype=np.int64)
    codes_n = np.array(n_codes, dtype=np.int64)
    # One source buffer: named (as they are), unigrams, bigrams kept, 3-, 4- and 5-grams (mixed).
    at_uni = len(named_all)
    at_bi = at_uni + len(th)
    at_3 = at_bi + int(bigrams_n.sum())
    at_4 = at_3 + grams_len[0]
    at_5 = at_4 + grams_len[1]
    src = np.empty(at_5 + grams_len[2], dtype=np.uint64)
    src[:at_uni] = named_all
    uni = src[at_uni:at_bi]
    np.bitwise_xor(th, _NS_WORD, out=uni)
    if any(scoped_all):
        uni[np.frombuffer(bytes(scoped_all), dtype=bool)] ^= _NS_FLIP
    if at_3 > at_bi:
        with np.errstate(over="ignore"):
            src[at_bi:at_3] = ((th[:-1] * _PRIMES[0] + th[1:]) ^ _NS_BIGRAM)[same]
    _grams_into(src[at_3:], codes)
    mixed = src[at_uni:]
    with np.errstate(over="ignore"):
        np.multiply(mixed, _MIX, out=mixed)
    np.bitwise_xor(mixed, mixed >> np.uint64(31), out=mixed)
    np.bitwise_and(mixed, _MASK, out=mixed)
    src[at_3:] |= np.uint64(DIM)
    # Each ad's six segments, in `_indices`' order: slices joined by one concatenate (a
    # few hundred views a chunk cost less than the positions of every element and a take).
    grams_n = [np.maximum(codes_n - (n - 1), 0) for n in (3, 4, 5)]
    starts = np.stack(
        [_before(named_n), at_uni + _before(tokens_n), at_bi + _before(bigrams_n)]
        + [at + _before(codes_n) for at in (at_3, at_4, at_5)],
        axis=1,
    ).ravel()
    lengths = np.stack([named_n, tokens_n, bigrams_n, *grams_n], axis=1).ravel()
    index = np.concatenate([src[a:b] for a, b in zip(starts.tolist(), (starts + lengths).tolist(), strict=True)]).view(
        np.int64
    )
    words = (tokens_n + bigrams_n).tolist()
    chars = (grams_n[0] + grams_n[1] + grams_n[2]).tolist()
    at = _before(lengths.reshape(m, 6).sum(axis=1)).tolist()
    return index, at, words, chars
