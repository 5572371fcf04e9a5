"""Photo reuse: sha256 for identical files, PDQ (with its eight dihedral variants, so mirrored
copies match) and pHash (which survives small crops, where PDQ does not) for near copies.

Near matches come from multi-index hashing, never from comparing all pairs: a hash is cut
into chunks, and two hashes within distance d agree, to within r bits, on at least one chunk
when d < chunks * (r + 1). Each chunk is probed at its value and at every value r bits away.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import numpy as np

from samaritan.link.config import RULES

PDQ_DISTANCE = RULES.photos.pdq_distance
PHASH_DISTANCE = RULES.photos.phash_distance
# A 64-bit pHash match is confirmed by a loose PDQ distance: on the generator's 2% crops this
# keeps 94% of matches (200 samples) and rejects the random pairs that pHash alone joins;
# unrelated images mostly sit above ~110 bits of PDQ distance.
PHASH_PDQ_CONFIRM = RULES.photos.phash_pdq_confirm
MATCHED_VARIANTS = (0, 4, 5)  # pdqhash.compute_dihedral order: original, ..., vertical flip, mirror


class MultiIndex:
    def __init__(self, bits: int, chunks: int, radius: int, max_distance: int):
        if max_distance >= chunks * (radius + 1):
            raise ValueError("probing radius too small to guarantee every match")
        self.width = bits // chunks
        self.chunks = chunks
        self.max_distance = max_distance
        self.tables: list[dict[int, list[int]]] = [defaultdict(list) for _ in range(chunks)]
        self.values: list[int] = []
        self.flips = [
            sum(1 << b for b in combo) for r in range(radius + 1) for combo in combinations(range(self.width), r)
        ]

    def _parts(self, value: int) -> list[int]:
        mask = (1 << self.width) - 1
        return [(value >> (self.width * i)) & mask for i in range(self.chunks)]

    def add(self, value: int) -> int:
        ident = len(self.values)
        self.values.append(value)
        for i, part in enumerate(self._parts(value)):
            self.tables[i][part].append(ident)
        return ident

    def near(self, value: int) -> set[int]:
        found: set[int] = set()
        for i, part in enumerate(self._parts(value)):
            table = self.tables[i]
            # The probes as a set intersected with the table's keys: the lookups run in C, and
            # only the (few) occupied buckets reach Python.
            for probe in table.keys() & set(map(part.__xor__, self.flips)):
                for ident in table[probe]:
                    if ident not in found and (self.values[ident] ^ value).bit_count() <= self.max_distance:
                        found.add(ident)
        return found


def _bits_to_int(bits: np.ndarray) -> int:
    return int("".join("1" if b else "0" for b in np.asarray(bits).astype(bool).ravel()), 2)


def hash_file(path: str) -> tuple[str, list[int], int, int] | None:
    """sha256, the 8 dihedral PDQ hashes, the pHash and PDQ's quality score (0-100) of an image
    file (None if unreadable)."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    return hash_bytes(data)


def hash_bytes(data: bytes) -> tuple[str, list[int], int, int] | None:
    """As `hash_file`, for an image held in memory (the service's evidence store)."""
    import io

    import imagehash
    import pdqhash
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            rgb = image.convert("RGB")
            pixels = np.asarray(rgb)
            phash = _bits_to_int(imagehash.phash(rgb).hash)
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
        return None
    variants, quality = pdqhash.compute_dihedral(pixels)
    return hashlib.sha256(data).hexdigest(), [_bits_to_int(v) for v in variants], phash, int(quality)


class PhotoMatcher:
    """Distinct images, and which earlier images each new one copies (exactly or nearly)."""

    def __init__(self) -> None:
        self.pdq = MultiIndex(bits=256, chunks=16, radius=1, max_distance=PDQ_DISTANCE)
        self.phash = MultiIndex(bits=64, chunks=4, radius=2, max_distance=PHASH_DISTANCE)
        self.by_sha: dict[str, int] = {}
        self.by_pdq: dict[int, int] = {}  # pdq index id -> image id
        self.by_phash: dict[int, int] = {}
        self.pdq_of: dict[int, int] = {}  # image id -> its original-orientation PDQ hash
        self.count = 0

    def add(self, sha: str | None, pdq_variants: list[int], phash: int | None) -> tuple[int, set[int], bool]:
        """Register one image; returns (its image id, earlier images it nearly copies, whether
        an identical file was seen before)."""
        if sha and sha in self.by_sha:
            return self.by_sha[sha], set(), True
        ident = self.count
        self.count += 1
        if sha:
            self.by_sha[sha] = ident
        near: set[int] = set()
        # Of PDQ's eight dihedral hashes, the original and the two flips: mirrored copies are
        # what re-posts carry; quarter turns are rare, and each variant costs 272 probes.
        queried = [pdq_variants[i] for i in MATCHED_VARIANTS] if len(pdq_variants) == 8 else pdq_variants
        for variant in queried:
            near |= {self.by_pdq[i] for i in self.pdq.near(variant)}
        if phash is not None:
            for other in (self.by_phash[i] for i in self.phash.near(phash)):
                theirs = self.pdq_of.get(other)
                if (
                    theirs is None
                    or not pdq_variants
                    or min((theirs ^ v).bit_count() for v in pdq_variants) <= PHASH_PDQ_CONFIRM
                ):
                    near.add(other)
        if pdq_variants:
            self.by_pdq[self.pdq.add(pdq_variants[0])] = ident
            self.pdq_of[ident] = pdq_variants[0]
        if phash is not None:
            self.by_phash[self.phash.add(phash)] = ident
        return ident, near, False
