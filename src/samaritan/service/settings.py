"""The service's settings: limits on what one request may carry, and the outbound policy for
webhooks. Defaults are the safe ones; tests loosen them explicitly."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class WebhookPolicy:
    """Where webhooks may go. `allow_http` permits plain http (for testing); `allow_hosts` are
    host names or addresses exempt from the public-address check (a platform's own test
    receiver); nothing else may resolve to a loopback, private or otherwise internal address."""

    allow_http: bool = False
    allow_hosts: frozenset[str] = frozenset()
    connect_timeout_s: float = 3.0
    total_timeout_s: float = 10.0
    max_response_bytes: int = 64 * 1024
    # (host, port) -> address strings; None: the system resolver. Tests pass an offline one.
    resolver: Callable[[str, int], list[str]] | None = None

    @classmethod
    def of(cls, allow_http: bool = False, allow_hosts: tuple[str, ...] = ()) -> WebhookPolicy:
        """From the webhook_allow_* settings and flags (the CLI resolves them; nothing here reads
        the environment). Host names compare lower-case, IPv6 addresses without brackets."""
        hosts = (h.strip().lower().strip("[]") for h in allow_hosts)
        return cls(allow_http=allow_http, allow_hosts=frozenset(h for h in hosts if h))


@dataclass(frozen=True)
class ServiceSettings:
    max_body: int = 1 << 20  # one ad, alone or inside a batch
    max_batch_body: int = 16 << 20
    max_batch_ads: int = 500
    webhooks: WebhookPolicy = field(default_factory=WebhookPolicy)
    # Worker processes for the per-ad work (0: in the request's thread), and its time budget.
    workers: int = 0
    work_budget_s: float = 5.0
    # Worker processes of the heavy lane (ads over the work budget's size), when `workers` > 0.
    heavy_workers: int = 1
    # With workers, an ad whose title and body total at most this many characters is screened
    # in the request's thread: its bounded work costs less than the hop to a worker and back,
    # which on a busy machine is two more waits for a core (0: every ad goes to a worker).
    inline_chars: int = 4096
    # Where the link index snapshot lives (None: no snapshot, the index is rebuilt at start-up).
    data_dir: Path | None = None
    snapshot_every_s: float = 300.0
    # Once this many ads were attached since the link indices were loaded, their overlays are
    # folded into frozen arrays in the background (`compaction`; 0: never).
    compact_ads: int = 50_000
    # Observability: Prometheus metrics at /metrics (store gauges sampled at most every
    # `metrics_sample_s`), log lines as text or JSON, and the access log (route templates only).
    metrics: bool = False
    metrics_sample_s: float = 15.0
    log_format: str = "text"
    access_log: bool = False
    server_timing: bool = False  # a Server-Timing header on each answer (benchmarks; off: it reveals timings)
    # The key shared with other platforms for contact signals (`samaritan signals`): with it, each
    # posted ad whose phones, emails or handles match an imported signal becomes a review item.
    signals_key: bytes | None = None
    # The learned model's directory (the `model` setting): watched every `model_check_s` seconds
    # and taken in without a restart when its content changes (`modelwatch`). None: not watched.
    model_dir: Path | None = None
    model_check_s: float = 30.0
