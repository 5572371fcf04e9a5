"""The evidence store's one front door: `Store` keeps the method names the service, the runners
and the CLI call, and hands each to the module that owns the concept:

    engine.py      settings, URL, engines, SQLite pragmas, write transactions, migrations
    keys.py        API keys                     blobs.py      content-addressed bytes, images
    revisions.py   ads, revisions, posts        verdicts.py   re-screens, decisions, holds, history
    outbox.py      webhooks and their outbox    retention.py  purge
    audit.py       the hash chain               coverage.py   which rows the chain covers
    verification.py  audit verify               checkpoints.py  signed checkpoints outside the database

Writes are short transactions, each appending its audit entry in the same transaction, so a
crash leaves either the whole record (ad, verdict, audit entry, webhook event) or none of it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from samaritan.evidence import audit, checkpoints, verification
from samaritan.evidence.blobs import Blobs
from samaritan.evidence.engine import Database, StoreSettings, resolve_url
from samaritan.evidence.keys import Keys
from samaritan.evidence.outbox import Outbox
from samaritan.evidence.records import (
    DEFAULT_SCOPES,
    REVIEW_DECISIONS,
    SCOPES,
    AdRevision,
    ApiKey,
    Conflict,
    NewScreen,
    StoreError,
    now_iso,
    parse_iso,
    sha256_hex,
)
from samaritan.evidence.retention import Retention
from samaritan.evidence.revisions import Revisions
from samaritan.evidence.verdicts import Verdicts

__all__ = [
    "DEFAULT_SCOPES",
    "REVIEW_DECISIONS",
    "SCOPES",
    "AdRevision",
    "ApiKey",
    "Conflict",
    "NewScreen",
    "Store",
    "StoreError",
    "StoreSettings",
    "now_iso",
    "open_store",
    "parse_iso",
    "resolve_url",
    "sha256_hex",
]


def open_store(
    data_dir: str | Path | None = None,
    url: str | None = None,
    hold_days: int = 365,
    settings: StoreSettings | None = None,
) -> Store:
    """Open (and migrate) the store at `url`, or in `data_dir` on SQLite. The environment is the
    caller's business (cli/store_env.py reads it)."""
    store = Store(resolve_url(data_dir, url), hold_days=hold_days, settings=settings)
    store.migrate()
    return store


class Store:
    def __init__(self, url: str, hold_days: int = 365, settings: StoreSettings | None = None):
        if settings is None:
            settings = StoreSettings(hold_days=hold_days)
        elif hold_days != 365:  # an explicit hold_days wins over the settings' default
            settings = dataclasses.replace(settings, hold_days=hold_days)
        self.hold_days = settings.hold_days
        self.settings = settings
        self.db = Database(url, settings)
        self.keys = Keys(self.db)
        self.blobs = Blobs(self.db)
        self.revisions = Revisions(self.db, self.blobs)
        self.verdicts = Verdicts(self.db, self.hold_days)
        self.webhooks = Outbox(self.db)
        self.retention = Retention(self.db, self._verify_on)
        if settings.checkpoint_dir is not None and settings.checkpoint_key is not None:
            self.db.after_write = checkpoints.Checkpointer(
                self.db,
                settings.checkpoint_key,
                settings.checkpoint_dir,
                settings.checkpoint_every,
                settings.checkpoint_minutes,
            )

    # The engines and lock, as the service and tests have always reached them.
    url = property(lambda self: self.db.url)
    is_sqlite = property(lambda self: self.db.is_sqlite)
    write_lock = property(lambda self: self.db.write_lock)
    engine = property(lambda self: self.db.engine)
    write_engine = property(lambda self: self.db.write_engine)
    scan_engine = property(lambda self: self.db.scan_engine)

    def _transaction(self):
        """A write transaction under the write lock, for modules that write tables of their own
        (legal.py); append their audit entries with `audit.append(conn, ..., rows=claims)`."""
        return self.db.transaction()

    def describe(self) -> str:
        return self.db.describe()

    def migrate(self) -> None:
        self.db.migrate()

    def close(self) -> None:
        self.db.close()

    # ------------------------------------------------------------------ keys
    def create_key(self, platform: str, scopes: tuple[str, ...] = DEFAULT_SCOPES, label: str = "") -> str:
        return self.keys.create(platform, scopes, label)

    def revoke_key(self, key_id: str) -> bool:
        return self.keys.revoke(key_id)

    def list_keys(self) -> list[dict[str, Any]]:
        return self.keys.list()

    def authenticate(self, token: str) -> ApiKey | None:
        return self.keys.authenticate(token)

    # ------------------------------------------------------------------ blobs
    def store_image(self, data: bytes, media_type: str, platform: str, actor: str) -> tuple[str, bool]:
        return self.blobs.store_image(data, media_type, platform, actor)

    def blob(self, sha: str) -> bytes | None:
        return self.blobs.get(sha)

    # ------------------------------------------------------------------ ads, verdicts, decisions
    def latest(self, platform: str, ad_id: str) -> AdRevision | None:
        return self.revisions.latest(platform, ad_id)

    def latest_verdict(self, ad_pk: int) -> dict[str, Any] | None:
        return self.revisions.latest_verdict(ad_pk)

    def save_screen(self, new: NewScreen) -> AdRevision:
        return self.revisions.save_screen(new)

    def add_verdict(self, rev: AdRevision, verdict: dict[str, Any], actor: str, hold: bool) -> None:
        self.verdicts.add_verdict(rev, verdict, actor, hold)

    def record_decision(
        self, platform: str, ad_id: str, decision: str, reviewer: str, note: str, actor: str
    ) -> dict[str, Any] | None:
        return self.verdicts.record_decision(platform, ad_id, decision, reviewer, note, actor)

    def history(self, platform: str, ad_id: str) -> dict[str, Any] | None:
        return self.verdicts.history(platform, ad_id)

    def replay(self, after_pk: int = 0) -> Iterator[tuple[int, str, str, int, bytes, dict[str, Any]]]:
        return self.revisions.replay(after_pk)

    def latest_ads(self, platform: str | None = None) -> Iterator[tuple[str, str]]:
        return self.revisions.latest_ads(platform)

    def count_ads(self, platform: str | None = None) -> int:
        return self.revisions.count_ads(platform)

    # ------------------------------------------------------------------ webhooks
    def set_webhook(self, platform: str, url: str, actor: str) -> str:
        return self.webhooks.set_webhook(platform, url, actor)

    def get_webhook(self, platform: str) -> dict[str, Any] | None:
        return self.webhooks.get_webhook(platform)

    def delete_webhook(self, platform: str, actor: str) -> bool:
        return self.webhooks.delete_webhook(platform, actor)

    def due_deliveries(self, limit: int = 50) -> list[dict[str, Any]]:
        return self.webhooks.due_deliveries(limit)

    def delivery_result(self, pk: int, ok: bool, error: str | None, next_at: str | None, dead: bool) -> None:
        self.webhooks.delivery_result(pk, ok, error, next_at, dead)

    def outbox(self, platform: str | None = None) -> list[dict[str, Any]]:
        return self.webhooks.outbox(platform)

    # ------------------------------------------------------------------ audit, retention
    def audit_event(
        self,
        action: str,
        actor: str,
        platform: str | None,
        subject: str | None,
        detail: dict[str, Any] | None = None,
        rows: list[list] | None = None,
    ) -> int:
        """Append an audit entry for any action (a view, an export, a change to a user); `rows`
        are coverage claims (coverage.claim / claim_rows) for rows the action wrote. Inside a
        transaction of your own, call `audit.append(conn, ...)` instead. Returns its seq."""
        with self.db.transaction() as conn:
            return audit.append(conn, now_iso(), action, actor, platform, subject, detail, rows)

    def verify(self, checkpoint_dir: str | Path | None = None, public_key: str | Path | None = None) -> dict[str, Any]:
        """Check the audit chain, every covered row against it, every held blob against its hash,
        and, given a directory of signed checkpoints, every entry they cover. Returns
        {"ok", "entries", "problem", "seq", "table", "row", "rows", "failures", "checkpoints"}."""
        with self.db.scan_engine.connect() as conn:
            return self._verify_on(conn, checkpoint_dir, public_key)

    def _verify_on(self, conn: Connection, checkpoint_dir=None, public_key=None) -> dict[str, Any]:
        if checkpoint_dir is None and self.settings.checkpoint_dir is not None:
            checkpoint_dir, public_key = self.settings.checkpoint_dir, self.settings.checkpoint_key
        expected: dict[int, str] = {}
        note = None
        if checkpoint_dir is not None:
            key = checkpoints.load_public_key(Path(public_key)) if public_key else None
            expected, problem, note = checkpoints.load_checkpoints(Path(checkpoint_dir), key)
            if problem:
                return {
                    "ok": False,
                    "entries": 0,
                    "problem": problem,
                    "seq": None,
                    "table": None,
                    "row": None,
                    "rows": [],
                    "failures": 1,
                    "checkpoints": None,
                }
        return dict(verification.verify(conn, expected), checkpoints=note)

    def checkpoint(self, key_path: str | Path, directory: str | Path) -> Path | None:
        """Sign the chain head now and write the checkpoint into `directory` (outside the
        database). None when nothing was appended since the directory's last checkpoint."""
        key = checkpoints.load_private_key(Path(key_path))
        with self.db.write_lock, self.db.scan_engine.connect() as conn:
            return checkpoints.write_checkpoint(conn, key, Path(directory))

    def purge(self, now: datetime | None = None, actor: str = "cli") -> dict[str, Any]:
        """Delete evidence past its retention as of `now` (held ads never); refused when the store
        does not verify. Audited with the real time."""
        return self.retention.purge(now, actor)
