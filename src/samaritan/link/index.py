"""Incremental linking: attach one new ad to existing networks from stored indices.

Built from a batch run (or empty), it keeps the posting lists, generic keys, photo and text
indices and network membership, and applies the batch's rules to each new ad: strong keys
join at once (merging networks the ad bridges), photos and text join a small network or add
up to a join, and IPs alone join nothing. `samaritan serve` uses this at post time.
"""

from __future__ import annotations

import pickle
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from samaritan.engine.model import Ad
from samaritan.link import photos
from samaritan.link.config import LinkConfig
from samaritan.link.graph import joins
from samaritan.link.linker import Linker, collect_record, generic_key, generic_photo
from samaritan.link.records import AdRecord, LinkResult, repost_reason, stable_network_id, verdict_summary
from samaritan.link.text import TextIndex


@dataclass
class LinkIndex:
    config: LinkConfig = field(default_factory=LinkConfig)
    postings: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    generic: set[str] = field(default_factory=set)
    network_of: dict[str, str] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    photo_matcher: photos.PhotoMatcher = field(default_factory=photos.PhotoMatcher)
    image_ads: list[list[str]] = field(default_factory=list)
    text_index: TextIndex = field(default_factory=TextIndex)
    text_ids: list[str] = field(default_factory=list)
    # How many ads carry each text shingle: a shingle becomes boilerplate once it is common.
    shingle_counts: dict[int, int] = field(default_factory=dict)
    ads_seen: int = 0
    verdicts: dict[str, dict[str, Any]] = field(default_factory=dict)
    known: set[str] = field(default_factory=set)  # every ad id seen
    # Each ad's identifying keys (contacts, account, photo ids), for the generic tests.
    keys_of: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    @classmethod
    def from_batch(cls, linker: Linker, result: LinkResult) -> LinkIndex:
        index = cls(config=linker.config)
        ids = [r.id for r in linker.records]
        index.known = set(ids)
        for rec in linker.records:
            index.keys_of[rec.id] = [k for k in rec.keys if k[0] != "ip"]
        for key, ads in linker.postings.items():
            index.postings[key] = [ids[i] for i in ads]
        index.generic = set(linker.generic)
        for rec, net in zip(linker.records, result.network_of, strict=True):
            if net:
                index.network_of[rec.id] = net
                index.members[net].append(rec.id)
            if rec.verdict:
                index.verdicts[rec.id] = rec.verdict
        index.photo_matcher = linker.photo_matcher
        index.image_ads = [[ids[i] for i in ads] for ads in linker.image_ads]
        for ident, ads in enumerate(linker.image_ads):
            for i in ads:
                index.keys_of[ids[i]].append(("photo", str(ident)))
        index.text_index = linker.text_index
        index.text_ids = ids  # the batch's text index is keyed by record position
        values, counts = linker.shingle_counts
        index.shingle_counts = dict(zip(values.tolist(), counts.tolist(), strict=True))
        index.ads_seen = len(linker.records)
        return index

    def save(self, path: str | Path) -> None:
        with open(path, "wb") as handle:
            pickle.dump(self, handle, protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def load(path: str | Path) -> LinkIndex:
        """Load an index this program saved. Only load files from your own data directory."""
        with open(path, "rb") as handle:
            return pickle.load(handle)

    def attach(
        self,
        ad: Ad,
        entities: dict[str, list] | None,
        verdict: dict[str, Any] | None = None,
        hash_image=None,
        record: AdRecord | None = None,
    ) -> dict:
        """Link one new ad; returns its per-ad line (contract §3 `link` output, plus reasons).
        `hash_image` resolves an image's `path` (the service reads its own evidence store).
        `record`, when given, is this ad's `collect_record` made beforehand: the service makes it
        outside its write lock, so only the index update below runs under the lock."""
        rec: AdRecord = (
            record if record is not None else collect_record(ad, entities, verdict, hash_image, self.config.min_quality)
        )
        evidence: dict[str, dict[str, float]] = defaultdict(dict)  # network or ad -> kind -> strength
        links: list[dict[str, str]] = []
        strength = self.config.strength
        for kind, value in rec.keys:
            label = f"{kind}:{value}"
            others = self.postings.get((kind, value), [])
            if label in self.generic or not others:
                continue
            holders = [self.keys_of.get(other, []) for other in others] + [rec.keys]
            if generic_key(kind, value, holders, self.config):
                self.generic.add(label)
                continue
            for other in others[-3:]:
                links.append({"id": other, "via": label})
            for other in others:
                target = self.network_of.get(other, other)
                evidence[target][kind] = max(evidence[target].get(kind, 0.0), strength[kind])
        if rec.previous_id and rec.previous_id in self.known:
            target = self.network_of.get(rec.previous_id, rec.previous_id)
            evidence[target]["previous_id"] = strength["previous_id"]
            links.append({"id": rec.previous_id, "via": f"previous_id:{rec.previous_id}"})
        self._photo_evidence(rec, evidence, links)
        self._text_evidence(rec, evidence, links)

        joined = self._joined(evidence)
        network_id = self._join(rec.id, ad.platform, joined)
        self._remember(rec, verdict)
        line: dict[str, Any] = {"id": rec.id, "platform": ad.platform, "network_id": network_id, "links": links[:20]}
        reason = self._repost_reason(rec)
        if reason:
            line["reasons"] = [reason]
            line["repost_of_blocked"] = rec.previous_id
        return line

    # ------------------------------------------------------------------ helpers
    def _size(self, target: str) -> int:
        return len(self.members[target]) if target in self.members else 1

    def _joined(self, evidence: dict[str, dict[str, float]]) -> list[str]:
        """The batch's join rule (`graph.joins`): strong keys first, which make the new ad's
        side; then each weaker target joins when the evidence adds up against the smaller side."""
        strong = [t for t, kinds in evidence.items() if max(kinds.values()) >= 1.0]
        side = 1 + sum(self._size(t) for t in strong)
        weaker = [t for t in evidence if t not in strong]
        return strong + [t for t in weaker if joins(evidence[t], min(side, self._size(t)), self.config)]

    def _join(self, ad_id: str, platform: str, targets: list[str]) -> str | None:
        if not targets:
            return None
        networks = [t for t in targets if t in self.members]
        loose = [t for t in targets if t not in self.members]
        keep = max(networks, key=lambda n: len(self.members[n])) if networks else stable_network_id(loose[0], platform)
        for other in networks:
            if other != keep:  # the new ad bridges two networks: merge the smaller into the larger
                for member in self.members.pop(other):
                    self.network_of[member] = keep
                    self.members[keep].append(member)
        for single in loose:
            self.network_of[single] = keep
            self.members[keep].append(single)
        self.network_of[ad_id] = keep
        self.members[keep].append(ad_id)
        return keep

    def _photo_evidence(self, rec: AdRecord, evidence: dict, links: list) -> None:
        mine: list[tuple[str, str]] = []
        for sha, variants, phash in rec.images:
            ident, near, same = self.photo_matcher.add(sha, variants, phash)
            if ident == len(self.image_ads):
                self.image_ads.append([])
            mine.append(("photo", str(ident)))
            for other_image, kind in [(ident, "image_sha256")] * same + [(n, "image_similar") for n in near]:
                label = f"{kind}:{other_image}"
                ads = self.image_ads[other_image]
                if not ads or label in self.generic:
                    continue
                holders = [self.keys_of.get(a, []) for a in ads] + [[*rec.keys, *mine]]
                if generic_photo(("photo", str(other_image)), holders, self.config):
                    self.generic.add(label)
                    continue
                for other in ads:
                    target = self.network_of.get(other, other)
                    evidence[target][kind] = self.config.strength[kind]
                links.append({"id": ads[-1], "via": label})
            self.image_ads[ident].append(rec.id)
        self.keys_of[rec.id] = [k for k in rec.keys if k[0] != "ip"] + mine

    def _text_evidence(self, rec: AdRecord, evidence: dict, links: list) -> None:
        self.ads_seen += 1
        limit = max(5, int(self.config.shingle_max_share * self.ads_seen))
        counts = self.shingle_counts
        for value in rec.shingles.tolist():
            counts[value] = counts.get(value, 0) + 1
        kept = np.fromiter((v for v in rec.shingles.tolist() if counts[v] <= limit), dtype=np.uint32)
        for other_key, score in self.text_index.similar(kept):
            other = self.text_ids[other_key]
            target = self.network_of.get(other, other)
            evidence[target]["text"] = self.config.strength["text"]
            links.append({"id": other, "via": f"text:{score:.2f}"})
        self.text_ids.append(rec.id)
        self.text_index.add(len(self.text_ids) - 1, kept)

    def _remember(self, rec: AdRecord, verdict: dict[str, Any] | None) -> None:
        self.known.add(rec.id)
        for key in rec.keys:
            self.postings[key].append(rec.id)
        summary = verdict_summary(verdict)
        if summary:
            self.verdicts[rec.id] = summary

    def _repost_reason(self, rec: AdRecord) -> str | None:
        if not rec.previous_id:
            return None
        return repost_reason(rec.previous_id, self.verdicts.get(rec.previous_id), self.verdicts.get(rec.id))
