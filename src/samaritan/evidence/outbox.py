"""Webhooks and their outbox: events are queued in the same transaction as the evidence they
announce, and delivered (at least once) by the service's deliverer. The outbox is bookkeeping,
outside the audit chain; webhook settings are in it."""

from __future__ import annotations

import secrets
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, insert, select, update

from samaritan.evidence import audit, coverage
from samaritan.evidence.engine import Database
from samaritan.evidence.records import dumps, now_iso
from samaritan.evidence.schema import webhook_outbox, webhooks


def enqueue(conn: Connection, platform: str, event_name: str, payload: dict, at: str) -> None:
    # Only platforms with a webhook get events; the check is one indexed read.
    if conn.execute(select(webhooks.c.platform).where(webhooks.c.platform == platform)).first() is None:
        return
    conn.execute(
        insert(webhook_outbox).values(
            platform=platform,
            event=event_name,
            payload=dumps(dict(payload, event=event_name)),
            created_at=at,
            attempts=0,
            next_attempt_at=at,
            dead=False,
        )
    )


class Outbox:
    def __init__(self, db: Database):
        self.db = db

    def set_webhook(self, platform: str, url: str, actor: str) -> str:
        secret = "whsec_" + secrets.token_urlsafe(32)
        at = now_iso()
        row = {"platform": platform, "url": url, "secret": secret, "created_at": at}
        with self.db.transaction() as conn:
            conn.execute(sa.delete(webhooks).where(webhooks.c.platform == platform))
            conn.execute(insert(webhooks).values(**row))
            audit.append(conn, at, "webhook.set", actor, platform, url, None, [coverage.claim("webhooks", row)])
        return secret

    def get_webhook(self, platform: str) -> dict[str, Any] | None:
        with self.db.engine.connect() as conn:
            row = conn.execute(select(webhooks).where(webhooks.c.platform == platform)).mappings().first()
        return dict(row) if row else None

    def delete_webhook(self, platform: str, actor: str) -> bool:
        with self.db.transaction() as conn:
            gone = conn.execute(sa.delete(webhooks).where(webhooks.c.platform == platform)).rowcount
            if gone:
                audit.append(
                    conn,
                    now_iso(),
                    "webhook.deleted",
                    actor,
                    platform,
                    None,
                    None,
                    [coverage.gone("webhooks", platform)],
                )
        return bool(gone)

    def due_deliveries(self, limit: int = 50) -> list[dict[str, Any]]:
        at = now_iso()
        with self.db.engine.connect() as conn:
            rows = conn.execute(
                select(webhook_outbox, webhooks.c.url, webhooks.c.secret)
                .join(webhooks, webhooks.c.platform == webhook_outbox.c.platform)
                .where(
                    webhook_outbox.c.delivered_at.is_(None),
                    webhook_outbox.c.dead.is_(False),
                    webhook_outbox.c.next_attempt_at <= at,
                )
                .order_by(webhook_outbox.c.pk)
                .limit(limit)
            ).mappings()
            return [dict(r) for r in rows]

    def delivery_result(self, pk: int, ok: bool, error: str | None, next_at: str | None, dead: bool) -> None:
        values: dict[str, Any] = {"attempts": webhook_outbox.c.attempts + 1, "last_error": (error or "")[:500] or None}
        if ok:
            values["delivered_at"] = now_iso()
        else:
            values["dead"] = dead
            if next_at:
                values["next_attempt_at"] = next_at
        with self.db.write_lock, self.db.write_engine.begin() as conn:  # no audit entry: bookkeeping
            conn.execute(update(webhook_outbox).where(webhook_outbox.c.pk == pk).values(**values))

    def outbox(self, platform: str | None = None) -> list[dict[str, Any]]:
        query = select(webhook_outbox).order_by(webhook_outbox.c.pk)
        if platform:
            query = query.where(webhook_outbox.c.platform == platform)
        with self.db.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]
