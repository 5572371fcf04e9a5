"""audit entries carry the content hashes of the rows they wrote

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 14:30:00

Rows stored before this revision are claimed by `audit.baseline` entries that the store
appends right after upgrading (Database.migrate), so verify covers them from then on.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("rows", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("rows")
