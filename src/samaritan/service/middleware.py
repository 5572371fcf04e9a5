"""ASGI middleware: a body-size limit applied before a body is read, and a last guard that turns
an unexpected exception into a 500 problem while logging no client value above debug."""

from __future__ import annotations

import logging
import time
import traceback

from samaritan.service.problems import problem_response
from samaritan.service.workers import work_cpu

log = logging.getLogger(__name__)


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


class ServerTiming:
    """With the `server_timing` setting: a `Server-Timing` header on every answer, `app;dur=MS`
    the time from the request's arrival in the app to its answer, and `work;dur=MS` the CPU time
    its ads' screening took (in a worker or a thread). Benchmarks read it to tell the service's
    own latency and CPU from the client's and the machine's (a shared machine's waits for a
    core show in wall time, not in CPU time). Off by default: it tells clients how long work took."""

    def __init__(self, app, on: bool = False):
        self.app = app
        self.on = on

    async def __call__(self, scope, receive, send):
        if not self.on or scope["type"] != "http":
            return await self.app(scope, receive, send)
        started, spent = time.perf_counter(), []
        token = work_cpu.set(spent)  # the request's thread adds to `spent` (the context is copied)

        async def timed_send(message):
            if message["type"] == "http.response.start":
                parts = [f"app;dur={(time.perf_counter() - started) * 1000:.2f}"]
                if spent:
                    parts.append(f"work;dur={sum(spent) * 1000:.2f}")
                message["headers"] = [*message.get("headers", ()), (b"server-timing", ", ".join(parts).encode())]
            await send(message)

        try:
            await self.app(scope, receive, timed_send)
        finally:
            work_cpu.reset(token)


class _TooLarge(Exception):
    pass


class LastGuard:
    """An exception nothing else handled: logged at ERROR as its type and stack only (the message
    and locals may hold the client's values, so they go to debug), answered with a 500 problem."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def tracking_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except _TooLarge:
            raise
        except Exception as exc:
            stack = "".join(traceback.format_tb(exc.__traceback__))
            log.error("unhandled %s in a %s request\n%s", type(exc).__name__, scope.get("method"), stack)
            log.debug("unhandled exception detail", exc_info=exc)
            if not started:
                response = problem_response(500, "Internal error", "the server failed; the request may be retried")
                await send({"type": "http.response.start", "status": 500, "headers": response.raw_headers})
                await send({"type": "http.response.body", "body": response.body})
