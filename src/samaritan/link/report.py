"""From joined components to what investigators read: per-ad links, network summaries with
movement, network risk, and re-posts that dodged an earlier block."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from samaritan.link.config import RULES
from samaritan.link.graph import Edge, UnionFind
from samaritan.link.records import AdRecord, LinkResult, repost_reason, stable_network_id

MAX_LINKS_PER_AD = 20
# A network that offers several people across cities is treated as at least this risky (link.yaml).
MULTI_CITY_SEVERAL_PEOPLE_RISK = RULES.network.several_people_min_risk
_SEVERAL_PEOPLE_CITIES = RULES.network.several_people_min_cities


def build_result(records: list[AdRecord], uf: UnionFind, used: list[Edge], generic: dict[str, int]) -> LinkResult:
    members: dict[int, list[int]] = defaultdict(list)
    for rec in records:
        members[uf.find(rec.index)].append(rec.index)
    network_of: list[str | None] = [None] * len(records)
    networks: list[dict[str, Any]] = []
    edges_of: dict[int, list[Edge]] = defaultdict(list)
    for edge in used:
        edges_of[uf.find(edge.a)].append(edge)
    for root, ads in members.items():
        if len(ads) < 2:
            continue
        first = min(ads, key=lambda i: (records[i].posted_at or "", records[i].id))
        net_id = stable_network_id(records[first].id, records[first].platform)
        for i in ads:
            network_of[i] = net_id
        networks.append(_summary(net_id, [records[i] for i in ads], edges_of[root], records))
    links = _per_ad_links(records, used)
    result = LinkResult(
        records,
        network_of,
        links,
        networks,
        used,
        generic,
        network_risk=[None] * len(records),
        network_reasons=[[] for _ in records],
        repost_of_blocked=[None] * len(records),
    )
    _network_risk(result)
    _repost_evasion(result)
    networks.sort(key=lambda n: -n["size"])
    return result


def _per_ad_links(records: list[AdRecord], used: list[Edge]) -> list[list[dict[str, str]]]:
    by_ad: list[dict[str, list[str]]] = [defaultdict(list) for _ in records]
    for edge in used:
        a, b = records[edge.a].id, records[edge.b].id
        by_ad[edge.a][b].append(edge.via)
        by_ad[edge.b][a].append(edge.via)
    out = []
    for links in by_ad:
        items = [{"id": other, "via": ", ".join(dict.fromkeys(vias))} for other, vias in links.items()]
        out.append(items[:MAX_LINKS_PER_AD])
    return out


def _summary(net_id: str, ads: list[AdRecord], edges: list[Edge], records: list[AdRecord]) -> dict[str, Any]:
    ads = sorted(ads, key=lambda r: (r.posted_at or "", r.id))
    keys: dict[str, set[str]] = defaultdict(set)
    for rec in ads:
        for kind, value in rec.keys:
            keys[kind].add(value)
    cities: dict[str, dict[str, str | None]] = {}
    movement: list[dict[str, Any]] = []
    for rec in ads:
        if not rec.city:
            continue
        seen = cities.setdefault(rec.city, {"first_seen": rec.posted_at, "last_seen": rec.posted_at})
        seen["last_seen"] = rec.posted_at
        if movement and movement[-1]["city"] == rec.city:
            movement[-1]["last_seen"] = rec.posted_at
            movement[-1]["ads"] += 1
        else:
            movement.append({"city": rec.city, "first_seen": rec.posted_at, "last_seen": rec.posted_at, "ads": 1})
    photo_groups: dict[str, list[str]] = defaultdict(list)
    for edge in edges:
        if edge.kind.startswith("image"):
            for i in (edge.a, edge.b):
                if records[i].id not in photo_groups[edge.via]:
                    photo_groups[edge.via].append(records[i].id)
    verdicts = [r.verdict for r in ads if r.verdict]
    return {
        "network_id": net_id,
        "size": len(ads),
        "ads": [r.id for r in ads],
        "phones": sorted(keys["phone"]),
        "emails": sorted(keys["email"]),
        "handles": sorted(keys["handle"]),
        "accounts": sorted(keys["account"]),
        "cities": [{"city": c, **seen} for c, seen in cities.items()],
        "movement": movement,
        "photo_groups": [{"via": via, "ads": ids} for via, ids in photo_groups.items()],
        "risk": {
            "max_trafficking": max((v["risk"].get("trafficking", 0.0) for v in verdicts), default=None),
            "max_minor": max((v["risk"].get("minor", 0.0) for v in verdicts), default=None),
        },
        "labels": dict(Counter(label for v in verdicts for label in v["labels"])),
        "categories": sorted({c for v in verdicts for c in v["categories"]}),
        "formed_by": dict(Counter(e.kind for e in edges)),
        "evidence": [{"a": records[e.a].id, "b": records[e.b].id, "via": e.via, "strength": e.strength} for e in edges],
    }


def _network_risk(result: LinkResult) -> None:
    """Raise every ad's risk to its network's: youth on any ad, or several people across cities."""
    members: dict[str, list[int]] = defaultdict(list)
    for i, net_id in enumerate(result.network_of):
        if net_id:
            members[net_id].append(i)
    for net in result.networks:
        if net["risk"]["max_trafficking"] is None:
            continue
        net_id = net["network_id"]
        ads = [result.records[i] for i in members[net_id]]
        several = any(r.verdict and r.verdict["several_people"] for r in ads)
        youth = any(
            r.verdict and ("minor_risk" in r.verdict["labels"] or "youth" in r.verdict["categories"]) for r in ads
        )
        trafficking = net["risk"]["max_trafficking"]
        reasons = []
        if several and len(net["cities"]) >= _SEVERAL_PEOPLE_CITIES:
            trafficking = max(trafficking, MULTI_CITY_SEVERAL_PEOPLE_RISK)
            reasons.append(f"Network {net_id} offers several people across {len(net['cities'])} cities.")
        if youth:
            reasons.append(f"Network {net_id} has youth indicators on at least one ad.")
        minor = net["risk"]["max_minor"] if youth else None
        net["risk"]["network_trafficking"] = trafficking
        net["risk"]["network_minor"] = minor
        for i in members[net_id]:
            result.network_risk[i] = {"trafficking": trafficking, "minor": minor}
            result.network_reasons[i] = list(reasons)


def _repost_evasion(result: LinkResult) -> None:
    """An ad re-posting a blocked ad that now hides or drops the indicators is named as such."""
    by_id = {(r.platform, r.id): r for r in result.records}
    for rec in result.records:
        earlier = by_id.get((rec.platform, rec.previous_id)) if rec.previous_id else None
        if earlier is None:
            continue
        reason = repost_reason(earlier.id, earlier.verdict, rec.verdict)
        if reason:
            result.repost_of_blocked[rec.index] = earlier.id
            result.network_reasons[rec.index].append(reason)
