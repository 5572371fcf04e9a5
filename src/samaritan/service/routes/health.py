"""Probes and metrics, all without an API key: liveness (`/livez`), readiness (`/readyz`), the
version summary (`/healthz`) and, when the `metrics` setting is on, Prometheus text (`/metrics`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from samaritan.service import readiness
from samaritan.service.deps import Screening
from samaritan.service.problems import documented, problem_response
from samaritan.service.schemas import Health, Live, Ready

router = APIRouter(tags=["service"])


@router.get("/healthz", summary="Liveness, versions, and whether the link index is loaded", response_model=Health)
def healthz(service: Screening) -> dict[str, Any]:
    return {
        "status": "ok",
        "links": "ready" if service.ready.is_set() else "loading",
        "versions": service.screener.versions,
    }


@router.get("/livez", summary="The process is up and answering (no other check)", response_model=Live)
async def livez() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/readyz",
    summary="Ready for traffic: database reachable, migrations current, engine and link index loaded",
    description="503 with a problem whose `checks` names each part and `detail` the parts not ready.",
    response_model=Ready,
    responses=documented(503),
)
async def readyz(service: Screening) -> Any:
    checks = await run_in_threadpool(readiness.checks, service)
    failing = [name for name, state in checks.items() if state != readiness.OK]
    if failing:
        detail = "not ready: " + "; ".join(f"{name} {checks[name]}" for name in failing)
        return problem_response(503, "Not ready", detail, "not_ready", headers={"Retry-After": "5"}, checks=checks)
    return {"status": "ready", "checks": checks, "model": service.screener.versions["model"]}


metrics_router = APIRouter(tags=["service"])


@metrics_router.get(
    "/metrics",
    summary="Prometheus metrics (text exposition format)",
    responses={200: {"description": "metrics", "content": {"text/plain": {"schema": {"type": "string"}}}}},
)
def metrics(request: Request) -> Response:
    from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

    return Response(generate_latest(request.app.state.metrics.registry), media_type=CONTENT_TYPE_LATEST)
