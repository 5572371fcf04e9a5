"""API keys: one platform each, scoped, stored only as a sha256 of the secret. Every creation
and revocation is an audit entry claiming the key row, so a scope widened or a revocation
undone in the database fails `audit verify`."""

from __future__ import annotations

import secrets
import time
from typing import Any

from sqlalchemy import insert, select, update

from samaritan.evidence import audit, coverage
from samaritan.evidence.engine import Database
from samaritan.evidence.records import DEFAULT_SCOPES, SCOPES, ApiKey, StoreError, now_iso, sha256_hex
from samaritan.evidence.schema import api_keys

CACHE_SECONDS = 10.0


class Keys:
    def __init__(self, db: Database):
        self.db = db
        self._cache: dict[str, tuple[float, ApiKey | None]] = {}

    def create(self, platform: str, scopes: tuple[str, ...] = DEFAULT_SCOPES, label: str = "") -> str:
        """Create a key and return it; only its sha256 is stored, so it is shown this once."""
        unknown = set(scopes) - set(SCOPES)
        if unknown:
            raise StoreError(f"unknown scope(s) {sorted(unknown)}; choose from {list(SCOPES)}")
        if not platform:
            raise StoreError("a key needs a platform name")
        key_id = secrets.token_hex(6)
        token = f"sam_{key_id}_{secrets.token_urlsafe(32)}"
        at = now_iso()
        row = {
            "key_id": key_id,
            "platform": platform,
            "key_hash": sha256_hex(token.encode()),
            "scopes": ",".join(sorted(set(scopes))),
            "label": label,
            "created_at": at,
            "revoked_at": None,
        }
        with self.db.transaction() as conn:
            conn.execute(insert(api_keys).values(**row))
            audit.append(
                conn,
                at,
                "key.created",
                "cli",
                platform,
                key_id,
                {"scopes": sorted(set(scopes))},
                [coverage.claim("api_keys", row)],
            )
        return token

    def revoke(self, key_id: str) -> bool:
        at = now_iso()
        with self.db.transaction() as conn:
            row = conn.execute(select(api_keys.c.platform).where(api_keys.c.key_id == key_id)).first()
            if row is None:
                return False
            conn.execute(update(api_keys).where(api_keys.c.key_id == key_id).values(revoked_at=at))
            claims = coverage.claim_rows(conn, "api_keys", [key_id])
            audit.append(conn, at, "key.revoked", "cli", row.platform, key_id, None, claims)
        self._cache.clear()
        return True

    def list(self) -> list[dict[str, Any]]:
        with self.db.engine.connect() as conn:
            rows = conn.execute(select(api_keys).order_by(api_keys.c.created_at)).mappings().all()
        return [{k: v for k, v in row.items() if k != "key_hash"} for row in rows]

    def authenticate(self, token: str) -> ApiKey | None:
        # Keys are 256-bit random secrets, so one sha256 suffices (no slow hash needed), and a
        # short cache keeps a database round trip off every request; revocation clears it here
        # and reaches other processes within the cache's 10 seconds.
        digest = sha256_hex(token.encode())
        cached = self._cache.get(digest)
        if cached and cached[0] > time.monotonic():
            return cached[1]
        with self.db.engine.connect() as conn:
            row = conn.execute(
                select(api_keys.c.key_id, api_keys.c.platform, api_keys.c.scopes).where(
                    api_keys.c.key_hash == digest, api_keys.c.revoked_at.is_(None)
                )
            ).first()
        key = ApiKey(row.key_id, row.platform, frozenset(row.scopes.split(","))) if row else None
        if len(self._cache) > 10_000:
            self._cache.clear()
        self._cache[digest] = (time.monotonic() + CACHE_SECONDS, key)
        return key
