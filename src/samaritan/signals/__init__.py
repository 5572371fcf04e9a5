"""Shared contact signals: platforms tell each other which identifiers were behind ads their
reviewers blocked or reported, as keyed hashes (HMAC-SHA256 under a key the participants
share), never the identifiers or any ad text. Pure logic; storage is `evidence/signals.py`."""
