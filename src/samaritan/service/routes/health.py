"""Liveness: answers as soon as the server listens, also while the link index loads."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from samaritan.service.deps import Screening

router = APIRouter(tags=["service"])


@router.get("/healthz", summary="Liveness, versions, and whether the link index is loaded")
def healthz(service: Screening) -> dict[str, Any]:
    return {
        "status": "ok",
        "links": "ready" if service.ready.is_set() else "loading",
        "versions": service.screener.versions,
    }
