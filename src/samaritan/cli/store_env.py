"""The environment, read in one place for every command that opens the evidence store:

    SAMARITAN_DATABASE_URL        PostgreSQL URL (else SQLite in --data / SAMARITAN_DATA_DIR)
    SAMARITAN_DATA_DIR            data directory (default ./samaritan-data)
    SAMARITAN_SQLITE_SYNC         OFF | NORMAL (default) | FULL | EXTRA
    SAMARITAN_AUDIT_KEY           Ed25519 key file that signs audit checkpoints
    SAMARITAN_CHECKPOINT_DIR      where checkpoints are written (outside the database)
    SAMARITAN_CHECKPOINT_EVERY    entries between periodic checkpoints (default 1000)
    SAMARITAN_CHECKPOINT_MINUTES  minutes between periodic checkpoints (default 10)

Periodic checkpoints run when both the key and the directory are set."""

from __future__ import annotations

import os
from pathlib import Path


def audit_key_path() -> Path | None:
    value = os.environ.get("SAMARITAN_AUDIT_KEY")
    return Path(value) if value else None


def checkpoint_dir() -> Path | None:
    value = os.environ.get("SAMARITAN_CHECKPOINT_DIR")
    return Path(value) if value else None


def _number(name: str, default: float) -> float:
    value = os.environ.get(name)
    try:
        return float(value) if value else default
    except ValueError as exc:
        raise ValueError(f"{name} must be a number, not {value!r}") from exc


def open_store_from_env(data: str | None, hold_days: int = 365):
    from samaritan.evidence import StoreError, StoreSettings, open_store

    key, directory = audit_key_path(), checkpoint_dir()
    try:
        settings = StoreSettings(
            sqlite_synchronous=os.environ.get("SAMARITAN_SQLITE_SYNC", "NORMAL"),
            hold_days=hold_days,
            checkpoint_dir=directory if key and directory else None,
            checkpoint_key=key if key and directory else None,
            checkpoint_every=int(_number("SAMARITAN_CHECKPOINT_EVERY", 1000)),
            checkpoint_minutes=_number("SAMARITAN_CHECKPOINT_MINUTES", 10.0),
        )
        return open_store(
            data or os.environ.get("SAMARITAN_DATA_DIR"),
            os.environ.get("SAMARITAN_DATABASE_URL"),
            hold_days=hold_days,
            settings=settings,
        )
    except StoreError as exc:
        raise ValueError(str(exc)) from exc
