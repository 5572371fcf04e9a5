"""Submit statements to the Transparency Database API in batches of at most 100 (each batch is all
or none there). A journal of accepted puids makes a retried run send only what was not accepted."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import httpx

BATCH = 100


class DsaSubmitError(RuntimeError):
    pass


def submit_statements(
    statements: Iterable[dict[str, Any]],
    base_url: str,
    token: str,
    journal: Path,
    transport: httpx.BaseTransport | None = None,
    timeout: float = 30.0,
) -> int:
    """Returns how many statements were accepted by this call."""
    sent = set(json.loads(journal.read_text("utf-8"))) if journal.exists() else set()
    pending = [s for s in statements if s["puid"] not in sent]
    accepted = 0
    with httpx.Client(
        base_url=base_url.rstrip("/"),
        transport=transport,
        timeout=timeout,
        follow_redirects=False,
        headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
    ) as http:
        for start in range(0, len(pending), BATCH):
            batch = pending[start : start + BATCH]
            try:
                response = http.post("/api/v1/statements", json={"statements": batch})
            except httpx.TransportError as exc:
                raise DsaSubmitError(
                    f"the Transparency Database could not be reached: {exc.__class__.__name__}"
                ) from exc
            if response.status_code not in (200, 201):
                raise DsaSubmitError(
                    f"the Transparency Database refused a batch of {len(batch)} (HTTP {response.status_code}): "
                    f"{response.text[:500]}"
                )
            sent.update(s["puid"] for s in batch)
            tmp = journal.with_suffix(journal.suffix + ".tmp")
            tmp.write_text(json.dumps(sorted(sent)), "utf-8")
            os.replace(tmp, journal)
            accepted += len(batch)
    return accepted
