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
