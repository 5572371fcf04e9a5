"""A PDQ index that holds tens of millions of hashes and finds every one within distance 31.

Multi-index hashing over sorted arrays: the 256 bits are cut into 11 chunks (3 of 24 bits and
8 of 23). Two hashes within distance 31 differ in at most 2 bits of at least one chunk (11
chunks with 3 or more differences each would be 33), so probing each chunk of the query at its
value and every value 1 or 2 bits away finds every match: recall is exact, not estimated. Per
chunk the hashes' ids are kept sorted by chunk value with a table of where each value starts,
so a probe is two array reads. numpy does the work in batches of queries.

Measured against `faiss.IndexBinaryMultiHash` (faiss-cpu 1.15) with the same chunking: faiss
took 31 s and 1 GB to add 1M hashes (10 GB for 10M), this index 1-2 s and about 120 bytes a hash.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

BITS = 256
WIDTHS = (24, 24, 24, 23, 23, 23, 23, 23, 23, 23, 23)
MAX_DISTANCE = 31
_BATCH = 256


def codes_from_hex(hexes: list[str]) -> np.ndarray:
    """(n, 4) uint64 words, most significant first, from 64-character hex strings."""
    if not hexes:
        return np.zeros((0, 4), dtype=np.uint64)
    raw = np.frombuffer(bytes.fromhex("".join(hexes)), dtype=">u8").reshape(-1, 4)
    return raw.astype(np.uint64)


def _flips(width: int) -> np.ndarray:
    masks = [0] + [1 << b for b in range(width)] + [(1 << a) | (1 << b) for a, b in combinations(range(width), 2)]
    return np.array(masks, dtype=np.int64)


def _chunk_keys(codes: np.ndarray, offset: int, width: int) -> np.ndarray:
    word, bit = divmod(offset, 64)
    col = codes[:, word]
    if bit + width <= 64:
        keys = (col >> np.uint64(64 - bit - width)) & np.uint64((1 << width) - 1)
    else:
        high = 64 - bit
        low = width - high
        keys = ((col & np.uint64((1 << high) - 1)) << np.uint64(low)) | (codes[:, word + 1] >> np.uint64(64 - low))
    return keys.astype(np.int64)


class PdqIndex:
    """Immutable once built: `PdqIndex(codes)`; `search(queries)` gives (query, id, distance)."""

    def __init__(self, codes: np.ndarray, max_distance: int = MAX_DISTANCE):
        if max_distance >= 3 * len(WIDTHS):
            raise ValueError("the chunking guarantees matches up to distance 32 only")
        if len(codes) >= 2**31:
            raise ValueError("one index holds fewer than 2**31 hashes; split the bank")
        self.codes = np.ascontiguousarray(codes, dtype=np.uint64)
        self.max_distance = max_distance
        self.tables: list[tuple[int, int, np.ndarray, np.ndarray, np.ndarray]] = []
        offset = 0
        for width in WIDTHS:
            keys = _chunk_keys(self.codes, offset, width)
            order = np.argsort(keys.astype(np.int32)).astype(np.int32)  # order inside a bucket is free
            starts = np.empty((1 << width) + 1, dtype=np.int32)
            starts[0] = 0
            np.cumsum(np.bincount(keys, minlength=1 << width).astype(np.int32), out=starts[1:])
            self.tables.append((offset, width, order, starts, _flips(width)))
            offset += width

    def __len__(self) -> int:
        return len(self.codes)

    def search(self, queries: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every (query row, hash id, distance) with distance <= max_distance, sorted by query."""
        out = [self._search(queries[i : i + _BATCH], i) for i in range(0, len(queries), _BATCH)]
        if not out:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        return tuple(np.concatenate(parts) for parts in zip(*out, strict=True))  # type: ignore[return-value]

    def _search(self, queries: np.ndarray, first: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        owners, cands = [], []
        rows = np.arange(len(queries), dtype=np.int64)
        for offset, width, order, starts, flips in self.tables:
            probes = (_chunk_keys(queries, offset, width)[:, None] ^ flips[None, :]).ravel()
            begin, end = starts[probes].astype(np.int64), starts[probes + 1].astype(np.int64)
            lengths = end - begin
            total = int(lengths.sum())
            if not total:
                continue
            # Positions begin..end-1 of every probe, laid end to end without a Python loop.
            steps = np.ones(total, dtype=np.int64)
            heads = np.cumsum(lengths)[:-1]
            nonempty = lengths > 0
            first_pos = np.concatenate(([0], heads))[nonempty]
            steps[first_pos] = begin[nonempty] - np.concatenate(([0], (end[nonempty][:-1] - 1)))
            steps[0] = begin[nonempty][0]
            cands.append(order[np.cumsum(steps)])
            owners.append(np.repeat(np.repeat(rows, len(flips)), lengths))
        if not cands:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        owner, cand = np.concatenate(owners), np.concatenate(cands).astype(np.int64)
        distance = np.bitwise_count(self.codes[cand] ^ queries[owner]).sum(axis=1, dtype=np.int64)
        hit = distance <= self.max_distance
        owner, cand, distance = owner[hit], cand[hit], distance[hit]
        pair = np.unique(owner * len(self.codes) + cand, return_index=True)[1]
        return owner[pair] + first, cand[pair], distance[pair]
