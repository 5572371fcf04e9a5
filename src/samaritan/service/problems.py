"""Problem responses (RFC 9457 `application/problem+json`, with a machine-readable `code`).

Every client mistake is a 4xx problem saying what was wrong; nothing a client sends may produce
a 5xx. Handlers never log or echo the client's values above debug level.
"""

from __future__ import annotations

import logging
from typing import Any

import orjson
from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from samaritan.evidence.db import StoreError
from samaritan.service.screening import Rejected

log = logging.getLogger(__name__)

PROBLEM = "application/problem+json"
TITLES = {
    400: "Bad request",
    403: "Forbidden",
    404: "Not found",
    409: "Conflict",
    410: "Gone",
    413: "Too large",
    415: "Unsupported media type",
    422: "Unprocessable",
    499: "Client closed request",
    503: "Unavailable",
}
PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "path": {"type": "string"},
    },
}


class Problem(Exception):
    """Raise from a route or dependency to answer with a problem."""

    def __init__(self, status: int, title: str, detail: str, code: str | None = None, **extra: Any):
        super().__init__(detail)
        self.status, self.title, self.detail, self.code, self.extra = status, title, detail, code, extra


def problem_response(
    status: int, title: str, detail: str, code: str | None = None, headers: dict[str, str] | None = None, **extra: Any
) -> Response:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if code:
        body["code"] = code
    body.update({k: v for k, v in extra.items() if v is not None})
    headers = dict(headers or {})
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return Response(orjson.dumps(body), status_code=status, media_type=PROBLEM, headers=headers)


def rejected_response(exc: Rejected) -> Response:
    headers = {"Retry-After": "5"} if exc.status == 503 else None
    title = TITLES.get(exc.status, "Rejected")
    return problem_response(exc.status, title, str(exc), exc.code, headers=headers, path=exc.path)


def documented(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for these problem statuses."""
    ref = {"$ref": "#/components/schemas/Problem"}  # `schemas.Problem`, published by `schemas.install`
    return {s: {"description": "problem", "content": {PROBLEM: {"schema": ref}}} for s in statuses}


def install(app: FastAPI) -> None:
    """Register the handlers that turn every known failure into a problem response."""

    @app.exception_handler(Problem)
    async def _problem(_request: Request, exc: Problem) -> Response:
        return problem_response(exc.status, exc.title, exc.detail, exc.code, **exc.extra)

    @app.exception_handler(Rejected)
    async def _rejected(_request: Request, exc: Rejected) -> Response:
        return rejected_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> Response:
        # Pydantic's errors carry the offending `input`: only locations and messages go back.
        errors = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
            for e in exc.errors()
        ]
        detail = "; ".join(f"{'.'.join(e['loc'])}: {e['msg']}" for e in errors) or "invalid request"
        return problem_response(422, "Invalid request", detail, "invalid_request", errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> Response:
        # Keep the exception's headers: a 405 must say which methods are allowed (RFC 9110).
        return problem_response(exc.status_code, "HTTP error", str(exc.detail), headers=exc.headers)

    @app.exception_handler(StoreError)
    async def _store_error(_request: Request, exc: StoreError) -> Response:
        # The message may quote a value (a URL, an id): the detail goes to debug only.
        log.error("store error (%s); details at debug level", type(exc).__name__)
        log.debug("store error: %s", exc)
        return problem_response(
            503,
            "Store unavailable",
            "the evidence store is unavailable; retry later",
            "store_unavailable",
            headers={"Retry-After": "5"},
        )
