"""Request ids, the access log, Prometheus metrics and (when on) the request's trace span, in one
ASGI middleware (service/tracing.py has the spans).

Every metric label is a route template, a method, a status code, or a decision or label name from
the contract's fixed vocabulary. Nothing a client sends (ad ids, platforms, paths, ad data) ever
becomes a label value: an unmatched path is counted under the route "<unmatched>".

Store-backed gauges (review queue, webhook outbox, audit chain length) are read at scrape time and
cached for `sample_s` seconds, so a scraper polling often costs at most one set of counting
queries per interval.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import threading
import time
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from importlib import resources
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import and_, exists, func, select

from samaritan.evidence.db import Store
from samaritan.evidence.schema import ads, audit_head, decisions, verdicts, webhook_outbox
from samaritan.service import tracing
from samaritan.service.logconfig import request_id

access = logging.getLogger("samaritan.access")
log = logging.getLogger(__name__)

HEADER = "X-Request-ID"
_HEADER_KEY = b"x-request-id"
# A caller's id is echoed only when it is short and plain, so it cannot forge log lines.
_WELL_FORMED = re.compile(rb"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
LATENCY_BUCKETS = (0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


def _contract_enum(*path: str) -> frozenset[str]:
    schema = json.loads(resources.files("samaritan").joinpath("schemas/result.schema.json").read_text("utf-8"))
    node: Any = schema["oneOf"][0]["properties"]
    for part in path:
        node = node[part]
    return frozenset(node["enum"])


DECISIONS = _contract_enum("decision")
LABELS = _contract_enum("labels", "items")


class StoreGauges(Collector):
    """Gauges read from the store when scraped, at most once per `sample_s` seconds."""

    def __init__(self, store: Store, sample_s: float = 15.0):
        self.store, self.sample_s = store, sample_s
        self._lock = threading.Lock()
        self._at = -float("inf")
        self._values: dict[str, Any] | None = None

    def sample(self) -> dict[str, Any]:
        with self._lock:
            if self._values is None or time.monotonic() - self._at >= self.sample_s:
                self._values = self._read()
                self._at = time.monotonic()
            return self._values

    def _read(self) -> dict[str, Any]:
        later = verdicts.alias("later")  # the latest verdict of each ad (a rescreen may have changed it)
        latest = select(func.max(later.c.pk)).where(later.c.ad_pk == ads.c.pk).scalar_subquery()
        undecided = ~exists().where(decisions.c.ad_pk == ads.c.pk)
        queue = (
            select(func.count())
            .select_from(ads.join(verdicts, verdicts.c.pk == latest))
            .where(ads.c.purged_at.is_(None), verdicts.c.decision != "allow", undecided)
        )
        pending = and_(webhook_outbox.c.delivered_at.is_(None), webhook_outbox.c.dead.is_(False))
        undelivered = and_(webhook_outbox.c.delivered_at.is_(None), webhook_outbox.c.last_error.is_not(None))
        outbox = select(
            func.count().filter(pending),
            func.count().filter(and_(pending, webhook_outbox.c.attempts > 0)),
            func.count().filter(webhook_outbox.c.dead.is_(True)),
            func.coalesce(func.sum(webhook_outbox.c.attempts).filter(undelivered), 0),
        )
        with self.store.engine.connect() as conn:
            depth = conn.execute(queue).scalar_one()
            out = conn.execute(outbox).one()
            chain = conn.execute(select(audit_head.c.seq)).scalar()
        return {
            "queue": depth,
            "pending": out[0],
            "retrying": out[1],
            "dead": out[2],
            "failed": out[3],
            "chain": chain or 0,
        }

    def collect(self) -> Iterable[GaugeMetricFamily]:
        try:
            v = self.sample()
        except Exception as exc:  # an unreachable store must not break the scrape of the rest
            log.warning("store metrics unavailable (%s)", type(exc).__name__)
            return
        yield GaugeMetricFamily(
            "samaritan_review_queue_depth", "Ads whose latest verdict is not allow and has no reviewer decision",
            value=v["queue"],
        )  # fmt: skip
        outbox = GaugeMetricFamily("samaritan_webhook_outbox_depth", "Webhook events by state", labels=["state"])
        for state in ("pending", "retrying", "dead"):
            outbox.add_metric([state], v[state])
        yield outbox
        yield GaugeMetricFamily(
            "samaritan_webhook_failed_attempts", "Failed delivery attempts of events not yet delivered",
            value=v["failed"],
        )  # fmt: skip
        yield GaugeMetricFamily("samaritan_audit_chain_length", "Entries in the audit chain", value=v["chain"])


class Metrics:
    """One registry per app, so several apps in one process (tests) never share counters."""

    def __init__(self, store: Store | None = None, sample_s: float = 15.0):
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter("samaritan_http_requests", "HTTP requests", ["route", "method", "status"], registry=r)
        self.latency = Histogram("samaritan_http_request_duration_seconds", "Time to answer a request",
                                 ["route", "method"], buckets=LATENCY_BUCKETS, registry=r)  # fmt: skip
        self.screens = Counter("samaritan_screens", "Verdicts answered, by decision", ["decision"], registry=r)
        self.labels = Counter("samaritan_screen_labels", "Verdicts answered, by label", ["label"], registry=r)
        self.store_gauges = StoreGauges(store, sample_s) if store is not None else None
        if self.store_gauges is not None:
            r.register(self.store_gauges)

    def verdict(self, verdict: dict[str, Any]) -> None:
        decision = verdict.get("decision")
        if decision not in DECISIONS:
            return  # an error record, or a value outside the contract: never a label
        self.screens.labels(decision).inc()
        for label in verdict.get("labels") or ():
            if label in LABELS:
                self.labels.labels(label).inc()


def _route_of(scope: MutableMapping[str, Any]) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "<unmatched>"


def new_request_id(headers: Iterable[tuple[bytes, bytes]]) -> str:
    for name, value in headers:
        if name == _HEADER_KEY and _WELL_FORMED.fullmatch(value):
            return value.decode("ascii")
    return secrets.token_hex(16)


Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[MutableMapping[str, Any], Receive, Send], Awaitable[None]]


class Observe:
    """Outermost middleware: sets the request id (echoed in `X-Request-ID`), times the request,
    counts it by route template and status, and writes the access log line when it is on."""

    def __init__(self, app: ASGIApp, metrics: Metrics | None = None):
        self.app, self.metrics = app, metrics

    async def __call__(self, scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        rid = new_request_id(scope.get("headers", ()))
        token = request_id.set(rid)
        header = (_HEADER_KEY, rid.encode("ascii"))
        status = 500
        start = time.perf_counter()

        async def tagged_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), header]
            await send(message)

        try:
            if tracing.tracer() is None:
                await self.app(scope, receive, tagged_send)
            else:  # one server span, closed with the route template and status once they are known
                with tracing.request_span(scope, rid) as finish:
                    try:
                        await self.app(scope, receive, tagged_send)
                    finally:
                        finish(_route_of(scope), status)
        finally:
            elapsed = time.perf_counter() - start
            route, method = _route_of(scope), scope.get("method", "")
            if self.metrics is not None:
                self.metrics.requests.labels(route, method, str(status)).inc()
                self.metrics.latency.labels(route, method).observe(elapsed)
            if access.isEnabledFor(logging.INFO):
                access.info(
                    "%s %s %d %.1fms", method, route, status, elapsed * 1000,
                    extra={"method": method, "route": route, "status": status, "duration_ms": round(elapsed * 1000, 2)},
                )  # fmt: skip
            request_id.reset(token)
