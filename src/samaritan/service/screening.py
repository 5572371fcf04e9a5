"""Screening at post time: parse the ad as received, screen it, attach it to the platform's
networks, apply the network review rule, and store ad, verdict and audit entry together.

Each platform has its own link index, so one platform's ads never link to, or reveal, another's.
The indices live in memory and are rebuilt from the store at start-up, so after a crash they
hold exactly what was stored.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson

from samaritan.engine.adparse import AdError, parse_ad
from samaritan.engine.decide import apply_network, is_held
from samaritan.engine.model import Ad
from samaritan.engine.screener import Screener
from samaritan.evidence.db import Conflict, NewScreen, Store, now_iso, sha256_hex
from samaritan.link import photos
from samaritan.link.index import LinkIndex

log = logging.getLogger(__name__)


class Rejected(ValueError):
    """An ad the service will not take, with a status code and a machine-readable code."""

    def __init__(self, status: int, code: str, message: str, ad_id: str | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.ad_id = ad_id


@dataclasses.dataclass
class Outcome:
    verdict: dict[str, Any]
    created: bool  # False when the same bytes were already the latest revision (idempotent)


class ScreeningService:
    def __init__(self, store: Store, screener: Screener | None = None):
        self.store = store
        self.screener = screener or Screener()
        self.policy = self.screener.policy
        self.links: dict[str, LinkIndex] = defaultdict(LinkIndex)
        self.replayed_to = 0

    # ------------------------------------------------------------------ start-up
    def rebuild_links(self) -> int:
        """Attach every stored revision again, in arrival order. Returns how many."""
        start, count = time.perf_counter(), 0
        for pk, platform, _ad_id, revision, raw, verdict in self.store.replay(self.replayed_to):
            try:
                ad = parse_ad(orjson.loads(raw))
            except (AdError, orjson.JSONDecodeError):  # stored only if it parsed; never expected
                continue
            ad = dataclasses.replace(ad, platform=platform)
            self._attach(ad, revision, verdict)
            self.replayed_to, count = pk, count + 1
        if count:
            log.info("link indices rebuilt from %d stored ads in %.1fs", count, time.perf_counter() - start)
        return count

    # ------------------------------------------------------------------ screening
    def parse(self, raw: bytes, platform: str) -> Ad:
        try:
            record = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise Rejected(400, "invalid_json", f"the body is not valid JSON: {exc}") from exc
        try:
            ad = parse_ad(record)
        except AdError as exc:
            raise Rejected(422, exc.code, str(exc), exc.ad_id) from exc
        claimed = record.get("platform")
        if claimed is not None and claimed != platform:
            raise Rejected(403, "wrong_platform", f"this key screens ads for platform '{platform}' only", ad.id)
        return dataclasses.replace(ad, platform=platform)

    def screen(self, raw: bytes, platform: str, actor: str) -> Outcome:
        ad = self.parse(raw, platform)
        verdict = self.screener.screen(ad).to_dict()  # pure work, outside the write lock
        sha = sha256_hex(raw)
        for _attempt in range(3):
            try:
                return self._store(ad, raw, sha, verdict, actor)
            except Conflict:
                continue  # another process stored this id first: re-read and decide again
        raise Rejected(409, "conflict", f"ad {ad.id} is being re-posted concurrently; retry", ad.id)

    def _store(self, ad: Ad, raw: bytes, sha: str, verdict: dict, actor: str) -> Outcome:
        # Under the write lock, the latest revision read here is still the latest when this one
        # is written (other processes aside: their insert fails with Conflict, and they retry).
        with self.store.write_lock:
            previous = self.store.latest(ad.platform, ad.id)
            if previous is not None and previous.raw_sha256 == sha:
                stored = self.store.latest_verdict(previous.pk)
                if stored is not None:
                    return Outcome(stored, created=False)
            revision = previous.revision + 1 if previous else 1
            line = self._attach(ad, revision, verdict)
            verdict = self._with_network(verdict, line)
            hold = is_held(verdict["labels"])
            days = self.policy.retention.hold_days if hold else self.policy.retention.default_days
            event = None
            if verdict["decision"] != "allow":
                event = {k: verdict[k] for k in ("id", "platform", "decision", "labels", "priority")}
            try:
                stored = self.store.save_screen(
                    NewScreen(
                        platform=ad.platform,
                        ad_id=ad.id,
                        raw=raw,
                        verdict=verdict,
                        previous=previous,
                        hold=hold,
                        retain_until=now_iso(datetime.now(UTC) + timedelta(days=days)),
                        actor=actor,
                        webhook_event=event,
                    )
                )
            except Exception:
                # The index already holds this ad: rebuild it from what was actually stored.
                self.links.pop(ad.platform, None)
                self.replayed_to = 0
                self.rebuild_links()
                raise
            self.replayed_to = max(self.replayed_to, stored.pk)
        return Outcome(dict(verdict, revision=stored.revision), created=True)

    def _attach(self, ad: Ad, revision: int, verdict: dict) -> dict:
        index = self.links[ad.platform]
        if revision > 1:
            previous_link = f"{ad.id}@{revision - 1}"
        elif ad.previous_id:
            earlier = self.store.latest(ad.platform, ad.previous_id)
            previous_link = f"{ad.previous_id}@{earlier.revision}" if earlier else None
        else:
            previous_link = None
        images = []
        for image in ad.images:  # a client's `path` names nothing on this server: never read it
            sha = image.get("sha256")
            if isinstance(sha, str) and sha:
                images.append({"sha256": sha, "path": sha, **({"pdq": image["pdq"]} if image.get("pdq") else {})})
            elif image.get("pdq"):
                images.append({"pdq": image["pdq"]})
        link_ad = dataclasses.replace(ad, id=f"{ad.id}@{revision}", previous_id=previous_link, images=images)
        return index.attach(link_ad, verdict.get("entities"), verdict, hash_image=self._hash_stored_image)

    def _hash_stored_image(self, sha: str) -> tuple[str, list[int], int] | None:
        data = self.store.blob(sha)
        return photos.hash_bytes(data) if data else None

    def _with_network(self, verdict: dict, line: dict) -> dict:
        index = self.links[verdict["platform"]]
        return apply_network(verdict, line, index.verdicts.get, self.policy)

    def screen_batch(self, raws: list[bytes], platform: str, actor: str) -> list[dict[str, Any]]:
        out = []
        for position, raw in enumerate(raws, start=1):
            try:
                out.append(self.screen(raw, platform, actor).verdict)
            except Rejected as exc:
                # The contract's error line; `line` is the ad's position in the batch.
                out.append({"id": exc.ad_id, "error": {"code": exc.code, "message": str(exc), "line": position}})
        return out

    # ------------------------------------------------------------------ re-screening
    def rescreen(self, platform: str, ad_id: str, actor: str, force: bool = False) -> tuple[dict, bool] | None:
        """Screen the latest revision again with the current engine. A new verdict is added when
        the engine, lexicon, model or policy version changed (or `force`); old ones stay."""
        rev = self.store.latest(platform, ad_id)
        if rev is None:
            return None
        current = self.store.latest_verdict(rev.pk) or {}
        if not force and current.get("versions") == self.screener.versions:
            return current, False
        raw = self.store.blob(rev.raw_sha256)
        if raw is None:
            raise Rejected(410, "purged", f"ad {ad_id} was purged under the retention policy", ad_id)
        ad = dataclasses.replace(parse_ad(orjson.loads(raw)), platform=platform)
        verdict = self.screener.screen(ad).to_dict()
        if "network" in current:
            verdict["network"] = current["network"]
        hold = is_held(verdict["labels"])
        self.store.add_verdict(rev, verdict, actor, hold)
        return dict(verdict, revision=rev.revision), True

    # ------------------------------------------------------------------ reads
    def network(self, platform: str, network_id: str) -> dict[str, Any] | None:
        index = self.links.get(platform)
        members = index.members.get(network_id) if index else None
        if not members:
            return None
        ads = []
        for link_id in members:
            ad_id, _, revision = link_id.rpartition("@")
            summary = index.verdicts.get(link_id) or {}
            ads.append(
                {
                    "id": ad_id,
                    "revision": int(revision),
                    "decision": summary.get("decision"),
                    "labels": summary.get("labels", []),
                }
            )
        return {"network_id": network_id, "platform": platform, "size": len(ads), "ads": ads}

    def network_of(self, platform: str, ad_id: str, revision: int) -> str | None:
        index = self.links.get(platform)
        return index.network_of.get(f"{ad_id}@{revision}") if index else None
