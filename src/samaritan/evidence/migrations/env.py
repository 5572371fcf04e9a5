"""Alembic environment: the store passes its own connection, so migrations run wherever the
store points (SQLite file or PostgreSQL) with no alembic.ini."""

from alembic import context

from samaritan.evidence.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
