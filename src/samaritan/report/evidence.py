"""Gather what a report names from the evidence store: ads (every revision, its exact bytes, verdicts
and decisions), their images, their network, and the audit entries about them."""

from __future__ import annotations

import dataclasses
from typing import Any

import orjson
from sqlalchemy import or_, select

from samaritan.evidence.db import Store
from samaritan.evidence.schema import audit_log


class ReportError(ValueError):
    """What a report needs is missing (an unknown ad or network, a purged revision)."""


@dataclasses.dataclass
class AdCase:
    platform: str
    id: str
    revisions: list[dict[str, Any]]  # from Store.history: raw bytes, verdicts, hold, retention
    decisions: list[dict[str, Any]]

    @property
    def latest(self) -> dict[str, Any]:
        return self.revisions[-1]

    @property
    def ad(self) -> dict[str, Any]:
        """The latest revision as posted (parsed from its exact bytes)."""
        for rev in reversed(self.revisions):
            if rev["raw"] is not None:
                return dict(orjson.loads(rev["raw"]))
        raise ReportError(f"every revision of ad {self.platform}/{self.id} was purged")

    @property
    def verdict(self) -> dict[str, Any]:
        verdicts = self.latest["verdicts"]
        return dict(verdicts[-1]["verdict"]) if verdicts else {}

    @property
    def network_id(self) -> str | None:
        for rev in reversed(self.revisions):
            for v in reversed(rev["verdicts"]):
                net = (v["verdict"].get("network") or {}).get("network_id")
                if net:
                    return str(net)
        return None


@dataclasses.dataclass
class Case:
    """One ad, or every ad of one network, with the evidence a report cites."""

    platform: str
    ads: list[AdCase]
    network_id: str | None
    images: dict[str, bytes]  # sha256 -> bytes, for images the ads name and the store holds
    audit: list[dict[str, Any]]

    @property
    def subject(self) -> str:
        return f"network {self.network_id}" if self.network_id and len(self.ads) > 1 else f"ad {self.ads[0].id}"


def _ad_case(store: Store, platform: str, ad_id: str) -> AdCase:
    history = store.history(platform, ad_id)
    if history is None:
        raise ReportError(f"no ad {platform}/{ad_id} in the evidence store")
    return AdCase(platform, ad_id, history["revisions"], history["decisions"])


def network_members(store: Store, platform: str, network_id: str) -> list[str]:
    """Ad ids of `network_id`: ads whose latest verdict placed them in it, and the ads those link to
    (the first ad of a network was posted before the network existed, so only its links name it)."""
    members: set[str] = set()
    for plat, ad_id in store.latest_ads(platform):
        rev = store.latest(plat, ad_id)
        verdict = store.latest_verdict(rev.pk) if rev else None
        network = (verdict or {}).get("network") or {}
        if network.get("network_id") == network_id:
            members.add(ad_id)
            members.update(str(link["id"]).rsplit("@", 1)[0] for link in network.get("links", []))
    return sorted(members)


def gather(store: Store, platform: str, ad_id: str | None = None, network_id: str | None = None) -> Case:
    """The case for one ad (with its network id, if it has one) or for a whole network."""
    if (ad_id is None) == (network_id is None):
        raise ReportError("name exactly one ad or one network")
    if ad_id is not None:
        ads = [_ad_case(store, platform, ad_id)]
        network_id = ads[0].network_id
    else:
        assert network_id is not None
        ids = network_members(store, platform, network_id)
        if not ids:
            raise ReportError(f"no ads of network {network_id} for platform {platform}")
        ads = [_ad_case(store, platform, i) for i in ids]
    images: dict[str, bytes] = {}
    for case in ads:
        for rev in case.revisions:
            if rev["raw"] is None:
                continue
            for image in orjson.loads(rev["raw"]).get("images") or []:
                sha = image.get("sha256") if isinstance(image, dict) else None
                if isinstance(sha, str) and sha not in images:
                    data = store.blob(sha)
                    if data is not None:
                        images[sha] = data
    return Case(platform, ads, network_id, images, audit_entries(store, platform, [a.id for a in ads]))


def audit_entries(store: Store, platform: str, ad_ids: list[str]) -> list[dict[str, Any]]:
    """Every audit entry about these ads (their revisions, verdicts, decisions, views, holds)."""
    if not ad_ids:
        return []
    out: list[dict[str, Any]] = []
    with store.engine.connect() as conn:
        for start in range(0, len(ad_ids), 200):
            chunk = ad_ids[start : start + 200]
            cond = or_(
                *(audit_log.c.subject.like(_like_prefix(i), escape="\\") for i in chunk), audit_log.c.subject.in_(chunk)
            )
            rows = conn.execute(
                select(audit_log).where(audit_log.c.platform == platform, cond).order_by(audit_log.c.seq)
            ).mappings()
            wanted = set(chunk)
            for row in rows:
                subject = row["subject"] or ""
                if subject.rsplit("@", 1)[0] in wanted or subject in wanted:
                    out.append(dict(row))
    out.sort(key=lambda e: e["seq"])
    return out


def _like_prefix(ad_id: str) -> str:
    escaped = ad_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "@%"


def gather_ads(store: Store, platform: str, ad_ids: list[str], network_id: str | None = None) -> Case:
    """The case for a chosen set of ads (a law-enforcement request's scope)."""
    if not ad_ids:
        raise ReportError("the request covers no stored ad")
    ads = [_ad_case(store, platform, i) for i in dict.fromkeys(ad_ids)]
    case = Case(platform, ads, network_id, {}, audit_entries(store, platform, [a.id for a in ads]))
    for ad in ads:
        for rev in ad.revisions:
            for image in (orjson.loads(rev["raw"]).get("images") or []) if rev["raw"] is not None else []:
                sha = image.get("sha256") if isinstance(image, dict) else None
                if isinstance(sha, str) and sha not in case.images and (data := store.blob(sha)) is not None:
                    case.images[sha] = data
    return case


def ads_covered(store: Store, platform: str, covers: dict[str, Any]) -> list[str]:
    """Ad ids a request covers: named ads, ads of named networks, ads showing a named phone or
    account, each limited to the date range when one is given. One pass over the platform's ads."""
    named = set(covers.get("ads", []))
    networks, phones, accounts = (
        set(covers.get("networks", [])),
        set(covers.get("phones", [])),
        set(covers.get("accounts", [])),
    )
    start, end = covers.get("from"), covers.get("to")
    out = []
    for plat, ad_id in store.latest_ads(platform):
        rev = store.latest(plat, ad_id)
        if rev is None:
            continue
        if (start and rev.received_at[:10] < start[:10]) or (end and rev.received_at[:10] > end[:10]):
            continue
        if ad_id in named:
            out.append(ad_id)
            continue
        verdict = store.latest_verdict(rev.pk) or {}
        if (verdict.get("network") or {}).get("network_id") in networks or phones & set(
            verdict.get("entities", {}).get("phones", [])
        ):
            out.append(ad_id)
            continue
        if accounts:
            raw = store.blob(rev.raw_sha256)
            poster = (orjson.loads(raw).get("poster") or {}) if raw else {}
            if poster.get("account_id") in accounts:
                out.append(ad_id)
    return out
