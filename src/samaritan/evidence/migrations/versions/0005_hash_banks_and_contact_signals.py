"""hash banks and shared contact signals

Revision ID: 0005
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hash_banks",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("negative", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "bank_imports",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("bank", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=1000), nullable=False),
        sa.Column("source_sha256", sa.String(length=64), nullable=False),
        sa.Column("signals", sa.Integer(), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("imported_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["bank"], ["hash_banks.name"]),
        sa.PrimaryKeyConstraint("pk"),
    )
    op.create_table(
        "bank_signals",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("bank", sa.String(length=200), nullable=False),
        sa.Column("signal_type", sa.String(length=10), nullable=False),
        sa.Column("value", sa.String(length=64), nullable=False),
        sa.Column("tags", sa.String(length=500), nullable=False),
        sa.Column("quality", sa.Integer(), nullable=True),
        sa.Column("import_pk", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["bank"], ["hash_banks.name"]),
        sa.ForeignKeyConstraint(["import_pk"], ["bank_imports.pk"]),
        sa.PrimaryKeyConstraint("pk"),
        sa.UniqueConstraint("bank", "signal_type", "value", name="uq_bank_signal"),
    )
    op.create_table(
        "signals_in",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("signal_type", sa.String(length=10), nullable=False),
        sa.Column("hmac", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("first_seen", sa.String(length=32), nullable=False),
        sa.Column("last_seen", sa.String(length=32), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("imported_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("pk"),
        sa.UniqueConstraint("source", "signal_type", "hmac", name="uq_signal_in"),
    )
    op.create_table(
        "signal_matches",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("signal_pk", sa.Integer(), nullable=False),
        sa.Column("ad_pk", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("reviewer", sa.String(length=200), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("decided_at", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(["ad_pk"], ["ads.pk"]),
        sa.ForeignKeyConstraint(["signal_pk"], ["signals_in.pk"]),
        sa.PrimaryKeyConstraint("pk"),
        sa.UniqueConstraint("signal_pk", "ad_pk", name="uq_signal_match"),
    )
    op.create_index("ix_signal_matches_signal_pk", "signal_matches", ["signal_pk"])
    op.create_index("ix_signals_in_hmac", "signals_in", ["hmac"])


def downgrade() -> None:
    op.drop_index("ix_signals_in_hmac", table_name="signals_in")
    op.drop_index("ix_signal_matches_signal_pk", table_name="signal_matches")
    for table in ("signal_matches", "signals_in", "bank_signals", "bank_imports", "hash_banks"):
        op.drop_table(table)
