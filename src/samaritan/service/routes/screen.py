"""Screening: one ad, or a batch of ads, each kept byte for byte as sent (contract §3)."""

from __future__ import annotations

from typing import Annotated

import orjson
from fastapi import APIRouter, Depends, Request, Response
from starlette.concurrency import run_in_threadpool

from samaritan.evidence.db import ApiKey
from samaritan.service.batchbody import BatchBodyError, split_ads
from samaritan.service.deps import Body, Gone, Screening, Settings, actor, require
from samaritan.service.openapi import json_body, json_response, ref
from samaritan.service.problems import Problem, documented
from samaritan.service.schemas import BatchResult

router = APIRouter(tags=["screening"])
MAX_BATCH_ADS = 500


def _count(request: Request, *verdicts: dict) -> None:
    metrics = getattr(request.app.state, "metrics", None)
    if metrics is not None:
        for verdict in verdicts:
            metrics.verdict(verdict)


def _wake(request: Request) -> None:
    deliverer = request.app.state.deliverer
    if deliverer is not None:
        deliverer.wake.set()


@router.post(
    "/v1/screen",
    summary="Screen one ad (contract §1) and return its verdict (§2)",
    description="The ad is stored byte for byte as sent. Posting the same bytes again returns the stored "
    "verdict; different bytes for the same id store a new revision linked to the previous one. The verdict "
    "adds `revision` and `network` (the ad's network and links at post time). A field of the wrong type, at "
    "any depth, is a 422 problem whose `path` names it.",
    openapi_extra=json_body(ref("Ad")),
    responses={200: json_response("verdict", ref("Verdict")), **documented(400, 401, 403, 409, 413, 422, 503)},
)
async def screen(
    request: Request, raw: Body, gone: Gone, service: Screening, key: Annotated[ApiKey, Depends(require("screen"))]
) -> Response:
    outcome = await run_in_threadpool(service.screen, raw, key.platform, actor(key), gone)
    _count(request, outcome.verdict)
    if outcome.created and outcome.verdict["decision"] != "allow":
        _wake(request)
    headers = {"Samaritan-Stored": "new" if outcome.created else "existing"}
    return Response(orjson.dumps(outcome.verdict), media_type="application/json", headers=headers)


@router.post(
    "/v1/screen/batch",
    summary=f"Screen up to {MAX_BATCH_ADS} ads: {{'ads': [...]}} in, {{'verdicts': [...]}} out, in order",
    description="Each ad is checked, screened and stored on its own, as `POST /v1/screen` would: one result "
    "per ad, in order, is its verdict or the contract's error record (`line` is its 1-based position; "
    "`status` the HTTP status it would have had alone; `path` the JSON path of a bad value). An ad that "
    "fails does not undo the others (some may be stored, never part of one). Each ad has the single-ad "
    "size limit. Posting the same batch again stores nothing twice and returns the stored verdicts; an id "
    "may appear once per batch.",
    openapi_extra=json_body(
        {
            "type": "object",
            "required": ["ads"],
            "properties": {"ads": {"type": "array", "maxItems": MAX_BATCH_ADS, "items": ref("Ad")}},
        }
    ),
    response_model=BatchResult,
    response_description="one result per ad, in order",
    responses=documented(400, 401, 403, 413),
)
async def screen_batch(
    request: Request,
    body: Body,
    gone: Gone,
    service: Screening,
    settings: Settings,
    key: Annotated[ApiKey, Depends(require("screen"))],
) -> Response:
    try:
        raws = split_ads(body)
    except BatchBodyError as exc:
        raise Problem(400, "Bad request", str(exc), "invalid_batch") from exc
    if len(raws) > settings.max_batch_ads:
        limit = settings.max_batch_ads
        raise Problem(413, "Batch too large", f"a batch holds at most {limit} ads", "batch_too_large")
    results = await run_in_threadpool(service.screen_batch, raws, key.platform, actor(key), gone)
    _count(request, *results)
    _wake(request)
    return Response(orjson.dumps({"verdicts": results}), media_type="application/json")
