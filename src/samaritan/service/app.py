"""The HTTP API (contract §3): FastAPI over the screening service and the evidence store.

Every client mistake is a 4xx `application/problem+json` (RFC 9457) saying what was wrong;
nothing a client sends may produce a 5xx. Ad bodies are read as raw bytes, so the stored
evidence is exactly what the platform sent.
"""

import json
import logging
from importlib import resources
from typing import Annotated, Any, Literal

import orjson
from fastapi import Depends, FastAPI, Request, Response, Security
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from samaritan import __version__
from samaritan.evidence.db import ApiKey, StoreError
from samaritan.service.batchbody import BatchBodyError, split_ads
from samaritan.service.screening import Rejected, ScreeningService
from samaritan.service.webhooks import Deliverer

log = logging.getLogger(__name__)

PROBLEM = "application/problem+json"
MAX_BATCH_ADS = 500


class Problem(Exception):
    def __init__(self, status: int, title: str, detail: str, code: str | None = None, **extra: Any):
        super().__init__(detail)
        self.status, self.title, self.detail, self.code, self.extra = status, title, detail, code, extra


def problem_response(
    status: int, title: str, detail: str, code: str | None = None, headers: dict[str, str] | None = None, **extra: Any
) -> Response:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if code:
        body["code"] = code
    body.update(extra)
    headers = dict(headers or {})
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return Response(orjson.dumps(body), status_code=status, media_type=PROBLEM, headers=headers)


def _json(value: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(orjson.dumps(value), status_code=status, media_type="application/json", headers=headers)


def _schema(name: str) -> dict[str, Any]:
    schema = json.loads(resources.files("samaritan").joinpath(f"schemas/{name}").read_text("utf-8"))
    schema.pop("$schema", None)
    schema.pop("$id", None)
    return schema


AD_SCHEMA = _schema("ad.schema.json")
VERDICT_SCHEMA = _schema("result.schema.json")
PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "code": {"type": "string"},
    },
}


def _problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {s: {"description": "problem", "content": {PROBLEM: {"schema": PROBLEM_SCHEMA}}} for s in statuses}


def _body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


class DecisionIn(BaseModel):
    decision: Literal["allow", "block", "escalate", "report"]
    reviewer: str = Field(min_length=1, max_length=200)
    note: str = Field(default="", max_length=10_000)


class WebhookIn(BaseModel):
    url: str = Field(pattern=r"^https?://[^\s]+$", max_length=2000)


class BodyLimit:
    """Refuses bodies over the limit with 413 before they are read into memory."""

    def __init__(self, app, limit: int, batch_limit: int):
        self.app, self.limit, self.batch_limit = app, limit, batch_limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self.batch_limit if scope["path"].endswith("/batch") else self.limit
        for name, value in scope.get("headers", []):
            if name == b"content-length" and (not value.isdigit() or int(value) > limit):
                return await self._too_large(send, limit)
        seen = 0
        started = False

        async def limited_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLarge
            return message

        async def tracking_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not started:
                await self._too_large(send, limit)

    @staticmethod
    async def _too_large(send, limit: int) -> None:
        response = problem_response(413, "Body too large", f"the request body is over the {limit}-byte limit")
        await send({"type": "http.response.start", "status": 413, "headers": response.raw_headers})
        await send({"type": "http.response.body", "body": response.body})


class _TooLarge(Exception):
    pass


def create_app(
    service: ScreeningService,
    deliverer: Deliverer | None = None,
    max_body: int = 1 << 20,
    max_batch_body: int = 16 << 20,
) -> FastAPI:
    store = service.store
    bearer = HTTPBearer(auto_error=False, description="An API key from `samaritan keys create --platform NAME`.")

    def require(scope: str):
        def check(creds: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)]) -> ApiKey:
            if creds is None or not creds.credentials:
                raise Problem(401, "Unauthorized", "send 'Authorization: Bearer <API key>'", "no_key")
            key = store.authenticate(creds.credentials)
            if key is None:
                raise Problem(401, "Unauthorized", "the API key is unknown or revoked", "bad_key")
            if scope not in key.scopes:
                raise Problem(403, "Forbidden", f"this key lacks the '{scope}' scope", "scope")
            return key

        return check

    def own_platform(key: ApiKey, platform: str) -> None:
        # Another platform's ads are reported as absent, not forbidden: nothing about them leaks.
        if platform != key.platform:
            raise Problem(404, "Not found", f"no ad or network of platform '{platform}' for this key", "not_found")

    def actor(key: ApiKey) -> str:
        return f"key:{key.key_id}"

    app = FastAPI(
        title="Samaritan",
        version=__version__,
        description="Screen ads at post time for sex-trafficking and child-exploitation indicators, keep the "
        "evidence, and record reviewers' decisions.",
        openapi_url="/openapi.json",
        # Every operation may answer with these problems; each route adds its own.
        responses=_problems(400, 401, 403, 405, 413, 422),
        docs_url=None,  # the interactive pages load scripts from a CDN; nothing is fetched at run time
        redoc_url=None,
    )
    app.state.service = service

    @app.exception_handler(Problem)
    async def _problem(_request: Request, exc: Problem) -> Response:
        return problem_response(exc.status, exc.title, exc.detail, exc.code, **exc.extra)

    @app.exception_handler(Rejected)
    async def _rejected(_request: Request, exc: Rejected) -> Response:
        titles = {400: "Bad request", 403: "Forbidden", 409: "Conflict", 410: "Gone", 422: "Unprocessable ad"}
        return problem_response(exc.status, titles.get(exc.status, "Rejected"), str(exc), exc.code)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> Response:
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
        log.error("store error: %s", exc)
        return problem_response(503, "Store unavailable", "the evidence store is unavailable; retry later")

    @app.get("/healthz", tags=["service"], summary="Liveness and store check")
    def healthz() -> dict[str, Any]:
        return {"status": "ok", "versions": service.screener.versions}

    async def read_body(request: Request) -> bytes:
        body = await request.body()
        if not body:
            raise Problem(400, "Bad request", "the request has no body", "empty_body")
        return body

    @app.post(
        "/v1/screen",
        tags=["screening"],
        summary="Screen one ad (contract §1) and return its verdict (§2)",
        description="The ad is stored byte for byte as sent. Posting the same bytes again returns the stored "
        "verdict; different bytes for the same id store a new revision linked to the previous one. The verdict "
        "adds `revision` and `network` (the ad's network and links at post time).",
        openapi_extra=_body(AD_SCHEMA),
        responses={
            200: {"description": "verdict", "content": {"application/json": {"schema": VERDICT_SCHEMA}}},
            **_problems(400, 401, 403, 409, 413, 422),
        },
    )
    async def screen(request: Request, key: Annotated[ApiKey, Depends(require("screen"))]) -> Response:
        raw = await read_body(request)
        outcome = await run_in_threadpool(service.screen, raw, key.platform, actor(key))
        if outcome.created and deliverer is not None and outcome.verdict["decision"] != "allow":
            deliverer.wake.set()
        return _json(outcome.verdict, headers={"Samaritan-Stored": "new" if outcome.created else "existing"})

    @app.post(
        "/v1/screen/batch",
        tags=["screening"],
        summary=f"Screen up to {MAX_BATCH_ADS} ads: {{'ads': [...]}} in, {{'verdicts': [...]}} out, in order",
        description="An ad that cannot be screened gets the contract's error record in its place, with `line` "
        "set to its 1-based position in the batch.",
        openapi_extra=_body(
            {
                "type": "object",
                "required": ["ads"],
                "properties": {"ads": {"type": "array", "maxItems": MAX_BATCH_ADS, "items": AD_SCHEMA}},
            }
        ),
        responses={
            200: {
                "description": "verdicts in order",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["verdicts"],
                            "properties": {"verdicts": {"type": "array", "items": VERDICT_SCHEMA}},
                        }
                    }
                },
            },
            **_problems(400, 401, 403, 413),
        },
    )
    async def screen_batch(request: Request, key: Annotated[ApiKey, Depends(require("screen"))]) -> Response:
        body = await read_body(request)
        try:
            raws = split_ads(body)
        except BatchBodyError as exc:
            raise Problem(400, "Bad request", str(exc), "invalid_batch") from exc
        if len(raws) > MAX_BATCH_ADS:
            raise Problem(413, "Batch too large", f"a batch holds at most {MAX_BATCH_ADS} ads", "batch_too_large")
        results = await run_in_threadpool(service.screen_batch, raws, key.platform, actor(key))
        if deliverer is not None:
            deliverer.wake.set()
        return _json({"verdicts": results})

    @app.get(
        "/v1/ads/{platform}/{ad_id}",
        tags=["evidence"],
        summary="A stored ad exactly as received, with its verdict history and reviewer decisions",
        description="Each revision carries `ad` (the stored JSON), `sha256` of the exact bytes received, and its "
        "verdicts, oldest first. The exact bytes are at `.../revisions/{revision}/raw`. The view is audited.",
        responses=_problems(401, 403, 404),
    )
    def get_ad(platform: str, ad_id: str, key: Annotated[ApiKey, Depends(require("read"))]) -> Response:
        own_platform(key, platform)
        history = store.history(platform, ad_id)
        if history is None:
            raise Problem(404, "Not found", f"no ad '{ad_id}' on platform '{platform}'", "not_found")
        for rev in history["revisions"]:
            raw = rev.pop("raw")
            rev["ad"] = orjson.loads(raw) if raw is not None else None
            rev["network_id"] = service.network_of(platform, ad_id, rev["revision"])
        store.audit_event("ad.viewed", actor(key), platform, ad_id)
        return _json(history)

    @app.get(
        "/v1/ads/{platform}/{ad_id}/revisions/{revision}/raw",
        tags=["evidence"],
        summary="The exact bytes received for one revision (byte for byte), with their sha256",
        responses={
            200: {"description": "the original body", "content": {"application/json": {}}},
            **_problems(401, 403, 404, 410),
        },
    )
    def get_raw(platform: str, ad_id: str, revision: int, key: Annotated[ApiKey, Depends(require("read"))]) -> Response:
        own_platform(key, platform)
        history = store.history(platform, ad_id)
        rev = next((r for r in (history or {}).get("revisions", []) if r["revision"] == revision), None)
        if rev is None:
            raise Problem(404, "Not found", f"no revision {revision} of ad '{ad_id}'", "not_found")
        if rev["raw"] is None:
            raise Problem(410, "Gone", f"revision {revision} was purged under the retention policy", "purged")
        store.audit_event("ad.raw_viewed", actor(key), platform, f"{ad_id}@{revision}")
        return Response(rev["raw"], media_type="application/json", headers={"Samaritan-Content-SHA256": rev["sha256"]})

    @app.post(
        "/v1/ads/{platform}/{ad_id}/decisions",
        tags=["review"],
        status_code=201,
        summary="Record a reviewer's decision on the latest revision",
        description="`report` (a CyberTipline report was made), `block` and `escalate` place the ad's evidence "
        "on a legal hold of at least one year. The platform's webhook receives a `decision.recorded` event.",
        responses=_problems(401, 403, 404, 422),
    )
    def record_decision(
        platform: str, ad_id: str, body: DecisionIn, key: Annotated[ApiKey, Depends(require("review"))]
    ) -> Response:
        own_platform(key, platform)
        record = store.record_decision(platform, ad_id, body.decision, body.reviewer, body.note, actor(key))
        if record is None:
            raise Problem(404, "Not found", f"no ad '{ad_id}' on platform '{platform}'", "not_found")
        if deliverer is not None:
            deliverer.wake.set()
        return _json(record, status=201)

    @app.post(
        "/v1/ads/{platform}/{ad_id}/rescreen",
        tags=["review"],
        summary="Screen the latest revision again with the current engine, adding a verdict (never replacing one)",
        description="A verdict is added only when the engine, lexicon, model or policy version changed, unless "
        "`force` is true. Returns `{'rescreened': bool, 'verdict': ...}`.",
        responses=_problems(401, 403, 404, 410),
    )
    def rescreen(
        platform: str, ad_id: str, key: Annotated[ApiKey, Depends(require("review"))], force: bool = False
    ) -> Response:
        own_platform(key, platform)
        result = service.rescreen(platform, ad_id, actor(key), force)
        if result is None:
            raise Problem(404, "Not found", f"no ad '{ad_id}' on platform '{platform}'", "not_found")
        verdict, added = result
        return _json({"rescreened": added, "verdict": verdict}, status=201 if added else 200)

    @app.get(
        "/v1/networks/{network_id}",
        tags=["networks"],
        summary="The ads of this platform in one network, with their latest decisions",
        responses=_problems(401, 403, 404),
    )
    def get_network(network_id: str, key: Annotated[ApiKey, Depends(require("read"))]) -> Response:
        network = service.network(key.platform, network_id)
        if network is None:
            raise Problem(404, "Not found", f"no network '{network_id}' for this platform", "not_found")
        store.audit_event("network.viewed", actor(key), key.platform, network_id)
        return _json(network)

    @app.post(
        "/v1/images",
        tags=["evidence"],
        status_code=201,
        summary="Store one image byte for byte; ads then refer to it by `images[].sha256`",
        description="Returns its sha256. Ads naming that sha256 are linked by perceptual hash (PDQ, pHash) to "
        "other ads' images.",
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"image/*": {"schema": {"type": "string", "format": "binary"}}},
            }
        },
        responses={
            200: {"description": "already stored", "content": {"application/json": {}}},
            201: {"description": "stored", "content": {"application/json": {}}},
            **_problems(400, 401, 403, 413),
        },
    )
    async def put_image(request: Request, key: Annotated[ApiKey, Depends(require("screen"))]) -> Response:
        data = await read_body(request)
        media_type = request.headers.get("content-type", "application/octet-stream")[:100]
        sha, created = await run_in_threadpool(store.store_image, data, media_type, key.platform, actor(key))
        return _json({"sha256": sha, "size": len(data), "stored": created}, status=201 if created else 200)

    @app.put(
        "/v1/webhook",
        tags=["webhooks"],
        summary="Set this platform's webhook URL; returns the signing secret once",
        responses=_problems(401, 403, 422),
    )
    def set_webhook(body: WebhookIn, key: Annotated[ApiKey, Depends(require("admin"))]) -> Response:
        secret = store.set_webhook(key.platform, body.url, actor(key))
        return _json({"platform": key.platform, "url": body.url, "secret": secret})

    @app.get(
        "/v1/webhook", tags=["webhooks"], summary="This platform's webhook URL", responses=_problems(401, 403, 404)
    )
    def get_webhook(key: Annotated[ApiKey, Depends(require("admin"))]) -> Response:
        hook = store.get_webhook(key.platform)
        if hook is None:
            raise Problem(404, "Not found", "no webhook is set for this platform", "not_found")
        return _json({"platform": key.platform, "url": hook["url"], "created_at": hook["created_at"]})

    @app.delete(
        "/v1/webhook",
        tags=["webhooks"],
        status_code=204,
        summary="Remove this platform's webhook",
        responses=_problems(401, 403),
    )
    def delete_webhook(key: Annotated[ApiKey, Depends(require("admin"))]) -> Response:
        store.delete_webhook(key.platform, actor(key))
        return Response(status_code=204)

    app.add_middleware(BodyLimit, limit=max_body, batch_limit=max_batch_body)
    return app
