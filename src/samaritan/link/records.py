"""What linking records per ad and returns per run, and the verdict facts it carries along."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from samaritan.engine.normalize import fold
from samaritan.link.config import RULES
from samaritan.link.graph import Edge

# Indicator codes that say an ad offers several people: data (link.yaml), not code.
_SEVERAL_PEOPLE = frozenset(RULES.network.several_people_codes)
_ALLOWED: dict[str, Any] = {
    "decision": "allow",
    "labels": [],
    "risk": {},
    "categories": [],
    "several_people": False,
    "disguised": 0,
}


@dataclass(slots=True)
class AdRecord:
    index: int
    id: str
    platform: str
    posted_at: str | None
    city: str | None
    previous_id: str | None
    keys: list[tuple[str, str]]
    images: list[tuple[str | None, list[int], int | None]]  # (sha256, PDQ dihedral hashes, pHash)
    shingles: np.ndarray
    verdict: dict[str, Any] | None = None


@dataclass
class LinkResult:
    records: list[AdRecord]
    network_of: list[str | None]
    links: list[list[dict[str, str]]]
    networks: list[dict[str, Any]]
    edges: list[Edge]
    generic_keys: dict[str, int] = field(default_factory=dict)
    # Filled from verdicts, when given: the network's risk for each ad, reasons, and the
    # blocked ad each evasive re-post repeats.
    network_risk: list[dict[str, Any] | None] = field(default_factory=list)
    network_reasons: list[list[str]] = field(default_factory=list)
    repost_of_blocked: list[str | None] = field(default_factory=list)

    def per_ad(self) -> list[dict[str, Any]]:
        out = []
        for rec, net, links in zip(self.records, self.network_of, self.links, strict=True):
            line: dict[str, Any] = {"id": rec.id, "platform": rec.platform, "network_id": net, "links": links}
            if self.network_risk and self.network_risk[rec.index]:
                line["network_risk"] = self.network_risk[rec.index]
            if self.network_reasons and self.network_reasons[rec.index]:
                line["reasons"] = self.network_reasons[rec.index]
            if self.repost_of_blocked and self.repost_of_blocked[rec.index]:
                line["repost_of_blocked"] = self.repost_of_blocked[rec.index]
            out.append(line)
        return out


def verdict_summary(verdict: dict[str, Any] | None) -> dict[str, Any] | None:
    """The parts of a verdict that network risk and re-post checks need."""
    if not verdict or "error" in verdict:
        return None
    if verdict.get("decision") == "allow" and not verdict.get("labels") and not verdict.get("indicators"):
        return _ALLOWED  # one shared summary: ordinary ads cost no memory, yet count as screened
    indicators = verdict.get("indicators", [])
    return {
        "decision": verdict.get("decision"),
        "labels": verdict.get("labels", []),
        "risk": verdict.get("risk", {}),
        "categories": sorted({i["category"] for i in indicators}),
        "several_people": any(i.get("code") in _SEVERAL_PEOPLE for i in indicators),
        "disguised": sum(1 for i in indicators if _looks_disguised(i.get("text", ""))),
    }


def repost_reason(earlier_id: str, earlier: dict[str, Any] | None, now: dict[str, Any] | None) -> str | None:
    """Why a re-post of a blocked ad is evasive: it dropped the indicators (no longer blocked,
    or fewer categories) or disguised them (more disguised spans). None when it is neither, or
    when either verdict is unknown."""
    if earlier is None or now is None or earlier["decision"] != "block":
        return None
    dropped = now["decision"] != "block" or len(now["categories"]) < len(earlier["categories"])
    disguised = now["disguised"] > earlier["disguised"]
    if not (dropped or disguised):
        return None
    labels = ", ".join(earlier["labels"]) or "its indicators"
    how = "dropped" if dropped else "disguised"
    return f"Re-post of ad {earlier_id}, which was blocked ({labels}); this version {how} the indicators."


def _looks_disguised(text: str) -> bool:
    plain = " ".join(text.lower().split())
    folded = fold(text)[0].text.strip()
    return folded != plain and folded != " ".join(plain.replace("-", " ").split())


def stable_network_id(first_id: str, platform: str) -> str:
    return "net-" + hashlib.sha256(f"{platform}/{first_id}".encode()).hexdigest()[:12]
