"""The HTTP API (contract §3): FastAPI over the screening service and the evidence store.

The app is assembled here from parts that each have one room:

- `routes/` one router per resource (screen, ads, networks, images, webhooks, health);
- `deps` the API key and scope checks and the services routes call;
- `problems` application/problem+json responses (RFC 9457) with a machine-readable `code`;
- `middleware` the body limit and the last guard against a 5xx that leaks client values;
- `observe` request ids, the access log and Prometheus metrics (`/metrics` when `settings.metrics`);
- `schemas` the named response schemas of the OpenAPI document.

Routes call `ScreeningService` (screening and linking) and `EvidenceService` (everything
else); they never write to the store directly. Another router, such as the review console,
joins with `create_app(..., extra_routers=[router])` and authenticates through `deps`.
"""

from __future__ import annotations

from collections.abc import Iterable

from fastapi import APIRouter, FastAPI

from samaritan import __version__
from samaritan.service import problems, schemas
from samaritan.service.console import install as install_console  # review console (branch console)
from samaritan.service.evidence import EvidenceService
from samaritan.service.middleware import BodyLimit, LastGuard, ServerTiming
from samaritan.service.observe import Metrics, Observe
from samaritan.service.routes import ROUTERS
from samaritan.service.routes.health import metrics_router
from samaritan.service.screening import ScreeningService
from samaritan.service.settings import ServiceSettings
from samaritan.service.webhooks import Deliverer

# Re-exported for callers that built problems from here before the split.
Problem = problems.Problem
problem_response = problems.problem_response


def create_app(
    service: ScreeningService,
    deliverer: Deliverer | None = None,
    max_body: int | None = None,
    max_batch_body: int | None = None,
    settings: ServiceSettings | None = None,
    extra_routers: Iterable[APIRouter] = (),
) -> FastAPI:
    settings = settings or ServiceSettings()
    if max_body is not None or max_batch_body is not None:
        settings = ServiceSettings(
            **{
                **settings.__dict__,
                "max_body": max_body or settings.max_body,
                "max_batch_body": max_batch_body or settings.max_batch_body,
            }
        )
    service.max_ad_bytes = settings.max_body  # the same limit for an ad alone and in a batch
    app = FastAPI(
        title="Samaritan",
        version=__version__,
        description="Screen ads at post time for sex-trafficking and child-exploitation indicators, keep the "
        "evidence, and record reviewers' decisions.",
        openapi_url="/openapi.json",
        # Every operation may answer with these problems; each route adds its own (401 and 403
        # only where a key is needed: the probes need none).
        responses=problems.documented(400, 405, 413, 422),
        docs_url=None,  # the interactive pages load scripts from a CDN; nothing is fetched at run time
        redoc_url=None,
        # Operation ids are the route functions' names, so generated clients read `screen`, `get_ad`.
        generate_unique_id_function=lambda route: route.name,
    )
    app.state.service = service
    app.state.evidence = EvidenceService(service, settings.webhooks)
    app.state.deliverer = deliverer
    app.state.settings = settings
    app.state.metrics = Metrics(service.store, settings.metrics_sample_s) if settings.metrics else None
    problems.install(app)
    routers = (*ROUTERS, *((metrics_router,) if settings.metrics else ()), *extra_routers)
    for router in routers:
        app.include_router(router)
    install_console(app, service, deliverer)  # review console (branch console): pages, static, /docs
    schemas.install(app)
    app.add_middleware(LastGuard)
    app.add_middleware(BodyLimit, limit=settings.max_body, batch_limit=settings.max_batch_body)
    app.add_middleware(ServerTiming, on=settings.server_timing)  # the server_timing setting (benchmarks)
    # Outermost: every answer, a 413 or a 500 included, carries the request id and is counted.
    app.add_middleware(Observe, metrics=app.state.metrics)
    return app
