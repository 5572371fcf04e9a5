"""Named response schemas for the OpenAPI document, so generated clients get typed models.

`Ad`, `Verdict` and `ErrorRecord` are the contract's own JSON Schemas (`schemas/*.json`), published
as components unchanged apart from the service's documented additions to a verdict (`revision`,
`network`); everything else is a pydantic model here. Routes still serialise with orjson: these
models document the bodies, and the API fuzz test holds the bodies to them.
"""

from __future__ import annotations

import copy
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from samaritan.service.openapi import AD_SCHEMA, VERDICT_SCHEMA


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


EXAMPLE_VERDICT: dict[str, Any] = {
    "id": "ad-1001",
    "platform": "example-site",
    "decision": "review",
    "labels": ["commercial_sex"],
    "risk": {"trafficking": 0.22, "minor": 0.0},
    "priority": "medium",
    "indicators": [],
    "entities": {"phones": ["+17025550142"]},
    "reasons": ["commercial_sex: priced in-call services"],
    "versions": {"engine": "0.1.0", "lexicon": "1", "model": "1", "policy": "1"},
    "revision": 1,
}
EXAMPLE_AD = {"id": "ad-1001", "title": "Relaxing massage", "body": "Incall only. Text 702-555-0142."}


def _verdict_component() -> dict[str, Any]:
    verdict: dict[str, Any] = copy.deepcopy(VERDICT_SCHEMA["oneOf"][0])
    verdict["title"] = "Verdict"
    # The service's additions (docs/contract-extensions.md): the stored revision and the network.
    verdict["properties"]["revision"] = {"type": "integer", "minimum": 1, "description": "the stored revision"}
    verdict["properties"]["network"] = {"type": "object", "description": "the ad's network and links at post time"}
    verdict["examples"] = [EXAMPLE_VERDICT]
    return verdict


def _error_component() -> dict[str, Any]:
    error: dict[str, Any] = copy.deepcopy(VERDICT_SCHEMA["oneOf"][1])
    error["title"] = "ErrorRecord"
    props = error["properties"]["error"]["properties"]
    props["status"] = {"type": "integer", "description": "the HTTP status the ad would have had alone"}
    props["path"] = {"type": "string", "description": "the JSON path of the bad value"}
    error["examples"] = [{"id": "ad-1002", "error": {"code": "no_text", "message": "the ad has no text", "line": 2}}]
    return error


def contract_components() -> dict[str, dict[str, Any]]:
    ad = copy.deepcopy(AD_SCHEMA)
    ad["examples"] = [EXAMPLE_AD]
    return {"Ad": ad, "Verdict": _verdict_component(), "ErrorRecord": _error_component()}


# allOf: pydantic resolves a bare `$ref` beside a title against its own definitions.
VerdictJson = Annotated[dict[str, Any], WithJsonSchema({"allOf": [_ref("Verdict")]})]
ResultJson = Annotated[dict[str, Any], WithJsonSchema({"oneOf": [_ref("Verdict"), _ref("ErrorRecord")]})]


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


class Problem(BaseModel):
    """An RFC 9457 problem; `code` is machine-readable, `path` names a bad value."""

    model_config = _examples({"type": "about:blank", "title": "Not found", "status": 404,
                              "detail": "no ad 'ad-9' on platform 'example-site'", "code": "not_found"})  # fmt: skip
    type: str = "about:blank"
    title: str
    status: int
    detail: str
    code: str | None = None
    path: str | None = None
    errors: list[dict[str, Any]] | None = None
    checks: dict[str, str] | None = Field(None, description="readiness checks (GET /readyz)")


class BatchResult(BaseModel):
    model_config = _examples({"verdicts": [EXAMPLE_VERDICT]})
    verdicts: list[ResultJson] = Field(description="one result per ad, in order")


class Decision(BaseModel):
    """A reviewer's decision on one revision."""

    model_config = _examples({"id": "ad-1001", "platform": "example-site", "revision": 1, "decision": "block",
                              "reviewer": "r.lee", "note": "",
                              "created_at": "2026-11-22T10:00:00.000000Z"})  # fmt: skip
    id: str
    platform: str
    revision: int
    decision: Literal["allow", "block", "escalate", "report"]
    reviewer: str
    note: str
    created_at: str


class DecisionEntry(BaseModel):
    revision: int
    decision: Literal["allow", "block", "escalate", "report"]
    reviewer: str
    note: str
    created_at: str


class StoredVerdict(BaseModel):
    created_at: str
    trigger: Literal["post", "rescreen"]
    sha256: str
    verdict: VerdictJson


class Revision(BaseModel):
    revision: int
    received_at: str
    sha256: str = Field(description="sha256 of the exact bytes received")
    ad: dict[str, Any] | None = Field(description="the stored ad; null once purged")
    hold: bool
    retain_until: str
    purged_at: str | None
    network_id: str | None
    verdicts: list[StoredVerdict]


class AdHistory(BaseModel):
    model_config = _examples({"platform": "example-site", "id": "ad-1001", "decisions": [], "revisions": [{
        "revision": 1, "received_at": "2026-11-22T10:00:00.000000Z", "sha256": "ab" * 32, "ad": EXAMPLE_AD,
        "hold": False, "retain_until": "2027-11-22T10:00:00.000000Z", "purged_at": None, "network_id": "n-1",
        "verdicts": [{"created_at": "2026-11-22T10:00:00.000000Z", "trigger": "post", "sha256": "cd" * 32,
                      "verdict": EXAMPLE_VERDICT}]}]})  # fmt: skip
    platform: str
    id: str
    revisions: list[Revision]
    decisions: list[DecisionEntry]


class RescreenResult(BaseModel):
    model_config = _examples({"rescreened": True, "verdict": EXAMPLE_VERDICT})
    rescreened: bool
    verdict: VerdictJson


class NetworkAd(BaseModel):
    id: str
    revision: int
    decision: str | None
    labels: list[str]


class Network(BaseModel):
    model_config = _examples({"network_id": "n-1", "platform": "example-site", "size": 1,
                              "ads": [{"id": "ad-1001", "revision": 1, "decision": "review",
                                       "labels": ["commercial_sex"]}]})  # fmt: skip
    network_id: str
    platform: str
    size: int
    ads: list[NetworkAd]


class ImageStored(BaseModel):
    model_config = _examples({"sha256": "ef" * 32, "size": 2048, "stored": True})
    sha256: str
    size: int
    stored: bool = Field(description="false when the same bytes were already stored")


class WebhookCreated(BaseModel):
    model_config = _examples({"platform": "example-site", "url": "https://hooks.example.com/samaritan",
                              "secret": "whsec_0123456789abcdef"})  # fmt: skip
    platform: str
    url: str
    secret: str = Field(description="the signing secret, shown only this once")


class Webhook(BaseModel):
    model_config = _examples({"platform": "example-site", "url": "https://hooks.example.com/samaritan",
                              "created_at": "2026-11-22T10:00:00.000000Z"})  # fmt: skip
    platform: str
    url: str
    created_at: str


class Health(BaseModel):
    model_config = _examples({"status": "ok", "links": "ready", "versions": EXAMPLE_VERDICT["versions"]})
    status: Literal["ok"]
    links: Literal["ready", "loading"]
    versions: dict[str, str]


class Live(BaseModel):
    model_config = _examples({"status": "ok"})
    status: Literal["ok"]


class Ready(BaseModel):
    model_config = _examples(
        {
            "status": "ready",
            "model": "sha256:0123456789abcdef",
            "checks": {"database": "ok", "migrations": "ok", "engine": "ok", "links": "ok"},
        }
    )
    status: Literal["ready"]
    checks: dict[str, str]
    model: str = Field(description="the version of the model screening now (`versions.model` of new verdicts)")


def install(app: Any) -> None:
    """Publish the named components routes refer to by `$ref` but FastAPI does not see: the
    contract's Ad, Verdict and ErrorRecord, and Problem (problem+json bodies)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec: dict[str, Any] = build()
            components = spec.setdefault("components", {}).setdefault("schemas", {})
            components.update(contract_components())
            components.setdefault("Problem", Problem.model_json_schema(ref_template="#/components/schemas/{model}"))
        published: dict[str, Any] = app.openapi_schema
        return published

    app.openapi = openapi
