"""Pictures for the case packet as self-contained SVG: the network graph, the movement timeline and
an offline map of the cities over time (coordinates from the shipped `zipcodes` gazetteer)."""

from __future__ import annotations

import math
from functools import cache
from html import escape

EVIDENCE_COLOURS = {
    "phone": "#c0392b",
    "email": "#8e44ad",
    "handle": "#2980b9",
    "account": "#16a085",
    "image": "#d35400",
    "text": "#7f8c8d",
    "ip": "#2c3e50",
    "previous_id": "#27ae60",
}


def _colour(via: str) -> str:
    kind = via.split(":", 1)[0].replace("image_sha256", "image").replace("pdq", "image")
    return EVIDENCE_COLOURS.get(kind, "#555555")


def graph_svg(nodes: list[str], edges: list[tuple[str, str, str]], labels: dict[str, str]) -> str:
    """Ads on a circle (deterministic), edges coloured by the evidence that links them."""
    size, radius = 640, 250
    n = max(len(nodes), 1)
    pos = {
        node: (size / 2 + radius * math.cos(2 * math.pi * i / n), size / 2 + radius * math.sin(2 * math.pi * i / n))
        for i, node in enumerate(nodes)
    }
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size + 40}" font-family="sans-serif">']
    parts.append("<title>Network graph: ads as nodes, links coloured by evidence</title>")
    for a, b, via in edges:
        if a in pos and b in pos:
            (x1, y1), (x2, y2) = pos[a], pos[b]
            parts.append(
                f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{_colour(via)}" '
                f'stroke-width="2"><title>{escape(via)}</title></line>'
            )
    for node, (x, y) in pos.items():
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="9" fill="{labels.get(node, "#95a5a6")}"/>')
        parts.append(f'<text x="{x + 12:.1f}" y="{y + 4:.1f}" font-size="11">{escape(node)}</text>')
    legend_x = 10
    for kind, colour in EVIDENCE_COLOURS.items():
        parts.append(f'<rect x="{legend_x}" y="{size + 15}" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{legend_x + 16}" y="{size + 26}" font-size="11">{kind}</text>')
        legend_x += 78
    parts.append("</svg>")
    return "\n".join(parts)


@cache
def city_point(city: str, region: str | None) -> tuple[float, float] | None:
    import zipcodes

    try:
        found = zipcodes.filter_by(city=city, state=region) if region else zipcodes.filter_by(city=city)  # type: ignore[no-untyped-call]
    except (TypeError, ValueError):
        return None
    if not found:
        return None
    return float(found[0]["lat"]), float(found[0]["long"])


def map_svg(stops: list[tuple[str, str, str | None]]) -> str:
    """`stops`: (time, city, region) in time order. Cities are placed by longitude/latitude and
    joined in the order the ads moved; cities the gazetteer does not know are listed below."""
    width, height = 800, 460
    points = [(t, c, r, city_point(c, r)) for t, c, r in stops]
    known = [(t, c, r, pt) for t, c, r, pt in points if pt is not None]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 60}" font-family="sans-serif">'
    ]
    parts.append("<title>Movement: cities over time</title>")
    parts.append(f'<rect width="{width}" height="{height}" fill="#f4f6f7" stroke="#bbb"/>')
    if known:
        lats = [p[3][0] for p in known]
        lons = [p[3][1] for p in known]
        lat0, lat1 = min(lats) - 2, max(lats) + 2
        lon0, lon1 = min(lons) - 3, max(lons) + 3

        def xy(lat: float, lon: float) -> tuple[float, float]:
            return (lon - lon0) / (lon1 - lon0) * (width - 40) + 20, (lat1 - lat) / (lat1 - lat0) * (height - 40) + 20

        previous = None
        for step, (_t, city, _r, (lat, lon)) in enumerate(known, start=1):
            x, y = xy(lat, lon)
            if previous:
                parts.append(
                    f'<line x1="{previous[0]:.1f}" y1="{previous[1]:.1f}" x2="{x:.1f}" y2="{y:.1f}" '
                    'stroke="#c0392b" stroke-width="1.5" stroke-dasharray="4 3"/>'
                )
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="#c0392b"/>')
            parts.append(f'<text x="{x + 8:.1f}" y="{y - 6:.1f}" font-size="12">{step}. {escape(city)}</text>')
            previous = (x, y)
    unknown = sorted({c for _t, c, _r, p in points if not p})
    if unknown:
        parts.append(
            f'<text x="10" y="{height + 20}" font-size="12">Not on the map: {escape(", ".join(unknown))}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def timeline_svg(rows: list[tuple[str, str, str]]) -> str:
    """`rows`: (time, ad id, city) in time order, one line each."""
    height = 30 + 22 * len(rows)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="760" height="{height}" font-family="sans-serif">']
    parts.append("<title>Timeline of postings</title>")
    parts.append(f'<line x1="20" y1="15" x2="20" y2="{height - 10}" stroke="#2c3e50" stroke-width="2"/>')
    for i, (when, ad_id, city) in enumerate(rows):
        y = 30 + 22 * i
        parts.append(f'<circle cx="20" cy="{y}" r="5" fill="#2980b9"/>')
        parts.append(
            f'<text x="32" y="{y + 4}" font-size="12">{escape(when)}  {escape(ad_id)}  {escape(city or "")}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)
