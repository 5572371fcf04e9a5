"""Match images against hash banks: PDQ within distance 31 (only hashes of quality 50 or more
are evidence), MD5 and SHA-256 exactly. A match names its bank, the signal type, the distance
and the bank's action; a match in a negative (known-benign) bank suppresses the image's other
matches. `indicators` turns matches into verdict indicators; the decision itself is
`engine.decide.apply_matches`. A mirrored copy matches through the flips' PDQ hashes, which
only the image's pixels give: a client's bare `pdq` value cannot be mirrored. The PDQ of a flip
is no bit permutation of the original's (on 200 generated patterns no bit of the flip's hash
equals, or is the complement of, one fixed bit of the original's; the best fixed XOR mask is
still a median 28 bits off, nearly the whole distance budget)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Literal

import numpy as np

from samaritan.banks.index import MAX_DISTANCE, PdqIndex, codes_from_hex

Action = Literal["block", "review", "none"]
MIN_QUALITY = 50
CODE = "HASH_BANK_MATCH"


@dataclass(frozen=True, slots=True)
class Bank:
    name: str
    action: Action = "review"
    negative: bool = False


@dataclass(frozen=True, slots=True)
class Image:
    """What is known of one image: any of its SHA-256, MD5, PDQ (hex) and PDQ quality, and the
    PDQ hashes of its two flips (from the image's own pixels), so a mirrored copy matches."""

    sha256: str | None = None
    md5: str | None = None
    pdq: str | None = None
    quality: int | None = None
    pdq_flips: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Match:
    image: int  # position of the image in the ad
    bank: str
    signal_type: str
    value: str
    distance: int
    action: Action
    negative: bool


_EXACT = {"md5": 16, "sha256": 32}  # digest bytes


class BankMatcher:
    """Every bank's signals in arrays: PDQ in a `PdqIndex`, MD5 and SHA-256 as sorted digests
    (binary search). `save` and `load` keep it next to the store, so a start does not rebuild it."""

    def __init__(
        self,
        banks: Iterable[Bank],
        signals: Iterable[tuple[str, str, str]] = (),
        columns: Iterable[tuple[str, str, Sequence[str]]] = (),
    ):
        """`signals` are (bank name, signal type, value) rows; `columns` are (bank name, signal
        type, values) runs, as a store reads them fastest (one bank and type at a time)."""
        self.banks = {b.name: b for b in banks}
        self._bank_names = sorted(self.banks)
        position = {n: i for i, n in enumerate(self._bank_names)}
        grouped: dict[tuple[str, str], list[str]] = defaultdict(list)
        for bank, kind, value in signals:
            grouped[(bank, kind)].append(value)
        parts: dict[str, list[np.ndarray]] = {kind: [] for kind in ("pdq", *_EXACT)}
        owners: dict[str, list[np.ndarray]] = {kind: [] for kind in parts}
        for bank, kind, values in chain(((b, k, v) for (b, k), v in grouped.items()), columns):
            if bank not in position:  # a signal of a bank without its row: match it, with defaults
                position[bank] = len(self._bank_names)
                self._bank_names.append(bank)
            if kind == "pdq":
                parts[kind].append(codes_from_hex(list(values)))
            else:
                parts[kind].append(np.array([bytes.fromhex(v) for v in values], dtype=f"S{_EXACT[kind]}"))
            owners[kind].append(np.full(len(values), position[bank], dtype=np.int32))

        def joined(kind: str, empty: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            if not parts[kind]:
                return empty, np.zeros(0, dtype=np.int32)
            return np.concatenate(parts[kind]), np.concatenate(owners[kind])

        codes, self.pdq_bank = joined("pdq", np.zeros((0, 4), dtype=np.uint64))
        self.pdq = PdqIndex(codes) if len(codes) else None
        self.exact: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for kind, size in _EXACT.items():
            digests, banks_of = joined(kind, np.zeros(0, dtype=f"S{size}"))
            order = np.argsort(digests, kind="stable")
            self.exact[kind] = (digests[order], banks_of[order])

    def __len__(self) -> int:
        return len(self.pdq_bank) + sum(len(d) for d, _ in self.exact.values())

    def save(self, directory: str | Path, fingerprint: str) -> None:
        """Write the matcher; `fingerprint` names the signals it holds (see `load`)."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "matcher.json").unlink(missing_ok=True)  # written last: marks a complete save
        if self.pdq is not None:
            self.pdq.save(directory / "pdq")
        arrays = {"pdq_bank": self.pdq_bank}
        for kind, (digests, owners) in self.exact.items():
            arrays[f"{kind}"], arrays[f"{kind}_bank"] = digests, owners
        for name, array in arrays.items():
            with open(directory / f"{name}.npy", "wb") as out:
                np.save(out, array, allow_pickle=False)
        meta = {"fingerprint": fingerprint, "banks": self._bank_names, "pdq": self.pdq is not None}
        (directory / "matcher.json").write_text(json.dumps(meta))

    @classmethod
    def load(cls, directory: str | Path, banks: Iterable[Bank], fingerprint: str) -> BankMatcher | None:
        """The matcher saved in `directory` if it holds the signals `fingerprint` names, else
        None. Bank actions come from `banks` (they change without the signals changing)."""
        directory = Path(directory)
        try:
            meta = json.loads((directory / "matcher.json").read_text())
            if meta.get("fingerprint") != fingerprint:
                return None
            pdq = PdqIndex.load(directory / "pdq") if meta["pdq"] else None
            if meta["pdq"] and pdq is None:
                return None

            def part(name: str) -> np.ndarray:
                return np.load(directory / f"{name}.npy", mmap_mode="r", allow_pickle=False)

            matcher = cls.__new__(cls)
            matcher.pdq, matcher.pdq_bank = pdq, part("pdq_bank")
            matcher.exact = {kind: (part(kind), part(f"{kind}_bank")) for kind in _EXACT}
        except (OSError, ValueError, KeyError):
            return None
        matcher.banks = {b.name: b for b in banks}
        matcher._bank_names = list(meta["banks"])
        return matcher

    def match(self, images: Sequence[Image]) -> list[Match]:
        """Every bank match of these images, negative banks already applied."""
        found: list[Match] = []
        for i, image in enumerate(images):
            for kind in _EXACT:
                value = getattr(image, kind)
                for bank in self._exact_banks(kind, value):
                    found.append(self._match(i, bank, kind, value, 0))
        found.extend(self._pdq_matches(images))
        benign = {m.image for m in found if m.negative}
        return [m for m in found if m.image not in benign]

    def _exact_banks(self, kind: str, value: str | None) -> list[str]:
        digests, owners = self.exact[kind]
        if not value or not len(digests):
            return []
        try:
            raw = bytes.fromhex(value)
        except ValueError:
            return []
        if len(raw) != _EXACT[kind]:
            return []
        key = np.array(raw, dtype=digests.dtype)
        lo, hi = np.searchsorted(digests, key, "left"), np.searchsorted(digests, key, "right")
        return [self._bank_names[b] for b in owners[lo:hi].tolist()]

    def _pdq_matches(self, images: Sequence[Image]) -> list[Match]:
        """PDQ matches of each usable image, probing the original and its flips: one match per
        bank hash, at the closest of the image's orientations."""
        if self.pdq is None:
            return []
        queries: list[tuple[int, str]] = []
        for i, im in enumerate(images):
            # A PDQ hash of quality below 50 (a flat or featureless image) is not evidence.
            if im.pdq and (im.quality is None or im.quality >= MIN_QUALITY):
                queries.extend((i, h) for h in (im.pdq, *im.pdq_flips))
        if not queries:
            return []
        rows, ids, dist = self.pdq.search(codes_from_hex([h for _, h in queries]))
        best: dict[tuple[int, int], int] = {}
        for row, ident, d in zip(rows.tolist(), ids.tolist(), dist.tolist(), strict=True):
            key = (queries[row][0], ident)
            best[key] = min(d, best.get(key, d))
        return [
            self._match(image, self._bank_names[self.pdq_bank[ident]], "pdq", self.pdq.code(ident), d)
            for (image, ident), d in sorted(best.items())
        ]

    def _match(self, image: int, bank: str, kind: str, value: str, distance: int) -> Match:
        meta = self.banks.get(bank) or Bank(bank)
        return Match(image, bank, kind, value, distance, meta.action, meta.negative)


def indicators(matches: Iterable[Match]) -> list[dict]:
    """One verdict indicator per (image, bank): the closest match, without any ad text."""
    best: dict[tuple[int, str], Match] = {}
    for m in matches:
        key = (m.image, m.bank)
        if key not in best or m.distance < best[key].distance:
            best[key] = m
    return [
        {
            "code": CODE,
            "category": "hash_bank",
            "field": f"images[{m.image}]",
            "start": 0,
            "end": 0,
            "text": "",
            "bank": m.bank,
            "signal_type": m.signal_type,
            "distance": m.distance,
            "action": m.action,
        }
        for m in sorted(best.values(), key=lambda m: (m.image, m.bank))
    ]


__all__ = ["MAX_DISTANCE", "Bank", "BankMatcher", "Image", "Match", "indicators"]
