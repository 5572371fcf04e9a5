"""Logging for `samaritan serve`: text or JSON lines (`log_format`), each carrying the id of the
request it was written for.

The request id lives in a context variable set by `observe.Observe`; a filter copies it onto every
record, so lines written by routes, the store or the screening service carry it without being
passed anything. Ad text, contact data and other client values are logged at debug level only;
the access log names route templates, never paths.
"""

from __future__ import annotations

import contextvars
import logging
import logging.config
import sys
from typing import Any, TextIO

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("samaritan_request_id", default="-")

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s"


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to each record (\"-\" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return True


def logging_config(log_format: str = "text", level: int = logging.WARNING, access_log: bool = False,
                   stream: TextIO | str = "ext://sys.stderr") -> dict[str, Any]:  # fmt: skip
    """A `logging.config.dictConfig` dictionary for the service and uvicorn. uvicorn's own access
    log stays off: it writes request paths (platforms and ad ids); ours writes route templates."""
    if log_format not in ("text", "json"):
        raise ValueError(f"log_format must be 'text' or 'json', not {log_format!r}")
    formatter: dict[str, Any]
    if log_format == "json":
        formatter = {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": JSON_FIELDS,
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
        }
    else:
        formatter = {"format": TEXT_FORMAT}
    handler: dict[str, Any] = {
        "class": "logging.StreamHandler",
        "formatter": "main",
        "filters": ["request_id"],
        "stream": stream,
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"main": formatter},
        "handlers": {"main": handler},
        "root": {"handlers": ["main"], "level": level},
        "loggers": {
            # uvicorn's loggers propagate to the root handler instead of keeping their own.
            "uvicorn": {"handlers": [], "level": level, "propagate": True},
            "uvicorn.error": {"handlers": [], "level": level, "propagate": True},
            "uvicorn.access": {"handlers": [], "level": logging.WARNING, "propagate": False},
            "samaritan.access": {"level": logging.INFO if access_log else logging.WARNING},
        },
    }


def configure(log_format: str = "text", level: int | None = None, access_log: bool = False,
              stream: TextIO | str = "ext://sys.stderr") -> dict[str, Any]:  # fmt: skip
    """Apply the configuration; `level` defaults to the root logger's (the CLI's -v flags)."""
    if level is None:
        level = logging.getLogger().level or logging.WARNING
    config = logging_config(log_format, level, access_log, stream)
    logging.config.dictConfig(config)
    return config


def announce(message: str, log_format: str = "text") -> None:
    """A start-up line an operator must see whatever the log level ("listening on ..."): plain on
    stderr, or with `log_format=json` one JSON record through the configured handlers, so that
    every line a JSON-logging server writes parses."""
    if log_format != "json":
        print(message, file=sys.stderr, flush=True)
        return
    record = logging.LogRecord("samaritan.serve", logging.INFO, __file__, 0, message, None, None)
    for handler in logging.getLogger().handlers:
        handler.handle(record)  # past the root's WARNING level, through the request-id filter
