"""schemathesis against the published OpenAPI document: whatever a client sends, within the
schema or outside it, the service never answers with a server error."""

from __future__ import annotations

import atexit
import shutil
import tempfile

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from samaritan.engine.screener import Screener
from samaritan.evidence.db import Store
from samaritan.service.app import create_app
from samaritan.service.screening import ScreeningService
from samaritan.service.settings import ServiceSettings, WebhookPolicy

_DATA = tempfile.mkdtemp(prefix="samaritan-fuzz-")
atexit.register(shutil.rmtree, _DATA, True)
_STORE = Store(f"sqlite:///{_DATA}/samaritan.db")
_STORE.migrate()
_KEY = _STORE.create_key("fuzz", ("screen", "read", "review", "admin"))


def _no_dns(host: str, port: int) -> list[str]:
    raise OSError("no DNS lookups from tests")  # webhook URLs with names are refused, offline


_SETTINGS = ServiceSettings(max_body=64 * 1024, webhooks=WebhookPolicy(resolver=_no_dns))
_APP = create_app(ScreeningService(_STORE, Screener()), settings=_SETTINGS)
schema = schemathesis.openapi.from_asgi("/openapi.json", _APP)


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_server_errors_and_responses_match_the_document(case) -> None:
    # The contract rejects some schema-valid ads (no text at all is an error line, not a verdict),
    # so the checks are: no server error, and status codes, content types and bodies as documented.
    case.call_and_validate(
        headers={"Authorization": f"Bearer {_KEY}"},
        checks=[not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance],
    )
