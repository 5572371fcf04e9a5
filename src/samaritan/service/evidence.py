"""The evidence side of the service, as the routes see it: stored ads and their history,
reviewer decisions, images and the webhook setting. Every write goes through here (and so
through the store's audited methods); routes never write to the store themselves."""

from __future__ import annotations

from typing import Any

import orjson

from samaritan.evidence.db import ApiKey
from samaritan.service import imagecheck, urlguard
from samaritan.service.screening import Rejected, ScreeningService
from samaritan.service.settings import WebhookPolicy


def _actor(key: ApiKey) -> str:
    return f"key:{key.key_id}"


class EvidenceService:
    def __init__(self, screening: ScreeningService, webhooks: WebhookPolicy | None = None):
        self.screening = screening
        self.store = screening.store
        self.webhooks = webhooks or WebhookPolicy()

    # ------------------------------------------------------------------ ads
    def history(self, key: ApiKey, platform: str, ad_id: str) -> dict[str, Any] | None:
        history = self.store.history(platform, ad_id)
        if history is None:
            return None
        for rev in history["revisions"]:
            raw = rev.pop("raw")
            rev["ad"] = orjson.loads(raw) if raw is not None else None
            rev["network_id"] = self.screening.network_of(platform, ad_id, rev["revision"])
        self.store.audit_event("ad.viewed", _actor(key), platform, ad_id)
        return history

    def raw(self, key: ApiKey, platform: str, ad_id: str, revision: int) -> tuple[bytes, str] | None:
        history = self.store.history(platform, ad_id)
        rev = next((r for r in (history or {}).get("revisions", []) if r["revision"] == revision), None)
        if rev is None:
            return None
        if rev["raw"] is None:
            raise Rejected(410, "purged", f"revision {revision} was purged under the retention policy", ad_id)
        self.store.audit_event("ad.raw_viewed", _actor(key), platform, f"{ad_id}@{revision}")
        return rev["raw"], rev["sha256"]

    def record_decision(
        self, key: ApiKey, platform: str, ad_id: str, decision: str, reviewer: str, note: str
    ) -> dict[str, Any] | None:
        return self.store.record_decision(platform, ad_id, decision, reviewer, note, _actor(key))

    def network(self, key: ApiKey, network_id: str) -> dict[str, Any] | None:
        network = self.screening.network(key.platform, network_id)
        if network is not None:
            self.store.audit_event("network.viewed", _actor(key), key.platform, network_id)
        return network

    # ------------------------------------------------------------------ images
    def store_image(self, key: ApiKey, data: bytes) -> tuple[str, bool]:
        """Check the header, hash the pixels (both before the write lock), then store."""
        try:
            info = imagecheck.inspect(data)
        except imagecheck.ImageRefused as exc:
            raise Rejected(exc.status, exc.code, str(exc)) from exc
        hashed = imagecheck.hash_checked(data)
        if hashed is None:
            raise Rejected(415, "not_an_image", "the image could not be decoded")
        sha, created = self.store.store_image(data, info.media_type, key.platform, _actor(key))
        self.screening.remember_image(sha, hashed)
        return sha, created

    # ------------------------------------------------------------------ webhooks
    def set_webhook(self, key: ApiKey, url: str) -> str:
        try:
            urlguard.check(url, self.webhooks)
        except urlguard.UrlRefused as exc:
            raise Rejected(422, "url_refused", str(exc), path="$.url") from exc
        return self.store.set_webhook(key.platform, url, _actor(key))

    def get_webhook(self, key: ApiKey) -> dict[str, Any] | None:
        return self.store.get_webhook(key.platform)

    def delete_webhook(self, key: ApiKey) -> bool:
        return self.store.delete_webhook(key.platform, _actor(key))
