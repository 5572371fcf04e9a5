"""Stored ads: their history and exact bytes, reviewers' decisions, and re-screening."""

from __future__ import annotations

from typing import Annotated, Literal

import orjson
from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field

from samaritan.evidence.db import ApiKey
from samaritan.service.deps import Evidence, Screening, actor, own_platform, require
from samaritan.service.problems import Problem, documented
from samaritan.service.schemas import AdHistory, Decision, RescreenResult

router = APIRouter()


class DecisionIn(BaseModel):
    decision: Literal["allow", "block", "escalate", "report"]
    reviewer: str = Field(min_length=1, max_length=200)
    note: str = Field(default="", max_length=10_000)


def _not_found(platform: str, ad_id: str) -> Problem:
    return Problem(404, "Not found", f"no ad '{ad_id}' on platform '{platform}'", "not_found")


def _json(value, status: int = 200) -> Response:
    return Response(orjson.dumps(value), status_code=status, media_type="application/json")


@router.get(
    "/v1/ads/{platform}/{ad_id}",
    tags=["evidence"],
    summary="A stored ad exactly as received, with its verdict history and reviewer decisions",
    description="Each revision carries `ad` (the stored JSON), `sha256` of the exact bytes received, and its "
    "verdicts, oldest first. The exact bytes are at `.../revisions/{revision}/raw`. The view is audited.",
    response_model=AdHistory,
    responses=documented(401, 403, 404),
)
def get_ad(platform: str, ad_id: str, evidence: Evidence, key: Annotated[ApiKey, Depends(require("read"))]) -> Response:
    own_platform(key, platform)
    history = evidence.history(key, platform, ad_id)
    if history is None:
        raise _not_found(platform, ad_id)
    return _json(history)


@router.get(
    "/v1/ads/{platform}/{ad_id}/revisions/{revision}/raw",
    tags=["evidence"],
    summary="The exact bytes received for one revision (byte for byte), with their sha256",
    responses={
        200: {"description": "the original body", "content": {"application/json": {}}},
        **documented(401, 403, 404, 410),
    },
)
def get_raw(
    platform: str, ad_id: str, revision: int, evidence: Evidence, key: Annotated[ApiKey, Depends(require("read"))]
) -> Response:
    own_platform(key, platform)
    found = evidence.raw(key, platform, ad_id, revision)
    if found is None:
        raise Problem(404, "Not found", f"no revision {revision} of ad '{ad_id}'", "not_found")
    raw, sha = found
    return Response(raw, media_type="application/json", headers={"Samaritan-Content-SHA256": sha})


@router.post(
    "/v1/ads/{platform}/{ad_id}/decisions",
    tags=["review"],
    status_code=201,
    summary="Record a reviewer's decision on the latest revision",
    description="`report` (a CyberTipline report was made), `block` and `escalate` place the ad's evidence "
    "on a legal hold of at least one year. The platform's webhook receives a `decision.recorded` event.",
    response_model=Decision,
    responses=documented(401, 403, 404, 422),
)
def record_decision(
    request: Request,
    platform: str,
    ad_id: str,
    body: DecisionIn,
    evidence: Evidence,
    key: Annotated[ApiKey, Depends(require("review"))],
) -> Response:
    own_platform(key, platform)
    record = evidence.record_decision(key, platform, ad_id, body.decision, body.reviewer, body.note)
    if record is None:
        raise _not_found(platform, ad_id)
    if request.app.state.deliverer is not None:
        request.app.state.deliverer.wake.set()
    return _json(record, status=201)


@router.post(
    "/v1/ads/{platform}/{ad_id}/rescreen",
    tags=["review"],
    summary="Screen the latest revision again with the current engine, adding a verdict (never replacing one)",
    description="A verdict is added only when the engine, lexicon, model or policy version changed, unless "
    "`force` is true. Returns `{'rescreened': bool, 'verdict': ...}`.",
    response_model=RescreenResult,
    responses={
        201: {"model": RescreenResult, "description": "a new verdict was added"},
        **documented(401, 403, 404, 410),
    },
)
def rescreen(
    platform: str,
    ad_id: str,
    service: Screening,
    key: Annotated[ApiKey, Depends(require("review"))],
    force: bool = False,
) -> Response:
    own_platform(key, platform)
    result = service.rescreen(platform, ad_id, actor(key), force)
    if result is None:
        raise _not_found(platform, ad_id)
    verdict, added = result
    return _json({"rescreened": added, "verdict": verdict}, status=201 if added else 200)
