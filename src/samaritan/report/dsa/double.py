"""A local stand-in for the Transparency Database statements API: bearer token, at most 100 per
batch, every statement validated (422 names the first problem), a puid accepted only once."""

from __future__ import annotations

import json
from typing import Any

import httpx

from samaritan.report.dsa.statements import InvalidStatement, validate


class TransparencyDatabaseDouble:
    def __init__(self, token: str = "test-token"):
        self.token = token
        self.statements: dict[str, dict[str, Any]] = {}
        self.batches: list[int] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return httpx.Response(401, json={"message": "Unauthenticated."})
        if request.url.path != "/api/v1/statements" or request.method != "POST":
            return httpx.Response(404)
        batch = json.loads(request.content).get("statements", [])
        if not 1 <= len(batch) <= 100:
            return httpx.Response(422, json={"message": "between 1 and 100 statements per call"})
        for position, statement in enumerate(batch):
            try:
                validate(statement)
            except InvalidStatement as exc:
                return httpx.Response(422, json={"message": f"statements.{position}: {exc}"})
            if statement["puid"] in self.statements:
                return httpx.Response(422, json={"message": f"statements.{position}.puid: already exists"})
        self.batches.append(len(batch))
        for statement in batch:
            self.statements[statement["puid"]] = statement
        return httpx.Response(201, json={"statements": batch})
