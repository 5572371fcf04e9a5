"""Images: stored byte for byte once checked to be an allowed image within the pixel budget."""

from __future__ import annotations

from typing import Annotated

import orjson
from fastapi import APIRouter, Depends, Response
from starlette.concurrency import run_in_threadpool

from samaritan.evidence.db import ApiKey
from samaritan.service.deps import Body, Evidence, require
from samaritan.service.imagecheck import FORMATS, MAX_PIXELS
from samaritan.service.problems import documented
from samaritan.service.schemas import ImageStored

router = APIRouter(tags=["evidence"])


@router.post(
    "/v1/images",
    status_code=201,
    summary="Store one image byte for byte; ads then refer to it by `images[].sha256`",
    description=f"Returns its sha256. The image must be {', '.join(FORMATS)} of at most {MAX_PIXELS} pixels "
    "(checked from its header before any decoding); anything else is refused (415, 413). Ads naming that "
    "sha256 are linked by perceptual hash (PDQ, pHash) to other ads' images.",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"image/*": {"schema": {"type": "string", "format": "binary"}}},
        }
    },
    responses={
        200: {"description": "already stored", "model": ImageStored},
        201: {"description": "stored", "model": ImageStored},
        **documented(400, 401, 403, 413, 415),
    },
)
async def put_image(data: Body, evidence: Evidence, key: Annotated[ApiKey, Depends(require("screen"))]) -> Response:
    sha, created = await run_in_threadpool(evidence.store_image, key, data)
    body = orjson.dumps({"sha256": sha, "size": len(data), "stored": created})
    return Response(body, status_code=201 if created else 200, media_type="application/json")
