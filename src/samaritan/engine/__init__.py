"""The screening engine: ad -> normalise -> cues -> detect/extract -> score -> decide -> verdict.

Pure: it imports no web framework, database, CLI library or driver (tests/test_architecture.py).
"""
