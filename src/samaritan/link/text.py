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
from datasketch import MinHash, MinHashLSH

from samaritan.engine.budget import FIELD_BUDGET
from samaritan.engine.normalize import fold

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


_TEMPLATE = MinHash(num_perm=NUM_PERM, hashfunc=int)


def minhash(values: np.ndarray) -> MinHash:
    # Reusing the permutations saves building them anew for every ad.
    m = MinHash(num_perm=NUM_PERM, hashfunc=int, permutations=_TEMPLATE.permutations, scheme=_TEMPLATE.scheme)
    if len(values):
        m.update_batch(values.tolist())
    return m


class TextIndex:
    """LSH over filtered shingle sets; `candidates` never compares all pairs."""

    def __init__(self, threshold: float = 0.8, min_shingles: int = 8):
        # Below `min_shingles` distinctive shingles an ad has too little of its own text to
        # call another ad a near-duplicate of it (templates minus boilerplate leave a few).
        self.threshold = threshold
        self.min_shingles = min_shingles
        self.lsh = MinHashLSH(threshold=max(0.5, threshold - 0.15), num_perm=NUM_PERM)
        self.sets: dict[int, np.ndarray] = {}

    def add(self, key: int, values: np.ndarray) -> None:
        if len(values) >= self.min_shingles:
            self.sets[key] = values
            self.lsh.insert(key, minhash(values))

    def similar(self, values: np.ndarray) -> list[tuple[int, float]]:
        if len(values) < self.min_shingles:
            return []
        out = []
        for other in self.lsh.query(minhash(values)):
            score = jaccard(values, self.sets[other])
            if score >= self.threshold:
                out.append((other, score))
        return out
