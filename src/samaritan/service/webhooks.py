"""Signed webhooks: tell a platform about non-allow verdicts and reviewer decisions.

Events are written to an outbox in the same transaction as the verdict or decision, so none
is lost in a crash; a background thread delivers them with retries and exponential backoff.

Each request carries `Samaritan-Signature: t=<unix seconds>,v1=<hex>` where the hex is
HMAC-SHA256(secret, "<t>.<body>"), and `Samaritan-Event-Id`, which stays the same across
retries so the platform can drop duplicates. `verify_signature` checks one on the platform's side.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import random
import threading
import time
from datetime import UTC, datetime, timedelta

import httpx

from samaritan.evidence.db import Store, now_iso

log = logging.getLogger(__name__)


def sign(secret: str, body: bytes, timestamp: int) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def verify_signature(secret: str, body: bytes, header: str, tolerance_s: int = 300, now: float | None = None) -> bool:
    """True when `header` is a valid signature of `body` made within `tolerance_s` seconds."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (ValueError, KeyError):
        return False
    if abs((now or time.time()) - timestamp) > tolerance_s:
        return False
    expected = sign(secret, body, timestamp).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))


class Deliverer:
    """Delivers due outbox events until stopped. Backoff: base * 2^attempts (with jitter),
    capped; after `max_attempts` an event is marked dead and left in the outbox for inspection."""

    def __init__(
        self,
        store: Store,
        base_delay_s: float = 2.0,
        max_delay_s: float = 600.0,
        max_attempts: int = 10,
        timeout_s: float = 5.0,
        poll_s: float = 1.0,
    ):
        self.store = store
        self.base_delay_s = base_delay_s
        self.max_delay_s = max_delay_s
        self.max_attempts = max_attempts
        self.poll_s = poll_s
        self.client = httpx.Client(timeout=timeout_s, follow_redirects=False)
        self.wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="samaritan-webhooks", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self.wake.set()
        if self._thread:
            self._thread.join(timeout=10)
        self.client.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                delivered = self.deliver_due()
            except Exception:  # the database may be briefly unavailable; try again later
                log.exception("webhook delivery pass failed")
                delivered = 0
            if not delivered:
                self.wake.wait(self.poll_s)
                self.wake.clear()

    def deliver_due(self) -> int:
        due = self.store.due_deliveries()
        for row in due:
            self._deliver(row)
        return len(due)

    def _deliver(self, row: dict) -> None:
        body = row["payload"].encode()
        timestamp = int(time.time())
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "samaritan-webhooks",
            "Samaritan-Event": row["event"],
            "Samaritan-Event-Id": str(row["pk"]),
            "Samaritan-Signature": sign(row["secret"], body, timestamp),
        }
        error = None
        try:
            response = self.client.post(row["url"], content=body, headers=headers)
            if 200 <= response.status_code < 300:
                self.store.delivery_result(row["pk"], True, None, None, False)
                return
            error = f"HTTP {response.status_code}"
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"
        attempts = row["attempts"] + 1
        dead = attempts >= self.max_attempts
        delay = min(self.max_delay_s, self.base_delay_s * 2 ** (attempts - 1)) * random.uniform(0.8, 1.2)
        next_at = now_iso(datetime.now(UTC) + timedelta(seconds=delay))
        log.info("webhook event %s to %s failed (%s); attempt %d", row["pk"], row["platform"], error, attempts)
        self.store.delivery_result(row["pk"], False, error, next_at, dead)
