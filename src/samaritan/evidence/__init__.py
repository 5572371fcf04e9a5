"""The evidence store: every ad as received, every verdict and decision, and the audit chain.

SQLAlchemy 2 (Core) over embedded SQLite in a data directory, or PostgreSQL when
`SAMARITAN_DATABASE_URL` is set; Alembic owns the schema.
"""

from samaritan.evidence.db import Store, StoreError, StoreSettings, open_store

__all__ = ["Store", "StoreError", "StoreSettings", "open_store"]
