"""Near-duplicate text: shingles of normalised text with entity values masked, MinHash LSH
for candidates, exact Jaccard to confirm.

Masking numbers and proper names means one template posted with different names, cities and
numbers still matches. Shingles that many ads share (boilerplate, stock phrases) are dropped
before hashing, so "Serious inquiries only." links nothing.
"""

from __future__ import annotations

import re
import zlib

import numpy as np

from samaritan.engine.budget import FIELD_BUDGET
from samaritan.engine.normalize import fold
from samaritan.link.columns import Arrays, _take, runs

NUM_PERM = 64
_TOKEN = re.compile(r"\w+|[^\w\s]")
_CAPITALISED = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]+")
_DIGITS = re.compile(r"\d+")
# A contact starts a whitespace-delimited token (where the leftmost match starts anyway): as
# `\S+@\S+` tried from every position of one 64k-character token it took 7 s.
_CONTACT = re.compile(r"(?<!\S)\S+@\S+|https?://\S+|www\.\S+|\b\w+_\w+\b|\$[A-Za-z]\w+")


def shingles(title: str, body: str, n: int = 3) -> np.ndarray:
    """Sorted, unique 32-bit hashes of word n-grams of the masked, folded ad text."""
    text = f"{title[:FIELD_BUDGET]} . {body[:FIELD_BUDGET]}" if title else body[:FIELD_BUDGET]  # bounded work
    text = _CONTACT.sub(" contact ", text)  # emails, URLs and handles: the values change per post
    text = _CAPITALISED.sub("Name", text)  # names and cities inside a sentence
    words = _DIGITS.sub("0", fold(text)[0].text).split()
    if len(words) < n:
        words = words + ["_"] * (n - len(words))
    grams = {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}
    return np.unique(np.fromiter((zlib.crc32(g.encode()) for g in grams), dtype=np.uint32, count=len(grams)))


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    if not len(a) or not len(b):
        return 0.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)


# MinHash as datasketch 2.0 computes it (scheme "affine32", seed 1, identity hash of the 32-bit
# shingles): the MurmurHash3 finalizer, then a*h+b in uint32 for each of NUM_PERM permutations.
# Written here so linking needs neither datasketch nor the scipy it imports (~3 s at start-up);
# a test checks the values against datasketch's own.
_RNG = np.random.RandomState(1)
_A = _RNG.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
_B = _RNG.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
_EMPTY_SIG = np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32)
# datasketch's choice of bands and rows (`_optimal_param`, equal weights) for the thresholds in
# use; any other threshold asks datasketch once.
_BANDS = {max(0.5, 0.8 - 0.15): (9, 7), 0.5: (14, 4), 0.6: (10, 6), 0.65: (9, 7), 0.7: (8, 8)}
# Band values fold into one 64-bit key (odd multipliers, wrapping): a collision only adds a
# candidate, which the exact Jaccard then rejects.
_FOLD = np.array([0x9E3779B97F4A7C15 * (2 * k + 1) % (1 << 64) for k in range(NUM_PERM)], dtype=np.uint64)


def minhash(values: np.ndarray) -> np.ndarray:
    """The MinHash signature (NUM_PERM uint32) of a set of 32-bit shingles."""
    if not len(values):
        return _EMPTY_SIG.copy()
    # Array arithmetic wraps silently (the modulo 2**32 the scheme wants); no errstate needed.
    h = np.asarray(values, dtype=np.uint32).reshape(-1, 1)
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)  # MurmurHash3 fmix32 constants
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    h = h ^ (h >> np.uint32(16))
    return np.minimum(_EMPTY_SIG, (h * _A + _B).min(axis=0))


def minhash_many(sets: list[np.ndarray]) -> np.ndarray:
    """`minhash` of each set, as one (len(sets), NUM_PERM) array: a few array passes over all
    the shingles, in slices that bound the (shingles, NUM_PERM) working arrays to ~25 MB each."""
    out = np.tile(_EMPTY_SIG, (len(sets), 1))
    sizes = np.fromiter((len(v) for v in sets), np.int64, len(sets))
    first = 0
    while first < len(sets):
        last = first + 1 + int(np.searchsorted(np.cumsum(sizes[first:]), 100_000))
        last = min(last, len(sets))
        rows = np.flatnonzero(sizes[first:last]) + first
        if len(rows):
            h = np.concatenate([sets[i] for i in rows]).astype(np.uint32).reshape(-1, 1)
            h = h ^ (h >> np.uint32(16))
            h = h * np.uint32(0x85EBCA6B)
            h = h ^ (h >> np.uint32(13))
            h = h * np.uint32(0xC2B2AE35)
            h = h ^ (h >> np.uint32(16))
            starts = np.concatenate([[0], np.cumsum(sizes[rows])[:-1]])
            out[rows] = np.minimum(_EMPTY_SIG, np.minimum.reduceat(h * _A + _B, starts, axis=0))
        first = last
    return out


def bands_for(threshold: float) -> tuple[int, int]:
    if threshold not in _BANDS:
        from datasketch.lsh import _optimal_param  # imports scipy: only for an unusual threshold

        _BANDS[threshold] = _optimal_param(threshold, NUM_PERM, 0.5, 0.5)
    return _BANDS[threshold]


class TextIndex:
    """Banded MinHash LSH over filtered shingle sets; `similar` never compares all pairs.

    Candidates are gathered band by band into a set, as datasketch's MinHashLSH does, so the
    same ads come back in the same order. The frozen part (after `from_arrays`) is arrays; what
    is added since sits in dicts."""

    def __init__(self, threshold: float = 0.8, min_shingles: int = 8):
        # Below `min_shingles` distinctive shingles an ad has too little of its own text to
        # call another ad a near-duplicate of it (templates minus boilerplate leave a few).
        self.threshold = threshold
        self.min_shingles = min_shingles
        self.b, self.r = bands_for(max(0.5, threshold - 0.15))
        self.tables: list[dict[int, set[int]]] = [{} for _ in range(self.b)]
        self.sets: dict[int, np.ndarray] = {}
        # The frozen part: per band, sorted keys and their members; the sets as CSR rows.
        self._keys = [np.zeros(0, np.uint64) for _ in range(self.b)]
        self._starts = [np.zeros(1, np.int32) for _ in range(self.b)]
        self._members = [np.zeros(0, np.int32) for _ in range(self.b)]
        self._set_rows = np.zeros(0, np.int32)  # text key -> row in the CSR (-1: none)
        self._set_offsets = np.zeros(1, np.int64)
        self._set_values = np.zeros(0, np.uint32)

    def _band_keys(self, values: np.ndarray) -> list[int]:
        sig = minhash(values)[: self.b * self.r].reshape(self.b, self.r).astype(np.uint64)
        return (sig * _FOLD[: self.r]).sum(axis=1, dtype=np.uint64).tolist()

    def band_keys_many(self, sets: list[np.ndarray]) -> np.ndarray:
        """`_band_keys` of each set at once, one row each (the batch linker's way)."""
        sig = minhash_many(sets)[:, : self.b * self.r].reshape(len(sets), self.b, self.r).astype(np.uint64)
        return (sig * _FOLD[: self.r]).sum(axis=2, dtype=np.uint64)

    def _bucket(self, band: int, key: int) -> set[int] | list[int]:
        found = self.tables[band].get(key)
        if found is not None:
            return found
        keys = self._keys[band]
        if not len(keys):  # nothing frozen (a batch run)
            return ()  # type: ignore[return-value]
        at = int(np.searchsorted(keys, np.uint64(key)))
        if at < len(keys) and keys[at] == key:
            return self._members[band][self._starts[band][at] : self._starts[band][at + 1]].tolist()
        return ()  # type: ignore[return-value]

    def shingles_of(self, key: int) -> np.ndarray | None:
        found = self.sets.get(key)
        if found is not None:
            return found
        if 0 <= key < len(self._set_rows) and self._set_rows[key] >= 0:
            row = self._set_rows[key]
            return self._set_values[self._set_offsets[row] : self._set_offsets[row + 1]]
        return None

    def add(self, key: int, values: np.ndarray, band_keys: list[int] | None = None) -> None:
        if len(values) < self.min_shingles:
            return
        self.sets[key] = values
        for band, h in enumerate(self._band_keys(values) if band_keys is None else band_keys):
            bucket = self.tables[band].get(h)
            if bucket is None:
                bucket = self.tables[band][h] = set(self._bucket(band, h))
            bucket.add(key)

    def similar(self, values: np.ndarray, band_keys: list[int] | None = None) -> list[tuple[int, float, int]]:
        """(key, Jaccard, shared distinctive shingles) of each near-duplicate already added;
        `band_keys`, when given, are `values`' own (computed beforehand for many sets)."""
        if len(values) < self.min_shingles:
            return []
        candidates: set[int] = set()
        for band, h in enumerate(self._band_keys(values) if band_keys is None else band_keys):
            for other in self._bucket(band, h):
                candidates.add(other)
        out = []
        for other in list(candidates):
            theirs = self.shingles_of(other)
            inter = len(np.intersect1d(values, theirs, assume_unique=True))  # type: ignore[arg-type]
            score = inter / (len(values) + len(theirs) - inter)  # type: ignore[arg-type]
            if score >= self.threshold:
                out.append((other, score, inter))
        return out

    def arrays(self, prefix: str) -> Arrays:
        """The index as arrays: per band its keys (sorted), where each key's members start, and
        the members in their set's order; the shingle sets as CSR rows."""
        out: Arrays = {f"{prefix}.shape.values": np.array([self.b, self.r, self.min_shingles], dtype=np.int64)}
        for band in range(self.b):
            keys, starts, members = self._keys[band], self._starts[band], self._members[band]
            over = self.tables[band]
            # Base buckets not changed since (a changed one was copied into `over` whole).
            changed = np.fromiter(over, np.uint64, len(over))
            kept = np.flatnonzero(~np.isin(keys, changed))
            sizes = starts[kept + 1] - starts[kept]
            flat = runs(starts[kept], sizes)
            all_keys = np.concatenate([keys[kept], changed])
            all_sizes = np.concatenate([sizes, np.fromiter((len(b) for b in over.values()), np.int64, len(over))])
            all_members = np.concatenate([members[flat], np.fromiter((m for b in over.values() for m in b), np.int64)])
            order = np.argsort(all_keys, kind="stable")
            member_starts = np.concatenate([[0], np.cumsum(all_sizes)])
            pick = runs(member_starts[:-1][order], all_sizes[order])
            out[f"{prefix}.band{band}.keys"] = all_keys[order]
            out[f"{prefix}.band{band}.starts"] = np.concatenate([[0], np.cumsum(all_sizes[order])]).astype(np.int32)
            out[f"{prefix}.band{band}.members"] = all_members[pick].astype(np.int32)
        n = max(len(self._set_rows), max(self.sets, default=-1) + 1)
        rows = np.full(n, -1, dtype=np.int64)
        parts, sizes_list = [], []
        for key in range(n):
            values = self.shingles_of(key)
            if values is not None:
                rows[key] = len(parts)
                parts.append(values)
                sizes_list.append(len(values))
        out[f"{prefix}.set_rows.values"] = rows.astype(np.int32)
        out[f"{prefix}.set_offsets.values"] = np.concatenate([[0], np.cumsum(sizes_list, dtype=np.int64)]).astype(
            np.int64
        )
        out[f"{prefix}.set_values.values"] = (
            np.concatenate(parts).astype(np.uint32) if parts else np.zeros(0, np.uint32)
        )
        return out

    @classmethod
    def from_arrays(cls, arrays: Arrays, prefix: str, threshold: float) -> TextIndex:
        b, r, min_shingles = _take(arrays, f"{prefix}.shape", "values", np.int64).tolist()
        index = cls(threshold, min_shingles)
        if (index.b, index.r) != (b, r):
            raise ValueError(f"{prefix}: bands for another threshold")
        for band in range(b):
            keys = _take(arrays, f"{prefix}.band{band}", "keys", np.uint64)
            starts = _take(arrays, f"{prefix}.band{band}", "starts", np.int32)
            members = _take(arrays, f"{prefix}.band{band}", "members", np.int32)
            if len(starts) != len(keys) + 1 or starts[-1] != len(members):
                raise ValueError(f"{prefix}: inconsistent band {band}")
            index._keys[band], index._starts[band], index._members[band] = keys, starts, members
        index._set_rows = _take(arrays, f"{prefix}.set_rows", "values", np.int32)
        index._set_offsets = _take(arrays, f"{prefix}.set_offsets", "values", np.int64)
        index._set_values = _take(arrays, f"{prefix}.set_values", "values", np.uint32)
        if (
            index._set_offsets[-1] != len(index._set_values)
            or index._set_rows.max(initial=-1) >= len(index._set_offsets) - 1
        ):
            raise ValueError(f"{prefix}: inconsistent shingle sets")
        return index
