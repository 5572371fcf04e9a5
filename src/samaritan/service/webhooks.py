"""Signed webhooks: tell a platform about non-allow verdicts and reviewer decisions.

Events are written to an outbox in the same transaction as the verdict or decision, so none
is lost in a crash; a background thread delivers them with retries and exponential backoff.

Each request carries `Samaritan-Signature: t=<unix seconds>,v1=<hex>` where the hex is
HMAC-SHA256(secret, "<t>.<body>"), and `Samaritan-Event-Id`, which stays the same across
retries so the platform can drop duplicates. `verify_signature` checks one on the platform's side.

Every delivery checks the URL again (`urlguard`): it must still resolve to public addresses, and
the request goes to the address that was checked. Redirects are not followed, and the time and
the size of the response read are bounded.
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
from samaritan.service import urlguard
from samaritan.service.settings import WebhookPolicy

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
        poll_s: float = 1.0,
        policy: WebhookPolicy | None = None,
    ):
        self.store = store
        self.base_delay_s = base_delay_s
        self.max_delay_s = max_delay_s
        self.max_attempts = max_attempts
        self.poll_s = poll_s
        self.policy = policy or WebhookPolicy()
        timeout = httpx.Timeout(self.policy.total_timeout_s, connect=self.policy.connect_timeout_s)
        # trust_env=False: no proxy from the environment may stand between the check and the call.
        self.client = httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False)
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
            except Exception as exc:  # the database may be briefly unavailable; try again later
                log.error("webhook delivery pass failed (%s)", type(exc).__name__)
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
        error = self._post(row["url"], body, headers)
        if error is None:
            self.store.delivery_result(row["pk"], True, None, None, False)
            return
        attempts = row["attempts"] + 1
        dead = attempts >= self.max_attempts
        delay = min(self.max_delay_s, self.base_delay_s * 2 ** (attempts - 1)) * random.uniform(0.8, 1.2)
        next_at = now_iso(datetime.now(UTC) + timedelta(seconds=delay))
        log.info("webhook event %s failed; attempt %d", row["pk"], attempts)
        log.debug("webhook event %s to %s failed: %s", row["pk"], row["platform"], error)
        self.store.delivery_result(row["pk"], False, error, next_at, dead)

    def _post(self, url: str, body: bytes, headers: dict[str, str]) -> str | None:
        """POST to the checked address; None on a 2xx, else what went wrong."""
        try:
            target = urlguard.check(url, self.policy)
        except urlguard.UrlRefused as exc:
            return f"refused: {exc}"
        deadline = time.monotonic() + self.policy.total_timeout_s
        request = self.client.build_request(
            "POST",
            target.url,
            content=body,
            headers={**headers, "Host": target.host_header},
            extensions={"sni_hostname": target.host},
        )
        try:
            response = self.client.send(request, stream=True)
            try:
                read = 0
                for chunk in response.iter_raw():
                    read += len(chunk)
                    if read > self.policy.max_response_bytes or time.monotonic() > deadline:
                        break  # the status is all we need; a huge or endless body is cut off
            finally:
                response.close()
        except httpx.HTTPError as exc:
            return f"{type(exc).__name__}"
        if 200 <= response.status_code < 300:
            return None
        return f"HTTP {response.status_code}"
