"""The evidence store: every ad as received, every verdict and decision, and the audit chain.

SQLAlchemy 2 (Core) over embedded SQLite in a data directory, or PostgreSQL by URL; Alembic
owns the schema. The store reads no environment: callers pass a URL and `StoreSettings`
(the CLI builds them from SAMARITAN_* variables in cli/store_env.py). `Store` (db.py) is the
front door; db.py's docstring maps each concept to its module.
"""

from samaritan.evidence import legal  # noqa: F401  (its tables join the audit coverage on import)
from samaritan.evidence.db import Store, StoreError, StoreSettings, open_store

__all__ = ["Store", "StoreError", "StoreSettings", "open_store"]
