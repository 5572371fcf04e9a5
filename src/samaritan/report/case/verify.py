"""`samaritan report verify PACKET.zip`: check the signature, every file's hash, that no file was added
or removed, and (with a store) that each audit entry is the store's own; name the first failure."""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from samaritan.evidence.db import Store
from samaritan.evidence.schema import audit_log
from samaritan.report import signing
from samaritan.report.case.packet import MANIFEST, PUBLIC_KEY, SIGNATURE


@dataclass
class Verification:
    ok: bool
    problem: str | None
    files: int = 0
    audit_checked: int = 0


def verify_packet(path: str | Path, public_key_pem: bytes | None = None, store: Store | None = None) -> Verification:
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        return Verification(False, f"{path}: not a readable zip ({exc})")
    with archive:
        names = set(archive.namelist())
        for needed in (MANIFEST, SIGNATURE, PUBLIC_KEY):
            if needed not in names:
                return Verification(False, f"{needed} is missing")
        manifest_bytes = archive.read(MANIFEST)
        embedded = archive.read(PUBLIC_KEY)
        if public_key_pem is not None and public_key_pem.strip() != embedded.strip():
            return Verification(False, f"{PUBLIC_KEY} is not the platform key you named")
        try:
            signature = bytes.fromhex(archive.read(SIGNATURE).decode().strip())
            public = signing.load_public(public_key_pem or embedded)
        except (ValueError, UnicodeDecodeError) as exc:
            return Verification(False, f"{SIGNATURE} or {PUBLIC_KEY} is unreadable ({exc})")
        if not signing.verifies(public, signature, manifest_bytes):
            return Verification(False, f"{MANIFEST}: the signature does not match (the manifest or signature changed)")
        manifest = json.loads(manifest_bytes)
        listed = manifest["files"]
        for name in sorted(listed):
            if name not in names:
                return Verification(False, f"{name}: listed in the manifest but missing")
            if hashlib.sha256(archive.read(name)).hexdigest() != listed[name]:
                return Verification(False, f"{name}: its SHA-256 does not match the manifest")
        extra = sorted(names - set(listed) - {MANIFEST, SIGNATURE, PUBLIC_KEY})
        if extra:
            return Verification(False, f"{extra[0]}: not listed in the manifest")
        entries = [json.loads(line) for line in archive.read("audit.jsonl").splitlines() if line.strip()]
    checked = 0
    if store is not None:
        report = store.verify()
        if not report.get("ok", False):
            return Verification(False, f"the store's audit chain does not verify: {report.get('problem')}", len(listed))
        with store.engine.connect() as conn:
            for entry in entries:
                row = conn.execute(select(audit_log.c.hash).where(audit_log.c.seq == entry["seq"])).first()
                if row is None or row.hash != entry["hash"]:
                    return Verification(
                        False, f"audit.jsonl: entry {entry['seq']} is not the store's entry", len(listed), checked
                    )
                checked += 1
    return Verification(True, None, len(listed), checked)
