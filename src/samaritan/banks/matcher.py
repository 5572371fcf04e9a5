"""Match images against hash banks: PDQ within distance 31 (only hashes of quality 50 or more
are evidence), MD5 and SHA-256 exactly. A match names its bank, the signal type, the distance
and the bank's action; a match in a negative (known-benign) bank suppresses the image's other
matches. `indicators` turns matches into verdict indicators; the decision itself is
`engine.decide.apply_matches`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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
    """What is known of one image: any of its SHA-256, MD5, PDQ (hex) and PDQ quality."""

    sha256: str | None = None
    md5: str | None = None
    pdq: str | None = None
    quality: int | None = None


@dataclass(frozen=True, slots=True)
class Match:
    image: int  # position of the image in the ad
    bank: str
    signal_type: str
    value: str
    distance: int
    action: Action
    negative: bool


class BankMatcher:
    def __init__(self, banks: Iterable[Bank], signals: Iterable[tuple[str, str, str]]):
        """`signals` are (bank name, signal type, value) rows, as the store holds them."""
        self.banks = {b.name: b for b in banks}
        self.exact: dict[str, dict[str, list[str]]] = {"md5": defaultdict(list), "sha256": defaultdict(list)}
        pdq_values: list[str] = []
        pdq_banks: list[str] = []
        for bank, kind, value in signals:
            if kind == "pdq":
                pdq_values.append(value)
                pdq_banks.append(bank)
            else:
                self.exact[kind][value].append(bank)
        names = sorted(self.banks)
        self._bank_names = names
        position = {n: i for i, n in enumerate(names)}
        self.pdq_bank = np.array([position[b] for b in pdq_banks], dtype=np.int32)
        self.pdq_values = pdq_values
        self.pdq = PdqIndex(codes_from_hex(pdq_values)) if pdq_values else None

    def __len__(self) -> int:
        return (
            len(self.pdq_values)
            + sum(len(v) for v in self.exact["md5"].values())
            + sum(len(v) for v in self.exact["sha256"].values())
        )

    def match(self, images: Sequence[Image]) -> list[Match]:
        """Every bank match of these images, negative banks already applied."""
        found: list[Match] = []
        for i, image in enumerate(images):
            for kind in ("sha256", "md5"):
                value = getattr(image, kind)
                for bank in self.exact[kind].get(value or "", ()):
                    found.append(self._match(i, bank, kind, value or "", 0))
        # A PDQ hash of quality below 50 (a flat or featureless image) is not evidence.
        usable = [im.pdq and (im.quality is None or im.quality >= MIN_QUALITY) for im in images]
        queries = [(i, im.pdq) for i, im in enumerate(images) if usable[i]]
        if queries and self.pdq is not None:
            rows, ids, dist = self.pdq.search(codes_from_hex([q for _, q in queries]))
            for row, ident, d in zip(rows.tolist(), ids.tolist(), dist.tolist(), strict=True):
                bank = self._bank_names[self.pdq_bank[ident]]
                found.append(self._match(queries[row][0], bank, "pdq", self.pdq_values[ident], d))
        benign = {m.image for m in found if m.negative}
        return [m for m in found if m.image not in benign]

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
