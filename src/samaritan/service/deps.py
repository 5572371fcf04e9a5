"""Dependencies every router shares: the API key and its scopes, the platform check, the
services the routes call, and the request body. Routers take these with `Depends`, so a new
router (the review console) authenticates exactly as the API does."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from samaritan.evidence.db import ApiKey
from samaritan.service.evidence import EvidenceService
from samaritan.service.problems import Problem
from samaritan.service.screening import ScreeningService
from samaritan.service.settings import ServiceSettings

bearer = HTTPBearer(auto_error=False, description="An API key from `samaritan keys create --platform NAME`.")


def screening(request: Request) -> ScreeningService:
    return request.app.state.service


def evidence(request: Request) -> EvidenceService:
    return request.app.state.evidence


def settings(request: Request) -> ServiceSettings:
    return request.app.state.settings


def require(scope: str):
    """A dependency that yields the caller's key when it is valid and carries `scope`."""

    def check(request: Request, creds: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)]) -> ApiKey:
        if creds is None or not creds.credentials:
            raise Problem(401, "Unauthorized", "send 'Authorization: Bearer <API key>'", "no_key")
        key = request.app.state.service.store.authenticate(creds.credentials)
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


async def body(request: Request) -> bytes:
    data = await request.body()
    if not data:
        raise Problem(400, "Bad request", "the request has no body", "empty_body")
    return data


async def client_gone(request: Request, _body: Annotated[bytes, Depends(body)]) -> AsyncIterator[threading.Event]:
    """An event set when the client disconnects, so work done for it in a thread can stop
    between stages instead of running on for nobody. It watches only once the body is read:
    polling earlier would swallow body chunks."""
    gone = threading.Event()

    async def watch() -> None:
        while not gone.is_set():
            if await request.is_disconnected():
                gone.set()
                return
            await asyncio.sleep(0.05)

    task = asyncio.create_task(watch())
    try:
        yield gone
    finally:
        task.cancel()


Screening = Annotated[ScreeningService, Depends(screening)]
Evidence = Annotated[EvidenceService, Depends(evidence)]
Settings = Annotated[ServiceSettings, Depends(settings)]
Body = Annotated[bytes, Depends(body)]
Gone = Annotated[threading.Event, Depends(client_gone)]
