"""OpenTelemetry traces of the service, an optional extra (`pip install 'samaritan[otel]'`), off
unless the `tracing` setting says `console` or `otlp` (the exporter then reads the standard
OTEL_EXPORTER_OTLP_* variables).

A request is one server span (`POST /v1/screen`, named by its route template) with child spans for
the screening stages the service runs: parse, engine (in-thread or on a worker process), link and
store, and the store write. Attributes are the route template, method, status, request id, and
values from the contract's fixed vocabulary (decision, labels, revision): never a path, an ad id,
ad text or a contact. The engine knows nothing of this: the service's methods are wrapped here.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

MODES = ("off", "console", "otlp")


class TracingUnavailable(RuntimeError):
    pass


class _State:
    tracer: Any = None
    provider: Any = None


def tracer() -> Any:
    """The configured tracer, or None when tracing is off (the middleware then does nothing)."""
    return _State.tracer


def configure(mode: str = "off", exporter: Any = None) -> Any:
    """Turn tracing on (`console`, `otlp`, or any SDK span exporter given, as tests do) or off.
    Returns the TracerProvider (None when off); nothing is installed process-wide."""
    if _State.provider is not None:
        _State.provider.shutdown()
    _State.tracer = _State.provider = None
    if mode not in MODES:
        raise ValueError(f"tracing is one of {', '.join(MODES)}, not {mode!r}")
    if mode == "off" and exporter is None:
        return None
    try:
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor
    except ImportError as exc:
        raise TracingUnavailable("tracing needs the otel extra: pip install 'samaritan[otel]'") from exc
    from samaritan import __version__

    provider = TracerProvider(resource=Resource.create({"service.name": "samaritan", "service.version": __version__}))
    if exporter is not None:
        provider.add_span_processor(SimpleSpanProcessor(exporter))
    elif mode == "console":
        provider.add_span_processor(BatchSpanProcessor(ConsoleSpanExporter(out=sys.stderr)))
    else:
        try:
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        except ImportError as exc:
            raise TracingUnavailable("OTLP tracing needs the otel extra: pip install 'samaritan[otel]'") from exc
        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    _State.provider, _State.tracer = provider, provider.get_tracer("samaritan", __version__)
    return provider


def _parent(headers: Iterable[tuple[bytes, bytes]]) -> Any:
    """The caller's trace (W3C traceparent), so a platform's trace continues into ours."""
    carrier = {k.decode("latin-1"): v.decode("latin-1") for k, v in headers if k in (b"traceparent", b"tracestate")}
    if not carrier:
        return None
    from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

    return TraceContextTextMapPropagator().extract(carrier)


@contextmanager
def request_span(scope: Any, request_id: str) -> Iterator[Callable[[str, int], None]]:
    """The server span of one request; yields `finish(route, status)` to name and close it."""
    from opentelemetry import trace

    method = str(scope.get("method", ""))
    span = _State.tracer.start_span(
        f"{method} <unmatched>", context=_parent(scope.get("headers", ())), kind=trace.SpanKind.SERVER,
        attributes={"http.request.method": method, "samaritan.request_id": request_id},
    )  # fmt: skip

    def finish(route: str, status: int) -> None:
        span.update_name(f"{method} {route}")
        span.set_attribute("http.route", route)
        span.set_attribute("http.response.status_code", status)
        if status >= 500:
            span.set_status(trace.Status(trace.StatusCode.ERROR))

    with trace.use_span(span, end_on_exit=True, record_exception=False, set_status_on_exception=True):
        yield finish


def _spanned(name: str, func: Callable[..., Any], describe: Callable[[Any, Any], None] | None = None) -> Any:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        active = _State.tracer
        if active is None:
            return func(*args, **kwargs)
        with active.start_as_current_span(name, record_exception=False) as span:
            result = func(*args, **kwargs)
            if describe is not None:
                describe(span, result)
            return result

    return wrapper


def _verdict_of(span: Any, result: Any) -> None:
    verdict = result[0] if isinstance(result, tuple) else getattr(result, "verdict", None)
    if isinstance(verdict, dict) and isinstance(verdict.get("decision"), str):
        span.set_attribute("samaritan.decision", verdict["decision"])
        span.set_attribute("samaritan.labels", [str(x) for x in verdict.get("labels") or ()])


def _stored(span: Any, result: Any) -> None:
    revision = getattr(result, "revision", None)
    if isinstance(revision, int):
        span.set_attribute("samaritan.revision", revision)


def attach(app: Any) -> None:
    """Trace an app's screening service, and flush the spans when the app's lifespan ends: uvicorn
    re-raises SIGTERM after its graceful shutdown, so an exit hook would never run."""
    from contextlib import asynccontextmanager

    instrument(app.state.service)
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(scope_app: Any) -> Any:
        async with inner(scope_app) as state:
            yield state
        if _State.provider is not None:
            _State.provider.force_flush()

    app.router.lifespan_context = lifespan


def instrument(service: Any) -> None:
    """Wrap the screening service's stages (and its store's write) in spans. Idempotent; costs one
    attribute check per call while tracing is off."""
    if getattr(service, "_traced", False):
        return
    service.parse = _spanned("screen.parse", service.parse)
    service._work = _spanned("screen.engine", service._work, _verdict_of)
    service._store = _spanned("screen.link_and_store", service._store)
    service.store.save_screen = _spanned("store.write", service.store.save_screen, _stored)
    service._traced = True
