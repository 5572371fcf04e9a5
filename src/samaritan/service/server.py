"""Start the service: open the store, start loading the link indices (from their snapshot, then
the ads stored since), deliver webhooks, serve HTTP. The server listens at once; screening waits
until the indices are loaded, so start-up does not grow with the store."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import APIRouter, FastAPI

from samaritan.engine.screener import Screener
from samaritan.evidence.db import Store
from samaritan.service import logconfig
from samaritan.service.app import create_app
from samaritan.service.linkstate import Keeper
from samaritan.service.modelwatch import ModelWatcher
from samaritan.service.screening import ScreeningService
from samaritan.service.settings import ServiceSettings
from samaritan.service.webhooks import Deliverer
from samaritan.service.workers import Lanes

log = logging.getLogger(__name__)


def build(
    store: Store,
    screener: Screener,
    settings: ServiceSettings | None = None,
    webhook_base_delay_s: float = 2.0,
    extra_routers: Iterable[APIRouter] = (),
):
    """The app and the parts `_run` starts and stops. The link indices load in the background
    once `keeper.start()` is called."""
    settings = settings or ServiceSettings()
    service = ScreeningService(store, screener, max_ad_bytes=settings.max_body)
    service.signals_key = settings.signals_key
    keeper = Keeper(service, settings.data_dir, settings.snapshot_every_s)
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


def serve(
    store: Store,
    screener: Screener,
    host: str,
    port: int,
    access_log: bool = False,
    settings: ServiceSettings | None = None,
    on_app: Callable[[FastAPI], None] | None = None,
) -> None:
    app, service, deliverer, keeper = build(store, screener, settings, extra_routers=optional_routers())
    if on_app is not None:  # the command wires what the service may not import (the reporting desk)
        on_app(app)
    settings = app.state.settings
    if settings.workers > 0:
        service.pool = Lanes(screener, settings.workers, settings.work_budget_s, settings.heavy_workers)
        service.pool.start()
    keeper.start()
    watcher = model_watcher(service, settings)
    if watcher is not None:
        watcher.start()

    def shut_down() -> None:
        if watcher is not None:
            watcher.stop()
        if service.pool is not None:
            service.pool.close()
        keeper.stop()  # the last snapshot, so the next start replays nothing

    # uvicorn re-raises SIGTERM/SIGINT after its graceful shutdown, so code after `run` never
    # runs on a signal: the snapshot is written from the app's shutdown event instead.
    _on_shutdown(app, shut_down)
    try:
        _run(app, store, deliverer, host, port, access_log, "link indices loading in the background")
    finally:
        shut_down()  # a second call writes nothing new
        store.close()


def model_watcher(service: ScreeningService, settings: ServiceSettings) -> ModelWatcher | None:
    """The hot reload of the model directory the settings name (None when none is named)."""
    if settings.model_dir is None:
        return None

    def pool_for(screener: Screener) -> Lanes:
        return Lanes(screener, settings.workers, settings.work_budget_s, settings.heavy_workers)

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
    deliverer = Deliverer(service.store)
    try:
        app = create_app(service, deliverer, extra_routers=optional_routers())
        _run(app, service.store, deliverer, host, port, False, "demo data loaded")
    finally:
        service.store.close()


def _run(app, store: Store, deliverer: Deliverer, host: str, port: int, access_log: bool, note: str) -> None:
    import uvicorn

    deliverer.start()
    print(
        f"samaritan serve: {store.describe()}; {note}; listening on http://{host}:{port} (OpenAPI at /openapi.json)",
        file=sys.stderr,
        flush=True,
    )
    settings: ServiceSettings = app.state.settings
    # uvicorn's access log names paths (platforms and ad ids): ours (`observe`) names route templates.
    log_config = logconfig.configure(settings.log_format, access_log=access_log or settings.access_log)
    config = uvicorn.Config(app, host=host, port=port, access_log=False, log_config=log_config,
                            timeout_graceful_shutdown=10)  # fmt: skip
    try:
        uvicorn.Server(config).run()
    finally:
        deliverer.stop()


def data_dir(value: str | Path | None) -> Path:
    """The data directory the store and the link snapshot live in."""
    import os

    return Path(value or os.environ.get("SAMARITAN_DATA_DIR") or "samaritan-data")
