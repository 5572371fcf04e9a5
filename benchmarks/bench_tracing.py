"""What OpenTelemetry tracing costs a screen, in one process.

    python benchmarks/bench_tracing.py [-n 1200] [--rounds 4]

Screens generated ads straight into the ASGI app (no sockets) with tracing off and on (a server
span and four stage spans per screen, into the SDK's in-memory exporter, so no network is timed),
alternating chunks, and prints the CPU seconds per screen of each and their ratio. CPU time rather
than wall time: other engineers' load on a shared machine counts less. Needs the otel extra.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import tempfile
import time
from pathlib import Path

import orjson
from bench_serve import _asgi_screen
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from samaritan.engine.screener import Screener
from samaritan.evidence.db import Store
from samaritan.generate.corpus import SiteGenerator
from samaritan.service import tracing
from samaritan.service.app import create_app
from samaritan.service.screening import ScreeningService
from samaritan.service.settings import ServiceSettings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1200, help="ads to screen in all")
    parser.add_argument("--rounds", type=int, default=4, help="chunks per mode, alternating off and on")
    args = parser.parse_args()
    bodies = []
    for i, (ad, _) in enumerate(SiteGenerator(args.n, seed=5)):
        ad = dict(ad, id=f"bench-{i}")
        ad.pop("platform", None)
        ad.pop("images", None)
        bodies.append(orjson.dumps(ad))

    workdir = Path(tempfile.mkdtemp(prefix="samaritan-bench-tracing-"))
    store = Store(f"sqlite:///{workdir / 'evidence.db'}")
    store.migrate()
    service = ScreeningService(store, Screener())
    tracing.instrument(service)  # the wrappers stay; tracing off leaves them one check each
    app = create_app(service, settings=ServiceSettings())
    key = store.create_key("bench")
    spent, count = {False: 0.0, True: 0.0}, {False: 0, True: 0}
    spans = 0
    chunk = max(1, len(bodies) // (2 * args.rounds))
    for start in range(0, len(bodies), chunk):
        on = (start // chunk) % 2 == 1
        exporter = InMemorySpanExporter()  # configure() shuts the last one down
        tracing.configure(exporter=exporter) if on else tracing.configure("off")
        t0 = time.process_time()
        for body in bodies[start : start + chunk]:
            assert asyncio.run(_asgi_screen(app, body, key)) in (200, 201)
        spent[on] += time.process_time() - t0
        count[on] += len(bodies[start : start + chunk])
        spans += len(exporter.get_finished_spans())
    tracing.configure("off")
    store.close()
    shutil.rmtree(workdir, ignore_errors=True)
    off, on = spent[False] / count[False], spent[True] / count[True]
    print(f"{count[False]} screens off, {count[True]} on ({spans} spans): CPU per screen off {off * 1e3:.2f} ms, "
          f"on {on * 1e3:.2f} ms; on/off {on / off:.3f} (+{(on - off) * 1e6:.0f} µs per screen)")  # fmt: skip


if __name__ == "__main__":
    main()
