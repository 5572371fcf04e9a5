"""Columns that load as arrays and change as Python: the link index's building blocks.

Each structure keeps a frozen base (numpy arrays, as a snapshot stores them) and a small Python
overlay for what changed since. Loading a snapshot of a million ads is then reading arrays, not
building millions of Python objects; a lookup reads the base lazily. `arrays()` gives the
structure as named arrays (the overlay merged in) and `from_arrays` takes them back; neither
runs any code a file could name.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import IO, Any

import numpy as np

Arrays = dict[str, np.ndarray]
_EMPTY_I32 = np.zeros(0, dtype=np.int32)


def stable_hash(text: str) -> int:
    """A 64-bit hash of a string that is the same in every process (Python's is not)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


MAGIC = b"SAMARITAN-LINK-ARRAYS\n"
_DTYPES = {np.dtype(t).str: np.dtype(t) for t in (np.uint8, np.int32, np.uint32, np.int64, np.uint64)}
_ALIGN = 64


def write_arrays(handle: IO[bytes], arrays: Arrays, meta: dict[str, Any]) -> None:
    """Named arrays and JSON metadata as one flat file: a magic line, a JSON header (each
    array's dtype, shape and place), then the arrays' bytes. Only plain number dtypes exist in
    it, so reading it back can only ever make arrays of numbers."""
    entries, offset = [], 0
    for name, array in arrays.items():
        dtype = np.dtype(array.dtype).newbyteorder("<") if array.dtype.byteorder == ">" else array.dtype
        if dtype.str not in _DTYPES:
            raise ValueError(f"{name}: arrays of {array.dtype} are not written")
        entries.append([name, dtype.str, list(array.shape), offset, int(array.nbytes)])
        offset += -(-array.nbytes // _ALIGN) * _ALIGN
    header = json.dumps({"meta": meta, "arrays": entries}, sort_keys=True).encode()
    start = -(-(len(MAGIC) + 8 + len(header)) // _ALIGN) * _ALIGN
    handle.write(MAGIC + len(header).to_bytes(8, "little") + header)
    handle.write(bytes(start - len(MAGIC) - 8 - len(header)))
    for (_, dtype, _, _, size), array in zip(entries, arrays.values(), strict=True):
        handle.write(np.ascontiguousarray(array, dtype=_DTYPES[dtype]).reshape(-1).view(np.uint8).data)
        handle.write(bytes(-(-size // _ALIGN) * _ALIGN - size))


def read_arrays(source: str | Path | bytes) -> tuple[Arrays, dict[str, Any]]:
    """What `write_arrays` wrote (a path, or the file's bytes): read-only arrays over the bytes,
    no copy. Anything else (another dtype, a size or place that does not fit) is a ValueError."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    if not data.startswith(MAGIC):
        raise ValueError("not a link index file")
    size = int.from_bytes(data[len(MAGIC) : len(MAGIC) + 8], "little")
    head_end = len(MAGIC) + 8 + size
    header = json.loads(data[len(MAGIC) + 8 : head_end])
    if not isinstance(header, dict) or not isinstance(header.get("meta"), dict):
        raise ValueError("malformed header")
    start = -(-head_end // _ALIGN) * _ALIGN
    arrays: Arrays = {}
    for name, dtype, shape, at, nbytes in header["arrays"]:
        kind = _DTYPES.get(dtype)
        count = int(np.prod(shape, dtype=np.int64)) if shape else 1
        if kind is None or not isinstance(name, str) or at < 0 or nbytes != count * kind.itemsize:
            raise ValueError(f"{name!r}: not an array this file may hold")
        if start + at + nbytes > len(data):
            raise ValueError(f"{name!r}: past the end of the file")
        arrays[name] = np.frombuffer(data, dtype=kind, count=count, offset=start + at).reshape(shape)
    return arrays, header["meta"]


def runs(begin: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Positions begin[i] .. begin[i]+lengths[i]-1 for every i, end to end."""
    lengths = np.asarray(lengths, dtype=np.int64)
    shift = np.asarray(begin, dtype=np.int64) - (np.cumsum(lengths) - lengths)
    return np.repeat(shift, lengths) + np.arange(int(lengths.sum()), dtype=np.int64)


def _take(arrays: Arrays, prefix: str, name: str, dtype: type) -> np.ndarray:
    array = arrays[f"{prefix}.{name}"]
    if array.dtype != np.dtype(dtype) or array.ndim != 1:
        raise ValueError(f"{prefix}.{name}: expected a 1-d {np.dtype(dtype)} array")
    return array


class StrTable:
    """Strings interned as 0, 1, 2, ... in order of first sight."""

    def __init__(self) -> None:
        self._blob = np.zeros(0, dtype=np.uint8)  # the base strings, UTF-8, end to end
        self._offsets = np.zeros(1, dtype=np.int64)
        self._hashes = np.zeros(0, dtype=np.uint64)  # stable hashes, sorted
        self._order = np.zeros(0, dtype=np.int32)  # base ids in the order of `_hashes`
        self._base = 0
        self._extra: list[str] = []
        self._ids: dict[str, int] = {}  # overlay strings, and base ones already looked up

    def __len__(self) -> int:
        return self._base + len(self._extra)

    @property
    def added(self) -> int:
        """How many strings were added since the table was loaded (its overlay)."""
        return len(self._extra)

    def __contains__(self, text: object) -> bool:
        return isinstance(text, str) and self.get(text) is not None

    def get(self, text: str) -> int | None:
        found = self._ids.get(text)
        if found is not None or not self._base:
            return found
        h = np.uint64(stable_hash(text))
        at = int(np.searchsorted(self._hashes, h))
        while at < self._base and self._hashes[at] == h:
            ident = int(self._order[at])
            if self.name(ident) == text:
                self._ids[text] = ident
                return ident
            at += 1
        return None

    def add(self, text: str) -> int:
        found = self.get(text)
        if found is None:
            found = len(self)
            self._extra.append(text)
            self._ids[text] = found
        return found

    def name(self, ident: int) -> str:
        if ident >= self._base:
            return self._extra[ident - self._base]
        start, end = self._offsets[ident], self._offsets[ident + 1]
        return self._blob[start:end].tobytes().decode("utf-8", "surrogatepass")

    def __iter__(self) -> Iterator[str]:
        return (self.name(i) for i in range(len(self)))

    def arrays(self, prefix: str) -> Arrays:
        encoded = [s.encode("utf-8", "surrogatepass") for s in self._extra]
        sizes = np.fromiter((len(b) for b in encoded), dtype=np.int64, count=len(encoded))
        offsets = np.concatenate([self._offsets, self._offsets[-1] + np.cumsum(sizes)])
        blob = np.concatenate([self._blob, np.frombuffer(b"".join(encoded), dtype=np.uint8)])
        hashes = np.concatenate(
            [self._hashes, np.fromiter((stable_hash(s) for s in self._extra), np.uint64, len(self._extra))]
        )
        ids = np.concatenate([self._order, np.arange(self._base, len(self), dtype=np.int64)])
        order = np.argsort(hashes, kind="stable")
        return {
            f"{prefix}.blob": blob,
            f"{prefix}.offsets": offsets,
            f"{prefix}.hashes": hashes[order],
            f"{prefix}.order": ids[order].astype(np.int32),
        }

    @classmethod
    def from_arrays(cls, arrays: Arrays, prefix: str) -> StrTable:
        table = cls()
        table._blob = _take(arrays, prefix, "blob", np.uint8)
        table._offsets = _take(arrays, prefix, "offsets", np.int64)
        table._hashes = _take(arrays, prefix, "hashes", np.uint64)
        table._order = _take(arrays, prefix, "order", np.int32)
        table._base = len(table._offsets) - 1
        if (
            len(table._hashes) != table._base
            or len(table._order) != table._base
            or table._offsets[-1] != len(table._blob)
        ):
            raise ValueError(f"{prefix}: inconsistent string table")
        return table


class Lists:
    """int -> list[int]: rows as CSR arrays, and the rows changed since as Python lists."""

    def __init__(self) -> None:
        self._offsets = np.zeros(1, dtype=np.int64)
        self._values = _EMPTY_I32
        self._rows: dict[int, list[int]] = {}

    @property
    def base_rows(self) -> int:
        return len(self._offsets) - 1

    def get(self, row: int) -> list[int]:
        found = self._rows.get(row)
        if found is not None:
            return found
        if 0 <= row < self.base_rows:
            return self._values[self._offsets[row] : self._offsets[row + 1]].tolist()
        return []

    def size(self, row: int) -> int:
        found = self._rows.get(row)
        if found is not None:
            return len(found)
        return int(self._offsets[row + 1] - self._offsets[row]) if 0 <= row < self.base_rows else 0

    def own(self, row: int) -> list[int]:
        """The row as a list this structure keeps: change it in place."""
        found = self._rows.get(row)
        if found is None:
            found = self._rows[row] = self.get(row)
        return found

    def put(self, row: int, values: list[int]) -> None:
        self._rows[row] = values

    def rows(self) -> int:
        return max(self.base_rows, max(self._rows, default=-1) + 1)

    def arrays(self, prefix: str) -> Arrays:
        n = self.rows()
        sizes = np.zeros(n, dtype=np.int64)
        sizes[: self.base_rows] = np.diff(self._offsets)
        for row, values in self._rows.items():
            sizes[row] = len(values)
        offsets = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(sizes, out=offsets[1:])
        if not self._rows:
            return {f"{prefix}.offsets": offsets, f"{prefix}.values": self._values.astype(np.int32)}
        if 4 * len(self._rows) >= n:  # mostly changed (an index built in memory): flatten at once
            flat = chain.from_iterable(self.get(row) for row in range(n))
            return {f"{prefix}.offsets": offsets, f"{prefix}.values": np.fromiter(flat, np.int32, int(offsets[-1]))}
        # Unchanged base rows are copied as one block each run between changed rows.
        parts, changed = [], sorted(self._rows)
        previous = 0
        for row in changed:
            if row > previous and previous < self.base_rows:
                end = min(row, self.base_rows)
                parts.append(self._values[self._offsets[previous] : self._offsets[end]])
            parts.append(np.array(self._rows[row], dtype=np.int32))
            previous = row + 1
        if previous < self.base_rows:
            parts.append(self._values[self._offsets[previous] :])
        values = np.concatenate(parts) if parts else _EMPTY_I32
        return {f"{prefix}.offsets": offsets, f"{prefix}.values": values.astype(np.int32)}

    @classmethod
    def from_arrays(cls, arrays: Arrays, prefix: str) -> Lists:
        lists = cls()
        lists._offsets = _take(arrays, prefix, "offsets", np.int64)
        lists._values = _take(arrays, prefix, "values", np.int32)
        if not len(lists._offsets) or lists._offsets[-1] != len(lists._values) or np.any(np.diff(lists._offsets) < 0):
            raise ValueError(f"{prefix}: inconsistent rows")
        return lists

    @classmethod
    def from_lists(cls, rows: Iterable[list[int]]) -> Lists:
        lists = cls()
        rows = list(rows)
        sizes = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
        lists._offsets = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(sizes, out=lists._offsets[1:])
        flat = [v for r in rows for v in r]
        lists._values = np.array(flat, dtype=np.int32) if flat else _EMPTY_I32
        return lists


class IntMap:
    """int -> int (absent: -1): an array, and the entries set since as a dict."""

    def __init__(self) -> None:
        self._base = _EMPTY_I32
        self._over: dict[int, int] = {}

    def get(self, key: int) -> int:
        found = self._over.get(key)
        if found is not None:
            return found
        return int(self._base[key]) if 0 <= key < len(self._base) else -1

    def __setitem__(self, key: int, value: int) -> None:
        self._over[key] = value

    def items(self) -> Iterator[tuple[int, int]]:
        """Every (key, value) with a value, keys ascending."""
        keys = set(np.flatnonzero(self._base >= 0).tolist()) | set(self._over)
        for key in sorted(keys):
            value = self.get(key)
            if value >= 0:
                yield key, value

    def arrays(self, prefix: str) -> Arrays:
        n = max(len(self._base), max(self._over, default=-1) + 1)
        out = np.full(n, -1, dtype=np.int64)
        out[: len(self._base)] = self._base
        if self._over:
            out[np.fromiter(self._over, np.int64, len(self._over))] = np.fromiter(
                self._over.values(), np.int64, len(self._over)
            )
        return {f"{prefix}.values": out.astype(np.int32)}

    @classmethod
    def from_arrays(cls, arrays: Arrays, prefix: str) -> IntMap:
        table = cls()
        table._base = _take(arrays, prefix, "values", np.int32)
        return table


class Counts:
    """How many times each uint32 value (a text shingle) was counted: sorted arrays plus a dict
    of the counts changed since."""

    def __init__(self, values: np.ndarray | None = None, counts: np.ndarray | None = None) -> None:
        self._values = values if values is not None else np.zeros(0, dtype=np.uint32)
        self._counts = counts if counts is not None else _EMPTY_I32
        self._over: dict[int, int] = {}

    def get(self, value: int) -> int:
        found = self._over.get(value)
        if found is not None:
            return found
        at = int(np.searchsorted(self._values, value))
        return int(self._counts[at]) if at < len(self._values) and self._values[at] == value else 0

    def add(self, values: list[int]) -> None:
        over = self._over
        for value in values:
            found = over.get(value)
            over[value] = (found if found is not None else self.get(value)) + 1

    def arrays(self, prefix: str) -> Arrays:
        if not self._over:
            return {f"{prefix}.values": self._values, f"{prefix}.counts": self._counts}
        keys = np.fromiter(self._over, np.uint32, len(self._over))
        counts = np.fromiter(self._over.values(), np.int32, len(self._over))
        keep = ~np.isin(self._values, keys)
        values = np.concatenate([self._values[keep], keys])
        order = np.argsort(values, kind="stable")
        return {
            f"{prefix}.values": values[order],
            f"{prefix}.counts": np.concatenate([self._counts[keep], counts])[order],
        }

    @classmethod
    def from_arrays(cls, arrays: Arrays, prefix: str) -> Counts:
        values, counts = _take(arrays, prefix, "values", np.uint32), _take(arrays, prefix, "counts", np.int32)
        if len(values) != len(counts):
            raise ValueError(f"{prefix}: inconsistent counts")
        return cls(values, counts)
