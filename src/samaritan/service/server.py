"""Start the service: open the store, rebuild the link indices, deliver webhooks, serve HTTP."""

from __future__ import annotations

import logging
import sys
import time

from samaritan.engine.screener import Screener
from samaritan.evidence.db import Store
from samaritan.service.app import create_app
from samaritan.service.screening import ScreeningService
from samaritan.service.webhooks import Deliverer

log = logging.getLogger(__name__)


def build(store: Store, screener: Screener, webhook_base_delay_s: float = 2.0, **limits):
    service = ScreeningService(store, screener)
    started = time.perf_counter()
    replayed = service.rebuild_links()
    deliverer = Deliverer(store, base_delay_s=webhook_base_delay_s)
    app = create_app(service, deliverer, **limits)
    return app, service, deliverer, replayed, time.perf_counter() - started


def serve(store: Store, screener: Screener, host: str, port: int, access_log: bool = False, **limits) -> None:
    app, _service, deliverer, replayed, seconds = build(store, screener, **limits)
    _run(app, store, deliverer, host, port, access_log, f"{replayed} stored ads re-linked in {seconds:.1f}s")


def serve_service(service: ScreeningService, host: str, port: int) -> None:
    """Serve a service whose link indices are already built (the demo)."""
    deliverer = Deliverer(service.store)
    _run(create_app(service, deliverer), service.store, deliverer, host, port, False, "demo data loaded")


def _run(app, store: Store, deliverer: Deliverer, host: str, port: int, access_log: bool, note: str) -> None:
    import uvicorn

    deliverer.start()
    print(
        f"samaritan serve: {store.describe()}; {note}; listening on http://{host}:{port} (OpenAPI at /openapi.json)",
        file=sys.stderr,
        flush=True,
    )
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        # Request lines name platforms and ad ids: poster data stays out of logs unless asked for.
        access_log=access_log,
        log_level="info" if access_log else "warning",
        timeout_graceful_shutdown=10,
    )
    try:
        uvicorn.Server(config).run()
    finally:
        deliverer.stop()
        store.close()
