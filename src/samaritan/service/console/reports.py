"""Leads' reporting pages: CyberTipline drafts made by the "report" decision (list, open, send) and
law-enforcement requests (list by deadline, add). Every step is audited.

The work is done by the reporting desk (`samaritan.report.desk.ReportDesk`), which whoever builds the
server sets as `console.desk`: the console and `report` are sibling layers and do not import each
other. Without a desk the pages say so rather than fail."""

from __future__ import annotations

import re
from datetime import date, datetime

import orjson
from fastapi import FastAPI, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import select

from samaritan.evidence.legal import PROCESSES, Legal, ct_reports
from samaritan.evidence.users import Session
from samaritan.service.console.web import PREFIX, Console, Refused, check_csrf, own_platform, redirect, require

NO_DESK = "Reporting is not connected to this server (it was started without a reporting desk)."
COVERS = ("ads", "networks", "phones", "accounts")


def _drafts(console: Console, platforms: tuple[str, ...] | list[str]) -> list[dict]:
    query = select(ct_reports).where(ct_reports.c.platform.in_(list(platforms))).order_by(ct_reports.c.pk.desc())
    with console.store.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(query).mappings()]
    for row in rows:
        row["ads"] = orjson.loads(row["ads"])
    return rows


def _draft(console: Console, session: Session, pk: int) -> dict:
    with console.store.engine.connect() as conn:
        row = conn.execute(select(ct_reports).where(ct_reports.c.pk == pk)).mappings().first()
    if row is None or row["platform"] not in session.user.platforms:
        raise Refused(404, "No such report.")
    return dict(row, ads=orjson.loads(row["ads"]))


def _problems(console: Console, session: Session) -> dict[str, str | None]:
    desk = console.desk
    return {p: (desk.reporter_problem(p) if desk else NO_DESK) for p in session.user.platforms}


def render_list(console: Console, request: Request, session: Session, notice: str | None = None,
                status: int = 200) -> Response:  # fmt: skip
    return console.render(request, "reports.html", session, status, drafts=_drafts(console, session.user.platforms),
                          problems=_problems(console, session), notice=notice)  # fmt: skip


async def draft_after_decision(console: Console, request: Request, session: Session, platform: str,
                               ad_id: str) -> Response:  # fmt: skip
    """After a "report" decision is recorded: make the CyberTipline draft and open it, or say
    plainly why none was made (the decision itself stands either way)."""
    problem = console.desk.reporter_problem(platform)
    if problem is None:
        try:
            result = await run_in_threadpool(console.desk.draft, platform, ad_id, f"user:{session.user.name}")
        except ValueError as exc:  # DeskError: the report could not be built or validated
            problem = str(exc)
        else:
            console.audit(session, "report.draft_opened", platform, ad_id, {"report": result["report"]})
            return redirect(f"{PREFIX}/reports/{result['report']}")
    console.audit(session, "report.draft_refused", platform, ad_id, {"problem": problem})
    notice = f"The report decision on {ad_id} is recorded, but no CyberTipline draft was made. {problem}"
    return render_list(console, request, session, notice)


def _report_routes(app: FastAPI, console: Console) -> None:
    @app.get(f"{PREFIX}/reports", include_in_schema=False)
    def reports_page(request: Request) -> Response:
        session = console.session(request)
        require(session, "escalate")
        return render_list(console, request, session)

    @app.get(f"{PREFIX}/reports/{{pk}}", include_in_schema=False)
    def report_page(request: Request, pk: int) -> Response:
        session = console.session(request)
        require(session, "escalate")
        row = _draft(console, session, pk)
        legal = Legal(console.store)
        holds = [h for ad_id in row["ads"] for h in legal.holds(row["platform"], ad_id)]
        xml = console.desk.xml(pk) if console.desk else None
        send_problem = console.desk.send_problem(row["platform"]) if console.desk else NO_DESK
        console.audit(session, "report.viewed", row["platform"], f"report:{pk}")
        notice = "Sent to NCMEC." if request.query_params.get("sent") else None
        return console.render(request, "report.html", session, report=row, xml=xml, holds=holds,
                              send_problem=send_problem, notice=notice)  # fmt: skip

    @app.post(f"{PREFIX}/reports/{{pk}}/send", include_in_schema=False)
    async def send(request: Request, pk: int) -> Response:
        session = console.session(request)
        check_csrf(session, await request.form())
        require(session, "escalate")
        row = _draft(console, session, pk)
        if row["status"] != "draft":
            raise Refused(409, f"Report {pk} is already {row['status']}.")
        if console.desk is None:
            raise Refused(409, NO_DESK)
        try:
            result = await run_in_threadpool(console.desk.send, pk, row["platform"], f"user:{session.user.name}")
        except ValueError as exc:  # DeskError: credentials missing, or NCMEC refused
            console.audit(session, "report.send_failed", row["platform"], f"report:{pk}", {"problem": str(exc)})
            raise Refused(409, str(exc)) from exc
        console.audit(session, "report.sent", row["platform"], f"report:{pk}", {"report_id": result["report_id"]})
        return redirect(f"{PREFIX}/reports/{pk}?sent=1")


def _deadline(text: str) -> str:
    try:
        if len(text) == 10:
            return date.fromisoformat(text).isoformat() + "T23:59:59.000000Z"
        return datetime.fromisoformat(text.replace("Z", "+00:00")).strftime("%Y-%m-%dT%H:%M:%S.000000Z")
    except ValueError as exc:
        raise Refused(422, "The deadline must be a date such as 2026-12-31 (or a date and time).") from exc


def _request_form(session: Session, form) -> dict:
    values = {k: str(form.get(k, "")).strip()[:300] for k in ("platform", "agency", "case_number", "process",
                                                               "deadline")}  # fmt: skip
    own_platform(session, values["platform"])
    if not values["agency"] or not values["case_number"]:
        raise Refused(422, "A request needs the agency and its case number.")
    if values["process"] not in PROCESSES:
        raise Refused(422, f"The process must be one of: {', '.join(PROCESSES)}.")
    covers = {k: sorted({v for v in re.split(r"[\s,]+", str(form.get(k, ""))[:20_000]) if v}) for k in COVERS}
    covers = {k: v for k, v in covers.items() if v}
    if not covers:
        raise Refused(422, "Say what the request covers: ads, networks, phones or accounts.")
    for bound in ("from", "to"):  # an optional date range narrows what it covers
        value = str(form.get(bound, "")).strip()
        if value:
            try:
                covers[bound] = date.fromisoformat(value).isoformat()
            except ValueError as exc:
                raise Refused(422, f"'{bound}' must be a date such as 2026-11-30.") from exc
    values["covers"], values["deadline"] = covers, _deadline(values["deadline"])
    return values


def _request_routes(app: FastAPI, console: Console) -> None:
    @app.get(f"{PREFIX}/requests", include_in_schema=False)
    def requests_page(request: Request) -> Response:
        session = console.session(request)
        require(session, "escalate")
        rows = [r for r in Legal(console.store).requests() if r["platform"] in session.user.platforms]
        added = request.query_params.get("added")
        notice = f"Request {added} recorded; what it covers is on hold." if added else None
        return console.render(request, "requests.html", session, rows=rows, processes=PROCESSES, covers=COVERS,
                              problem=None if console.desk else NO_DESK, notice=notice)  # fmt: skip

    @app.post(f"{PREFIX}/requests", include_in_schema=False)
    async def add(request: Request) -> Response:
        session = console.session(request)
        form = await request.form()
        check_csrf(session, form)
        require(session, "escalate")
        v = _request_form(session, form)
        if console.desk is None:
            raise Refused(409, NO_DESK)
        actor = f"user:{session.user.name}"
        result = await run_in_threadpool(console.desk.add_request, v["platform"], v["agency"], v["case_number"],
                                         v["process"], v["covers"], v["deadline"], actor)  # fmt: skip
        console.audit(session, "request.entered", v["platform"], f"request:{result['request']}",
                      {"ads_held": result["ads_held"]})  # fmt: skip
        return redirect(f"{PREFIX}/requests?added={result['request']}")

    @app.post(f"{PREFIX}/requests/{{pk}}/done", include_in_schema=False)
    async def done(request: Request, pk: int) -> Response:
        session = console.session(request)
        check_csrf(session, await request.form())
        require(session, "escalate")
        legal = Legal(console.store)
        row = legal.request(pk)
        if row is None or row["platform"] not in session.user.platforms:
            raise Refused(404, "No such request.")
        legal.set_request_status(pk, "done", f"user:{session.user.name}")  # audited as request.done
        return redirect(f"{PREFIX}/requests")


def add_routes(app: FastAPI, console: Console) -> None:
    _report_routes(app, console)
    _request_routes(app, console)
