"""Everything the case view shows about one ad, read from the evidence store and the link
index: revisions with diffs, verdict history, decisions, entities with how many other ads share
each, the network graph, its movement and map, and the ad's images (blurred by default)."""

from __future__ import annotations

import io
from typing import Any

import orjson
from PIL import Image, ImageFilter, ImageOps, UnidentifiedImageError

from samaritan.engine.extract.places import location_field
from samaritan.service.console import case as draw

MAX_NETWORK_ADS = 40
ENTITY_KINDS = (("phones", "phone"), ("emails", "email"), ("handles", "handle"))


def build(console, platform: str, ad_id: str) -> dict[str, Any] | None:
    store, service = console.store, console.service
    history = store.history(platform, ad_id)
    if history is None:
        return None
    revisions = []
    previous_text = None
    for rev in history["revisions"]:
        ad = orjson.loads(rev["raw"]) if rev["raw"] is not None else None
        text = f"{ad.get('title') or ''}\n{ad.get('body') or ''}" if ad else ""
        diff = draw.revision_diff(previous_text, text) if previous_text is not None and ad else None
        revisions.append({**{k: rev[k] for k in ("revision", "received_at", "sha256", "hold", "purged_at")},
                          "ad": ad, "diff": diff, "verdicts": rev["verdicts"]})  # fmt: skip
        previous_text = text if ad else previous_text
    latest = revisions[-1]
    ad = latest["ad"] or {}
    verdict = latest["verdicts"][-1]["verdict"] if latest["verdicts"] else {}
    indicators = verdict.get("indicators", [])
    network_id = service.network_of(platform, ad_id, latest["revision"])
    item = console.queue.item(platform, ad_id)
    return {
        "platform": platform,
        "id": ad_id,
        "revision": latest["revision"],
        "ad": ad,
        "verdict": verdict,
        "priority": verdict.get("priority", "none"),
        "title": draw.segments(str(ad.get("title") or ""), indicators, "title"),
        "body": draw.segments(str(ad.get("body") or ""), indicators, "body"),
        "indicators": indicators,
        "entities": _entities(service, platform, ad_id, verdict),
        "revisions": revisions,
        "decisions": history["decisions"],
        "network_id": network_id,
        "network": _network(console, platform, network_id, ad_id) if network_id else None,
        "images": [i["sha256"] for i in ad.get("images") or [] if isinstance(i, dict) and i.get("sha256")],
        "item": item,
        "holder": console.queue.holder(item) if item else None,
    }


def _entities(service, platform: str, ad_id: str, verdict: dict[str, Any]) -> list[dict[str, Any]]:
    """Each entity with the number of OTHER ads of this platform that carry it (from the link
    index's posting lists; ages, prices and places are not linking keys, so they have none)."""
    index = service.links.get(platform)
    entities = verdict.get("entities") or {}
    out = []
    for name, kind in ENTITY_KINDS:
        for value in entities.get(name, []):
            postings = index.postings.get((kind, value.lower() if kind != "phone" else value), []) if index else []
            others = {p.rpartition("@")[0] for p in postings} - {ad_id}
            out.append({"kind": kind, "value": value, "others": len(others)})
    for value in entities.get("ages", []):
        out.append({"kind": "age", "value": str(value), "others": None})
    for price in entities.get("prices", []):
        value = " ".join(str(price.get(k, "")) for k in ("amount", "currency", "unit") if price.get(k) is not None)
        out.append({"kind": "price", "value": value, "others": None})
    for value in entities.get("locations", []):
        out.append({"kind": "place", "value": value, "others": None})
    return out


def _network(console, platform: str, network_id: str, current: str) -> dict[str, Any] | None:
    network = console.service.network(platform, network_id)
    if network is None:
        return None
    members, timeline_ads = [], []
    ids = sorted({entry["id"] for entry in network["ads"]}, key=lambda i: (i != current, i))[:MAX_NETWORK_ADS]
    for ad_id, (received_at, raw, verdict) in sorted(console.queue.latest_many(platform, ids).items()):
        ad = orjson.loads(raw) if raw else {}
        members.append({"id": ad_id, "keys": draw.ad_keys(ad, verdict), "decision": verdict.get("decision")})
        city = location_field(ad.get("location"))
        timeline_ads.append({"id": ad_id, "posted_at": ad.get("posted_at") or received_at, "city": city,
                             "images": [i["sha256"] for i in ad.get("images") or []
                                        if isinstance(i, dict) and i.get("sha256")]})  # fmt: skip
    steps = draw.movement(timeline_ads)
    shared_photos: dict[str, list[str]] = {}
    for a in timeline_ads:
        for sha in a["images"]:
            shared_photos.setdefault(sha, []).append(a["id"])
    return {
        "id": network_id,
        "size": len({entry["id"] for entry in network["ads"]}),
        "shown": len(members),
        "graph": draw.network_graph(members, current),
        "colours": draw.EDGE_COLOURS,
        "movement": steps,
        "map": draw.map_points(steps),
        "shared_photos": {sha: ids for sha, ids in shared_photos.items() if len(ids) > 1},
    }


def image_of(console, platform: str, ad_id: str, sha: str) -> bytes | None:
    """An image's bytes, only when the ad (any revision) names it: a URL cannot reach
    another ad's or another platform's images."""
    history = console.store.history(platform, ad_id)
    for rev in (history or {}).get("revisions", []):
        ad = orjson.loads(rev["raw"]) if rev["raw"] else {}
        if any(isinstance(i, dict) and i.get("sha256") == sha for i in ad.get("images") or []):
            return console.store.blob(sha)
    return None


def blur(data: bytes, radius: int) -> bytes | None:
    try:
        image = Image.open(io.BytesIO(data))
        image.thumbnail((480, 480))
        grey = ImageOps.grayscale(image).filter(ImageFilter.GaussianBlur(radius))
    except (UnidentifiedImageError, OSError, ValueError):
        return None
    out = io.BytesIO()
    grey.save(out, format="PNG")
    return out.getvalue()


def as_png(data: bytes) -> bytes:
    try:
        image = Image.open(io.BytesIO(data))
        image.thumbnail((960, 960))
        out = io.BytesIO()
        image.convert("RGB").save(out, format="PNG")
        return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError):
        return b""
