"""Screening at post time: parse the ad as received, screen it, attach it to the platform's
networks, let the decision stage (`engine/decide.py`) add the network context, and store ad,
verdict and audit entry together.

The expensive per-ad work (screening, link keys, text shingles, image hashes) runs before the
write lock, and an ad shaped like an attack runs in a lane of its own (`admission`); under the
lock only the index update and the write happen. Work for a client that has gone is dropped.

Each platform has its own link index, so one platform's ads never link to, or reveal, another's.
The indices live in memory; `linkstate` snapshots them to the data directory, so a restart loads
the snapshot and replays only the ads stored after it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import threading
import time
from collections import OrderedDict, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

from samaritan.engine.adparse import AdError, parse_ad
from samaritan.engine.decide import apply_matches, apply_network, is_held
from samaritan.engine.model import Ad
from samaritan.engine.screener import Screener
from samaritan.evidence.banks import load_matcher, match_ad
from samaritan.evidence.db import AdRevision, Conflict, NewScreen, Store, now_iso, sha256_hex
from samaritan.evidence.signals import match_new_ad
from samaritan.link.index import LinkIndex
from samaritan.link.linker import collect_record
from samaritan.link.records import AdRecord
from samaritan.service import imagecheck, workers
from samaritan.service.admission import Busy, HeavyGate, is_heavy

log = logging.getLogger(__name__)
_IMAGE_CACHE = 50_000


class Rejected(ValueError):
    """An ad the service refuses: status, machine-readable code and, if one value is to blame, its JSON path."""

    def __init__(self, status: int, code: str, message: str, ad_id: str | None = None, path: str | None = None):
        super().__init__(message)
        self.status, self.code, self.ad_id, self.path = status, code, ad_id, path


@dataclasses.dataclass
class Outcome:
    verdict: dict[str, Any]
    created: bool  # False when the same bytes were already the latest revision (idempotent)


@dataclasses.dataclass
class _Prepared:
    """What one ad needs before the write lock: its verdict and its link record."""

    ad: Ad
    raw: bytes
    sha: str
    verdict: dict[str, Any]
    previous: AdRevision | None
    record: AdRecord


def _link_images(images: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, tuple]]:
    """Images as linking reads them: a stored image's hashes are found by its sha256."""
    hashes = {i["sha256"]: i["_h"] for i in images if i.get("sha256") and i.get("_h")}
    link_images = [
        {**{k: v for k, v in i.items() if k != "_h"}, **({"path": i["sha256"]} if i.get("_h") else {})} for i in images
    ]
    return link_images, hashes


def _check_gone(gone: threading.Event | None, ad_id: str | None = None) -> None:
    if gone is not None and gone.is_set():
        raise Rejected(499, "client_gone", "the client disconnected; the work was abandoned", ad_id)


class ScreeningService:
    inline_chars = 0  # a title and body this short are screened in the request's thread, pool or not

    def __init__(
        self, store: Store, screener: Screener | None = None, max_ad_bytes: int = 1 << 20, data_dir: Path | None = None
    ):
        self.store = store
        self.data_dir = data_dir  # local working files (the saved bank index for PostgreSQL stores)
        self.screener = screener or Screener()
        self.policy = self.screener.policy
        self.max_ad_bytes = max_ad_bytes
        self.links: dict[str, LinkIndex] = defaultdict(LinkIndex)
        self.replayed_to = 0  # the pk of the last stored ad the indices hold
        self.skipped = 0  # stored ads that could not be re-linked at start-up
        # (platform, id, revision, sha256) of the last ad the indices hold: a snapshot carries it,
        # and is trusted only while the store still has that revision with those bytes.
        self.last_stored: tuple[str, str, int, str] | None = None
        # Set while the indices are complete; cleared while a start-up load runs in the background.
        self.ready = threading.Event()
        self.ready.set()
        self.ready_timeout_s = 30.0
        # The worker processes (`workers.Lanes` in `serve`); None: the work runs in the request's thread.
        self.pool: workers.WorkerPool | workers.Lanes | None = None
        self.heavy = HeavyGate()  # at most a few heavy ads at once (`admission`)
        self.banks = load_matcher(store, data_dir=data_dir)  # hash banks, matched against each ad's images at post time
        self.signals_key: bytes | None = None  # contact signals shared with other platforms
        self._image_hashes: OrderedDict[str, tuple | None] = OrderedDict()
        self._hash_lock = threading.Lock()

    # ------------------------------------------------------------------ start-up
    def rebuild_links(self) -> int:
        """Attach every stored revision after `replayed_to`, in arrival order. Returns how many.
        A stored ad that fails is skipped and counted: it must not stop a restart."""
        start, count = time.perf_counter(), 0
        for pk, platform, ad_id, revision, raw, verdict in self.store.replay(self.replayed_to):
            try:
                ad = dataclasses.replace(parse_ad(orjson.loads(raw)), platform=platform)
                record = self._record(ad, verdict, self._images_of(ad))
                self._attach(record, ad, revision, verdict)
                count += 1
            except Exception as exc:
                self.skipped += 1
                log.warning("stored ad pk=%d skipped while re-linking (%s)", pk, type(exc).__name__)
            self.replayed_to = pk
            self.last_stored = (platform, ad_id, revision, sha256_hex(raw))
        if count:
            log.info("link indices: %d stored ads attached in %.1fs", count, time.perf_counter() - start)
        return count

    def wait_ready(self) -> None:
        if not self.ready.wait(self.ready_timeout_s):
            raise Rejected(503, "starting", "the service is loading its link index; retry shortly")

    # ------------------------------------------------------------------ screening
    def parse(self, raw: bytes, platform: str) -> Ad:
        if len(raw) > self.max_ad_bytes:
            raise Rejected(413, "ad_too_large", f"the ad is over the {self.max_ad_bytes}-byte limit")
        try:
            record = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise Rejected(400, "invalid_json", f"the body is not valid JSON: {exc}") from exc
        try:
            ad = parse_ad(record)
        except AdError as exc:
            raise Rejected(422, exc.code, str(exc), exc.ad_id, exc.path) from exc
        claimed = record.get("platform")
        if claimed is not None and claimed != platform:
            raise Rejected(403, "wrong_platform", f"this key screens ads for platform '{platform}' only", ad.id)
        return dataclasses.replace(ad, platform=platform)

    def screen(self, raw: bytes, platform: str, actor: str, gone: threading.Event | None = None) -> Outcome:
        self.wait_ready()
        ad = self.parse(raw, platform)
        sha = sha256_hex(raw)
        existing = self._existing(ad, sha)  # a retry costs a lookup, not a screening
        if existing is not None:
            return existing
        verdict, record = self._admitted_work(ad, gone, is_heavy(raw, ad), actor)
        _check_gone(gone, ad.id)
        for _attempt in range(3):
            previous = self.store.latest(ad.platform, ad.id)
            if previous is not None and previous.raw_sha256 == sha:
                existing = self._existing(ad, sha)
                if existing is not None:
                    return existing
            try:
                outcome = self._store(_Prepared(ad, raw, sha, verdict, previous, record), actor)
            except Conflict:
                continue  # another process stored this id first: re-read and decide again
            if outcome is not None:
                return outcome
        raise Rejected(409, "conflict", f"ad {ad.id} is being re-posted concurrently; retry", ad.id)

    def _existing(self, ad: Ad, sha: str) -> Outcome | None:
        previous = self.store.latest(ad.platform, ad.id)
        if previous is None or previous.raw_sha256 != sha:
            return None
        stored = self.store.latest_verdict(previous.pk)
        return Outcome(stored, created=False) if stored is not None else None

    def _admitted_work(self, ad: Ad, gone: threading.Event | None, heavy: bool, client: str) -> tuple[dict, AdRecord]:
        if not heavy:
            return self._work(ad, gone, False)
        try:
            with self.heavy.admit(client):
                return self._work(ad, gone, True)
        except Busy as exc:
            raise Rejected(503, "busy", "too many large ads are being screened at once; retry shortly", ad.id) from exc

    def _work(self, ad: Ad, gone: threading.Event | None, heavy: bool) -> tuple[dict[str, Any], AdRecord]:
        """Verdict and link record, on a worker process when there is a pool (see `workers`)."""
        link_images, hashes = _link_images(self._images_of(ad))
        try:
            while True:
                pool = self.pool  # read once: a model reload may replace it meanwhile
                if pool is None or (not heavy and len(ad.body) + len(ad.title) <= self.inline_chars):
                    with self.heavy.serial if heavy else contextlib.nullcontext():
                        return workers.work(self.screener, ad, link_images, hashes)
                try:
                    return pool.run(ad, link_images, hashes, gone, heavy=heavy)
                except workers.Closed:
                    continue  # that pool was replaced (a new model): run it on the new one
        except workers.OverBudget as exc:
            message = f"screening this ad took over {pool.budget_s:g}s; it was stopped"
            raise Rejected(422, "over_budget", message, ad.id) from exc
        except workers.Abandoned as exc:
            raise Rejected(499, "client_gone", "the client disconnected; the work was abandoned", ad.id) from exc

    def _store(self, p: _Prepared, actor: str) -> Outcome | None:
        """Under the write lock: the latest revision read here is still the latest when this one
        is written (another process's insert fails with Conflict, and it retries). None when a
        revision arrived since `p` was prepared (the caller prepares again)."""
        ad = p.ad
        # Bank matching hashes the ad's stored images: before the lock, like the rest of the work.
        matches = match_ad(self.store, self.banks, ad) if len(self.banks) else []
        with self.store.write_lock:
            latest = self.store.latest(ad.platform, ad.id)
            if (latest.pk if latest else None) != (p.previous.pk if p.previous else None):
                return None
            revision = latest.revision + 1 if latest else 1
            line = self._attach(p.record, ad, revision, p.verdict)
            verdict = apply_network(p.verdict, line, self.links[ad.platform].verdicts.get, self.policy)
            if matches:
                verdict = apply_matches(verdict, matches)
            hold = is_held(verdict["labels"])
            days = self.policy.retention.hold_days if hold else self.policy.retention.default_days
            event = None
            if verdict["decision"] != "allow":
                event = {k: verdict[k] for k in ("id", "platform", "decision", "labels", "priority")}
            new = NewScreen(
                platform=ad.platform,
                ad_id=ad.id,
                raw=p.raw,
                verdict=verdict,
                previous=latest,
                hold=hold,
                retain_until=now_iso(datetime.now(UTC) + timedelta(days=days)),
                actor=actor,
                webhook_event=event,
            )
            try:
                stored = self.store.save_screen(new)
            except Exception:
                # The index already holds this ad: reload it as stored (snapshot, then replay).
                self.reload_links()
                raise
            self.replayed_to = max(self.replayed_to, stored.pk)
            self.last_stored = (ad.platform, ad.id, stored.revision, p.sha)
        if self.signals_key is not None:  # after the lock: the hook takes it itself
            match_new_ad(self.store, self.signals_key, stored.pk, verdict.get("entities"))
        return Outcome(dict(verdict, revision=stored.revision), created=True)

    def use_screener(self, screener: Screener, pool: workers.WorkerPool | workers.Lanes | None = None) -> None:
        """Take a new screener (a new model) and, with worker processes, the warm pool built for
        it. Each ad is screened wholly by the old or the new one; the old pool's busy workers
        finish their ads and stop."""
        old, self.screener, self.pool = self.pool, screener, pool
        if old is not None:
            old.close()

    def reload_banks(self) -> None:
        """Take in banks imported since start-up (`samaritan banks import` runs in another process)."""
        self.banks = load_matcher(self.store, data_dir=self.data_dir)

    def reload_links(self) -> None:
        """Rebuild the indices as stored (`linkstate.Keeper` replaces this: snapshot, then replay)."""
        self.links.clear()
        self.replayed_to, self.last_stored = 0, None
        self.rebuild_links()

    # ------------------------------------------------------------------ linking
    def _images_of(self, ad: Ad) -> list[dict[str, Any]]:
        """The ad's images as linking sees them, hashed now (outside the lock). A client's
        `path` names nothing on this server: it is never read."""
        images = []
        for image in ad.images:
            sha = image.get("sha256")
            if sha:
                hashed = self._image_hash(sha)
                images.append({"sha256": sha, **({"pdq": image["pdq"]} if image.get("pdq") else {}), "_h": hashed})
            elif image.get("pdq"):
                images.append({"pdq": image["pdq"]})
        return images

    def _image_hash(self, sha: str) -> tuple | None:
        with self._hash_lock:
            if sha in self._image_hashes:
                self._image_hashes.move_to_end(sha)
                return self._image_hashes[sha]
        data = self.store.blob(sha)
        hashed = imagecheck.hash_checked(data) if data else None
        if data is not None:
            self.remember_image(sha, hashed)
        return hashed

    def remember_image(self, sha: str, hashed: tuple | None) -> None:
        with self._hash_lock:
            self._image_hashes[sha] = hashed
            while len(self._image_hashes) > _IMAGE_CACHE:
                self._image_hashes.popitem(last=False)

    def _record(self, ad: Ad, verdict: dict, images: list[dict[str, Any]]) -> AdRecord:
        """The link record of an ad whose verdict is known (start-up replay)."""
        link_images, hashes = _link_images(images)
        link_ad = dataclasses.replace(ad, images=link_images)
        return collect_record(link_ad, verdict.get("entities"), verdict, hash_image=hashes.get)

    def _attach(self, record: AdRecord, ad: Ad, revision: int, verdict: dict) -> dict:
        if revision > 1:
            previous_link = f"{ad.id}@{revision - 1}"
        elif ad.previous_id:
            earlier = self.store.latest(ad.platform, ad.previous_id)
            previous_link = f"{ad.previous_id}@{earlier.revision}" if earlier else None
        else:
            previous_link = None
        link_id = f"{ad.id}@{revision}"
        record = dataclasses.replace(record, id=link_id, previous_id=previous_link)
        link_ad = dataclasses.replace(ad, id=link_id, previous_id=previous_link)
        return self.links[ad.platform].attach(link_ad, verdict.get("entities"), verdict, record=record)

    # ------------------------------------------------------------------ batches
    def screen_batch(
        self, raws: list[bytes], platform: str, actor: str, gone: threading.Event | None = None
    ) -> list[dict[str, Any]]:
        """One result per ad, in order: its verdict, or the contract's error record. Each ad is
        stored on its own ("some"): an ad that fails does not undo the others, and a retry of
        the same batch returns the stored verdicts without storing anything twice."""
        out: list[dict[str, Any]] = []
        seen: set[str] = set()
        for position, raw in enumerate(raws, start=1):
            _check_gone(gone)
            try:
                ad_id = self._batch_id(raw, platform, seen)
                out.append(self.screen(raw, platform, actor, gone).verdict)
                seen.add(ad_id)
            except Rejected as exc:
                if exc.code == "client_gone":
                    raise
                error = {"code": exc.code, "message": str(exc), "line": position, "status": exc.status}
                if exc.path:
                    error["path"] = f"$.ads[{position - 1}]" + exc.path[1:]
                out.append({"id": exc.ad_id, "error": error})
        return out

    def _batch_id(self, raw: bytes, platform: str, seen: set[str]) -> str:
        # One id twice in a batch would make a retry store a revision again: refuse the repeat.
        ad_id = self.parse(raw, platform).id
        if ad_id in seen:
            raise Rejected(409, "duplicate_in_batch", f"ad {ad_id} appears earlier in this batch", ad_id)
        return ad_id

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
        self.wait_ready()
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
