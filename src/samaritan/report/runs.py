"""What `samaritan report …` and `samaritan requests …` do, above the store and the report formats:
gather the case, build and validate the file, place the legal hold, record and audit every step."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import httpx

from samaritan.evidence.db import Store
from samaritan.evidence.legal import Legal
from samaritan.report import signing
from samaritan.report.case.packet import build_packet
from samaritan.report.config import ReporterConfig
from samaritan.report.cybertipline.build import build_report
from samaritan.report.cybertipline.client import CyberTiplineClient, Journal, Upload
from samaritan.report.cybertipline.schema import validate
from samaritan.report.dsa.client import submit_statements
from samaritan.report.dsa.statements import statements_since
from samaritan.report.evidence import Case, ads_covered, gather, gather_ads


def _viewed_images(case: Case) -> set[str]:
    """Images a person at the platform revealed in the console (audited as image.revealed)."""
    viewed = set()
    for entry in case.audit:
        if "reveal" in entry["action"]:
            detail = entry.get("detail") or ""
            viewed |= {sha for sha in case.images if sha in detail}
    return viewed


def cybertipline(
    store: Store,
    reporter: ReporterConfig,
    out: Path,
    ad_id: str | None = None,
    network_id: str | None = None,
    actor: str = "cli",
    submit: bool = False,
    transport: httpx.BaseTransport | None = None,
) -> dict[str, Any]:
    """Write (and optionally submit) the report; every ad it names goes on legal hold."""
    legal = Legal(store)
    case = gather(store, reporter.platform, ad_id=ad_id, network_id=network_id)
    ids = [a.id for a in case.ads]
    prior = legal.prior_reports(reporter.platform, case.network_id, ids)
    xml = build_report(case, reporter, prior).to_xml()
    validate(xml)
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.write_bytes(xml)
    tmp.replace(out)
    sha = hashlib.sha256(xml).hexdigest()
    legal.place_hold(reporter.platform, ids, f"CyberTipline report of {case.subject}", actor)
    pk = legal.record_report(reporter.platform, case.network_id, ids, sha, actor)
    result: dict[str, Any] = {"report": pk, "file": str(out), "sha256": sha, "ads": ids, "prior_reports": prior}
    if submit:
        viewed = _viewed_images(case)
        uploads = [
            Upload(f"{sha_}.bin", data, viewed_by_esp=sha_ in viewed) for sha_, data in sorted(case.images.items())
        ]
        client = CyberTiplineClient(
            str(reporter.ncmec.base_url),
            reporter.ncmec.credentials(),
            transport=transport,
            timeout=reporter.ncmec.timeout_s,
        )
        try:
            report_id = client.submit(xml, uploads, Journal(out.with_suffix(out.suffix + ".journal.json")))
        finally:
            client.close()
        legal.report_submitted(pk, report_id, "finished", actor)
        result["report_id"] = report_id
    return result


def case_packet(
    store: Store,
    platform: str,
    key_path: Path,
    out: Path,
    ad_id: str | None = None,
    network_id: str | None = None,
    ad_ids: list[str] | None = None,
    request: dict[str, Any] | None = None,
    actor: str = "cli",
) -> dict[str, Any]:
    key = signing.load_private(key_path)
    case = (
        gather_ads(store, platform, ad_ids, network_id)
        if ad_ids is not None
        else gather(store, platform, ad_id=ad_id, network_id=network_id)
    )
    manifest = build_packet(case, key, out, request=request)
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    store.audit_event(
        "case.exported",
        actor,
        platform,
        network_id or ad_id or (request or {}).get("case_number"),
        {"packet_sha256": digest, "files": len(manifest["files"]), "ads": manifest["ads"]},
    )
    return {"file": str(out), "sha256": digest, "files": len(manifest["files"]), "ads": manifest["ads"]}


def dsa(
    store: Store,
    reporter: ReporterConfig,
    since: str,
    out: Path,
    submit: bool = False,
    transport: httpx.BaseTransport | None = None,
    actor: str = "cli",
) -> dict[str, Any]:
    import json

    statements = list(statements_since(store, reporter, since))
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.write_text("".join(json.dumps(s, sort_keys=True) + "\n" for s in statements), "utf-8")
    tmp.replace(out)
    result: dict[str, Any] = {"statements": len(statements), "file": str(out)}
    if submit:
        if reporter.dsa is None:
            raise ValueError("the reporter file has no dsa endpoint")
        result["accepted"] = submit_statements(
            statements,
            str(reporter.dsa.base_url),
            reporter.dsa.token(),
            out.with_suffix(out.suffix + ".journal.json"),
            transport=transport,
            timeout=reporter.dsa.timeout_s,
        )
    store.audit_event(
        "dsa.exported",
        actor,
        reporter.platform,
        None,
        {"statements": len(statements), "since": since, "submitted": result.get("accepted")},
    )
    return result


def add_request(
    store: Store,
    platform: str,
    agency: str,
    case_number: str,
    process: str,
    covers: dict[str, Any],
    deadline: str,
    actor: str = "cli",
) -> dict[str, Any]:
    """Record the request and hold everything it covers (the hold is what preservation means)."""
    legal = Legal(store)
    ids = ads_covered(store, platform, covers)
    pk = legal.add_request(platform, agency, case_number, process, covers, deadline, actor)
    if ids:
        legal.place_hold(platform, ids, f"{process} from {agency}, case {case_number} (request {pk})", actor)
    return {"request": pk, "ads_held": len(ids)}


def produce_request(store: Store, pk: int, key_path: Path, out: Path, actor: str = "cli") -> dict[str, Any]:
    legal = Legal(store)
    request = legal.request(pk)
    if request is None:
        raise ValueError(f"no request {pk}")
    ids = ads_covered(store, request["platform"], request["covers"])
    summary = {k: request[k] for k in ("agency", "case_number", "process", "deadline")} | {"request": pk}
    result = case_packet(store, request["platform"], key_path, out, ad_ids=ids, request=summary, actor=actor)
    legal.set_request_status(pk, "produced", actor, result["sha256"])
    return result
