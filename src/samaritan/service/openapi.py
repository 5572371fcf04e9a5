"""Pieces of the published OpenAPI document: the contract's schemas and request bodies."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def _schema(name: str) -> dict[str, Any]:
    schema = json.loads(resources.files("samaritan").joinpath(f"schemas/{name}").read_text("utf-8"))
    schema.pop("$schema", None)
    schema.pop("$id", None)
    return schema


AD_SCHEMA = _schema("ad.schema.json")
VERDICT_SCHEMA = _schema("result.schema.json")


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def json_body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


def json_response(description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema} if schema else {}}}


def install(app: Any) -> None:
    """Publish the named components routes refer to by `$ref` but FastAPI does not see: the
    contract's Ad, Verdict and ErrorRecord, and Problem (problem+json bodies)."""
    from samaritan.service import schemas

    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = build()
            components = spec.setdefault("components", {}).setdefault("schemas", {})
            components.update(schemas.contract_components())
            problem = schemas.Problem.model_json_schema(ref_template="#/components/schemas/{model}")
            components.setdefault("Problem", problem)
        return app.openapi_schema

    app.openapi = openapi
