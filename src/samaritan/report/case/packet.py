"""Build the case packet: every revision's exact bytes, images, verdicts, decisions, the network,
its timeline and map, the audit entries about it, a printable summary, and a signed manifest."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from samaritan import __version__
from samaritan.report import signing
from samaritan.report.case import pictures
from samaritan.report.case.summary import summary_html, summary_pdf
from samaritan.report.evidence import Case

MANIFEST, SIGNATURE, PUBLIC_KEY = "manifest.json", "manifest.sig", "public_key.pem"
_LABEL_COLOURS = {"minor_risk": "#c0392b", "trafficking_risk": "#e67e22", "commercial_sex": "#f1c40f"}


def _dumps(value: Any) -> bytes:
    return json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False).encode("utf-8")


def _safe(part: str) -> str:
    """A path component from an id: anything but letters, digits, '-', '_' and '.' is hex-escaped."""
    out = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else f"%{ord(c):02x}" for c in part)
    return out.lstrip(".") or "_"


def _movement(case: Case) -> list[tuple[str, str, str, str | None]]:
    rows = []
    for ad in case.ads:
        record = ad.ad
        loc = record.get("location")
        city, region = (loc.get("city", ""), loc.get("region")) if isinstance(loc, dict) else (str(loc or ""), None)
        rows.append((str(record.get("posted_at") or ad.revisions[0]["received_at"]), ad.id, city, region))
    return sorted(rows)


def _files(case: Case, created_at: str) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    edges = []
    for ad in case.ads:
        base = f"ads/{_safe(ad.id)}"
        for rev in ad.revisions:
            if rev["raw"] is not None:
                files[f"{base}/revision-{rev['revision']}.json"] = rev["raw"]  # the exact bytes received
        files[f"{base}/verdicts.json"] = _dumps(
            [{"revision": r["revision"], **v} for r in ad.revisions for v in r["verdicts"]]
        )
        files[f"{base}/decisions.json"] = _dumps(ad.decisions)
        files[f"{base}/record.json"] = _dumps(
            [
                {k: r[k] for k in ("revision", "received_at", "sha256", "hold", "retain_until", "purged_at")}
                for r in ad.revisions
            ]
        )
        for link in (ad.verdict.get("network") or {}).get("links", []):
            edges.append((ad.id, str(link["id"]).rsplit("@", 1)[0], str(link["via"])))
    for sha, data in case.images.items():
        files[f"images/{sha}"] = data
    movement = _movement(case)
    table = io.StringIO()
    writer = csv.writer(table)
    writer.writerow(["posted_at", "ad_id", "city", "region"])
    writer.writerows(movement)
    files["timeline.csv"] = table.getvalue().encode("utf-8")
    files["timeline.svg"] = pictures.timeline_svg([(t, a, c) for t, a, c, _r in movement]).encode()
    files["map.svg"] = pictures.map_svg([(t, c, r) for t, _a, c, r in movement if c]).encode()
    colours = {
        ad.id: next((_LABEL_COLOURS[lb] for lb in _LABEL_COLOURS if lb in ad.verdict.get("labels", [])), "#95a5a6")
        for ad in case.ads
    }
    files["graph.svg"] = pictures.graph_svg([a.id for a in case.ads], edges, colours).encode()
    files["network.json"] = _dumps(
        {
            "network_id": case.network_id,
            "platform": case.platform,
            "ads": [
                {"id": a.id, "labels": a.verdict.get("labels", []), "decision": a.verdict.get("decision")}
                for a in case.ads
            ],
            "links": [{"from": a, "to": b, "via": v} for a, b, v in edges],
        }
    )
    files["audit.jsonl"] = b"".join(_dumps(entry).replace(b"\n", b"") + b"\n" for entry in case.audit)
    files["summary.html"] = summary_html(case, created_at).encode("utf-8")
    files["summary.pdf"] = summary_pdf(case, created_at)
    return files


def build_packet(
    case: Case, key: Ed25519PrivateKey, out: str | Path, request: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Write the zip to `out`; returns the manifest."""
    created_at = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    files = _files(case, created_at)
    manifest = {
        "format": "samaritan-case-packet/1",
        "created_at": created_at,
        "tool": f"samaritan {__version__}",
        "platform": case.platform,
        "subject": case.subject,
        "network_id": case.network_id,
        "ads": [a.id for a in case.ads],
        "request": request,
        "audit_seqs": [e["seq"] for e in case.audit],
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())},
    }
    manifest_bytes = _dumps(manifest)
    tmp = Path(str(out) + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(files.items()):
            archive.writestr(name, data)
        archive.writestr(MANIFEST, manifest_bytes)
        archive.writestr(SIGNATURE, key.sign(manifest_bytes).hex() + "\n")
        archive.writestr(PUBLIC_KEY, signing.public_pem(key))
    tmp.replace(out)
    return manifest
