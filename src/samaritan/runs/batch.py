"""Screen a stream of ads into a stream of verdicts, counting what happened."""

from __future__ import annotations

import gc
import logging
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import orjson

from samaritan.engine.adparse import AdError, parse_ad
from samaritan.engine.model import Ad, error_record
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


# Objects the cyclic garbage collector lets pile up before it runs, while ads are screened. At
# CPython's 700 it ran some 40 times per thousand ads (the batch in flight holds more than 700
# new objects: hits, indicators, verdicts), each pass traversing them to find no cycles: 17 us
# per ad on the rules path, 40 on the model path, measured with gc.callbacks on 5,000 generated
# ads. Screening holds memory flat, so at this threshold it runs rarely, and it still runs.
GC_THRESHOLD = 20_000


class _FewerCollections:
    """Raises the collector's first threshold to GC_THRESHOLD for a run, and puts it back."""

    def __enter__(self) -> None:
        self.before = gc.get_threshold()
        self.mine = (max(self.before[0], GC_THRESHOLD), *self.before[1:])
        gc.set_threshold(*self.mine)

    def __exit__(self, *exc: object) -> None:
        if gc.get_threshold() == self.mine:  # unless someone else changed it meanwhile
            gc.set_threshold(*self.before)


def screen_records(records: Iterable[Record], screener: Screener, summary: Summary, skip: int = 0) -> Iterator[dict]:
    """Verdict (or error) dicts in input order. The first `skip` records are counted, not redone."""
    with _FewerCollections():
        yield from _screen_records(records, screener, summary, skip)


def _screen_records(records: Iterable[Record], screener: Screener, summary: Summary, skip: int) -> Iterator[dict]:
    iterator = iter(records)
    if skip:
        summary.skipped = sum(1 for _ in islice(iterator, skip))
        summary.read += summary.skipped
    # Ads are screened a few dozen at a time (Screener.screen_many: each stage's patterns stay
    # in the CPU caches across the batch); output stays in input order.
    while batch := list(islice(iterator, _BATCH)):
        ads = [item for _, item in batch if not isinstance(item, AdError)]
        verdicts = iter(screener.screen_many(ads))
        for line, item in batch:
            summary.read += 1
            if isinstance(item, AdError):
                summary.errors += 1
                log.info("line %d: %s (%s)", line, item.code, item)
                yield error_record(item.ad_id, item.code, str(item), line)
                continue
            verdict = next(verdicts)
            if isinstance(verdict, Exception):  # a bug on one ad must not cost the other million
                summary.errors += 1
                log.error("line %d: internal error while screening", line, exc_info=verdict)
                yield error_record(item.id, "internal_error", f"{type(verdict).__name__} while screening", line)
                continue
            summary.screened += 1
            summary.decisions[verdict.decision] += 1
            summary.labels.update(verdict.labels)
            yield verdict.to_dict()


_BATCH = 64


_worker_screener: Screener | None = None


def _init_worker(options: dict) -> None:
    global _worker_screener
    if _worker_screener is None:  # forked workers inherit the parent's engine
        _worker_screener = Screener(**options)
    gc.freeze()  # the engine lives as long as the worker (cli/kit.py screener_from)


def _screen_chunk(chunk: list[tuple[int, dict | AdError]]) -> tuple[list[bytes], Summary]:
    """One chunk screened in a worker. Records travel as the decoded JSON (not as `Ad`, which
    holds the same text twice) and verdicts come back as JSON bytes: pickling dicts of dicts
    both ways cost the parent more than the screening it handed out."""
    assert _worker_screener is not None
    summary = Summary()
    records = ((line, item if isinstance(item, AdError) else _reparse(item)) for line, item in chunk)
    return [orjson.dumps(r) for r in screen_records(records, _worker_screener, summary)], summary


def _reparse(raw: dict) -> Ad | AdError:
    try:
        return parse_ad(raw)
    except AdError as exc:  # cannot happen: the parent parsed it already
        return exc


def screen_records_parallel(
    records: Iterable[Record],
    options: dict,
    summary: Summary,
    workers: int,
    skip: int = 0,
    chunk_size: int = 256,
    screener: Screener | None = None,
) -> Iterator[dict]:
    """As `screen_records`, on `workers` processes; output order is input order. `options` are
    the Screener's arguments (paths), so each worker builds its own engine.

    Where processes can be forked (Linux), the workers are forked from this one once its engine
    is built (`screener`, else one built here from `options`: cheap when the caller built one,
    as rules and tables are cached per process), so none of them imports the package or loads
    the rules again: spawning each worker cost ~2 s of start-up, more than screening thousands
    of ads. The pool starts here, before the caller opens its output, so no worker inherits it."""
    import multiprocessing

    iterator = iter(records)
    if skip:
        summary.skipped = sum(1 for _ in islice(iterator, skip))
        summary.read += summary.skipped
    global _worker_screener
    fork = "fork" in multiprocessing.get_all_start_methods()
    if fork:
        _worker_screener = screener if screener is not None else Screener(**options)
    context = multiprocessing.get_context("fork" if fork else "spawn")
    try:
        pool = context.Pool(workers, initializer=_init_worker, initargs=(options,))
    finally:
        _worker_screener = None  # the parent keeps no engine of its own for the pool's sake
    return _results(pool, iterator, summary, chunk_size)


def _results(pool: Any, iterator: Iterator[Record], summary: Summary, chunk_size: int) -> Iterator[dict]:
    def chunks() -> Iterator[list[tuple[int, dict | AdError]]]:
        while chunk := list(islice(iterator, chunk_size)):
            yield [(line, item if isinstance(item, AdError) else item.raw) for line, item in chunk]

    with pool:
        for results, part in pool.imap(_screen_chunk, chunks(), chunksize=1):
            summary.add(part)
            for line in results:
                yield orjson.loads(line)


def progress(iterable: Iterable, label: str, enabled: bool | None = None, total: int | None = None) -> Iterable:
    """A progress bar on stderr when it is a terminal: with `total` (the input's record count, when
    it is cheap to know) it shows the percentage, rate and time left; silent otherwise."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return iterable
    from tqdm import tqdm

    return tqdm(iterable, desc=label, unit=" ads", total=total, file=sys.stderr, mininterval=0.5, unit_scale=True)
