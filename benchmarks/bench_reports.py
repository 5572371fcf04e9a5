"""Reports at investigation size: a case packet of an N-ad network with images (target: 50 ads in
<= 10 s), its verification, and a CyberTipline report of the same network, against a baseline of
reading the same evidence from the store in the same run.

    python benchmarks/bench_reports.py [-n 50]
"""

from __future__ import annotations

import argparse
import io
import json
import tempfile
import time
from pathlib import Path

import orjson

from samaritan.engine.screener import Screener
from samaritan.evidence.db import Store
from samaritan.generate.images import pattern
from samaritan.report import runs, signing
from samaritan.report.case.verify import verify_packet
from samaritan.report.config import ReporterConfig
from samaritan.report.evidence import gather
from samaritan.service.screening import ScreeningService

BODY = "Sweet t33n, new to the game. Incall, 150 roses hh. Text 702-555-0124."
CITIES = [("Tampa", "FL"), ("Orlando", "FL"), ("Atlanta", "GA"), ("Charlotte", "NC"), ("Nashville", "TN")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=50, help="ads in the network")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    store = Store(f"sqlite:///{tmp / 's.db'}")
    store.migrate()
    service = ScreeningService(store, Screener())
    for i in range(args.n):
        buf = io.BytesIO()
        pattern(i).save(buf, format="PNG")
        sha, _ = store.store_image(buf.getvalue(), "image/png", "bench", "bench")
        city, region = CITIES[i % len(CITIES)]
        ad = {
            "id": f"b{i}",
            "category": "adult",
            "body": BODY,
            "url": f"https://classifieds.example/b{i}",
            "posted_at": f"2026-03-{1 + i % 28:02d}T10:00:00Z",
            "location": {"city": city, "region": region},
            "poster": {"account_id": f"acct-{i % 7}", "ip": f"192.0.2.{i % 250 + 1}"},
            "images": [{"sha256": sha}],
        }
        service.screen(orjson.dumps(ad), "bench", "bench")
    network = store.latest_verdict(store.latest("bench", f"b{args.n - 1}").pk)["network"]["network_id"]
    key = tmp / "k.pem"
    signing.generate(key)
    reporter = ReporterConfig(platform="bench", company="Bench", reporting_person={"email": "tns@example.com"})

    start = time.perf_counter()
    case = gather(store, "bench", network_id=network)
    read_s = time.perf_counter() - start
    start = time.perf_counter()
    result = runs.case_packet(store, "bench", key, tmp / "case.zip", network_id=network)
    packet_s = time.perf_counter() - start
    start = time.perf_counter()
    ok = verify_packet(tmp / "case.zip", store=store).ok
    verify_s = time.perf_counter() - start
    start = time.perf_counter()
    runs.cybertipline(store, reporter, tmp / "report.xml", network_id=network)
    report_s = time.perf_counter() - start
    print(json.dumps({
        "ads": len(case.ads), "images": len(case.images), "files": result["files"],
        "packet_bytes": (tmp / "case.zip").stat().st_size,
        "read_evidence_s": round(read_s, 3), "case_packet_s": round(packet_s, 3),
        "packet_over_read": round(packet_s / read_s, 1), "verify_s": round(verify_s, 3), "verified": ok,
        "cybertipline_s": round(report_s, 3), "target_case_packet_s": 10.0,
    }, indent=1))  # fmt: skip


if __name__ == "__main__":
    main()
