"""Tables of the evidence store. Rows are appended, never edited in place, except for
bookkeeping columns (delivery state, retention hold, purge tombstones) that say so."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

# Timestamps are ISO 8601 UTC strings ("2026-11-22T10:00:00.000000Z"): the same text on SQLite and
# PostgreSQL, ordered as text, and hashed into the audit chain without any conversion.
TS = String(32)

api_keys = Table(
    "api_keys",
    metadata,
    Column("key_id", String(32), primary_key=True),  # the public prefix shown in lists
    Column("platform", String(200), nullable=False),
    Column("key_hash", String(64), nullable=False, unique=True),  # sha256 of the whole secret key
    Column("scopes", String(200), nullable=False),
    Column("label", String(200), nullable=False, default=""),
    Column("created_at", TS, nullable=False),
    Column("revoked_at", TS),
)

blobs = Table(
    "blobs",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("media_type", String(100), nullable=False),
    Column("content", LargeBinary),  # NULL once purged; the hash stays as the record of what was held
    Column("stored_at", TS, nullable=False),
    Column("purged_at", TS),
)

ads = Table(
    "ads",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("platform", String(200), nullable=False),
    Column("ad_id", String(500), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("raw_sha256", String(64), ForeignKey("blobs.sha256"), nullable=False),
    Column("received_at", TS, nullable=False),
    Column("previous_pk", Integer, ForeignKey("ads.pk")),  # the revision this one replaces
    Column("hold", Boolean, nullable=False, default=False),  # risky or reported: legal hold
    Column("retain_until", TS, nullable=False),
    Column("purged_at", TS),
    UniqueConstraint("platform", "ad_id", "revision", name="uq_ads_revision"),
)
Index("ix_ads_retention", ads.c.retain_until)

verdicts = Table(
    "verdicts",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("ad_pk", Integer, ForeignKey("ads.pk"), nullable=False, index=True),
    Column("created_at", TS, nullable=False),
    Column("trigger", String(20), nullable=False),  # post | rescreen
    Column("decision", String(10), nullable=False),
    Column("priority", String(10), nullable=False),
    Column("labels", String(200), nullable=False),
    Column("versions", String(300), nullable=False),
    Column("body", Text, nullable=False),  # the verdict JSON exactly as returned
    Column("sha256", String(64), nullable=False),
)

decisions = Table(
    "decisions",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("ad_pk", Integer, ForeignKey("ads.pk"), nullable=False, index=True),
    Column("created_at", TS, nullable=False),
    Column("reviewer", String(200), nullable=False),
    Column("decision", String(20), nullable=False),
    Column("note", Text, nullable=False, default=""),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", TS, nullable=False),
    Column("action", String(50), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("platform", String(200)),
    Column("subject", String(700)),
    Column("detail", Text, nullable=False),
    # JSON [[table, key, row sha256 or null], ...]: the rows this entry wrote (coverage.py).
    # NULL on entries written before migration 0002; covered by the entry's hash when set.
    Column("rows", Text),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

# One row: the last entry of the chain. Appends lock it, so the chain stays linear under
# concurrent writers, and truncating the log's tail is detected.
audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
)

webhooks = Table(
    "webhooks",
    metadata,
    Column("platform", String(200), primary_key=True),
    Column("url", String(2000), nullable=False),
    Column("secret", String(100), nullable=False),
    Column("created_at", TS, nullable=False),
)

webhook_outbox = Table(
    "webhook_outbox",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("platform", String(200), nullable=False),
    Column("event", String(50), nullable=False),
    Column("payload", Text, nullable=False),
    Column("created_at", TS, nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", TS, nullable=False),
    Column("delivered_at", TS),
    Column("dead", Boolean, nullable=False, default=False),
    Column("last_error", String(500)),
)
Index("ix_outbox_due", webhook_outbox.c.delivered_at, webhook_outbox.c.dead, webhook_outbox.c.next_attempt_at)
