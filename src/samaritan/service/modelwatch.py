"""A new learned model without a restart.

`serve` watches the model directory the settings name. When its content version (the sha256 of
its files, `content_version`) changes, the new model is loaded on this watcher's thread, never
on a request's: read with `load_model`, checked by screening a probe ad, and, with worker
processes, a new pool is started and warmed with it. Only then is it swapped in, in one step, so
every ad is screened wholly by the old model or wholly by the new one, and its verdict's
`versions.model` says which. A model that fails any of this is logged and the old one stays;
the same bad version is not tried again until the directory changes once more.

A model being written while it is read would pair one version's `model.json` with another's
weights: the version is read before and after loading, and the model is taken only when the
two and the loaded model's own version agree (otherwise the next look tries again).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from samaritan.engine.learned.model import content_version, load_model
from samaritan.engine.screener import Screener
from samaritan.service.screening import ScreeningService
from samaritan.service.workers import Lanes, WorkerPool

log = logging.getLogger(__name__)

# A synthetic, clinical ad: screening it proves the model runs end to end with this engine.
PROBE = {"id": "model-probe", "platform": "probe", "title": "Probe", "body": "Bicycle for sale, call 702-555-0142."}


class ModelWatcher:
    def __init__(
        self,
        service: ScreeningService,
        directory: Path,
        every_s: float = 30.0,
        pool_factory: Callable[[Screener], WorkerPool | Lanes] | None = None,
    ):
        self.service = service
        self.directory = Path(directory)
        self.every_s = every_s
        # With worker processes: how to build (unstarted) a pool for a new screener.
        self.pool_factory = pool_factory
        self.rejected: str | None = None  # the last version that failed, not retried
        self.loaded = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def current(self) -> str:
        return self.service.screener.versions["model"]

    def check(self) -> str | None:
        """One look at the directory: the new model's version when one was swapped in, else None."""
        try:
            before = content_version(self.directory)
        except OSError:
            return None  # not there (yet, or being replaced): the next look tries again
        if before in (self.current, self.rejected):
            return None
        try:
            screener, pool = self._prepare()
        except Exception as exc:
            self.rejected = before
            log.error("model in %s (version %s) not taken, keeping %s: %s: %s",
                      self.directory, before, self.current, type(exc).__name__, exc)  # fmt: skip
            return None
        after = content_version(self.directory)
        if not before == screener.versions["model"] == after:
            log.info("model in %s changed while it was read; trying again at the next look", self.directory)
            if pool is not None:
                pool.close()
            return None
        previous = self.current
        self.service.use_screener(screener, pool)
        self.loaded += 1
        log.info("model %s taken in place of %s", after, previous)
        return after

    def _prepare(self) -> tuple[Screener, WorkerPool | Lanes | None]:
        old = self.service.screener
        model = load_model(self.directory)
        screener = Screener(lexicon=old.lexicon, weights=old.weights, policy=old.policy,
                            region=old.extractor.region, places=old.extractor.places, model=model)  # fmt: skip
        screener.screen(PROBE)
        if self.service.pool is None or self.pool_factory is None:
            return screener, None
        pool = self.pool_factory(screener)
        try:
            pool.start()
            pool.warm()
        except BaseException:
            pool.close()
            raise
        return screener, pool

    # ------------------------------------------------------------------ the thread
    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="samaritan-model", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.every_s):
            try:
                self.check()
            except Exception as exc:  # a watcher that dies would silently stop reloads
                log.error("model watch failed: %s", type(exc).__name__)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
