"""One statement of reasons per restriction (an ad blocked by Samaritan or by a reviewer), with the
Transparency Database's fields and values and no personal data: no ad text, contact, name or id
that is not the platform's own content id (hashed when it is not a plain token)."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

from samaritan.evidence.db import Store
from samaritan.report.config import ReporterConfig

_PLAIN_ID = re.compile(r"^[A-Za-z0-9_-]{1,400}$")
RESTRICTING = frozenset({"block", "report"})
_CATEGORY_WORDS = {
    "commercial_sex": "an offer of commercial sexual services",
    "trafficking_risk": "indicators of human trafficking (third-party control, movement, several people offered)",
    "minor_risk": "indicators that a minor is offered",
}


class InvalidStatement(ValueError):
    pass


@cache
def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(resources.files("samaritan.report.dsa").joinpath("statement.schema.json").read_text("utf-8"))
    return jsonschema.Draft202012Validator(schema)


def validate(statement: dict[str, Any]) -> None:
    error = next(iter(_validator().iter_errors(statement)), None)
    if error is not None:
        where = "/".join(map(str, error.absolute_path)) or "(statement)"
        raise InvalidStatement(f"{where}: {error.message}")


def puid(platform: str, ad_id: str, revision: int) -> str:
    if _PLAIN_ID.match(ad_id):
        return f"{ad_id}-r{revision}"
    return hashlib.sha256(f"{platform}/{ad_id}".encode()).hexdigest() + f"-r{revision}"


def statement_for(
    reporter: ReporterConfig,
    ad_id: str,
    revision: dict[str, Any],
    verdict: dict[str, Any],
    decisions: list[dict[str, Any]],
    content_date: str,
) -> dict[str, Any] | None:
    """The statement for one restricted revision, or None when nothing restricted it."""
    human = [d for d in decisions if d["revision"] == revision["revision"]]
    final_human = human[-1]["decision"] if human else None
    restricted_by_human = final_human in RESTRICTING
    restricted_by_engine = verdict.get("decision") == "block" and final_human not in ("allow",)
    if not (restricted_by_human or restricted_by_engine):
        return None
    labels = set(verdict.get("labels", []))
    illegal = bool(labels & {"minor_risk", "trafficking_risk"}) or final_human == "report"
    found = "; ".join(_CATEGORY_WORDS[label] for label in sorted(labels) if label in _CATEGORY_WORDS)
    facts = f"Automated screening of the ad's text found {found or 'indicators the platform prohibits'}. " + (
        f"A reviewer confirmed the decision ({final_human})." if human else "No reviewer has yet looked at it."
    )
    statement: dict[str, Any] = {
        "decision_visibility": ["DECISION_VISIBILITY_CONTENT_REMOVED"],
        "decision_ground": "DECISION_GROUND_ILLEGAL_CONTENT" if illegal else "DECISION_GROUND_INCOMPATIBLE_CONTENT",
        "category": "STATEMENT_CATEGORY_PROTECTION_OF_MINORS"
        if "minor_risk" in labels
        else ("STATEMENT_CATEGORY_VIOLENCE" if illegal else "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE"),
        "content_type": ["CONTENT_TYPE_TEXT"],
        "content_date": content_date[:10],
        "application_date": (human[-1]["created_at"] if human else revision["received_at"])[:10],
        "decision_facts": facts,
        "source_type": "SOURCE_VOLUNTARY",
        "automated_detection": "Yes",
        "automated_decision": "AUTOMATED_DECISION_NOT_AUTOMATED" if human else "AUTOMATED_DECISION_FULLY",
        "puid": puid(reporter.platform, ad_id, revision["revision"]),
    }
    specs = []
    if "minor_risk" in labels:
        specs.append("KEYWORD_GROOMING_SEXUAL_ENTICEMENT_MINORS")
    if "trafficking_risk" in labels:
        specs.append("KEYWORD_HUMAN_TRAFFICKING")
    if specs:
        statement["category_specification"] = specs
    if illegal:
        statement["illegal_content_legal_ground"] = reporter.dsa_legal_ground
        statement["illegal_content_explanation"] = facts
    else:
        statement["incompatible_content_ground"] = reporter.dsa_terms_ground
        statement["incompatible_content_explanation"] = facts
    validate(statement)
    return statement


def statements_since(store: Store, reporter: ReporterConfig, since: str) -> Iterator[dict[str, Any]]:
    """Statements for the platform's restrictions decided on or after `since` (YYYY-MM-DD)."""
    for platform, ad_id in store.latest_ads(reporter.platform):
        history = store.history(platform, ad_id)
        if history is None:
            continue
        for rev in history["revisions"]:
            if not rev["verdicts"]:
                continue
            verdict = rev["verdicts"][-1]["verdict"]
            content_date = rev["received_at"]
            if rev["raw"] is not None:
                posted = json.loads(rev["raw"]).get("posted_at")
                content_date = (
                    posted if isinstance(posted, str) and re.match(r"^\d{4}-\d{2}-\d{2}", posted) else content_date
                )
            statement = statement_for(reporter, ad_id, rev, verdict, history["decisions"], content_date)
            if statement and statement["application_date"] >= since[:10]:
                yield statement
