"""Batch linking: collect link keys per ad, drop generic keys, join, summarise networks.

Near-linear: keys go into posting lists (dicts), photos into a multi-index hash, text into
MinHash LSH; no step compares all pairs.
"""

from __future__ import annotations

import itertools
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np

from samaritan.engine.model import Ad
from samaritan.link import photos
from samaritan.link.graph import Edge, UnionFind, resolve
from samaritan.link.records import CONTACT_KINDS, AdRecord, LinkResult, verdict_summary
from samaritan.link.report import build_result
from samaritan.link.text import TextIndex, shingles

_NO_SHINGLES = np.zeros(0, dtype=np.uint32)


@dataclass(frozen=True)
class LinkConfig:
    max_key_ads: int = 2000  # a key shared by more ads than this is generic, whatever it is
    max_image_ads: int = 50  # a photo on more ads than this is a stock image
    max_ip_ads: int = 50  # an office or carrier address
    # A contact shared by this many ads, most of which carry other contacts of their own that
    # do not connect them, belongs to no one poster (a help line, a number in a template).
    identity_check_min: int = 8
    identity_share: float = 0.6
    text_threshold: float = 0.8
    shingle_max_share: float = 0.002  # shingles in more ads than this share (min 5) are boilerplate
    small_component: int = 3


def _city(ad: Ad) -> str | None:
    loc = ad.location
    if isinstance(loc, dict):
        parts = [loc.get("city"), loc.get("region")]
        return ", ".join(p for p in parts if p) or None
    return loc.strip() if isinstance(loc, str) and loc.strip() else None


class Linker:
    def __init__(self, config: LinkConfig | None = None):
        self.config = config or LinkConfig()
        self.records: list[AdRecord] = []
        self._image_cache: dict[str, tuple[str, list[int], int] | None] = {}
        # Indices kept after `run`, so a LinkIndex can attach new ads without relinking.
        self.postings: dict[tuple[str, str], list[int]] = {}
        self.generic: dict[str, int] = {}
        self.photo_matcher = photos.PhotoMatcher()
        self.image_ads: list[list[int]] = []  # image id -> ads that show it
        self.text_index = TextIndex(self.config.text_threshold)
        # Shingle document counts as two compact arrays (values, counts), for LinkIndex.
        self.shingle_counts: tuple[np.ndarray, np.ndarray] = (_NO_SHINGLES, np.zeros(0, np.int64))

    def add(self, ad: Ad, entities: dict[str, list] | None, verdict: dict[str, Any] | None = None) -> None:
        """Collect one ad's link keys. `entities` come from its verdict or from extraction."""
        self.add_record(collect_record(ad, entities, verdict, self._hash_image))

    def add_record(self, record: AdRecord) -> None:
        """Append a record made by `collect_record` (here or on a cluster worker)."""
        record.index = len(self.records)
        self.records.append(record)

    def _hash_image(self, path: str) -> tuple[str, list[int], int] | None:
        if path not in self._image_cache:
            self._image_cache[path] = photos.hash_file(path)
        return self._image_cache[path]

    # ------------------------------------------------------------------ linking
    def run(self) -> LinkResult:
        edges, generic = self._edges()
        uf, used = resolve(len(self.records), edges, self.config.small_component)
        return build_result(self.records, uf, used, generic)

    def _edges(self) -> tuple[list[Edge], dict[str, int]]:
        postings: dict[tuple[str, str], list[int]] = defaultdict(list)
        for rec in self.records:
            for key in rec.keys:
                postings[key].append(rec.index)
        generic: dict[str, int] = {}
        self.postings, self.generic = postings, generic
        edges: list[Edge] = []
        for (kind, value), ads in postings.items():
            if len(ads) < 2:
                continue
            if self._is_generic(kind, value, ads):
                generic[f"{kind}:{value}"] = len(ads)
                continue
            for a, b in itertools.pairwise(ads):  # a chain in posting order
                edges.append(Edge(a, b, f"{kind}:{value}", kind))
        by_id = {(r.platform, r.id): r.index for r in self.records}
        for rec in self.records:
            if rec.previous_id and (rec.platform, rec.previous_id) in by_id:
                edges.append(
                    Edge(
                        by_id[(rec.platform, rec.previous_id)],
                        rec.index,
                        f"previous_id:{rec.previous_id}",
                        "previous_id",
                    )
                )
        edges.extend(self._photo_edges(generic))
        edges.extend(self._text_edges())
        return edges, generic

    def _is_generic(self, kind: str, value: str, ads: list[int]) -> bool:
        cfg = self.config
        limit = cfg.max_ip_ads if kind == "ip" else cfg.max_key_ads
        if len(ads) > limit:
            return True
        if kind in CONTACT_KINDS and len(ads) >= cfg.identity_check_min:
            # Do the ads sharing this contact each have other contacts that tie them to no one else?
            own = Counter()
            for i in ads:
                others = [k for k in self.records[i].keys if k[0] in CONTACT_KINDS and k != (kind, value)]
                own.update(set(others))
            separate = sum(
                1
                for i in ads
                if any(own[k] == 1 for k in self.records[i].keys if k[0] in CONTACT_KINDS and k != (kind, value))
            )
            return separate >= cfg.identity_share * len(ads)
        return False

    def _photo_edges(self, generic: dict[str, int]) -> list[Edge]:
        """Ads showing the same photo, or a near copy of it (re-encoded, resized, cropped,
        brightened or mirrored). A photo on too many ads is a stock image and links nothing."""
        matcher = self.photo_matcher
        uf_pairs: list[tuple[int, int]] = []
        for rec in self.records:
            for sha, variants, phash in rec.images:
                ident, near, _same = matcher.add(sha, variants, phash)
                if ident == len(self.image_ads):
                    self.image_ads.append([])
                if not self.image_ads[ident] or self.image_ads[ident][-1] != rec.index:
                    self.image_ads[ident].append(rec.index)
                uf_pairs.extend((ident, other) for other in near)
        groups = UnionFind(matcher.count)
        for a, b in uf_pairs:
            groups.union(a, b)
        members: dict[int, list[int]] = defaultdict(list)
        for ident in range(matcher.count):
            members[groups.find(ident)].append(ident)
        edges: list[Edge] = []
        for idents in members.values():
            ads = sorted({a for ident in idents for a in self.image_ads[ident]})
            kind = "image_sha256" if len(idents) == 1 else "image_similar"
            label = f"{kind}:{min(idents)}"
            if len(ads) > self.config.max_image_ads:
                generic[label] = len(ads)
            elif len(ads) > 1:
                edges.extend(Edge(a, b, label, kind) for a, b in itertools.pairwise(ads))
        return edges

    def _text_edges(self) -> list[Edge]:
        cfg = self.config
        n = len(self.records)
        if n < 2:
            return []
        sizes = [len(r.shingles) for r in self.records]
        all_shingles = np.concatenate([r.shingles for r in self.records]) if any(sizes) else np.array([], np.uint32)
        values, counts = np.unique(all_shingles, return_counts=True)
        limit = max(5, int(cfg.shingle_max_share * n))
        common = values[counts > limit]
        self.shingle_counts = (values, counts)
        index = self.text_index
        edges = []
        for rec in self.records:
            kept = np.setdiff1d(rec.shingles, common, assume_unique=True) if len(common) else rec.shingles
            for other, score in index.similar(kept):
                edges.append(Edge(other, rec.index, f"text:{score:.2f}", "text"))
            index.add(rec.index, kept)
            rec.shingles = _NO_SHINGLES  # indexed: the record no longer needs its own copy
        return edges


def collect_record(
    ad: Ad, entities: dict[str, list] | None, verdict: dict[str, Any] | None, hash_image=None
) -> AdRecord:
    """The per-ad stage of linking: everything later stages need, from this ad alone. A pure
    function, so it runs the same in this process or as a partition function on a cluster."""
    intern = sys.intern  # the same contact, account or IP recurs across many ads
    hash_image = hash_image or photos.hash_file
    keys: list[tuple[str, str]] = []
    entities = entities or {}
    for phone in entities.get("phones", []):
        keys.append(("phone", phone))
    for email in entities.get("emails", []):
        keys.append(("email", email.lower()))
    for handle in entities.get("handles", []):
        keys.append(("handle", handle.lower()))
    poster = ad.poster or {}
    if poster.get("phone"):
        keys.append(("phone", str(poster["phone"])))
    if poster.get("email"):
        keys.append(("email", str(poster["email"]).lower()))
    if poster.get("account_id"):
        keys.append(("account", f"{ad.platform}/{poster['account_id']}"))
    if poster.get("ip"):
        keys.append(("ip", str(poster["ip"])))
    images: list[tuple[str | None, list[int], int | None]] = []
    for image in ad.images:
        sha, variants, phash = image.get("sha256"), [], None
        if image.get("pdq"):
            variants = [int(image["pdq"], 16)]
        if image.get("path"):
            hashed = hash_image(image["path"])
            if hashed:
                sha = sha or hashed[0]
                variants = variants or hashed[1]
                phash = hashed[2]
        if sha or variants:
            images.append((sha, variants, phash))
    return AdRecord(
        index=-1,
        id=ad.id,
        platform=ad.platform,
        posted_at=ad.posted_at,
        city=_city(ad),
        previous_id=ad.previous_id,
        keys=[(kind, intern(value)) for kind, value in dict.fromkeys(keys)],
        images=images,
        shingles=shingles(ad.title, ad.body),
        verdict=verdict_summary(verdict),
    )
