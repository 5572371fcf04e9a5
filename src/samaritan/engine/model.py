"""Typed records that flow through the engine: the ad read in, the indicators and entities
found, and the verdict written out (contract §1 and §2)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Ad:
    id: str
    platform: str
    body: str
    title: str = ""
    category: str = ""
    location: Any = None
    price: Any = None
    posted_at: str | None = None
    poster: dict[str, Any] = field(default_factory=dict)
    images: list[dict[str, Any]] = field(default_factory=list)
    previous_id: str | None = None
    url: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)  # the ad exactly as received

    @property
    def section(self) -> str:
        return self.category.strip().lower()

    def fields(self) -> list[tuple[str, str]]:
        """(name, text) of the title and body that are not empty. (Written out: a comprehension
        over the two cost three times as much, a few times an ad.)"""
        title, body = self.title, self.body
        if title:
            return [("title", title), ("body", body)] if body else [("title", title)]
        return [("body", body)] if body else []


@dataclass(frozen=True, slots=True)
class Indicator:
    code: str
    category: str
    field: str
    start: int
    end: int
    text: str
    weight: float

    # A frozen dataclass's own __init__ sets each field through object.__setattr__, looked up
    # field by field: the slots' setters, bound once, build an indicator in about half the time
    # (one or two an ad, more on a commercial one). (dataclass keeps an __init__ it is given.)
    def __init__(self, code: str, category: str, field: str, start: int, end: int, text: str, weight: float):
        s_code, s_category, s_field, s_start, s_end, s_text, s_weight = _INDICATOR_SETTERS
        s_code(self, code)
        s_category(self, category)
        s_field(self, field)
        s_start(self, start)
        s_end(self, end)
        s_text(self, text)
        s_weight(self, weight)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "category": self.category,
            "field": self.field,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "weight": self.weight,
        }


_INDICATOR_SETTERS: tuple[Callable[[Indicator, Any], None], ...] = tuple(
    getattr(Indicator, name).__set__ for name in ("code", "category", "field", "start", "end", "text", "weight")
)


@dataclass(slots=True)
class Entities:
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    ages: list[int] = field(default_factory=list)
    prices: list[dict[str, Any]] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "phones": self.phones,
            "emails": self.emails,
            "handles": self.handles,
            "urls": self.urls,
            "ages": self.ages,
            "prices": self.prices,
            "locations": self.locations,
        }


@dataclass(slots=True)
class Verdict:
    id: str
    platform: str
    decision: str
    labels: list[str]
    risk: dict[str, float]
    priority: str
    indicators: list[Indicator]
    entities: Entities
    reasons: list[str]
    versions: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "platform": self.platform,
            "decision": self.decision,
            "labels": self.labels,
            "risk": self.risk,
            "priority": self.priority,
            "indicators": [i.to_dict() for i in self.indicators],
            "entities": self.entities.to_dict(),
            "reasons": self.reasons,
            "versions": self.versions,
        }


def error_record(ad_id: str | None, code: str, message: str, line: int | None = None) -> dict[str, Any]:
    """The contract's error line for an ad that cannot be read."""
    error: dict[str, Any] = {"code": code, "message": message}
    if line is not None:
        error["line"] = line
    return {"id": ad_id, "error": error}
