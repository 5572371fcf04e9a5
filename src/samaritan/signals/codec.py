"""Keyed hashes of canonical identifiers, and the signal file format.

A bare hash of a phone number is reversed by hashing every number; a keyed hash (HMAC-SHA256)
is not, without the key. Identifiers are canonical before hashing (phones E.164, emails and
handles lower-case `service:name`) so two platforms that saw the same contact get the same hash.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

import orjson

from samaritan.link.keys import canonical_key

FORMAT = "samaritan-contact-signals"
VERSION = 1
KINDS = {"phones": "phone", "emails": "email", "handles": "handle"}
REASONS = ("minor_risk", "trafficking_risk", "commercial_sex", "reviewer_block")
MIN_KEY_BYTES = 16


class SignalFileError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class ContactSignal:
    signal_type: str  # phone | email | handle
    hmac: str
    reason: str
    first_seen: str
    last_seen: str
    confidence: float
    kind: str = "signal"  # signal | dispute


def check_key(key: bytes) -> bytes:
    if len(key) < MIN_KEY_BYTES:
        raise SignalFileError(f"the shared key must be at least {MIN_KEY_BYTES} bytes")
    return key


def key_id(key: bytes) -> str:
    """A fingerprint naming the key in a file header, so a file made under another key is told
    apart at once. It says nothing about any identifier."""
    return hashlib.sha256(b"samaritan-signals-key-id:" + key).hexdigest()[:16]


def keyed(key: bytes, signal_type: str, value: str) -> str:
    return hmac.new(key, f"{signal_type}:{value}".encode(), hashlib.sha256).hexdigest()


def identifiers(entities: dict[str, Any] | None) -> Iterator[tuple[str, str]]:
    """The (type, canonical value) of each contact in a verdict's entities that is an identity."""
    for field, kind in KINDS.items():
        for value in (entities or {}).get(field, []):
            key = canonical_key(kind, str(value))
            if key:
                yield key


def reason_of(labels: Iterable[str]) -> str:
    present = set(labels)
    return next((r for r in REASONS if r in present), "reviewer_block")


def dump(source: str, key: bytes, signals: Iterable[ContactSignal], exported_at: str) -> bytes:
    header = {"format": FORMAT, "version": VERSION, "source": source, "key_id": key_id(key), "exported_at": exported_at}
    lines = [orjson.dumps(header)] + [orjson.dumps(asdict(s)) for s in signals]
    return b"\n".join(lines) + b"\n"


def load(data: bytes, key: bytes, same_key: bool = True) -> tuple[dict[str, Any], list[ContactSignal]]:
    """(header, signals) of a file; refuses another format, and (unless `same_key` is False) a
    file made under another key."""
    lines = [line for line in data.splitlines() if line.strip()]
    try:
        header = orjson.loads(lines[0]) if lines else {}
        rows = [orjson.loads(line) for line in lines[1:]]
    except orjson.JSONDecodeError as exc:
        raise SignalFileError(f"not a signal file: {exc}") from exc
    if header.get("format") != FORMAT or header.get("version") != VERSION:
        raise SignalFileError(f"not a {FORMAT} file (version {VERSION})")
    if same_key and header.get("key_id") != key_id(key):
        raise SignalFileError("the file was made under another shared key: nothing would match")
    out = []
    for n, row in enumerate(rows, start=2):
        try:
            out.append(ContactSignal(**row))
        except TypeError as exc:
            raise SignalFileError(f"line {n}: {exc}") from exc
    return header, out
