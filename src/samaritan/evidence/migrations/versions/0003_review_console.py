"""review console: users, sessions, the review queue and its claim leases

Revision ID: 0003
Revises: 0001
Create Date: 2026-12-01 14:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None

TS = sa.String(length=32)


def upgrade() -> None:
    op.create_table(
        "console_users",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("platforms", sa.String(length=2000), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("disabled_at", TS, nullable=True),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", TS, nullable=True),
        sa.Column("blur", sa.Integer(), nullable=False),
        sa.Column("break_after", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "console_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_name", sa.String(length=100), nullable=False),
        sa.Column("csrf", sa.String(length=64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("last_seen_at", TS, nullable=False),
        sa.Column("ended_at", TS, nullable=True),
        sa.Column("seen", sa.Integer(), nullable=False),
        sa.Column("high_seen", sa.Integer(), nullable=False),
        sa.Column("break_taken", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_index("ix_console_sessions_user", "console_sessions", ["user_name"])
    op.create_table(
        "queue_items",
        sa.Column("ad_pk", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("platform", sa.String(length=200), nullable=False),
        sa.Column("ad_id", sa.String(length=500), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("neg_priority", sa.Integer(), nullable=False),
        sa.Column("neg_risk", sa.Float(), nullable=False),
        sa.Column("received_at", TS, nullable=False),
        sa.Column("verdict", sa.String(length=10), nullable=False),
        sa.Column("labels", sa.String(length=200), nullable=False),
        sa.Column("section", sa.String(length=200), nullable=False),
        sa.Column("network_id", sa.String(length=100), nullable=True),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=True),
        sa.Column("decided_at", TS, nullable=True),
        sa.Column("claimed_by", sa.String(length=100), nullable=True),
        sa.Column("claim_until", TS, nullable=True),
        sa.PrimaryKeyConstraint("ad_pk"),
        sa.UniqueConstraint("platform", "ad_id", name="uq_queue_ad"),
    )
    op.create_index(
        "ix_queue_order",
        "queue_items",
        ["platform", "state", "neg_priority", "neg_risk", "received_at", "ad_pk"],
    )
    op.create_index("ix_queue_network", "queue_items", ["platform", "network_id"])
    op.create_index("ix_queue_received", "queue_items", ["platform", "state", "received_at", "neg_priority"])
    op.create_table(
        "queue_counts",
        sa.Column("platform", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("neg_priority", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("labels", sa.String(length=200), nullable=False),
        sa.Column("section", sa.String(length=200), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("platform", "state", "neg_priority", "labels", "section"),
    )
    cursor = op.create_table(
        "queue_cursor",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("verdict_pk", sa.Integer(), nullable=False),
        sa.Column("decision_pk", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    # The one cursor row exists from the start, so concurrent first catch-ups never race to create it.
    op.bulk_insert(cursor, [{"id": 1, "verdict_pk": 0, "decision_pk": 0}])


def downgrade() -> None:
    op.drop_table("queue_cursor")
    op.drop_table("queue_counts")
    op.drop_index("ix_queue_received", table_name="queue_items")
    op.drop_index("ix_queue_network", table_name="queue_items")
    op.drop_index("ix_queue_order", table_name="queue_items")
    op.drop_table("queue_items")
    op.drop_index("ix_console_sessions_user", table_name="console_sessions")
    op.drop_table("console_sessions")
    op.drop_table("console_users")
