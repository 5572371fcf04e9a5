"""Batch linking: collect link keys per ad, drop generic keys, join, summarise networks.

Near-linear: keys go into posting lists (dicts), photos into a multi-index hash, text into
MinHash LSH; no step compares all pairs.
"""

from __future__ import annotations

import itertools
import sys
from collections import defaultdict
from typing import Any

import numpy as np

from samaritan.engine.model import Ad
from samaritan.link import photos
from samaritan.link.config import RULES, LinkConfig
from samaritan.link.graph import Edge, UnionFind, resolve
from samaritan.link.keys import CONTACT_KINDS, canonical_key, posters, shared_by_strangers
from samaritan.link.records import AdRecord, LinkResult, verdict_summary
from samaritan.link.report import build_result
from samaritan.link.text import TextIndex, shingles

_NO_SHINGLES = np.zeros(0, dtype=np.uint32)


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
        uf, used = resolve(len(self.records), edges, self.config)
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
            strength = self.config.strength[kind]
            for a, b in itertools.pairwise(ads):  # a chain in posting order
                edges.append(Edge(a, b, f"{kind}:{value}", kind, strength))
        by_id = {(r.platform, r.id): r.index for r in self.records}
        for rec in self.records:
            if rec.previous_id and (rec.platform, rec.previous_id) in by_id:
                edges.append(
                    Edge(
                        by_id[(rec.platform, rec.previous_id)],
                        rec.index,
                        f"previous_id:{rec.previous_id}",
                        "previous_id",
                        self.config.strength["previous_id"],
                    )
                )
        edges.extend(self._photo_edges(generic))
        edges.extend(self._text_edges())
        return edges, generic

    def _is_generic(self, kind: str, value: str, ads: list[int]) -> bool:
        return generic_key(kind, value, [self.records[i].keys for i in ads], self.config)

    def _photo_edges(self, generic: dict[str, int]) -> list[Edge]:
        """Ads showing the same photo, or a near copy of it (re-encoded, resized, cropped,
        brightened or mirrored). A photo on too many ads is a stock image and links nothing."""
        matcher = self.photo_matcher
        shown = [(rec.index, image) for rec in self.records for image in rec.images]
        idents, uf_pairs = matcher.add_all([image for _, image in shown])
        for (ad, _), ident in zip(shown, idents, strict=True):
            if ident == len(self.image_ads):
                self.image_ads.append([])
            if not self.image_ads[ident] or self.image_ads[ident][-1] != ad:
                self.image_ads[ident].append(ad)
        groups = UnionFind(matcher.count)
        for a, b in uf_pairs:
            groups.union(a, b)
        members: dict[int, list[int]] = defaultdict(list)
        for ident in range(matcher.count):
            members[groups.find(ident)].append(ident)
        photo_keys: dict[int, set[tuple[str, str]]] = defaultdict(set)  # ad -> ("photo", group)
        groups_ads = {}
        for root, idents in members.items():
            ads = sorted({a for ident in idents for a in self.image_ads[ident]})
            groups_ads[root] = (idents, ads)
            for a in ads:
                photo_keys[a].add(("photo", str(root)))
        edges: list[Edge] = []
        for root, (idents, ads) in groups_ads.items():
            kind = "image_sha256" if len(idents) == 1 else "image_similar"
            label = f"{kind}:{min(idents)}"
            if len(ads) < 2:
                continue
            holders = [[*self.records[a].keys, *photo_keys[a]] for a in ads]
            if generic_photo(("photo", str(root)), holders, self.config):
                generic[label] = len(ads)
            else:
                strength = self.config.strength[kind]
                edges.extend(Edge(a, b, label, kind, strength) for a, b in itertools.pairwise(ads))
        return edges

    def _text_edges(self) -> list[Edge]:
        cfg = self.config
        n = len(self.records)
        if n < 2:
            return []
        sizes = np.fromiter((len(r.shingles) for r in self.records), np.int64, n)
        all_shingles = np.concatenate([r.shingles for r in self.records]) if sizes.any() else _NO_SHINGLES
        values, counts = np.unique(all_shingles, return_counts=True)
        limit = max(5, int(cfg.shingle_max_share * n))
        self.shingle_counts = (values, counts)
        kept_sets = _without(all_shingles, sizes, values[counts > limit])
        index = self.text_index
        long_enough = [i for i, kept in enumerate(kept_sets) if len(kept) >= index.min_shingles]
        band_keys = index.band_keys_many([kept_sets[i] for i in long_enough])
        row_of = np.full(n, -1, dtype=np.int64)
        row_of[long_enough] = np.arange(len(long_enough))
        edges = []
        for rec, kept, row in zip(self.records, kept_sets, row_of.tolist(), strict=True):
            if row >= 0:
                keys = band_keys[row].tolist()
                for other, score, shared in index.similar(kept, keys):
                    edges.append(Edge(other, rec.index, f"text:{score:.2f}", "text", cfg.text_strength(shared)))
                index.add(rec.index, kept, keys)
            rec.shingles = _NO_SHINGLES  # indexed: the record no longer needs its own copy
        return edges


def _without(flat: np.ndarray, sizes: np.ndarray, common: np.ndarray) -> list[np.ndarray]:
    """Each ad's shingles (`flat`, ad after ad, `sizes` each) minus the sorted `common` ones:
    array passes over slices of all ads at once, in place of one set difference per ad."""
    keep = np.ones(len(flat), dtype=bool)
    if len(common):
        for first in range(0, len(flat), 1 << 21):
            part = flat[first : first + (1 << 21)]
            at = np.minimum(np.searchsorted(common, part), len(common) - 1)
            keep[first : first + len(part)] = common[at] != part
    kept_sizes = np.zeros(len(sizes), dtype=np.int64)
    filled = np.flatnonzero(sizes)
    if len(filled):
        starts = (np.cumsum(sizes) - sizes)[filled]
        kept_sizes[filled] = np.add.reduceat(keep, starts, dtype=np.int64)
    return np.split(flat[keep], np.cumsum(kept_sizes)[:-1])


def generic_key(kind: str, value: str, holders: list[list[tuple[str, str]]], config: LinkConfig) -> bool:
    """Whether a key that these ads (their keys) share belongs to no one poster: too many ads,
    or a contact the ads share while otherwise disagreeing on who they are. Batch and
    incremental linking both ask this."""
    limit = config.max_ip_ads if kind == "ip" else config.max_key_ads
    if len(holders) > limit:
        return True
    if kind not in CONTACT_KINDS:
        return False
    return shared_by_strangers((kind, value), holders, config.identity_check_min, config.identity_share)


def generic_photo(key: tuple[str, str], ads_keys: list[list[tuple[str, str]]], config: LinkConfig) -> bool:
    """Whether a photo these ads show is generic: on too many ads, or shown by many posters
    (ads grouped by shared contacts) that have nothing else in common, contacts or photos."""
    if len(ads_keys) > config.max_image_ads:
        return True
    return shared_by_strangers(key, posters(ads_keys), config.identity_check_min, config.identity_share)


def image_evidence(image: dict, hash_image, min_quality: int) -> tuple[str | None, list[int], int | None] | None:
    """One image's link evidence, or None: flagged stock photos and hashes of quality below
    `min_quality` (flat or featureless images, where PDQ says nothing) are not evidence."""
    if image.get("stock"):
        return None
    sha, variants, phash, quality = image.get("sha256"), [], None, image.get("pdq_quality")
    if image.get("pdq"):
        variants = [int(image["pdq"], 16)]
    if image.get("path"):
        hashed = hash_image(image["path"])
        if hashed:
            sha = sha or hashed[0]
            variants = variants or hashed[1]
            phash = hashed[2]
            quality = hashed[3] if len(hashed) > 3 and quality is None else quality
    if isinstance(quality, int) and quality < min_quality:
        return None
    return (sha, variants, phash) if sha or variants else None


def collect_record(
    ad: Ad,
    entities: dict[str, list] | None,
    verdict: dict[str, Any] | None,
    hash_image=None,
    min_quality: int = RULES.photos.min_quality,
) -> AdRecord:
    """The per-ad stage of linking: everything later stages need, from this ad alone. A pure
    function, so it runs the same in this process or as a partition function on a cluster."""
    intern = sys.intern  # the same contact, account or IP recurs across many ads
    hash_image = hash_image or photos.hash_file
    found: list[tuple[str, str]] = []
    entities = entities or {}
    for kind, field in (("phone", "phones"), ("email", "emails"), ("handle", "handles")):
        found.extend((kind, str(value)) for value in entities.get(field, []))
    poster = ad.poster or {}
    if poster.get("phone"):
        found.append(("phone", str(poster["phone"])))
    if poster.get("email"):
        found.append(("email", str(poster["email"])))
    keys = [k for k in (canonical_key(kind, value) for kind, value in found) if k]
    if poster.get("account_id"):
        keys.append(("account", f"{ad.platform}/{poster['account_id']}"))
    if poster.get("ip"):
        keys.append(("ip", str(poster["ip"])))
    images = [e for e in (image_evidence(i, hash_image, min_quality) for i in ad.images) if e]
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
