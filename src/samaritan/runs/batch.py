"""Screen a stream of ads into a stream of verdicts, counting what happened."""

from __future__ import annotations

import logging
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from samaritan.engine.adparse import AdError
from samaritan.engine.model import error_record
from samaritan.engine.screener import Screener
from samaritan.io.readers import Record

log = logging.getLogger(__name__)


@dataclass
class Summary:
    read: int = 0
    screened: int = 0
    errors: int = 0
    skipped: int = 0  # already in the output of an interrupted run (--resume)
    decisions: Counter = field(default_factory=Counter)
    labels: Counter = field(default_factory=Counter)

    def add(self, other: Summary) -> None:
        """Fold in the counts of a part of the run (one worker's chunk)."""
        self.read += other.read
        self.screened += other.screened
        self.errors += other.errors
        self.decisions.update(other.decisions)
        self.labels.update(other.labels)

    def to_dict(self) -> dict:
        return {
            "read": self.read,
            "screened": self.screened,
            "errors": self.errors,
            "skipped": self.skipped,
            "decisions": dict(self.decisions),
            "labels": dict(self.labels),
        }

    def text(self) -> str:
        decisions = ", ".join(f"{k} {v}" for k, v in sorted(self.decisions.items())) or "none"
        labels = ", ".join(f"{k} {v}" for k, v in sorted(self.labels.items())) or "none"
        resumed = f", {self.skipped} already done" if self.skipped else ""
        return (
            f"read {self.read}, screened {self.screened}, errors {self.errors}{resumed}; "
            f"decisions: {decisions}; labels: {labels}"
        )


def screen_records(records: Iterable[Record], screener: Screener, summary: Summary, skip: int = 0) -> Iterator[dict]:
    """Verdict (or error) dicts in input order. The first `skip` records are counted, not redone."""
    iterator = iter(records)
    if skip:
        summary.skipped = sum(1 for _ in islice(iterator, skip))
        summary.read += summary.skipped
    for line, item in iterator:
        summary.read += 1
        if isinstance(item, AdError):
            summary.errors += 1
            log.info("line %d: %s (%s)", line, item.code, item)
            yield error_record(item.ad_id, item.code, str(item), line)
            continue
        try:
            verdict = screener.screen(item)
        except Exception as exc:  # a bug on one ad must not cost the other million
            summary.errors += 1
            log.exception("line %d: internal error while screening", line)
            yield error_record(item.id, "internal_error", f"{type(exc).__name__} while screening", line)
            continue
        summary.screened += 1
        summary.decisions[verdict.decision] += 1
        summary.labels.update(verdict.labels)
        yield verdict.to_dict()


_worker_screener: Screener | None = None


def _init_worker(options: dict) -> None:
    global _worker_screener
    _worker_screener = Screener(**options)


def _screen_chunk(chunk: list[Record]) -> tuple[list[dict], Summary]:
    assert _worker_screener is not None
    summary = Summary()
    return list(screen_records(chunk, _worker_screener, summary)), summary


def screen_records_parallel(
    records: Iterable[Record], options: dict, summary: Summary, workers: int, skip: int = 0, chunk_size: int = 256
) -> Iterator[dict]:
    """As `screen_records`, on `workers` processes; output order is input order. `options` are
    the Screener's arguments (paths), so each worker builds its own engine."""
    import multiprocessing

    iterator = iter(records)
    if skip:
        summary.skipped = sum(1 for _ in islice(iterator, skip))
        summary.read += summary.skipped

    def chunks() -> Iterator[list[Record]]:
        while chunk := list(islice(iterator, chunk_size)):
            yield chunk

    context = multiprocessing.get_context("spawn")  # no forked copies of parent state
    with context.Pool(workers, initializer=_init_worker, initargs=(options,)) as pool:
        for results, part in pool.imap(_screen_chunk, chunks(), chunksize=1):
            summary.add(part)
            yield from results


def progress(iterable: Iterable, label: str, enabled: bool | None = None, total: int | None = None) -> Iterable:
    """A progress bar on stderr when it is a terminal: with `total` (the input's record count, when
    it is cheap to know) it shows the percentage, rate and time left; silent otherwise."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return iterable
    from tqdm import tqdm

    return tqdm(iterable, desc=label, unit=" ads", total=total, file=sys.stderr, mininterval=0.5, unit_scale=True)
