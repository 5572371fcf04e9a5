"""initial evidence store

Revision ID: 0001
Revises:
Create Date: 2026-11-22 07:46:09.209095
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "api_keys",
        sa.Column("key_id", sa.String(length=32), nullable=False),
        sa.Column("platform", sa.String(length=200), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("scopes", sa.String(length=200), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("revoked_at", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("key_id"),
        sa.UniqueConstraint("key_hash"),
    )
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("action", sa.String(length=50), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("platform", sa.String(length=200), nullable=True),
        sa.Column("subject", sa.String(length=700), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
    )
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("stored_at", sa.String(length=32), nullable=False),
        sa.Column("purged_at", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("sha256"),
    )
    op.create_table(
        "webhook_outbox",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("platform", sa.String(length=200), nullable=False),
        sa.Column("event", sa.String(length=50), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.String(length=32), nullable=False),
        sa.Column("delivered_at", sa.String(length=32), nullable=True),
        sa.Column("dead", sa.Boolean(), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("pk"),
    )
    with op.batch_alter_table("webhook_outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_due", ["delivered_at", "dead", "next_attempt_at"], unique=False)

    op.create_table(
        "webhooks",
        sa.Column("platform", sa.String(length=200), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("secret", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("platform"),
    )
    op.create_table(
        "ads",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("platform", sa.String(length=200), nullable=False),
        sa.Column("ad_id", sa.String(length=500), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("raw_sha256", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.String(length=32), nullable=False),
        sa.Column("previous_pk", sa.Integer(), nullable=True),
        sa.Column("hold", sa.Boolean(), nullable=False),
        sa.Column("retain_until", sa.String(length=32), nullable=False),
        sa.Column("purged_at", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["previous_pk"],
            ["ads.pk"],
        ),
        sa.ForeignKeyConstraint(
            ["raw_sha256"],
            ["blobs.sha256"],
        ),
        sa.PrimaryKeyConstraint("pk"),
        sa.UniqueConstraint("platform", "ad_id", "revision", name="uq_ads_revision"),
    )
    with op.batch_alter_table("ads", schema=None) as batch_op:
        batch_op.create_index("ix_ads_retention", ["retain_until"], unique=False)

    op.create_table(
        "decisions",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("ad_pk", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("reviewer", sa.String(length=200), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ad_pk"],
            ["ads.pk"],
        ),
        sa.PrimaryKeyConstraint("pk"),
    )
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decisions_ad_pk"), ["ad_pk"], unique=False)

    op.create_table(
        "verdicts",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("ad_pk", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("trigger", sa.String(length=20), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("priority", sa.String(length=10), nullable=False),
        sa.Column("labels", sa.String(length=200), nullable=False),
        sa.Column("versions", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["ad_pk"],
            ["ads.pk"],
        ),
        sa.PrimaryKeyConstraint("pk"),
    )
    with op.batch_alter_table("verdicts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_verdicts_ad_pk"), ["ad_pk"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("verdicts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_verdicts_ad_pk"))

    op.drop_table("verdicts")
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decisions_ad_pk"))

    op.drop_table("decisions")
    with op.batch_alter_table("ads", schema=None) as batch_op:
        batch_op.drop_index("ix_ads_retention")

    op.drop_table("ads")
    op.drop_table("webhooks")
    with op.batch_alter_table("webhook_outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_due")

    op.drop_table("webhook_outbox")
    op.drop_table("blobs")
    op.drop_table("audit_log")
    op.drop_table("audit_head")
    op.drop_table("api_keys")
