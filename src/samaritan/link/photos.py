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

from samaritan.link.columns import Arrays, IntMap, StrTable, _take
from samaritan.link.config import RULES

PDQ_DISTANCE = RULES.photos.pdq_distance
PHASH_DISTANCE = RULES.photos.phash_distance
# A 64-bit pHash match is confirmed by a loose PDQ distance: on the generator's 2% crops this
# keeps 94% of matches (200 samples) and rejects the random pairs that pHash alone joins;
# unrelated images mostly sit above ~110 bits of PDQ distance.
PHASH_PDQ_CONFIRM = RULES.photos.phash_pdq_confirm
MATCHED_VARIANTS = (0, 4, 5)  # pdqhash.compute_dihedral order: original, ..., vertical flip, mirror


class MultiIndex:
    """Hashes of `bits` bits cut into `chunks` chunks. The hashes seen up to the last `freeze`
    sit in numpy arrays (per chunk: ids sorted by chunk value and where each value starts), so a
    batch of queries is a few array operations and a snapshot stores them as they are; hashes
    added since sit in small dicts, probed in Python."""

    def __init__(self, bits: int, chunks: int, radius: int, max_distance: int):
        if max_distance >= chunks * (radius + 1):
            raise ValueError("probing radius too small to guarantee every match")
        self.width = bits // chunks
        if 64 % self.width or bits % 64:
            raise ValueError("chunks must tile 64-bit words")
        self.bits, self.chunks, self.radius, self.max_distance = bits, chunks, radius, max_distance
        self.flips = [
            sum(1 << b for b in combo) for r in range(radius + 1) for combo in combinations(range(self.width), r)
        ]
        self.base = np.zeros((0, bits // 64), dtype=np.uint64)  # frozen hashes, little-endian words
        self.order = np.zeros((chunks, 0), dtype=np.int32)  # per chunk: base ids by chunk value
        self.starts = np.zeros((chunks, (1 << self.width) + 1), dtype=np.int32)
        self.extra: list[int] = []  # added since the last freeze
        self.tables: list[dict[int, list[int]]] = [defaultdict(list) for _ in range(chunks)]

    def __len__(self) -> int:
        return len(self.base) + len(self.extra)

    def _parts(self, value: int) -> list[int]:
        mask = (1 << self.width) - 1
        return [(value >> (self.width * i)) & mask for i in range(self.chunks)]

    def words(self, values: list[int]) -> np.ndarray:
        size, mask = self.bits // 8, (1 << self.bits) - 1
        raw = b"".join((v & mask).to_bytes(size, "little") for v in values)
        return np.frombuffer(raw, dtype="<u8").astype(np.uint64).reshape(len(values), self.bits // 64)

    def _keys(self, words: np.ndarray) -> np.ndarray:
        """(chunks, n) chunk values of hashes given as words."""
        per_word = 64 // self.width
        mask = np.uint64((1 << self.width) - 1)
        keys = [(words[:, i // per_word] >> np.uint64(self.width * (i % per_word))) & mask for i in range(self.chunks)]
        return np.stack(keys).astype(np.int64) if keys else np.zeros((0, 0), np.int64)

    def value(self, ident: int) -> int:
        if ident >= len(self.base):
            return self.extra[ident - len(self.base)]
        return int.from_bytes(self.base[ident].astype("<u8").tobytes(), "little")

    def arrays(self, prefix: str) -> Arrays:
        self.freeze()
        # Bucket starts are not written (4 MB whatever the size): a bincount of the keys away.
        return {f"{prefix}.base": self.base, f"{prefix}.order": self.order}

    def load_arrays(self, arrays: Arrays, prefix: str) -> None:
        base, order = arrays[f"{prefix}.base"], arrays[f"{prefix}.order"]
        n = len(base)
        if (
            base.dtype != np.uint64 or base.shape != (n, self.bits // 64)
            or order.dtype != np.int32 or order.shape != (self.chunks, n)
            or (n and (order.min() < 0 or order.max() >= n))
        ):  # fmt: skip
            raise ValueError(f"{prefix}: inconsistent photo index")
        self.base, self.order = base, order
        self._count_starts(self._keys(base))

    def add(self, value: int) -> int:
        ident = len(self)
        self.extra.append(value)
        for i, part in enumerate(self._parts(value)):
            self.tables[i][part].append(ident)
        return ident

    def add_many(self, values: list[int]) -> None:
        """Append hashes and freeze: the batch linker's way in."""
        self.extra.extend(values)
        self.freeze()

    def freeze(self) -> None:
        """Move the hashes added since the last freeze into the arrays."""
        if not self.extra:
            return
        self.base = np.concatenate([self.base, self.words(self.extra)])
        keys = self._keys(self.base)
        self.order = np.argsort(keys, axis=1, kind="stable").astype(np.int32)
        self._count_starts(keys)
        self.extra = []
        self.tables = [defaultdict(list) for _ in range(self.chunks)]

    def _count_starts(self, keys: np.ndarray) -> None:
        self.starts = np.zeros((self.chunks, (1 << self.width) + 1), dtype=np.int32)
        for i in range(self.chunks):
            np.cumsum(np.bincount(keys[i], minlength=1 << self.width), out=self.starts[i, 1:])

    def search(self, queries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every (query row, frozen id) within `max_distance`, for queries given as words."""
        rows, ids = [], []
        flips = np.array(self.flips, dtype=np.int64)
        # Queries per pass: about 4M probes and candidates, whatever the number of hashes.
        per_query = self.chunks * len(flips) * (1 + len(self.base) / (1 << self.width))
        batch = max(16, int(4_000_000 / per_query))
        for first in range(0, len(queries), batch):
            q, c = self._search(queries[first : first + batch], flips)
            rows.append(q + first)
            ids.append(c)
        if not rows:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        return np.concatenate(rows), np.concatenate(ids)

    def _search(self, queries: np.ndarray, flips: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        none = np.zeros(0, np.int64)
        if not len(self.base) or not len(queries):
            return none, none
        keys = self._keys(queries)  # (chunks, q)
        probes = keys[:, :, None] ^ flips[None, None, :]  # (chunk, query, flip)
        chunk = np.broadcast_to(np.arange(self.chunks)[:, None, None], probes.shape)
        begin = self.starts[chunk, probes].ravel().astype(np.int64)
        lengths = self.starts[chunk, probes + 1].ravel() - begin
        hit = np.flatnonzero(lengths)  # most probes find an empty bucket
        if not len(hit):
            return none, none
        begin, lengths = begin[hit], lengths[hit]
        owner = hit // len(flips) % len(queries)
        which = hit // (len(queries) * len(flips))
        total = int(lengths.sum())
        # Each probe's bucket, end to end: positions begin..begin+length-1 in its chunk's order.
        shift = begin - (np.cumsum(lengths) - lengths)
        cand = self.order[np.repeat(which, lengths), np.repeat(shift, lengths) + np.arange(total)].astype(np.int64)
        owner = np.repeat(owner, lengths)
        diff = np.bitwise_xor(self.base[cand], queries[owner])
        keep = np.bitwise_count(diff).sum(axis=1) <= self.max_distance
        # A match found through several chunks is one match.
        pair = np.unique(owner[keep] * len(self.base) + cand[keep])
        return pair // len(self.base), pair % len(self.base)

    def near(self, value: int) -> set[int]:
        found: set[int] = set()
        if len(self.base):
            _, ids = self._search(self.words([value]), np.array(self.flips, dtype=np.int64))
            found.update(ids.tolist())
        offset = len(self.base)
        for i, part in enumerate(self._parts(value)):
            table = self.tables[i]
            # The probes as a set intersected with the table's keys: the lookups run in C, and
            # only the (few) occupied buckets reach Python.
            for probe in table.keys() & set(map(part.__xor__, self.flips)):
                for ident in table[probe]:
                    if ident not in found and (self.extra[ident - offset] ^ value).bit_count() <= self.max_distance:
                        found.add(ident)
        return found


def _bits_to_int(bits: np.ndarray) -> int:
    """The bits, first one most significant, as an int (their count is a multiple of 8)."""
    return int.from_bytes(np.packbits(np.asarray(bits).astype(bool).ravel()).tobytes(), "big")


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


Image = tuple[str | None, list[int], int | None]  # sha256, PDQ dihedral hashes, pHash


class PhotoMatcher:
    """Distinct images, and which earlier images each new one copies (exactly or nearly)."""

    def __init__(self) -> None:
        self.pdq = MultiIndex(bits=256, chunks=16, radius=1, max_distance=PDQ_DISTANCE)
        self.phash = MultiIndex(bits=64, chunks=4, radius=2, max_distance=PHASH_DISTANCE)
        self.shas = StrTable()  # sha256 values seen, and the image each names
        self.sha_image = IntMap()
        self.by_pdq: list[int] = []  # pdq index id -> image id
        self.by_phash: list[int] = []
        self.pdq_id = IntMap()  # image id -> pdq index id (of its original orientation)
        self.count = 0

    def by_sha(self, sha: str | None) -> int | None:
        found = self.shas.get(sha) if sha else None
        return None if found is None else self.sha_image.get(found)

    def _new(self, sha: str | None) -> int:
        ident = self.count
        self.count += 1
        if sha:
            self.sha_image[self.shas.add(sha)] = ident
        return ident

    def _confirmed(self, other: int, pdq_variants: list[int]) -> bool:
        """A pHash match stands when PDQ agrees loosely too (or either side has no PDQ)."""
        pid = self.pdq_id.get(other)
        theirs = self.pdq.value(pid) if pid >= 0 else None
        return (
            theirs is None
            or not pdq_variants
            or min((theirs ^ v).bit_count() for v in pdq_variants) <= PHASH_PDQ_CONFIRM
        )

    def _register(self, ident: int, pdq_variants: list[int], phash: int | None, frozen: bool = False) -> None:
        """Index one image (`frozen`: into the lists that the next freeze turns into arrays)."""
        if pdq_variants:
            self.pdq_id[ident] = len(self.by_pdq)
            self.by_pdq.append(ident)
            self.pdq.extra.append(pdq_variants[0]) if frozen else self.pdq.add(pdq_variants[0])
        if phash is not None:
            self.by_phash.append(ident)
            self.phash.extra.append(phash) if frozen else self.phash.add(phash)

    def add(self, sha: str | None, pdq_variants: list[int], phash: int | None) -> tuple[int, set[int], bool]:
        """Register one image; returns (its image id, earlier images it nearly copies, whether
        an identical file was seen before)."""
        seen = self.by_sha(sha)
        if seen is not None:
            return seen, set(), True
        ident = self._new(sha)
        near: set[int] = set()
        for variant in _queried(pdq_variants):
            near |= {self.by_pdq[i] for i in self.pdq.near(variant)}
        if phash is not None:
            near.update(
                other
                for other in (self.by_phash[i] for i in self.phash.near(phash))
                if self._confirmed(other, pdq_variants)
            )
        self._register(ident, pdq_variants, phash)
        return ident, near, False

    def add_all(
        self, images: list[tuple[str | None, list[int], int | None]]
    ) -> tuple[list[int], list[tuple[int, int]]]:
        """`add` for many images at once, as one array search: each image's id, and every
        (image, earlier image it nearly copies) pair that adding them one by one would find."""
        idents: list[int] = []
        fresh: list[tuple[int, list[int], int | None]] = []
        for sha, variants, phash in images:
            seen = self.by_sha(sha)
            if seen is not None:
                idents.append(seen)
                continue
            ident = self._new(sha)
            idents.append(ident)
            fresh.append((ident, variants, phash))
            self._register(ident, variants, phash, frozen=True)
        self.pdq.freeze()
        self.phash.freeze()
        pairs: set[tuple[int, int]] = set()
        owners, queries = [], []
        for ident, variants, _ in fresh:
            for variant in _queried(variants):
                owners.append(ident)
                queries.append(variant)
        rows, found = self.pdq.search(self.pdq.words(queries))
        by_pdq = np.array(self.by_pdq, dtype=np.int64)
        own, other = np.array(owners, dtype=np.int64)[rows], by_pdq[found]
        pairs.update(zip(own[other < own].tolist(), other[other < own].tolist(), strict=True))
        hashed = [(ident, variants, phash) for ident, variants, phash in fresh if phash is not None]
        rows, found = self.phash.search(self.phash.words([phash for _, _, phash in hashed]))
        by_phash = np.array(self.by_phash, dtype=np.int64)
        for row, other in zip(rows.tolist(), by_phash[found].tolist(), strict=True):
            ident, variants, _ = hashed[row]
            if other < ident and self._confirmed(other, variants):
                pairs.add((ident, other))
        return idents, sorted(pairs)

    def arrays(self, prefix: str) -> Arrays:
        return {
            **self.pdq.arrays(f"{prefix}.pdq"),
            **self.phash.arrays(f"{prefix}.phash"),
            **self.shas.arrays(f"{prefix}.shas"),
            **self.sha_image.arrays(f"{prefix}.sha_image"),
            **self.pdq_id.arrays(f"{prefix}.pdq_id"),
            f"{prefix}.by_pdq.values": np.array(self.by_pdq, dtype=np.int64),
            f"{prefix}.by_phash.values": np.array(self.by_phash, dtype=np.int64),
            f"{prefix}.count.values": np.array([self.count], dtype=np.int64),
        }

    @classmethod
    def from_arrays(cls, arrays: Arrays, prefix: str) -> PhotoMatcher:
        matcher = cls()
        matcher.pdq.load_arrays(arrays, f"{prefix}.pdq")
        matcher.phash.load_arrays(arrays, f"{prefix}.phash")
        matcher.shas = StrTable.from_arrays(arrays, f"{prefix}.shas")
        matcher.sha_image = IntMap.from_arrays(arrays, f"{prefix}.sha_image")
        matcher.pdq_id = IntMap.from_arrays(arrays, f"{prefix}.pdq_id")
        matcher.by_pdq = _take(arrays, f"{prefix}.by_pdq", "values", np.int64).tolist()
        matcher.by_phash = _take(arrays, f"{prefix}.by_phash", "values", np.int64).tolist()
        matcher.count = int(_take(arrays, f"{prefix}.count", "values", np.int64)[0])
        if len(matcher.by_pdq) != len(matcher.pdq) or len(matcher.by_phash) != len(matcher.phash):
            raise ValueError(f"{prefix}: inconsistent photo matcher")
        return matcher


def _queried(pdq_variants: list[int]) -> list[int]:
    """Of PDQ's eight dihedral hashes, the original and the two flips: mirrored copies are what
    re-posts carry; quarter turns are rare, and each variant costs 272 probes."""
    return [pdq_variants[i] for i in MATCHED_VARIANTS] if len(pdq_variants) == 8 else pdq_variants
