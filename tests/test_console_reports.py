"""The console's reporting pages, over HTTP: a lead's "report" decision makes a validated
CyberTipline draft (or says plainly why none could be made), the lead opens it, sees the XML, the
ads it names and the hold placed, and sends it to a stand-in for NCMEC once credentials are set;
law-enforcement requests are listed by deadline with overdue ones marked, and adding one holds what
it covers. Every step is in the audit log; reviewers and other platforms see none of it."""

from __future__ import annotations

import html
import json
import re

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from console_site import OTHER, PASSWORD, PLATFORM, build
from samaritan.evidence.legal import Legal
from samaritan.evidence.schema import audit_log
from samaritan.report.cybertipline.double import CyberTiplineDouble
from samaritan.report.desk import ReportDesk
from samaritan.service.app import create_app

REPORTER = {
    "platform": PLATFORM,
    "company": "Example Classifieds Ltd",
    "reporting_person": {"first_name": "Trust", "last_name": "Safety", "email": "tns@example.com"},
    "ncmec": {"base_url": "https://exttest.cybertip.example/ispws"},
}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    directory = tmp_path_factory.mktemp("console-reports")
    site = build(directory, n=60)
    app = create_app(site.service)
    reporter = directory / "reporter.yaml"
    reporter.write_text(json.dumps(REPORTER))  # JSON is YAML
    double = CyberTiplineDouble()
    desk = ReportDesk(site.service.store, directory / "reports", None, transport=httpx.MockTransport(double))
    app.state.console.desk = desk
    yield site, app, desk, reporter, double
    site.service.store.close()


def _client(app, name: str) -> TestClient:
    client = TestClient(app)
    page = client.get("/console/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    signed_in = client.post("/console/login", data={"name": name, "password": PASSWORD, "csrf": token},
                            follow_redirects=False)  # fmt: skip
    assert signed_in.status_code == 303, signed_in.text
    return client


def _csrf(client: TestClient) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get("/console/queue").text).group(1)


def _actions(site, action: str) -> list:
    with site.service.store.engine.connect() as conn:
        return conn.execute(select(audit_log).where(audit_log.c.action == action)).all()


def _report(client: TestClient, ad_id: str):
    form = {"csrf": _csrf(client), "decision": "report", "reason": "minor_suspected", "note": ""}
    return client.post(f"/console/case/{PLATFORM}/{ad_id}/decide", data=form, follow_redirects=False)


def test_without_a_reporter_file_the_decision_stands_and_the_page_says_why_no_draft(world, monkeypatch):
    site, app, desk, _reporter, _double = world
    monkeypatch.delenv("SAMARITAN_REPORTER_CONFIG", raising=False)
    desk.reporter_config = None
    lena = _client(app, "lena")
    ad_id = site.styled_id
    answer = _report(lena, ad_id)
    assert answer.status_code == 200
    assert "no CyberTipline draft was made" in answer.text and "No reporter file is configured" in answer.text
    decisions = site.service.store.history(PLATFORM, ad_id)["decisions"]
    assert [d["decision"] for d in decisions][-1] == "report"  # the decision itself was recorded
    assert any(r.subject == ad_id for r in _actions(site, "report.draft_refused"))
    assert "No reporter file is configured" in lena.get("/console/reports").text


def test_a_lead_drafts_opens_and_sends_a_report_and_every_step_is_audited(world, monkeypatch):
    site, app, desk, reporter, double = world
    desk.reporter_config = reporter
    monkeypatch.delenv("SAMARITAN_NCMEC_USERNAME", raising=False)
    monkeypatch.delenv("SAMARITAN_NCMEC_PASSWORD", raising=False)
    lena = _client(app, "lena")
    answer = _report(lena, site.emoji_id)
    assert answer.status_code == 303
    pk = int(answer.headers["location"].rsplit("/", 1)[1])
    page = lena.get(f"/console/reports/{pk}")
    text = html.unescape(page.text)
    assert "<reportingPerson>" in text or "<reporter>" in text  # the XML, shown as text
    assert f">{site.emoji_id}</a>" in page.text and "CyberTipline report of" in text  # the ad and its hold
    assert Legal(site.service.store).holds(PLATFORM, site.emoji_id)
    assert "Cannot send yet" in text and "SAMARITAN_NCMEC_USERNAME" in text
    refused = lena.post(f"/console/reports/{pk}/send", data={"csrf": _csrf(lena)})
    assert refused.status_code == 409 and not double.reports
    assert "user:lena" in {r.actor for r in _actions(site, "report.drafted")}
    assert any(r.subject == f"report:{pk}" for r in _actions(site, "report.viewed"))

    monkeypatch.setenv("SAMARITAN_NCMEC_USERNAME", "esp")
    monkeypatch.setenv("SAMARITAN_NCMEC_PASSWORD", "secret")
    assert lena.post(f"/console/reports/{pk}/send", data={}).status_code == 403  # no CSRF token
    sent = lena.post(f"/console/reports/{pk}/send", data={"csrf": _csrf(lena)}, follow_redirects=False)
    assert sent.status_code == 303
    assert len(double.reports) == 1
    report_id = next(iter(double.reports))
    opened = lena.get(sent.headers["location"]).text
    assert "Sent to NCMEC" in opened and report_id in opened and "(finished)" in opened
    assert any(r.subject == f"report:{pk}" for r in _actions(site, "report.sent"))
    again = lena.post(f"/console/reports/{pk}/send", data={"csrf": _csrf(lena)})
    assert again.status_code == 409 and len(double.reports) == 1  # never reported twice
    listing = lena.get("/console/reports").text
    assert f"/console/reports/{pk}" in listing and "reporter file configured" in listing


def test_reviewers_cannot_open_reports_or_requests(world):
    _site, app, *_ = world
    rita = _client(app, "rita")
    assert rita.get("/console/reports").status_code == 403
    assert rita.get("/console/requests").status_code == 403
    assert "/console/reports" not in rita.get("/console/queue").text


def test_requests_are_listed_by_deadline_overdue_marked_and_what_they_cover_is_held(world):
    site, app, *_ = world
    lena = _client(app, "lena")
    ad_id = site.image_id
    form = {"csrf": _csrf(lena), "platform": PLATFORM, "agency": "County Sheriff", "case_number": "CS-0001",
            "process": "preservation", "deadline": "2099-01-31", "ads": ad_id}  # fmt: skip
    added = lena.post("/console/requests", data=form, follow_redirects=False)
    assert added.status_code == 303
    holds = Legal(site.service.store).holds(PLATFORM, ad_id)
    assert any("County Sheriff" in h["reason"] for h in holds)
    late = dict(form, agency="State Police", case_number="SP-0002", process="subpoena", deadline="2020-01-15")
    assert lena.post("/console/requests", data=late, follow_redirects=False).status_code == 303
    page = lena.get("/console/requests").text
    assert page.index("SP-0002") < page.index("CS-0001")  # soonest deadline first
    row = re.search(r'<tr class="overdue"[^>]*>.*?</tr>', page, re.S).group(0)
    assert "SP-0002" in row and "OVERDUE" in row and "CS-0001" not in row
    assert len(_actions(site, "request.added")) >= 2 and _actions(site, "request.entered")
    pk = int(re.search(r'data-request="(\d+)"[^>]*>\s*<td>\d+</td>[^\n]*?SP-0002', page).group(1))
    assert lena.post(f"/console/requests/{pk}/done", data={"csrf": _csrf(lena)}).status_code == 200
    assert "OVERDUE" not in lena.get("/console/requests").text  # done: no longer overdue
    assert any(r.subject == f"request:{pk}" for r in _actions(site, "request.done"))
    ranged = dict(form, case_number="CS-0003", ads="", phones="+17025550199", to="2000-01-01")
    assert lena.post("/console/requests", data=ranged, follow_redirects=False).status_code == 303
    ranged_row = [r for r in Legal(site.service.store).requests(PLATFORM) if r["case_number"] == "CS-0003"]
    assert ranged_row[0]["covers"] == {"phones": ["+17025550199"], "to": "2000-01-01"}
    assert lena.post("/console/requests", data=dict(form, to="soon")).status_code == 422
    assert lena.post("/console/requests", data=dict(form, process="letter")).status_code == 422
    assert lena.post("/console/requests", data=dict(form, ads="")).status_code == 422
    assert lena.post("/console/requests", data=dict(form, platform=OTHER)).status_code == 404
    assert lena.post("/console/requests", data=dict(form, csrf="")).status_code == 403


def test_serve_wires_the_desk_from_the_reporter_setting_and_the_data_directory(world, tmp_path):
    import argparse

    from samaritan.cli.service import attach_desk
    from samaritan.settings import Settings

    site, _app, _desk, reporter, _double = world
    app = create_app(site.service)
    assert "not connected" in _client(app, "lena").get("/console/requests").text  # no desk: it says so
    args = argparse.Namespace(data=str(tmp_path), settings=Settings(reporter_config=reporter))
    attach_desk(app, site.service.store, args)
    desk = app.state.console.desk
    assert desk.dir == tmp_path / "reports" and desk.reporter_problem(PLATFORM) is None
    assert "platform 'synthetic-site'" in desk.reporter_problem(OTHER)
