"""This platform's webhook: where signed events about its ads are sent (public https only)."""

from __future__ import annotations

from typing import Annotated

import orjson
from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, Field

from samaritan.evidence.db import ApiKey
from samaritan.service.deps import Evidence, require
from samaritan.service.problems import Problem, documented
from samaritan.service.schemas import Webhook, WebhookCreated

router = APIRouter(tags=["webhooks"])


class WebhookIn(BaseModel):
    url: str = Field(max_length=2000, description="an https URL whose host resolves to public addresses only")


def _json(value) -> Response:
    return Response(orjson.dumps(value), media_type="application/json")


@router.put(
    "/v1/webhook",
    summary="Set this platform's webhook URL; returns the signing secret once",
    description="The URL must be https, carry no user info or control characters, and its host must resolve "
    "to public addresses only (checked now and again at every delivery); otherwise 422 `url_refused`.",
    response_model=WebhookCreated,
    responses=documented(401, 403, 422),
)
def set_webhook(body: WebhookIn, evidence: Evidence, key: Annotated[ApiKey, Depends(require("admin"))]) -> Response:
    secret = evidence.set_webhook(key, body.url)
    return _json({"platform": key.platform, "url": body.url, "secret": secret})


@router.get(
    "/v1/webhook", summary="This platform's webhook URL", response_model=Webhook, responses=documented(401, 403, 404)
)
def get_webhook(evidence: Evidence, key: Annotated[ApiKey, Depends(require("admin"))]) -> Response:
    hook = evidence.get_webhook(key)
    if hook is None:
        raise Problem(404, "Not found", "no webhook is set for this platform", "not_found")
    return _json({"platform": key.platform, "url": hook["url"], "created_at": hook["created_at"]})


@router.delete("/v1/webhook", status_code=204, summary="Remove this platform's webhook", responses=documented(401, 403))
def delete_webhook(evidence: Evidence, key: Annotated[ApiKey, Depends(require("admin"))]) -> Response:
    evidence.delete_webhook(key)
    return Response(status_code=204)
