"""Coverage-guided fuzzing of every per-ad stage with atheris (optional; `pip install atheris`).

    python scripts/fuzz.py -atheris_runs=200000            # or -max_total_time=600
    python scripts/fuzz.py corpus_dir/ -max_len=65536      # keep interesting inputs

Each input is decoded as UTF-8 (invalid bytes replaced) and run through folding, detection,
every extractor, the whole screener and the link keys. Any exception, or an input that takes
more than --slow-ms per 100 KB (checked after the first runs have warmed the caches), is a crash
that atheris reports with the input saved. The deterministic property tests in
tests/test_hostile.py cover the same stages in CI.
"""

from __future__ import annotations

import sys
import time

import atheris

with atheris.instrument_imports(include=["samaritan"], enable_loader_override=False):
    from samaritan.engine.extract.contacts import find_emails, find_handles, find_urls
    from samaritan.engine.extract.places import find_places
    from samaritan.engine.extract.prices import find_prices
    from samaritan.engine.normalize import fold
    from samaritan.engine.screener import Screener
    from samaritan.link.text import shingles

SCREENER = Screener()
SLOW_MS_PER_100KB = 200.0  # generous: coverage instrumentation slows everything down
_runs = [0]


def one_input(data: bytes) -> None:
    text = data.decode("utf-8", "replace")
    start = time.perf_counter()
    fold(text, SCREENER.detector._vocabulary)
    for finder in (find_emails, find_handles, find_urls, find_prices):
        finder(text)
    find_places(text)
    shingles("", text)
    if text.strip():
        SCREENER.screen({"id": "fuzz", "body": text})
    spent = (time.perf_counter() - start) * 1000
    _runs[0] += 1
    if _runs[0] > 1000 and len(text) > 2000 and spent * 100_000 / len(text) > SLOW_MS_PER_100KB:
        raise RuntimeError(f"{len(text)} characters took {spent:.0f} ms")


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
