"""What the store hands out and takes in, and the small helpers every part of it shares."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

SCOPES = ("screen", "read", "review", "admin")
DEFAULT_SCOPES = ("screen", "read", "review")
REVIEW_DECISIONS = ("allow", "block", "escalate", "report")


class StoreError(RuntimeError):
    """A store problem a user can act on (bad URL, unreachable database, unknown key)."""


class Conflict(StoreError):
    """Another writer stored the same revision first; the caller retries."""


def now_iso(moment: datetime | None = None) -> str:
    moment = moment or datetime.now(UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_iso(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


@dataclass(frozen=True)
class ApiKey:
    key_id: str
    platform: str
    scopes: frozenset[str]


@dataclass(frozen=True)
class AdRevision:
    pk: int
    platform: str
    ad_id: str
    revision: int
    raw_sha256: str
    received_at: str
    hold: bool


@dataclass
class NewScreen:
    """One posted ad and its verdict, to be stored as a new revision."""

    platform: str
    ad_id: str
    raw: bytes
    verdict: dict[str, Any]
    previous: AdRevision | None
    hold: bool
    retain_until: str
    actor: str
    webhook_event: dict[str, Any] | None = None
