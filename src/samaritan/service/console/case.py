"""What the case view shows, worked out from stored evidence: the original text cut into
highlighted segments at the verdict's offsets, a diff between revisions, the network as a
graph, and its movement as points on an offline map of US cities.

Offsets are Python `str` indices (code points) into the ORIGINAL field text, as the contract
says; the text is cut here, on the server, so emoji and styled letters (one code point, two
UTF-16 units in the browser) can never shift a highlight.
"""

from __future__ import annotations

import difflib
import itertools
import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any


@dataclass
class Segment:
    text: str
    start: int
    end: int
    indicators: list[dict[str, Any]] = field(default_factory=list)  # empty: plain text


def segments(text: str, indicators: list[dict[str, Any]], field_name: str) -> list[Segment]:
    """Cut `text` at every indicator boundary of `field_name`; each piece lists the indicators
    covering it, so overlapping spans stay exact and each piece is one `<mark>` or plain text."""
    spans = [
        i for i in indicators
        if i.get("field") == field_name and 0 <= i.get("start", -1) < i.get("end", -1) <= len(text)
    ]  # fmt: skip
    cuts = sorted({0, len(text), *(i["start"] for i in spans), *(i["end"] for i in spans)})
    out = []
    for a, b in itertools.pairwise(cuts):
        covering = [i for i in spans if i["start"] <= a and b <= i["end"]]
        out.append(Segment(text[a:b], a, b, covering))
    return out


def revision_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level diff: (op, text) pairs with op in equal | insert | delete."""
    a, b = old.split(" "), new.split(" ")
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("equal", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("delete", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(("insert", " ".join(b[j1:j2])))
    return out


EDGE_COLOURS = {
    "phone": "#b3261e",
    "email": "#7b1fa2",
    "handle": "#1565c0",
    "account": "#2e7d32",
    "image": "#e65100",
    "previous": "#455a64",
}


@dataclass
class Graph:
    nodes: list[dict[str, Any]]  # {id, x, y, decision, current}
    edges: list[dict[str, Any]]  # {a, b, kind, colour, x1, y1, x2, y2}
    kinds: list[str]


def network_graph(members: list[dict[str, Any]], current: str, size: int = 360) -> Graph:
    """Members are {id, keys: set of (kind, value), decision}. Two ads are joined by an edge for
    each kind of evidence they share; nodes sit on a circle, the case's own ad first."""
    members = sorted(members, key=lambda m: (m["id"] != current, m["id"]))[:40]
    n = len(members)
    centre, radius = size / 2, size / 2 - 30
    nodes = []
    for k, m in enumerate(members):
        angle = 2 * math.pi * k / max(n, 1) - math.pi / 2
        x = centre + (radius * math.cos(angle) if n > 1 else 0)
        y = centre + (radius * math.sin(angle) if n > 1 else 0)
        nodes.append({"id": m["id"], "x": round(x, 1), "y": round(y, 1), "decision": m.get("decision") or "",
                      "current": m["id"] == current})  # fmt: skip
    edges, kinds = [], set()
    for i in range(n):
        for j in range(i + 1, n):
            shared = {kind for kind, _ in members[i]["keys"] & members[j]["keys"]}
            for kind in sorted(shared):
                kinds.add(kind)
                a, b = nodes[i], nodes[j]
                edges.append({"a": a["id"], "b": b["id"], "kind": kind, "colour": EDGE_COLOURS.get(kind, "#555"),
                              "x1": a["x"], "y1": a["y"], "x2": b["x"], "y2": b["y"]})  # fmt: skip
    return Graph(nodes, edges, sorted(kinds))


def ad_keys(ad: dict[str, Any], verdict: dict[str, Any]) -> set[tuple[str, str]]:
    """The evidence an ad offers for linking, as the graph draws it."""
    entities = verdict.get("entities") or {}
    keys = {("phone", p) for p in entities.get("phones", [])}
    keys |= {("email", e.lower()) for e in entities.get("emails", [])}
    keys |= {("handle", h.lower()) for h in entities.get("handles", [])}
    poster = ad.get("poster") or {}
    if isinstance(poster, dict) and poster.get("account_id"):
        keys.add(("account", str(poster["account_id"])))
    for image in ad.get("images") or []:
        if isinstance(image, dict) and image.get("sha256"):
            keys.add(("image", str(image["sha256"])))
    return keys


@lru_cache(maxsize=1)
def _city_coordinates() -> dict[tuple[str, str], tuple[float, float]]:
    """(city lower-case, state) -> mean latitude and longitude of its ZIP codes (shipped `zipcodes`)."""
    import zipcodes

    sums: dict[tuple[str, str], list[float]] = {}
    for row in zipcodes.list_all():
        try:
            lat, lon = float(row["lat"]), float(row["long"])
        except (KeyError, TypeError, ValueError):
            continue
        acc = sums.setdefault((str(row.get("city", "")).lower(), str(row.get("state", ""))), [0.0, 0.0, 0])
        acc[0], acc[1], acc[2] = acc[0] + lat, acc[1] + lon, acc[2] + 1
    return {key: (a / n, b / n) for key, (a, b, n) in sums.items()}


def locate(place: str) -> tuple[float, float] | None:
    """'Dallas, TX' -> (lat, lon), from the shipped gazetteer; None when it is not a US city."""
    parts = [p.strip() for p in place.split(",")]
    if len(parts) < 2:
        return None
    return _city_coordinates().get((parts[0].lower(), parts[1].upper()))


def map_points(movement: list[dict[str, Any]], width: int = 480, height: int = 280) -> list[dict[str, Any]]:
    """Each step of a movement timeline ({city, first_seen, ...}) placed on a plain
    equirectangular map of the lower 48 states; steps whose city is unknown are left out."""
    west, east, south, north = -125.0, -66.0, 24.0, 50.0
    points, named = [], set()
    for n, step in enumerate(movement, start=1):
        where = locate(step["city"])
        if where is None:
            continue
        lat, lon = where
        x = (min(max(lon, west), east) - west) / (east - west) * width
        y = (north - min(max(lat, south), north)) / (north - south) * height
        # A city visited again keeps its first label; the route still passes through it.
        points.append(dict(step, n=n, x=round(x, 1), y=round(y, 1), label=step["city"] not in named))
        named.add(step["city"])
    return points


def movement(ads: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Consecutive ads in the same city merge into one step, in posting order."""
    steps: list[dict[str, Any]] = []
    for ad in sorted(ads, key=lambda a: a.get("posted_at") or ""):
        city = ad.get("city")
        if not city:
            continue
        if steps and steps[-1]["city"] == city:
            steps[-1]["last_seen"] = ad.get("posted_at") or steps[-1]["last_seen"]
            steps[-1]["ads"] += 1
        else:
            steps.append({"city": city, "first_seen": ad.get("posted_at") or "", "last_seen": ad.get("posted_at") or "",
                          "ads": 1})  # fmt: skip
    return steps
