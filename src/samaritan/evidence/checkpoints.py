"""Signed checkpoints: the audit chain's head, and every entry hash since the previous
checkpoint, signed with the platform's Ed25519 key and written as a JSON file outside the
database. Whoever rewrites the whole database and re-hashes the chain cannot re-sign these,
so `audit verify --checkpoints DIR` still finds the first entry that changed.

Each checkpoint names its predecessor (seq and hash), so a checkpoint removed from the middle
of the directory is noticed too."""

from __future__ import annotations

import base64
import logging
import os
import re
import time
from pathlib import Path
from typing import Any

import orjson
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import Connection, select

from samaritan.evidence import audit
from samaritan.evidence.records import StoreError, now_iso, sha256_hex
from samaritan.evidence.schema import audit_head, audit_log

log = logging.getLogger(__name__)
FORMAT = "samaritan-audit-checkpoint/1"
_NAME = re.compile(r"^checkpoint-(\d{12})\.json$")


# ---------------------------------------------------------------- keys
def generate_key(path: Path) -> Path:
    """Write a new Ed25519 private key (PEM, mode 0600; never overwrites) and its public key
    beside it (`.pub`). Returns the public key's path."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exc:
        raise StoreError(f"{path} already exists; refusing to overwrite a signing key") from exc
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    public = Path(f"{path}.pub")
    public.write_bytes(
        key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    return public


def load_private_key(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise StoreError(f"cannot read the signing key {path}: {exc}") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise StoreError(f"{path} is not an Ed25519 private key")
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    """A public key file, or the private key file it belongs to."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise StoreError(f"cannot read the public key {path}: {exc}") from exc
    if b"PRIVATE KEY" in data:
        return load_private_key(path).public_key()
    try:
        key = serialization.load_pem_public_key(data)
    except ValueError as exc:
        raise StoreError(f"cannot read the public key {path}: {exc}") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise StoreError(f"{path} is not an Ed25519 public key")
    return key


def _raw(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(key: Ed25519PublicKey) -> str:
    return sha256_hex(_raw(key))[:16]


def _signed_bytes(body: dict[str, Any]) -> bytes:
    return orjson.dumps({k: v for k, v in body.items() if k != "signature"}, option=orjson.OPT_SORT_KEYS)


# ---------------------------------------------------------------- writing
def checkpoint_files(directory: Path) -> list[tuple[int, Path]]:
    if not directory.is_dir():
        return []
    found = ((_NAME.match(p.name), p) for p in directory.iterdir())
    return sorted((int(m.group(1)), p) for m, p in found if m)


def write_checkpoint(conn: Connection, key: Ed25519PrivateKey, directory: Path) -> Path | None:
    """Sign the chain head and the entry hashes since the directory's last checkpoint, after
    re-checking those entries. Returns the file, or None when there is nothing new to sign."""
    directory.mkdir(parents=True, exist_ok=True)
    head = conn.execute(select(audit_head.c.seq, audit_head.c.hash).where(audit_head.c.id == 1)).one()
    files = checkpoint_files(directory)
    previous = orjson.loads(files[-1][1].read_bytes()) if files else None
    if head.seq == 0 or (previous and previous["seq"] >= head.seq):
        return None
    first = previous["seq"] + 1 if previous else 1
    prev_hash = previous["hash"] if previous else audit.GENESIS
    hashes: list[str] = []
    query = select(audit_log).where(audit_log.c.seq >= first, audit_log.c.seq <= head.seq).order_by(audit_log.c.seq)
    for row in conn.execute(query):
        entry = audit._entry(row.seq, row.at, row.action, row.actor, row.platform, row.subject, row.detail, row.rows)
        if (
            row.seq != first + len(hashes)
            or row.prev_hash != prev_hash
            or audit.entry_hash(prev_hash, entry) != row.hash
        ):
            raise StoreError(f"refusing to sign: audit entry {row.seq} does not follow the last checkpoint")
        hashes.append(row.hash)
        prev_hash = row.hash
    if not hashes or hashes[-1] != head.hash or len(hashes) != head.seq - first + 1:
        raise StoreError("refusing to sign: the chain head does not match its entries")
    body: dict[str, Any] = {
        "format": FORMAT,
        "seq": head.seq,
        "hash": head.hash,
        "at": now_iso(),
        "first_seq": first,
        "previous": {"seq": previous["seq"], "hash": previous["hash"]} if previous else None,
        "hashes": hashes,
        "public_key": base64.b64encode(_raw(key.public_key())).decode(),
    }
    body["signature"] = base64.b64encode(key.sign(_signed_bytes(body))).decode()
    path = directory / f"checkpoint-{head.seq:012d}.json"
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as out:
        out.write(orjson.dumps(body, option=orjson.OPT_INDENT_2))
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)
    return path


class Checkpointer:
    """Writes a checkpoint after every `every` committed writes or `minutes` minutes, whichever
    comes first, checked as writes commit (an idle chain has nothing new to sign)."""

    def __init__(self, db, key_path: Path, directory: Path, every: int, minutes: float):
        self.db = db
        self.key = load_private_key(key_path)  # fail at start-up, not at the first checkpoint
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.every, self.seconds = every, minutes * 60.0
        self.count, self.since = 0, time.monotonic()

    def __call__(self) -> None:
        self.count += 1
        if self.count < self.every and time.monotonic() - self.since < self.seconds:
            return
        self.count, self.since = 0, time.monotonic()
        try:
            with self.db.scan_engine.connect() as conn:
                path = write_checkpoint(conn, self.key, self.directory)
            if path is not None:
                log.info("audit checkpoint written: %s", path.name)
        except (OSError, StoreError) as exc:  # the write itself is committed; say so loudly
            log.error("audit checkpoint failed (%s); the evidence is stored, the next write retries", exc)
            self.count = self.every


# ---------------------------------------------------------------- verifying
def load_checkpoints(directory: Path, public_key: Ed25519PublicKey | None) -> tuple[dict[int, str], str | None, str]:
    """(entry seq -> signed hash, problem or None, a line describing what was checked)."""
    files = checkpoint_files(Path(directory))
    if not files:
        return {}, f"no checkpoints in {directory}", ""
    expected: dict[int, str] = {}
    by_seq: dict[int, dict] = {}
    pinned = public_key
    for seq, path in files:
        try:
            body = orjson.loads(path.read_bytes())
            key = pinned or Ed25519PublicKey.from_public_bytes(base64.b64decode(body["public_key"]))
            pinned = key
            key.verify(base64.b64decode(body["signature"]), _signed_bytes(body))
        except (OSError, ValueError, KeyError, TypeError, InvalidSignature):
            return {}, f"checkpoint {path.name} is unreadable or its signature does not verify", ""
        hashes = body["hashes"]
        if body.get("format") != FORMAT or body["seq"] != seq or len(hashes) != seq - body["first_seq"] + 1:
            return {}, f"checkpoint {path.name} is malformed", ""
        prev = body["previous"]
        if prev is None and body["first_seq"] != 1:
            return {}, f"checkpoint {path.name} names no predecessor", ""
        if prev is not None and (by_seq.get(prev["seq"], {}).get("hash") != prev["hash"]):
            return {}, f"the checkpoint for entry {prev['seq']} (before {path.name}) is missing or differs", ""
        for offset, digest in enumerate(hashes):
            if expected.setdefault(body["first_seq"] + offset, digest) != digest:
                return {}, f"checkpoints disagree about entry {body['first_seq'] + offset}", ""
        by_seq[seq] = body
    note = "pinned" if public_key is not None else "taken from the checkpoints (pass --public-key to pin it)"
    return (
        expected,
        None,
        f"{len(files)} signed checkpoints up to entry {files[-1][0]}, key {fingerprint(pinned)} {note}",
    )
