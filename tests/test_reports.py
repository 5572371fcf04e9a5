"""Reports a platform sends and an investigator receives: the CyberTipline report validates and is
accepted by a stand-in for NCMEC's service (and a misordered one is refused), a submission that fails
half-way resumes without reporting twice, the case packet verifies and names any changed byte, DSA
statements validate and carry no personal data, and law-enforcement requests hold what they cover."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from samaritan.engine.adparse import parse_ad
from samaritan.engine.extract import Extractor
from samaritan.engine.screener import Screener
from samaritan.evidence.db import Store
from samaritan.evidence.legal import Legal
from samaritan.evidence.schema import audit_log
from samaritan.generate.images import pattern
from samaritan.report import runs, signing
from samaritan.report.case.packet import MANIFEST
from samaritan.report.case.verify import verify_packet
from samaritan.report.config import ReporterConfig
from samaritan.report.cybertipline.build import build_report
from samaritan.report.cybertipline.client import CyberTiplineClient, Journal, SubmitError, Upload
from samaritan.report.cybertipline.double import CyberTiplineDouble
from samaritan.report.cybertipline.responses import INVALID_XML, ServiceError
from samaritan.report.cybertipline.schema import InvalidReport, validate
from samaritan.report.dsa.double import TransparencyDatabaseDouble
from samaritan.report.dsa.statements import statements_since
from samaritan.report.evidence import AdCase, Case, ReportError
from samaritan.service.screening import ScreeningService

PLATFORM = "site-a"
YOUTH = "Sweet t33n, new to the game. Incall, 150 roses hh. Text 702-555-0124."
COMMERCIAL = "Incall and outcall, 150 roses hh, 250 roses hr. Text 702-555-0123."
REPORTER = ReporterConfig.model_validate(
    {
        "platform": PLATFORM,
        "company": "Example Classifieds Ltd",
        "esp_service": "Example Classifieds",
        "reporting_person": {"first_name": "Trust", "last_name": "Safety", "email": "tns@example.com"},
        "terms_of_service_url": "https://classifieds.example/terms",
        "legal_url": "https://classifieds.example/legal",
        "ncmec": {"base_url": "https://exttest.cybertip.example/ispws"},
        "dsa": {"base_url": "https://tdb.example"},
    }
)


def _png(seed: int) -> bytes:
    out = io.BytesIO()
    pattern(seed).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def filled(tmp_path: Path, screener: Screener):
    """A store with a three-ad network sharing a phone and a photo (one ad flags minor risk), an
    ordinary ad, and a commercial adult ad."""
    store = Store(f"sqlite:///{tmp_path / 'samaritan.db'}")
    store.migrate()
    service = ScreeningService(store, screener)
    photo, _ = store.store_image(_png(3), "image/png", PLATFORM, "test")
    posted = datetime(2026, 3, 1, tzinfo=UTC)
    ads = [
        ("n1", "adult", YOUTH, "Tampa", "FL", [photo], "192.0.2.10"),
        ("n2", "dating", "Incall only, 150 roses hh. Text 702-555-0124.", "Orlando", "FL", [photo], "192.0.2.11"),
        ("n3", "adult", "Visiting this week, text 702-555-0124, 200 roses hr.", "Atlanta", "GA", [], None),
        ("plain", "for-sale", "Desk lamp, $10, pick up downtown.", "Tampa", "FL", [], None),
        ("adult1", "adult", COMMERCIAL, "Reno", "NV", [], None),
    ]
    for i, (ad_id, section, body, city, region, images, ip) in enumerate(ads):
        record = {
            "id": ad_id,
            "category": section,
            "title": "Listing",
            "body": body,
            "url": f"https://classifieds.example/{section}/{ad_id}",
            "posted_at": (posted + timedelta(days=i)).isoformat().replace("+00:00", "Z"),
            "location": {"city": city, "region": region, "country": "US"},
            "poster": {"account_id": f"acct-{ad_id}", **({"ip": ip} if ip else {})},
            "images": [{"sha256": sha} for sha in images],
        }
        service.screen(orjson.dumps(record), PLATFORM, "test")
    yield store
    store.close()


def _network_of(store: Store, ad_id: str) -> str:
    rev = store.latest(PLATFORM, ad_id)
    return store.latest_verdict(rev.pk)["network"]["network_id"]


def test_cybertipline_report_of_a_network_validates_names_every_lead_and_holds_the_evidence(filled, tmp_path) -> None:
    out = tmp_path / "report.xml"
    result = runs.cybertipline(filled, REPORTER, out, network_id=_network_of(filled, "n3"))
    xml = out.read_bytes()
    validate(xml)
    text = xml.decode()
    assert sorted(result["ads"]) == ["n1", "n2", "n3"]
    assert "<incidentType>Child Sex Trafficking</incidentType>" in text
    assert "<phoneNumber>+17025550124</phoneNumber>" in text
    assert "https://classifieds.example/adult/n1" in text
    assert "<ipAddress>192.0.2.10</ipAddress>" in text and "<espIdentifier>acct-n" in text
    # Element order is the service's: summary, internet details, reporter, person reported, info.
    order = [text.index(f"<{tag}>") for tag in ("incidentSummary", "internetDetails", "reporter",
                                                  "personOrUserReported", "additionalInfo")]  # fmt: skip
    assert order == sorted(order)
    held = {h["ad_id"] for h in Legal(filled).holds(PLATFORM)}
    assert held == {"n1", "n2", "n3"}
    assert all(filled.latest(PLATFORM, ad).hold for ad in held)
    # A second report of the same network names the first as a prior report once it was submitted.
    Legal(filled).report_submitted(result["report"], "77001", "finished", "test")
    again = runs.cybertipline(filled, REPORTER, tmp_path / "again.xml", ad_id="n1")
    assert again["prior_reports"] == ["77001"]
    assert "<priorCTReports>77001</priorCTReports>" in (tmp_path / "again.xml").read_text()


def test_an_adult_ad_without_minor_risk_or_a_reviewer_report_is_not_reported(filled, tmp_path) -> None:
    with pytest.raises(ReportError, match="nothing here is apparent child sexual exploitation"):
        runs.cybertipline(filled, REPORTER, tmp_path / "r.xml", ad_id="adult1")
    assert not (tmp_path / "r.xml").exists()
    filled.record_decision(PLATFORM, "adult1", "report", "lead-1", "second look", "test")
    runs.cybertipline(filled, REPORTER, tmp_path / "r.xml", ad_id="adult1")
    assert "Online Enticement" in (tmp_path / "r.xml").read_text()


def _case(ad_count: int, phones: bool, images: bool, ips: bool, prior: int) -> tuple[Case, list[str]]:
    ads = []
    for i in range(ad_count):
        record = {"id": f"a{i}", "body": "clinical synthetic text", "posted_at": "2026-02-01T10:00:00Z",
                  "url": f"https://classifieds.example/ad/{i}", "poster": {"account_id": f"acct-{i}"}}  # fmt: skip
        if ips:
            record["poster"]["ip"] = f"198.51.100.{i + 1}"
        verdict = {"decision": "block", "labels": ["minor_risk"], "priority": "urgent", "reasons": ["r"],
                   "indicators": [], "entities": {"phones": [f"+1702555{i:04d}"[:12]] if phones else []}}  # fmt: skip
        revision = {"revision": 1, "received_at": "2026-02-01T10:00:01Z", "sha256": "0" * 64,
                    "raw": orjson.dumps(record), "verdicts": [{"verdict": verdict}]}  # fmt: skip
        ads.append(AdCase("p", f"a{i}", [revision], []))
    images_ = {f"{i:064x}": b"img" for i in range(2)} if images else {}
    return Case("p", ads, "net-x", images_, []), [str(70000 + k) for k in range(prior)]


@settings(max_examples=40, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 4), st.booleans(), st.booleans(), st.booleans(), st.integers(0, 2))
def test_every_report_validates_and_the_double_accepts_it(n, phones, images, ips, prior) -> None:
    case, prior_ids = _case(n, phones, images, ips, prior)
    xml = build_report(case, REPORTER, prior_ids).to_xml()
    validate(xml)
    double = CyberTiplineDouble()
    client = CyberTiplineClient("https://ct.example/ispws", ("esp", "secret"), transport=httpx.MockTransport(double))
    journal = Journal(Path(f"/tmp/ct-journal-{n}-{phones}-{images}-{ips}-{prior}.json"))
    journal.path.unlink(missing_ok=True)
    uploads = [Upload(f"{sha}.bin", data, viewed_by_esp=False) for sha, data in case.images.items()]
    report_id = client.submit(xml, uploads, journal)
    assert double.reports[report_id]["state"] == "finished"
    assert len(double.reports[report_id]["files"]) == len(uploads)
    journal.path.unlink(missing_ok=True)


def test_a_misordered_report_is_refused_by_the_schema_and_by_the_service() -> None:
    case, _ = _case(1, True, False, True, 0)
    xml = build_report(case, REPORTER).to_xml().decode()
    start, end = xml.index("<reporter>"), xml.index("</reporter>") + len("</reporter>")
    reporter = xml[start:end]
    misordered = (xml[:start] + xml[end:]).replace("<incidentSummary>", reporter + "<incidentSummary>", 1).encode()
    with pytest.raises(InvalidReport):
        validate(misordered)
    double = CyberTiplineDouble()
    answer = httpx.Client(transport=httpx.MockTransport(double), auth=("esp", "secret")).post(
        "https://ct.example/ispws/submit", content=misordered
    )
    assert f"<responseCode>{INVALID_XML}</responseCode>" in answer.text
    assert double.reports == {}


def test_a_submission_that_fails_half_way_resumes_and_never_reports_twice(tmp_path) -> None:
    case, _ = _case(2, True, True, True, 0)
    xml = build_report(case, REPORTER).to_xml()
    uploads = [Upload(f"{sha}.bin", data, viewed_by_esp=True) for sha, data in case.images.items()]
    double = CyberTiplineDouble()
    double.fail_next["/upload"] = 5  # more faults than one run retries
    client = CyberTiplineClient("https://ct.example/ispws", ("esp", "secret"), transport=httpx.MockTransport(double),
                                sleep=lambda _s: None)  # fmt: skip
    journal = Journal(tmp_path / "journal.json")
    with pytest.raises(SubmitError):
        client.submit(xml, uploads, journal)
    report_id = client.submit(xml, uploads, Journal(tmp_path / "journal.json"))  # the operator runs it again
    assert list(double.reports) == [report_id]
    assert double.calls.count("/submit") == 1 and double.reports[report_id]["state"] == "finished"
    # A submit whose answer was lost may have created a report: the client will not guess.
    lost = Journal(tmp_path / "lost.json")
    lost.set("submit_attempted", True)
    with pytest.raises(SubmitError, match="may exist at NCMEC"):
        client.submit(xml, uploads, lost)
    # Wrong credentials are a clear failure, not a silent retry.
    with pytest.raises(SubmitError, match="401"):
        CyberTiplineClient("https://ct.example/ispws", ("esp", "wrong"), transport=httpx.MockTransport(double)).status()
    finished = CyberTiplineClient("https://ct.example/ispws", ("esp", "secret"), transport=httpx.MockTransport(double))
    with pytest.raises(ServiceError):  # a finished report cannot be retracted
        finished.retract(report_id)


def test_case_packet_verifies_and_names_any_changed_byte(filled, tmp_path) -> None:
    key = tmp_path / "platform.key"
    signing.generate(key)
    out = tmp_path / "case.zip"
    result = runs.case_packet(filled, PLATFORM, key, out, network_id=_network_of(filled, "n3"))
    assert sorted(result["ads"]) == ["n1", "n2", "n3"]
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read(MANIFEST))
        assert archive.read("ads/n1/revision-1.json") == filled.history(PLATFORM, "n1")["revisions"][0]["raw"]
        assert archive.read("summary.pdf").startswith(b"%PDF")
        assert "blur(" in archive.read("summary.html").decode()
    assert {"graph.svg", "map.svg", "timeline.svg", "timeline.csv", "audit.jsonl", "summary.html"} <= set(names)
    assert any(n.startswith("images/") for n in names)
    ok = verify_packet(out, store=filled)
    assert ok.ok and ok.audit_checked > 0, ok.problem
    names_ = [*sorted(manifest["files"]), MANIFEST]

    @settings(max_examples=60, derandomize=True, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
    @given(st.integers(0, len(names_) - 1), st.integers(0, 1 << 30), st.integers(1, 255))
    def flipped_byte_is_named(which: int, where: int, mask: int) -> None:
        name = names_[which]
        broken = tmp_path / "broken.zip"
        with zipfile.ZipFile(out) as src, zipfile.ZipFile(broken, "w") as dst:
            for item in src.namelist():
                data = src.read(item)
                if item == name and data:
                    at = where % len(data)
                    data = data[:at] + bytes([data[at] ^ mask]) + data[at + 1 :]
                dst.writestr(item, data)
        failed = verify_packet(broken)
        assert not failed.ok
        assert name in failed.problem or (name == MANIFEST and "signature" in failed.problem), failed.problem

    flipped_byte_is_named()
    other = tmp_path / "other.key"
    signing.generate(other)
    assert not verify_packet(out, public_key_pem=signing.public_pem(signing.load_private(other))).ok


def test_dsa_statements_validate_go_in_batches_and_hold_no_personal_data(filled, tmp_path) -> None:
    statements = list(statements_since(filled, REPORTER, "2000-01-01"))
    assert {s["puid"].rsplit("-r", 1)[0] for s in statements} >= {"n1", "adult1"}
    minors = [s for s in statements if s["puid"].startswith("n1-")]
    assert minors[0]["category"] == "STATEMENT_CATEGORY_PROTECTION_OF_MINORS"
    assert minors[0]["decision_ground"] == "DECISION_GROUND_ILLEGAL_CONTENT"
    extractor = Extractor()
    bodies = [YOUTH, COMMERCIAL]
    for statement in statements:
        text = " ".join(str(v) for v in statement.values())
        entities = extractor.extract(parse_ad({"id": "x", "body": text})).entities
        assert not (entities.phones or entities.emails or entities.handles), statement
        assert not any(body[:25] in text for body in bodies)
    double = TransparencyDatabaseDouble()
    many = [dict(statements[0], puid=f"bulk-{i}") for i in range(230)]
    from samaritan.report.dsa.client import submit_statements

    journal = tmp_path / "dsa.journal.json"
    assert submit_statements(many, "https://tdb.example", "test-token", journal, httpx.MockTransport(double)) == 230
    assert double.batches == [100, 100, 30]
    assert submit_statements(many, "https://tdb.example", "test-token", journal, httpx.MockTransport(double)) == 0


def test_a_request_holds_what_it_covers_is_produced_and_purge_keeps_it(filled, tmp_path) -> None:
    past = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
    added = runs.add_request(filled, PLATFORM, "Example County Sheriff", "2026-CR-0042", "preservation",
                             {"phones": ["+17025550124"]}, past)  # fmt: skip
    assert added["ads_held"] == 3
    legal = Legal(filled)
    [request] = legal.requests(PLATFORM)
    assert request["overdue"] and request["status"] == "open"
    key = tmp_path / "k.pem"
    signing.generate(key)
    produced = runs.produce_request(filled, added["request"], key, tmp_path / "req.zip")
    assert verify_packet(tmp_path / "req.zip").ok and len(produced["ads"]) == 3
    assert legal.request(added["request"])["status"] == "produced"
    filled.purge(now=datetime.now(UTC) + timedelta(days=200))
    for ad_id in ("n1", "n2", "n3"):
        assert filled.history(PLATFORM, ad_id)["revisions"][0]["raw"] is not None
    assert filled.history(PLATFORM, "plain")["revisions"][0]["raw"] is None
    with filled.engine.connect() as conn:
        actions = [r.action for r in conn.execute(select(audit_log.c.action))]
    assert actions.count("hold.placed") == 3 and "request.added" in actions and "case.exported" in actions
    assert filled.verify()["ok"]
    with pytest.raises(Exception, match="only an admin"):
        legal.release_hold(legal.holds(PLATFORM)[0]["pk"], "case closed", "rev-1", "reviewer")


def test_the_commands_write_verify_and_fail_with_clear_exit_codes(filled, tmp_path, monkeypatch) -> None:
    from samaritan.cli.main import main

    reporter = tmp_path / "reporter.yaml"
    reporter.write_text(json.dumps(REPORTER.model_dump(mode="json")))  # JSON is YAML
    data = ["--data", str(tmp_path)]
    key = str(tmp_path / "cli.key")
    assert main(["report", "keygen", "-o", key]) == 0
    assert main(["report", "keygen", "-o", key]) == 1  # never overwrites a key
    network = _network_of(filled, "n3")
    assert main(["report", "case", "--network", network, "--platform", PLATFORM, "--key", key,
                 "-o", str(tmp_path / "c.zip"), *data]) == 0  # fmt: skip
    assert main(["report", "verify", str(tmp_path / "c.zip"), "--with-store", *data]) == 0
    (tmp_path / "c.zip").write_bytes((tmp_path / "c.zip").read_bytes()[:-40])
    assert main(["report", "verify", str(tmp_path / "c.zip")]) == 4
    assert main(["report", "cybertipline", "--ad", f"{PLATFORM}/plain", "--reporter", str(reporter),
                 "-o", str(tmp_path / "r.xml"), *data]) == 1  # fmt: skip
    assert main(["report", "dsa", "--since", "2000-01-01", "--reporter", str(reporter),
                 "-o", str(tmp_path / "s.jsonl"), *data]) == 0  # fmt: skip
    assert (tmp_path / "s.jsonl").read_text().count("\n") >= 2
    assert main(["requests", "add", "--platform", PLATFORM, "--agency", "Example PD", "--case-number", "C-1",
                 "--process", "subpoena", "--deadline", "2099-01-01", "--ads", "adult1", *data]) == 0  # fmt: skip
    assert main(["requests", "list", *data]) == 0
