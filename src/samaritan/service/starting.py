"""The app `serve` listens with while the real one is built (#12: listening within seconds,
whatever the size of the store and however long imports and the engine take).

`Starting` is a plain ASGI app with no heavy import. It binds at once and answers:

- `/livez` 200: the process is up;
- `/readyz` 503 `not_ready`, its `checks` naming each part and what it is doing;
- anything else waits for the real app (up to `wait_s`, then 503 `starting` with `Retry-After`),
  then goes to it as if it had arrived there. `/healthz` too: it reports the engine's versions,
  and clients take its first answer to mean the API is up, as it meant before.

A builder thread, started once the event loop runs, opens the store, builds the engine and the
app; the real app's lifespan is run from here, so its shutdown (the last link snapshot) happens
when the server stops. A build that fails stops the server, and `serve` raises its exception.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import secrets
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

log = logging.getLogger(__name__)

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[MutableMapping[str, Any], Receive, Send], Awaitable[None]]

PROBLEM = b"application/problem+json"
# The same rule as `observe.new_request_id` (which this module may not import: it is heavy).
_WELL_FORMED = re.compile(rb"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")


def _request_id(scope: MutableMapping[str, Any]) -> bytes:
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id" and _WELL_FORMED.fullmatch(value):
            return bytes(value)
    return secrets.token_hex(16).encode()


async def _answer(scope, send: Send, status: int, body: dict[str, Any], retry: bool = False) -> None:
    headers = [
        (b"content-type", PROBLEM if status >= 400 else b"application/json"),
        (b"x-request-id", _request_id(scope)),
    ]
    if retry:
        headers.append((b"retry-after", b"5"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": json.dumps(body).encode()})


class Starting:
    """See the module's docstring. `build` returns the real app; `on_failure` is called (from the
    builder thread) when it raised, to stop the server."""

    def __init__(self, build: Callable[[Starting], ASGIApp], wait_s: float = 30.0):
        self.build = build
        self.wait_s = wait_s
        self.app: ASGIApp | None = None
        self.failed: BaseException | None = None
        self.on_failure: Callable[[], None] = lambda: None
        # What each part is doing, as `/readyz` names it; the builder updates it.
        self.checks = {"database": "opening", "migrations": "unknown", "engine": "loading", "links": "loading"}
        self.timings: dict[str, float] = {}  # seconds per start-up step, logged when built
        self.done = threading.Event()  # the build finished, with an app or a failure
        self._ready = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._inner: _Lifespan | None = None

    def step(self, name: str, started: float) -> float:
        """Record how long the step `name` took since `started`; returns now."""
        now = time.perf_counter()
        self.timings[name] = round(now - started, 3)
        return now

    # ------------------------------------------------------------------ ASGI
    async def __call__(self, scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            return await self._lifespan(receive, send)
        if self.app is None and scope["type"] == "http":
            path = scope.get("path", "")
            if path == "/livez":
                return await _answer(scope, send, 200, {"status": "ok"})
            if path == "/readyz":
                return await _answer(scope, send, 503, self._not_ready(), retry=True)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._ready.wait(), self.wait_s)
            if self.app is None:
                body = {"type": "about:blank", "title": "Unavailable", "status": 503, "code": "starting",
                        "detail": "the service is starting (engine loading); retry shortly"}  # fmt: skip
                return await _answer(scope, send, 503, body, retry=True)
        if self.app is None:  # a websocket before the app exists: nothing to talk to yet
            return
        await self.app(scope, receive, send)

    def _not_ready(self) -> dict[str, Any]:
        checks = dict(self.checks)
        failing = "; ".join(f"{name} {state}" for name, state in checks.items() if state != "ok")
        return {"type": "about:blank", "title": "Not ready", "status": 503, "code": "not_ready",
                "detail": f"not ready: {failing}", "checks": checks}  # fmt: skip

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self._loop = asyncio.get_running_loop()
                self._thread = threading.Thread(target=self._build, name="samaritan-start", daemon=True)
                self._thread.start()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await asyncio.to_thread(self.done.wait)  # a build under way finishes first
                if self._inner is not None:
                    await self._inner.shutdown()
                await send({"type": "lifespan.shutdown.complete"})
                return

    # ------------------------------------------------------------------ the builder thread
    def _build(self) -> None:
        try:
            app = self.build(self)
            assert self._loop is not None
            asyncio.run_coroutine_threadsafe(self._install(app), self._loop).result()
        except BaseException as exc:  # reported by `serve` once the server has stopped
            self.failed = exc
            log.error("samaritan serve: start-up failed (%s)", type(exc).__name__)
            self.on_failure()
        finally:
            self.done.set()

    async def _install(self, app: ASGIApp) -> None:
        inner = _Lifespan(app)
        await inner.startup()
        self._inner, self.app = inner, app
        self._ready.set()

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)


class _Lifespan:
    """Runs an ASGI app's lifespan protocol: startup now, shutdown later."""

    def __init__(self, app: ASGIApp):
        self.app = app
        self._to_app: asyncio.Queue[Message] = asyncio.Queue()
        self._from_app: asyncio.Queue[Message] = asyncio.Queue()
        self._task: asyncio.Task | None = None

    async def startup(self) -> None:
        scope = {"type": "lifespan", "asgi": {"version": "3.0", "spec_version": "2.0"}, "state": {}}
        self._task = asyncio.create_task(self.app(scope, self._to_app.get, self._from_app.put))
        await self._to_app.put({"type": "lifespan.startup"})
        answer = await self._answer()
        if answer is not None and answer["type"] == "lifespan.startup.failed":
            raise RuntimeError(f"the app's start-up failed: {answer.get('message', '')}")

    async def shutdown(self) -> None:
        if self._task is None or self._task.done():
            return
        await self._to_app.put({"type": "lifespan.shutdown"})
        await self._answer()

    async def _answer(self) -> Message | None:
        """The app's next lifespan message, or None when it returned (no lifespan support)."""
        assert self._task is not None
        getter = asyncio.ensure_future(self._from_app.get())
        await asyncio.wait({getter, self._task}, return_when=asyncio.FIRST_COMPLETED)
        if getter.done():
            return getter.result()
        getter.cancel()
        self._task.result()  # raises what the app raised
        return None
