"""Streaming readers and writers for ads and verdicts (JSON Lines, CSV, Parquet)."""
