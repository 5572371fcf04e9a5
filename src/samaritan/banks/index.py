"""A PDQ index that holds tens of millions of hashes and finds every one within distance 31.

Multi-index hashing over sorted arrays: the 256 bits are cut into 11 chunks (3 of 24 bits and
8 of 23). Two hashes within distance 31 differ in at most 2 bits of at least one chunk (11
chunks with 3 or more differences each would be 33), so probing each chunk of the query at its
value and every value 1 or 2 bits away finds every match: recall is exact, not estimated. Per
chunk the hashes' ids are kept sorted by chunk value with a table of where each value starts,
so a probe is two array reads. numpy does the work in batches of queries.

Measured against `faiss.IndexBinaryMultiHash` (faiss-cpu 1.15) with the same chunking: faiss
took 31 s and 1 GB to add 1M hashes (10 GB for 10M), this index 1-2 s and about 120 bytes a hash.

`save` writes the arrays as .npy files and `load` maps them back without reading them: a 10M
bank that takes ~20 s to sort is ready in well under a second, and pages in as it is probed.
"""

from __future__ import annotations

import json
import os
from itertools import combinations
from pathlib import Path

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


def _chunk_keys(codes: np.ndarray | tuple[np.ndarray, ...], offset: int, width: int) -> np.ndarray:
    """Bits offset..offset+width of each hash; `codes` is (n, 4) words or the 4 word columns."""
    cols = codes.T if isinstance(codes, np.ndarray) else codes
    word, bit = divmod(offset, 64)
    col = cols[word]
    if bit + width <= 64:
        keys = (col >> np.uint64(64 - bit - width)) & np.uint64((1 << width) - 1)
    else:
        high = 64 - bit
        low = width - high
        keys = ((col & np.uint64((1 << high) - 1)) << np.uint64(low)) | (cols[word + 1] >> np.uint64(64 - low))
    return keys.astype(np.int64)


def _table_bits(count: int, width: int) -> int:
    """How many of a chunk's bits address its table: about two buckets a hash, so a small bank's
    tables stay small. A match within 2 bits on the chunk is within 2 bits on any of its bits,
    so probing those bits alone misses nothing; unrelated hashes sharing a bucket are checked."""
    return min(width, max(8, count.bit_length() + 1))


def _starts(keys: np.ndarray, width: int) -> np.ndarray:
    """Where each chunk value's bucket starts in the table's order (one more entry: the end)."""
    starts = np.empty((1 << width) + 1, dtype=np.int32)
    starts[0] = 0
    np.cumsum(np.bincount(keys, minlength=1 << width).astype(np.int32), out=starts[1:])
    return starts


class PdqIndex:
    """Immutable once built: `PdqIndex(codes)`; `search(queries)` gives (query, id, distance)."""

    def __init__(self, codes: np.ndarray, max_distance: int = MAX_DISTANCE):
        if max_distance >= 3 * len(WIDTHS):
            raise ValueError("the chunking guarantees matches up to distance 32 only")
        if len(codes) >= 2**31:
            raise ValueError("one index holds fewer than 2**31 hashes; split the bank")
        self.max_distance = max_distance
        # The words in two contiguous halves, so the first distance test reads 16 bytes a candidate.
        self.high = np.ascontiguousarray(codes[:, :2], dtype=np.uint64)
        self.low = np.ascontiguousarray(codes[:, 2:], dtype=np.uint64)
        self.tables: list[tuple[int, int, int, np.ndarray, np.ndarray, np.ndarray]] = []
        offset = 0
        for width in WIDTHS:
            bits = _table_bits(len(codes), width)
            keys = _chunk_keys(codes, offset, width) & ((1 << bits) - 1)
            order = np.argsort(keys.astype(np.int32)).astype(np.int32)  # order inside a bucket is free
            self.tables.append((offset, width, bits, order, _starts(keys, bits), _flips(bits)))
            offset += width

    def code(self, ident: int) -> str:
        """The hash with this id, as 64 hex characters."""
        return "".join(f"{int(w):016x}" for w in (*self.high[ident], *self.low[ident]))

    def save(self, directory: str | Path) -> None:
        """Write the index as .npy files, replacing an earlier save only once complete."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        # Bucket starts are not written: 450 MB whatever the bank's size, and a bincount away.
        names = {"high": self.high, "low": self.low}
        for i, (_, _, _, order, _, _) in enumerate(self.tables):
            names[f"order{i}"] = order
        (directory / "index.json").unlink(missing_ok=True)  # written last: marks a complete save
        for name, array in names.items():
            with open(directory / f"{name}.npy.tmp", "wb") as out:
                np.save(out, array, allow_pickle=False)
            os.replace(directory / f"{name}.npy.tmp", directory / f"{name}.npy")
        meta = {"widths": list(WIDTHS), "count": len(self), "max_distance": self.max_distance}
        (directory / "index.json").write_text(json.dumps(meta))

    @classmethod
    def load(cls, directory: str | Path) -> PdqIndex | None:
        """The index saved in `directory`, memory-mapped; None when absent or of another layout."""
        directory = Path(directory)
        try:
            meta = json.loads((directory / "index.json").read_text())
            if meta["widths"] != list(WIDTHS):
                return None

            def part(name: str) -> np.ndarray:
                return np.load(directory / f"{name}.npy", mmap_mode="r", allow_pickle=False)

            high, low = part("high"), part("low")
            orders = [part(f"order{i}") for i in range(len(WIDTHS))]
        except (OSError, ValueError, KeyError):
            return None
        if len(high) != meta["count"] or any(len(order) != meta["count"] for order in orders):
            return None
        index = cls.__new__(cls)
        index.max_distance, index.high, index.low = meta["max_distance"], high, low
        index.tables = []
        cols = (high[:, 0], high[:, 1], low[:, 0], low[:, 1])
        offset = 0
        for order, width in zip(orders, WIDTHS, strict=True):
            bits = _table_bits(len(high), width)
            keys = _chunk_keys(cols, offset, width) & ((1 << bits) - 1)
            index.tables.append((offset, width, bits, order, _starts(keys, bits), _flips(bits)))
            offset += width
        return index

    def __len__(self) -> int:
        return len(self.high)

    def search(self, queries: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every (query row, hash id, distance) with distance <= max_distance, sorted by query."""
        out = [self._search(queries[i : i + _BATCH], i) for i in range(0, len(queries), _BATCH)]
        if not out:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        return tuple(np.concatenate(parts) for parts in zip(*out, strict=True))  # type: ignore[return-value]

    def _search(self, queries: np.ndarray, first: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        # np.take, not fancy indexing (about 4x faster on rows), and as few passes as possible:
        # the gathers from tables of millions of entries are where the time goes.
        owners, cands = [], []
        rows = np.arange(len(queries), dtype=np.int64)
        for offset, width, bits, order, starts, flips in self.tables:
            keys = _chunk_keys(queries, offset, width) & ((1 << bits) - 1)
            probes = (keys[:, None] ^ flips[None, :]).ravel()
            begin = np.take(starts, probes).astype(np.int64)
            lengths = np.take(starts, probes + 1) - begin
            total = int(lengths.sum())
            if not total:
                continue
            # Positions begin..end-1 of every probe end to end: each probe's begin, shifted by
            # where its run starts in the output, plus the output position.
            shift = begin - (np.cumsum(lengths) - lengths)
            cands.append(np.take(order, np.repeat(shift, lengths) + np.arange(total)))
            owners.append(np.repeat(np.repeat(rows, len(flips)), lengths))
        if not cands:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        owner, cand = np.concatenate(owners), np.concatenate(cands)
        # The first two words rule out almost every candidate; only survivors read the rest.
        diff = np.take(self.high, cand, axis=0)
        np.bitwise_xor(diff, np.take(queries[:, :2], owner, axis=0), out=diff)
        counts = np.bitwise_count(diff)
        distance = counts[:, 0] + counts[:, 1]  # uint8 is enough: at most 128
        keep = distance <= self.max_distance
        owner, cand, distance = owner[keep], cand[keep], distance[keep]
        diff = np.take(self.low, cand, axis=0)
        np.bitwise_xor(diff, np.take(queries[:, 2:], owner, axis=0), out=diff)
        distance = distance.astype(np.int64) + np.bitwise_count(diff).sum(axis=1, dtype=np.int64)
        hit = distance <= self.max_distance
        owner, cand, distance = owner[hit], cand[hit].astype(np.int64), distance[hit]
        pair = np.unique(owner * len(self.high) + cand, return_index=True)[1]
        return owner[pair] + first, cand[pair], distance[pair]
