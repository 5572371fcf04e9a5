"""Incremental linking: attach one new ad to existing networks from stored indices.

Built from a batch run (or empty), it keeps the posting lists, generic keys, photo and text
indices and network membership, and applies the batch's rules to each new ad: strong keys
join at once (merging networks the ad bridges), photos and text join a small network or add
up to a join, and IPs alone join nothing. `samaritan serve` uses this at post time.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from samaritan.engine.model import Ad
from samaritan.link import photos
from samaritan.link.columns import Arrays, Counts, IntMap, Lists, StrTable, _take, read_arrays, write_arrays
from samaritan.link.config import LinkConfig
from samaritan.link.graph import joins
from samaritan.link.linker import Linker, collect_record, generic_key, generic_photo
from samaritan.link.records import AdRecord, LinkResult, repost_reason, stable_network_id, verdict_summary
from samaritan.link.text import TextIndex
from samaritan.link.views import Known, Members, NetworkOf, Postings, Verdicts

Key = tuple[str, str]
# Evidence targets: an ad (its int, >= 0) or a network (~its int, < 0).
Target = int


class LinkIndex:
    """Ads, keys and networks are interned as ints (`ads`, `key_names`, `nets`); each structure
    is columns (`link.columns`) that a snapshot stores as arrays and loads without building a
    Python object per ad. `network_of`, `members`, `verdicts`, `postings` and `known` read it
    by string ids."""

    def __init__(self, config: LinkConfig | None = None) -> None:
        self.config = config or LinkConfig()
        self.ads = StrTable()
        self.key_names = StrTable()  # "kind:value"
        self.nets = StrTable()
        self.postings_of = Lists()  # key -> ads, in arrival order
        self.keys_of = Lists()  # ad -> its identifying keys (contacts, account, photos; no IP)
        self.net_of = IntMap()  # ad -> network
        self.members_of = Lists()  # network -> ads (empty once merged into another)
        self.generic: set[str] = set()
        self.photo_matcher = photos.PhotoMatcher()
        self.image_ads = Lists()  # image id -> ads that show it
        self.text_index = TextIndex(self.config.text_threshold)
        self.text_ads = IntMap()  # text index key -> ad
        self.text_count = 0
        # How many ads carry each text shingle: a shingle becomes boilerplate once it is common.
        self.shingle_counts = Counts()
        self.ads_seen = 0
        self.summaries = StrTable()  # distinct verdict summaries, as JSON
        self.verdict_of = IntMap()  # ad -> summary
        self._decoded: dict[int, dict[str, Any]] = {}
        self._key_tuples: dict[int, Key] = {}
        self.network_of, self.members, self.verdicts = NetworkOf(self), Members(self), Verdicts(self)
        self.postings, self.known = Postings(self), Known(self)

    # ------------------------------------------------------------------ reads by string id
    def network_name(self, ad_id: str) -> str | None:
        ad = self.ads.get(ad_id)
        net = self.net_of.get(ad) if ad is not None else -1
        return self.nets.name(net) if net >= 0 else None

    def verdict(self, ad_id: str) -> dict[str, Any] | None:
        ad = self.ads.get(ad_id)
        return self._summary(ad) if ad is not None else None

    def _summary(self, ad: int) -> dict[str, Any] | None:
        sid = self.verdict_of.get(ad)
        if sid < 0:
            return None
        found = self._decoded.get(sid)
        if found is None:
            found = self._decoded[sid] = orjson.loads(self.summaries.name(sid))
        return found

    def _keys(self, ad: int) -> list[Key]:
        out = []
        for kid in self.keys_of.get(ad):
            key = self._key_tuples.get(kid)
            if key is None:
                kind, _, value = self.key_names.name(kid).partition(":")
                key = self._key_tuples[kid] = (kind, value)
            out.append(key)
        return out

    def _key_id(self, key: Key) -> int:
        kid = self.key_names.add(f"{key[0]}:{key[1]}")
        self._key_tuples.setdefault(kid, key)
        return kid

    def _target(self, ad: int) -> Target:
        net = self.net_of.get(ad)
        return ~net if net >= 0 else ad

    def _size(self, target: Target) -> int:
        return self.members_of.size(~target) if target < 0 else 1

    # ------------------------------------------------------------------ building
    @classmethod
    def from_batch(cls, linker: Linker, result: LinkResult) -> LinkIndex:
        index = cls(config=linker.config)
        ads = [index.ads.add(r.id) for r in linker.records]
        for rec, ad in zip(linker.records, ads, strict=True):
            index.keys_of.put(ad, [index._key_id(k) for k in rec.keys if k[0] != "ip"])
        for key, posted in linker.postings.items():
            index.postings_of.put(index._key_id(key), [ads[i] for i in posted])
        index.generic = set(linker.generic)
        for rec, ad, net in zip(linker.records, ads, result.network_of, strict=True):
            if net:
                n = index.nets.add(net)
                index.net_of[ad] = n
                index.members_of.own(n).append(ad)
            if rec.verdict:
                index._set_verdict(ad, rec.verdict)
        index.photo_matcher = linker.photo_matcher
        for ident, shown in enumerate(linker.image_ads):
            index.image_ads.put(ident, [ads[i] for i in shown])
            photo = index._key_id(("photo", str(ident)))
            for i in shown:
                index.keys_of.own(ads[i]).append(photo)
        index.text_index = linker.text_index
        for position, ad in enumerate(ads):  # the batch's text index is keyed by record position
            index.text_ads[position] = ad
        index.text_count = len(ads)
        values, counts = linker.shingle_counts
        index.shingle_counts = Counts(values.astype(np.uint32), counts.astype(np.int32))
        index.ads_seen = len(linker.records)
        return index

    def _set_verdict(self, ad: int, summary: dict[str, Any]) -> None:
        self.verdict_of[ad] = self.summaries.add(orjson.dumps(summary, option=orjson.OPT_SORT_KEYS).decode())

    # ------------------------------------------------------------------ attaching
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
        was_known = rec.id in self.ads
        me = self.ads.add(rec.id)
        evidence: dict[Target, dict[str, float]] = defaultdict(dict)  # network or ad -> kind -> strength
        links: list[dict[str, str]] = []
        strength = self.config.strength
        for kind, value in rec.keys:
            label = f"{kind}:{value}"
            kid = self.key_names.get(label)
            others = self.postings_of.get(kid) if kid is not None else []
            if label in self.generic or not others:
                continue
            holders = [self._keys(other) for other in others] + [rec.keys]
            if generic_key(kind, value, holders, self.config):
                self.generic.add(label)
                continue
            for other in others[-3:]:
                links.append({"id": self.ads.name(other), "via": label})
            for other in others:
                target = self._target(other)
                evidence[target][kind] = max(evidence[target].get(kind, 0.0), strength[kind])
        earlier = self.ads.get(rec.previous_id) if rec.previous_id else None
        if earlier is not None and (earlier != me or was_known):
            target = self._target(earlier)
            evidence[target]["previous_id"] = strength["previous_id"]
            links.append({"id": rec.previous_id, "via": f"previous_id:{rec.previous_id}"})
        self._photo_evidence(rec, me, evidence, links)
        self._text_evidence(rec, me, evidence, links)

        network_id = self._join(me, ad.platform, self._joined(evidence))
        self._remember(rec, me, verdict)
        line: dict[str, Any] = {"id": rec.id, "platform": ad.platform, "network_id": network_id, "links": links[:20]}
        reason = self._repost_reason(rec)
        if reason:
            line["reasons"] = [reason]
            line["repost_of_blocked"] = rec.previous_id
        return line

    def _joined(self, evidence: dict[Target, dict[str, float]]) -> list[Target]:
        """The batch's join rule (`graph.joins`): strong keys first, which make the new ad's
        side; then each weaker target joins when the evidence adds up against the smaller side."""
        strong = [t for t, kinds in evidence.items() if max(kinds.values()) >= 1.0]
        side = 1 + sum(self._size(t) for t in strong)
        weaker = [t for t in evidence if t not in strong]
        return strong + [
            t for t in weaker if joins(evidence[t], min(side, self._size(t)), max(side, self._size(t)), self.config)
        ]

    def _join(self, me: int, platform: str, targets: list[Target]) -> str | None:
        if not targets:
            return None
        networks = [~t for t in targets if t < 0]
        loose = [t for t in targets if t >= 0]
        if networks:
            keep = max(networks, key=self.members_of.size)
        else:
            keep = self.nets.add(stable_network_id(self.ads.name(loose[0]), platform))
        kept = self.members_of.own(keep)
        for other in networks:
            if other != keep:  # the new ad bridges two networks: merge the smaller into the larger
                moved = self.members_of.own(other)
                self.members_of.put(other, [])
                for member in moved:
                    self.net_of[member] = keep
                    kept.append(member)
        for single in [*loose, me]:
            self.net_of[single] = keep
            kept.append(single)
        return self.nets.name(keep)

    def _photo_evidence(self, rec: AdRecord, me: int, evidence: dict, links: list) -> None:
        mine: list[Key] = []
        for sha, variants, phash in rec.images:
            ident, near, same = self.photo_matcher.add(sha, variants, phash)
            mine.append(("photo", str(ident)))
            for other_image, kind in [(ident, "image_sha256")] * same + [(n, "image_similar") for n in near]:
                label = f"{kind}:{other_image}"
                shown = self.image_ads.get(other_image)
                if not shown or label in self.generic:
                    continue
                holders = [self._keys(a) for a in shown] + [[*rec.keys, *mine]]
                if generic_photo(("photo", str(other_image)), holders, self.config):
                    self.generic.add(label)
                    continue
                for other in shown:
                    evidence[self._target(other)][kind] = self.config.strength[kind]
                links.append({"id": self.ads.name(shown[-1]), "via": label})
            self.image_ads.own(ident).append(me)
        self.keys_of.put(me, [self._key_id(k) for k in [*rec.keys, *mine] if k[0] != "ip"])

    def _text_evidence(self, rec: AdRecord, me: int, evidence: dict, links: list) -> None:
        self.ads_seen += 1
        limit = max(5, int(self.config.shingle_max_share * self.ads_seen))
        counts = self.shingle_counts
        values = rec.shingles.tolist()
        counts.add(values)
        kept = np.fromiter((v for v in values if counts.get(v) <= limit), dtype=np.uint32)
        for other_key, score, shared in self.text_index.similar(kept):
            other = self.text_ads.get(other_key)
            target = self._target(other)
            evidence[target]["text"] = max(evidence[target].get("text", 0.0), self.config.text_strength(shared))
            links.append({"id": self.ads.name(other), "via": f"text:{score:.2f}"})
        self.text_ads[self.text_count] = me
        self.text_index.add(self.text_count, kept)
        self.text_count += 1

    def _remember(self, rec: AdRecord, me: int, verdict: dict[str, Any] | None) -> None:
        for key in rec.keys:
            self.postings_of.own(self._key_id(key)).append(me)
        summary = verdict_summary(verdict)
        if summary:
            self._set_verdict(me, summary)

    def _repost_reason(self, rec: AdRecord) -> str | None:
        if not rec.previous_id:
            return None
        return repost_reason(rec.previous_id, self.verdict(rec.previous_id), self.verdict(rec.id))

    # ------------------------------------------------------------------ as arrays
    def arrays(self) -> tuple[Arrays, dict[str, Any]]:
        """The index as named arrays plus a little JSON-able metadata (`from_arrays` inverts)."""
        out: Arrays = {}
        for name in ("ads", "key_names", "nets", "summaries"):
            out.update(getattr(self, name).arrays(name))
        for name in ("postings_of", "keys_of", "members_of", "image_ads"):
            out.update(getattr(self, name).arrays(name))
        for name in ("net_of", "text_ads", "verdict_of"):
            out.update(getattr(self, name).arrays(name))
        out.update(self.shingle_counts.arrays("shingle_counts"))
        out.update(self.photo_matcher.arrays("photos"))
        out.update(self.text_index.arrays("text"))
        generic = StrTable()
        for label in sorted(self.generic):
            generic.add(label)
        out.update(generic.arrays("generic"))
        out["counters.values"] = np.array([self.text_count, self.ads_seen], dtype=np.int64)
        return out, {"config": asdict(self.config)}

    def save(self, path: str | Path) -> None:
        with open(path, "wb") as handle:
            write_arrays(handle, *self.arrays())

    @staticmethod
    def load(path: str | Path) -> LinkIndex:
        """Load an index `save` wrote: arrays only, no code runs (ValueError if malformed)."""
        return LinkIndex.from_arrays(*read_arrays(path))

    @classmethod
    def from_arrays(cls, arrays: Arrays, meta: dict[str, Any]) -> LinkIndex:
        """Raises ValueError (or KeyError) when the arrays are not an index's."""
        config = LinkConfig(**meta["config"])
        index = cls(config)
        for name in ("ads", "key_names", "nets", "summaries"):
            setattr(index, name, StrTable.from_arrays(arrays, name))
        for name in ("postings_of", "keys_of", "members_of", "image_ads"):
            setattr(index, name, Lists.from_arrays(arrays, name))
        for name in ("net_of", "text_ads", "verdict_of"):
            setattr(index, name, IntMap.from_arrays(arrays, name))
        index.shingle_counts = Counts.from_arrays(arrays, "shingle_counts")
        index.photo_matcher = photos.PhotoMatcher.from_arrays(arrays, "photos")
        index.text_index = TextIndex.from_arrays(arrays, "text", config.text_threshold)
        index.generic = set(StrTable.from_arrays(arrays, "generic"))
        index.text_count, index.ads_seen = _take(arrays, "counters", "values", np.int64).tolist()
        return index
