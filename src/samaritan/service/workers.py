"""The expensive per-ad work (screening, link keys, text shingles) on worker processes.

Run in the server's own threads, one pathological ad holds the interpreter lock for as long as
its regular expressions run, and every other request (even `/healthz`) waits. On a worker
process it holds only that worker. Each ad has a time budget: a worker that overruns it, or
whose client has gone, is killed and replaced by a warm spare, so no ad can keep a core busy
for longer than the budget, and work for nobody stops at once. Workers are forked from one
process holding a built engine (`zygote`), so they start in milliseconds, not seconds each.
"""

from __future__ import annotations

import contextvars
import gc
import logging
import multiprocessing
import os
import threading
import time
from dataclasses import replace
from multiprocessing.connection import Connection
from typing import Any

from samaritan.engine.model import Ad
from samaritan.engine.screener import Screener
from samaritan.link.linker import collect_record
from samaritan.link.records import AdRecord
from samaritan.service import zygote

log = logging.getLogger(__name__)
HEAVY_NICE = 10  # added to the heavy lane's workers' nice value


class OverBudget(RuntimeError):
    """The ad's work took longer than the budget; its worker was replaced."""


class Abandoned(RuntimeError):
    """The client left; its worker was stopped and replaced."""


class Closed(RuntimeError):
    """The pool was closed (replaced by one with a new model): run the ad on the current pool."""


# The CPU seconds of each ad's work done for the current request, when something (the
# `middleware.ServerTiming` header) wants them: the list is shared with the request's thread.
work_cpu: contextvars.ContextVar[list[float] | None] = contextvars.ContextVar("samaritan_work_cpu", default=None)


def work(screener: Screener, ad: Ad, images: list[dict[str, Any]], hashes: dict) -> tuple[dict, AdRecord]:
    """The verdict and link record of one ad: the same function in a worker or in a thread."""
    started = time.thread_time()
    verdict = screener.screen(ad).to_dict()
    link_ad = replace(ad, images=images)
    result = verdict, collect_record(link_ad, verdict.get("entities"), verdict, hash_image=hashes.get)
    _count_cpu(time.thread_time() - started)
    return result


def _count_cpu(seconds: float) -> None:
    spent = work_cpu.get()
    if spent is not None:
        spent.append(seconds)


def _serve(conn: Connection, options: dict[str, Any], nice: int = 0) -> None:
    """A spawned worker: it builds its own engine first."""
    _serve_with(conn, Screener(**options), nice)


def _serve_with(conn: Connection, screener: Screener, nice: int = 0) -> None:
    if nice:
        os.nice(nice)  # the heavy lane yields the CPU to ordinary ads (see `Lanes`)
    gc.freeze()  # the engine lives as long as the worker: no collection need scan it again
    try:
        conn.send(("ready", None))
        while True:
            job = conn.recv()
            started = time.thread_time()
            try:
                answer: tuple = ("ok", work(screener, *job))
            except Exception as exc:  # reported to the server by type only
                answer = ("error", type(exc).__name__)
            conn.send((*answer, time.thread_time() - started))
    except (EOFError, OSError):
        return  # the server has gone (or replaced this worker): nothing to answer


def _spawned_zygote(control, options: dict[str, Any]) -> None:
    """A zygote started clean (`Source(fork_here=False)`): one engine, then forks."""
    screener = Screener(**options)
    zygote.serve_forks(control, lambda conn, nice: _serve_with(conn, screener, nice))


class _Worker:
    def __init__(self, conn: Connection, process: Any):
        self.conn, self.process = conn, process
        self.ready = False

    def wait_ready(self) -> None:
        if not self.ready:
            status, _ = self.conn.recv()
            self.ready = status == "ready"

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class Source:
    """Where a pool's workers come from. Where the platform allows (`zygote.available`), they
    are forked from one zygote that holds a built engine: forked from this process now
    (`fork_here`: the server, just after building its engine, so no worker builds one) or
    started clean and building the engine once (a new model, loaded while the server holds its
    link index and serves requests). Elsewhere each worker is spawned and builds its own."""

    def __init__(self, screener: Screener, fork_here: bool = True):
        self.screener, self.fork_here = screener, fork_here
        self.options = {
            "lexicon": screener.lexicon,
            "weights": screener.weights,
            "policy": screener.policy,
            "region": screener.extractor.region,
            "places": screener.extractor.places,
            "model": screener.model or "none",  # the learned model itself (plain arrays), or rules only
        }
        self._context = multiprocessing.get_context("spawn")  # no forked copies of server state
        self._zygote: zygote.Zygote | None = None
        self._lock = threading.Lock()
        self._closed = False

    def start(self) -> None:
        with self._lock:
            if self._zygote is not None or self._closed or not zygote.available():
                return
            if self.fork_here:
                screener = self.screener
                self._zygote = zygote.Zygote(lambda conn, nice: _serve_with(conn, screener, nice))
            else:
                self._zygote = zygote.Zygote(spawn=(_spawned_zygote, (self.options,)))

    def new(self, nice: int = 0) -> _Worker:
        found = self._zygote
        if found is not None:
            try:
                return _Worker(*found.fork(nice))
            except (OSError, RuntimeError) as exc:
                if self._closed:
                    raise Closed from exc
                log.warning("worker zygote failed (%s); spawning a worker instead", type(exc).__name__)
        conn, child = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(child, self.options, nice), daemon=True,
                                        name="samaritan-worker")  # fmt: skip
        process.start()
        child.close()
        return _Worker(conn, process)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            found, self._zygote = self._zygote, None
        if found is not None:
            found.close()


class WorkerPool:
    """`size` workers plus one warm spare. `run` blocks until a worker is free."""

    def __init__(
        self,
        screener: Screener,
        size: int = 2,
        budget_s: float = 5.0,
        nice: int = 0,
        spare: bool = True,
        source: Source | None = None,
    ):
        self.nice, self.keep_spare = nice, spare
        # A pool given its source (`Lanes` shares one) leaves closing it to the giver.
        self._own_source = source is None
        self.source = source or Source(screener)
        self.budget_s = budget_s
        self.size = size
        self._lock = threading.Lock()
        self._free: list[_Worker] = []
        self._available = threading.Semaphore(0)
        self._spare: _Worker | None = None
        self.replaced = 0
        self._closed = False

    @property
    def options(self) -> dict[str, Any]:
        return self.source.options

    def start(self) -> None:
        self.source.start()
        for _ in range(self.size):
            self._release(self.source.new(self.nice))
        if self.keep_spare:
            self._spare = self.source.new(self.nice)

    def warm(self) -> None:
        """Wait until every worker has built its screener (before this pool takes traffic)."""
        with self._lock:
            workers = [*self._free, *([self._spare] if self._spare else [])]
        for worker in workers:
            worker.wait_ready()
            if not worker.ready:
                raise RuntimeError("a worker failed to start")

    def starting(self) -> int:
        """How many idle workers are still building their screener (readiness reports them)."""
        with self._lock:
            workers = [*self._free, *([self._spare] if self._spare else [])]
        count = 0
        for worker in workers:
            try:
                count += not worker.ready and not worker.conn.poll(0)
            except (OSError, ValueError):  # closed meanwhile: not starting
                continue
        return count

    def _release(self, worker: _Worker) -> None:
        with self._lock:
            closed = self._closed
            if not closed:
                self._free.append(worker)
        if closed:  # a worker back from its last ad on a replaced pool
            worker.kill()
        self._available.release()

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        self.replaced += 1
        with self._lock:
            spare, self._spare = self._spare, None
        if self._closed:
            return
        try:
            self._release(spare or self.source.new(self.nice))
        except Closed:
            return
        if self.keep_spare:
            threading.Thread(target=self._new_spare, daemon=True).start()

    def _new_spare(self) -> None:
        try:
            fresh: _Worker | None = self.source.new(self.nice)
        except Closed:
            return
        with self._lock:
            if self._spare is None and not self._closed:
                self._spare, fresh = fresh, None
        if fresh is not None:
            fresh.kill()

    def run(self, ad: Ad, images: list[dict[str, Any]], hashes: dict, gone: threading.Event | None = None, heavy=False):
        """The ad's verdict and link record from a free worker (`heavy` is for `Lanes` only)."""
        self._available.acquire()
        with self._lock:
            if self._closed or not self._free:
                self._available.release()  # wake the next waiter: it finds the pool closed too
                raise Closed
            worker = self._free.pop()
        try:
            worker.wait_ready()
            worker.conn.send((ad, images, hashes))
            deadline = time.monotonic() + self.budget_s
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise OverBudget
                if worker.conn.poll(min(0.05, remaining)):
                    break
                if gone is not None and gone.is_set():
                    raise Abandoned
            status, result, cpu = worker.conn.recv()
            _count_cpu(cpu)
        except BaseException:  # overrun, abandoned, died: this worker's state is unknown
            self._replace(worker)
            raise
        self._release(worker)
        if status != "ok":
            raise RuntimeError(f"worker failed with {result}")
        return result

    def close(self) -> None:
        """Stop the free workers now; a busy one finishes its ad and is stopped when it returns.
        Callers waiting for a worker are woken and get `Closed`."""
        with self._lock:
            self._closed = True
            workers = [*self._free, *([self._spare] if self._spare else [])]
            self._free, self._spare = [], None
        self._available.release()
        for worker in workers:
            worker.kill()
        if self._own_source:
            self.source.close()


class Lanes:
    """Two pools, so ordinary ads never queue behind hostile ones: `ordinary` for ads of the
    usual shape, `heavy` for ads shaped like an attack (over the per-field work budget or over
    `admission.HEAVY_BYTES`), whose workers run at a lower CPU priority; `admission` bounds how
    many heavy ads may wait. The same interface as `WorkerPool`."""

    def __init__(
        self, screener: Screener, size: int = 2, budget_s: float = 5.0, heavy_size: int = 1, fork_here: bool = True
    ):
        self.source = Source(screener, fork_here)  # one engine for both pools (`Source`)
        self.ordinary = WorkerPool(screener, size, budget_s, source=self.source)
        # No warm spare: a replaced heavy worker is forked when needed, which only slows heavy ads.
        self.heavy = WorkerPool(screener, heavy_size, budget_s, nice=HEAVY_NICE, spare=False, source=self.source)
        self.budget_s = budget_s

    @property
    def _closed(self) -> bool:
        return self.ordinary._closed or self.heavy._closed

    @property
    def replaced(self) -> int:
        return self.ordinary.replaced + self.heavy.replaced

    def start(self) -> None:
        self.ordinary.start()
        self.heavy.start()

    def starting(self) -> int:
        return self.ordinary.starting() + self.heavy.starting()

    def warm(self) -> None:
        self.ordinary.warm()
        self.heavy.warm()

    def run(self, ad: Ad, images: list[dict[str, Any]], hashes: dict, gone=None, heavy: bool = False):
        return (self.heavy if heavy else self.ordinary).run(ad, images, hashes, gone)

    def close(self) -> None:
        self.ordinary.close()
        self.heavy.close()
        self.source.close()
