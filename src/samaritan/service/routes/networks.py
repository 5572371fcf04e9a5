"""Networks: the ads of this platform linked into one network, with their latest decisions."""

from __future__ import annotations

from typing import Annotated

import orjson
from fastapi import APIRouter, Depends, Response

from samaritan.evidence.db import ApiKey
from samaritan.service.deps import Evidence, require
from samaritan.service.problems import Problem, documented
from samaritan.service.schemas import Network

router = APIRouter(tags=["networks"])


@router.get(
    "/v1/networks/{network_id}",
    summary="The ads of this platform in one network, with their latest decisions",
    response_model=Network,
    responses=documented(401, 403, 404, 503),
)
def get_network(network_id: str, evidence: Evidence, key: Annotated[ApiKey, Depends(require("read"))]) -> Response:
    network = evidence.network(key, network_id)
    if network is None:
        raise Problem(404, "Not found", f"no network '{network_id}' for this platform", "not_found")
    return Response(orjson.dumps(network), media_type="application/json")
