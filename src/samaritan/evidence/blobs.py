"""Content-addressed bytes: raw ads and images, each stored once under its sha256. Purging
empties `content` and keeps the hash as the record of what was held."""

from __future__ import annotations

from sqlalchemy import Connection, bindparam, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from samaritan.evidence import audit, coverage
from samaritan.evidence.engine import Database
from samaritan.evidence.records import now_iso, sha256_hex
from samaritan.evidence.schema import blobs

_BLOB_STATE = select(blobs.c.purged_at).where(blobs.c.sha256 == bindparam("s"))


def held_claim(sha: str, size: int) -> list:
    """The coverage claim of a blob that holds its bytes (after any insert or re-post)."""
    return coverage.claim("blobs", {"sha256": sha, "size": size, "purged_at": None})


class Blobs:
    def __init__(self, db: Database):
        self.db = db
        # Insert-if-absent in one statement: the same bytes (an identical image) may arrive twice.
        dialect_insert = sqlite_insert if db.is_sqlite else pg_insert
        self.insert = dialect_insert(blobs).on_conflict_do_nothing(index_elements=["sha256"]).returning(blobs.c.sha256)

    def put(self, conn: Connection, data: bytes, media_type: str, at: str) -> tuple[str, bool, bool]:
        """Hold `data`: (sha256, created, changed). `changed` also covers bytes purged earlier
        and held again."""
        sha = sha256_hex(data)
        values = {"sha256": sha, "size": len(data), "media_type": media_type, "content": data, "stored_at": at}
        if conn.execute(self.insert, values).first() is not None:  # a row comes back only when inserted
            return sha, True, True
        row = conn.execute(_BLOB_STATE, {"s": sha}).first()
        if row is not None and row.purged_at is not None:  # held again after a purge: keep the new copy
            conn.execute(update(blobs).where(blobs.c.sha256 == sha).values(content=data, purged_at=None))
            return sha, False, True
        return sha, False, False

    def store_image(self, data: bytes, media_type: str, platform: str, actor: str) -> tuple[str, bool]:
        at = now_iso()
        with self.db.transaction() as conn:
            sha, created, changed = self.put(conn, data, media_type, at)
            if changed:
                audit.append(
                    conn,
                    at,
                    "image.stored",
                    actor,
                    platform,
                    sha,
                    {"size": len(data), "media_type": media_type},
                    [held_claim(sha, len(data))],
                )
        return sha, created

    def get(self, sha: str) -> bytes | None:
        with self.db.engine.connect() as conn:
            row = conn.execute(select(blobs.c.content).where(blobs.c.sha256 == sha)).first()
        return row.content if row else None
