"""legal holds, CyberTipline reports and law-enforcement requests

Revision ID: 0004
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0001"
branch_labels = None
depends_on = None

TS = sa.String(length=32)


def upgrade() -> None:
    op.create_table(
        "legal_holds",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("platform", sa.String(length=200), nullable=False),
        sa.Column("ad_id", sa.String(length=500), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("placed_by", sa.String(length=200), nullable=False),
        sa.Column("placed_at", TS, nullable=False),
        sa.Column("until", TS, nullable=False),
        sa.Column("released_at", TS, nullable=True),
        sa.Column("released_by", sa.String(length=200), nullable=True),
        sa.Column("release_reason", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("pk"),
    )
    op.create_index("ix_legal_holds_platform", "legal_holds", ["platform"])
    op.create_table(
        "ct_reports",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("platform", sa.String(length=200), nullable=False),
        sa.Column("network_id", sa.String(length=100), nullable=True),
        sa.Column("ads", sa.Text(), nullable=False),
        sa.Column("report_xml_sha256", sa.String(length=64), nullable=False),
        sa.Column("report_id", sa.String(length=100), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("pk"),
    )
    op.create_index("ix_ct_reports_platform", "ct_reports", ["platform"])
    op.create_index("ix_ct_reports_network_id", "ct_reports", ["network_id"])
    op.create_table(
        "le_requests",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("platform", sa.String(length=200), nullable=False),
        sa.Column("agency", sa.String(length=300), nullable=False),
        sa.Column("case_number", sa.String(length=200), nullable=False),
        sa.Column("process", sa.String(length=50), nullable=False),
        sa.Column("covers", sa.Text(), nullable=False),
        sa.Column("deadline", TS, nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("done_at", TS, nullable=True),
        sa.Column("packet_sha256", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("pk"),
    )
    op.create_index("ix_le_requests_platform", "le_requests", ["platform"])


def downgrade() -> None:
    op.drop_table("le_requests")
    op.drop_table("ct_reports")
    op.drop_table("legal_holds")
