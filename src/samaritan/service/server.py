"""Start the service: listen at once, then open the store, build the engine and the app, start
loading the link indices (from their snapshot, then the ads stored since) and deliver webhooks.

Until the app is built a small start-up app (`starting.Starting`) answers the probes and holds
other requests; until the link indices are loaded screening waits for them. So the time to
listen is the interpreter's and uvicorn's, not the engine's nor the store's (#12). This module
imports nothing heavy at the top for that reason: FastAPI, the engine and the store are
imported by the builder thread.
"""

from __future__ import annotations

import gc
import logging
import sys
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from samaritan.service import logconfig
from samaritan.service.settings import ServiceSettings
from samaritan.service.starting import Starting

if TYPE_CHECKING:
    from fastapi import APIRouter, FastAPI

    from samaritan.engine.screener import Screener
    from samaritan.evidence.db import Store
    from samaritan.service.modelwatch import ModelWatcher
    from samaritan.service.screening import ScreeningService
    from samaritan.service.webhooks import Deliverer
    from samaritan.service.workers import Lanes

log = logging.getLogger(__name__)
# How long a request that arrives before the app is built waits for it (then 503 `starting`).
START_WAIT_S = 30.0


def build(
    store: Store,
    screener: Screener,
    settings: ServiceSettings | None = None,
    webhook_base_delay_s: float = 2.0,
    extra_routers: Iterable[APIRouter] = (),
):
    """The app and the parts `serve` starts and stops. The link indices load in the background
    once `keeper.start()` is called."""
    from samaritan.service.app import create_app
    from samaritan.service.compaction import compact
    from samaritan.service.linkstate import Keeper
    from samaritan.service.screening import ScreeningService
    from samaritan.service.webhooks import Deliverer

    settings = settings or ServiceSettings()
    service = ScreeningService(store, screener, max_ad_bytes=settings.max_body, data_dir=settings.data_dir)
    service.signals_key = settings.signals_key
    service.inline_chars = settings.inline_chars
    keeper = Keeper(service, settings.data_dir, settings.snapshot_every_s, compact, settings.compact_ads)
    deliverer = Deliverer(store, base_delay_s=webhook_base_delay_s, policy=settings.webhooks)
    app = create_app(service, deliverer, settings=settings, extra_routers=extra_routers)
    return app, service, deliverer, keeper


def optional_routers() -> list[APIRouter]:
    """Routers of parts that may not be installed yet. The review console mounts here: when
    `samaritan.service.console` exists it must export `router` (an APIRouter using `deps`)."""
    try:
        from samaritan.service.console import router  # type: ignore[import-not-found]
    except ModuleNotFoundError as exc:
        if exc.name != "samaritan.service.console":
            raise
        return []
    return [router]


class _Running:
    """What the start-up built, so that stopping stops exactly that (once)."""

    def __init__(self) -> None:
        self.store: Store | None = None
        self.service: ScreeningService | None = None
        self.deliverer: Deliverer | None = None
        self.keeper: Any = None
        self.watcher: ModelWatcher | None = None
        self.pool: Lanes | None = None  # until the service holds it
        self.stopped = False

    def stop(self) -> None:
        if self.stopped:
            return
        self.stopped = True
        if self.watcher is not None:
            self.watcher.stop()
        pool = self.service.pool if self.service is not None else self.pool
        if pool is not None:
            pool.close()
        if self.keeper is not None:
            self.keeper.stop()  # the last snapshot, so the next start replays nothing
        if self.deliverer is not None:
            self.deliverer.stop()

    def close(self) -> None:
        self.stop()
        if self.store is not None:
            self.store.close()


def serve(
    parts: Callable[[], tuple[Store, Screener]],
    host: str,
    port: int,
    access_log: bool = False,
    settings: ServiceSettings | None = None,
    on_app: Callable[[FastAPI], None] | None = None,
) -> None:
    """Listen on host:port now; `parts()` (the store and the screener: the slow part) is called
    on a builder thread. A failure there stops the server and is raised here."""
    settings = settings or ServiceSettings()
    running = _Running()
    shell = Starting(lambda shell: _build_serving(shell, parts, settings, on_app, running), wait_s=START_WAIT_S)
    server = _server(shell, settings, host, port, access_log)
    shell.on_failure = lambda: setattr(server, "should_exit", True)
    logconfig.announce(
        f"samaritan serve: listening on http://{host}:{port} (OpenAPI at /openapi.json); "
        "the engine, the store and the link indices load in the background",
        settings.log_format,
    )
    try:
        server.run()
    finally:
        shell.join()  # a build under way finishes, so what it started is stopped below
        running.close()
    if shell.failed is not None:
        raise shell.failed


def _build_serving(shell: Starting, parts, settings: ServiceSettings, on_app, running: _Running):
    """The builder thread's work: the real app, with its workers, link loading and webhooks
    started. Each step's time goes to `shell.timings` and the log."""
    t = start = time.perf_counter()
    from samaritan.service import app as _app  # noqa: F401  # the heavy imports, timed on their own
    from samaritan.service.workers import Lanes

    t = shell.step("imports", t)
    running.store, screener = parts()
    shell.checks.update(database="ok", engine="workers starting" if settings.workers > 0 else "ok")
    t = shell.step("engine and store", t)
    pool = None
    if settings.workers > 0:  # forked from this engine now, before the app and the link index exist
        from samaritan.service.modelwatch import PROBE

        screener.screen(PROBE)  # what the engine builds lazily is built once, and shared
        running.pool = pool = Lanes(screener, settings.workers, settings.work_budget_s, settings.heavy_workers)
        pool.start()
        t = shell.step("workers", t)
    app, service, running.deliverer, running.keeper = build(running.store, screener, settings,
                                                            extra_routers=optional_routers())  # fmt: skip
    running.service, service.pool = service, pool
    if on_app is not None:  # the command wires what the service may not import (the reporting desk)
        on_app(app)
    t = shell.step("app", t)
    running.keeper.start()
    running.watcher = model_watcher(service, settings)
    if running.watcher is not None:
        running.watcher.start()
    running.deliverer.start()
    _on_shutdown(app, running.stop)
    freeze_when(service.ready)  # the app and engine now, the link indices once loaded
    shell.step("started", t)
    shell.timings["total"] = round(time.perf_counter() - start, 3)
    log.info("samaritan serve: app built (%s)", shell.timings)
    logconfig.announce(
        f"samaritan serve: {running.store.describe()}; app built in {shell.timings['total']:.1f}s; "
        "link indices loading in the background",
        settings.log_format,
    )
    return app


def freeze_when(loaded: threading.Event) -> None:
    """Take what exists now, and again once `loaded` is set, out of the cyclic collector's sight
    (`gc.freeze`). It lives as long as the process: the app, the engine and, once loaded, the
    link indices, about 20 container objects per ad. A full collection walks every object it
    sees; at 20k ads that was 0.35 s of CPU with every thread stopped, so at 1M ads it would be
    seconds, a pause for every request in flight. Frozen objects are still freed by reference
    counting; only a cycle among them would stay (the young generations are collected first)."""

    def freeze() -> None:
        gc.collect(1)
        gc.freeze()

    freeze()

    def when_loaded() -> None:
        loaded.wait()
        freeze()

    threading.Thread(target=when_loaded, name="samaritan-freeze", daemon=True).start()


def model_watcher(service: ScreeningService, settings: ServiceSettings) -> ModelWatcher | None:
    """The hot reload of the model directory the settings name (None when none is named)."""
    if settings.model_dir is None:
        return None
    from samaritan.service.modelwatch import ModelWatcher
    from samaritan.service.workers import Lanes

    def pool_for(screener: Screener) -> Lanes:
        # Not forked from the server, which by now holds the link index and request threads:
        # a clean zygote builds the new engine once for every worker (`workers.Source`).
        return Lanes(screener, settings.workers, settings.work_budget_s, settings.heavy_workers, fork_here=False)

    return ModelWatcher(service, settings.model_dir, settings.model_check_s, pool_for)


def _on_shutdown(app, action) -> None:
    """Run `action` when the app's lifespan ends (after the last request, before exit)."""
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(scope_app):
        async with inner(scope_app) as state:
            yield state
        action()

    app.router.lifespan_context = lifespan


def serve_service(service: ScreeningService, host: str, port: int) -> None:
    """Serve a service whose link indices are already built (the demo)."""
    from samaritan.service.app import create_app
    from samaritan.service.webhooks import Deliverer

    deliverer = Deliverer(service.store)
    try:
        app = create_app(service, deliverer, extra_routers=optional_routers())
        deliverer.start()
        print(f"samaritan serve: {service.store.describe()}; demo data loaded; listening on http://{host}:{port} "
              "(OpenAPI at /openapi.json)", file=sys.stderr, flush=True)  # fmt: skip
        try:
            _server(app, app.state.settings, host, port, False).run()
        finally:
            deliverer.stop()
    finally:
        service.store.close()


def _server(app, settings: ServiceSettings, host: str, port: int, access_log: bool):
    import uvicorn

    # uvicorn's access log names paths (platforms and ad ids): ours (`observe`) names route templates.
    log_config = logconfig.configure(settings.log_format, access_log=access_log or settings.access_log)
    config = uvicorn.Config(app, host=host, port=port, access_log=False, log_config=log_config,
                            timeout_graceful_shutdown=10)  # fmt: skip
    return uvicorn.Server(config)
