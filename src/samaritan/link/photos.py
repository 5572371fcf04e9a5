"""Photo reuse: PDQ hashes (with the dihedral variants, so mirrored copies match) and sha256,
matched within a Hamming distance through a multi-index hash, never all pairs.

The 256-bit hash is cut into 16 chunks of 16 bits. Two hashes within distance 31 differ in at
most one bit in at least one chunk (pigeonhole), so probing each chunk's exact value and its
16 one-bit neighbours finds every match.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path

import numpy as np

MAX_DISTANCE = 31
_CHUNKS = 16


def _to_int(bits: np.ndarray) -> int:
    return int("".join("1" if b else "0" for b in bits.astype(bool)), 2)


def hash_file(path: str) -> tuple[str, list[int]] | None:
    """sha256 and the 8 dihedral PDQ hashes (as 256-bit ints) of an image file."""
    import pdqhash
    from PIL import Image, UnidentifiedImageError

    try:
        data = Path(path).read_bytes()
        with Image.open(path) as image:
            pixels = np.asarray(image.convert("RGB"))
    except (OSError, UnidentifiedImageError):
        return None
    variants, _ = pdqhash.compute_dihedral(pixels)
    return hashlib.sha256(data).hexdigest(), [_to_int(v) for v in variants]


def hex_to_int(pdq_hex: str) -> int:
    return int(pdq_hex, 16)


def _chunks(value: int) -> list[int]:
    return [(value >> (16 * i)) & 0xFFFF for i in range(_CHUNKS)]


class PhotoIndex:
    def __init__(self, max_distance: int = MAX_DISTANCE):
        self.max_distance = max_distance
        self.tables: list[dict[int, list[int]]] = [defaultdict(list) for _ in range(_CHUNKS)]
        self.hashes: list[int] = []

    def add(self, value: int) -> int:
        """Index one hash; returns its id in this index."""
        ident = len(self.hashes)
        self.hashes.append(value)
        for i, chunk in enumerate(_chunks(value)):
            self.tables[i][chunk].append(ident)
        return ident

    def near(self, value: int) -> set[int]:
        found: set[int] = set()
        for i, chunk in enumerate(_chunks(value)):
            table = self.tables[i]
            for probe in (chunk, *(chunk ^ (1 << b) for b in range(16))):
                for ident in table.get(probe, ()):
                    if ident not in found and (self.hashes[ident] ^ value).bit_count() <= self.max_distance:
                        found.add(ident)
        return found
