"""The queue, claims, decisions and images. The case view's evidence is gathered in
`casefile.py`; decisions go through `record_decision`, the same store call and webhook wake-up
as the API's `POST /v1/ads/{platform}/{id}/decisions`."""

from __future__ import annotations

import base64
from datetime import date

import orjson
from fastapi import FastAPI, Request, Response
from fastapi.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse

from samaritan.evidence.review_queue import PRIORITIES, Filters
from samaritan.evidence.users import Session
from samaritan.service.console import casefile, reports
from samaritan.service.console.web import (
    DECISION_NEEDS,
    PREFIX,
    REASON_CODES,
    Console,
    Refused,
    check_csrf,
    own_platform,
    redirect,
    require,
    secure,
)

PAGE = 50


def record_decision(console: Console, session: Session, platform: str, ad_id: str, decision: str, reason: str,
                    note: str) -> dict | None:  # fmt: skip
    """One decision as the API records it: the store's decision (legal hold, audit entry, webhook
    event in one transaction), then the deliverer woken to send the signed webhook."""
    text = f"reason={reason}" + (f"; {note}" if note else "")
    record = console.store.record_decision(
        platform, ad_id, decision, session.user.name, text, f"user:{session.user.name}"
    )
    if record is not None and console.deliverer is not None:
        console.deliverer.wake.set()
    return record


def _filters(request: Request) -> Filters:
    q = request.query_params
    state = q.get("state", "open")
    f = Filters(label=q.get("label", ""), section=q.get("section", ""), platform=q.get("platform", ""))
    f.network, f.state = q.get("network", ""), state if state in ("open", "decided", "all") else "open"
    for name in ("since", "until"):
        value = q.get(name, "")
        if value:
            try:
                setattr(f, name, date.fromisoformat(value).isoformat())
            except ValueError as exc:
                raise Refused(422, f"'{name}' must be a date such as 2026-11-30.") from exc
    return f


def _keyset(text: str) -> tuple | None:
    if not text:
        return None
    try:
        prio, risk, at, pk = orjson.loads(base64.urlsafe_b64decode(text.encode()))
        return int(prio), float(risk), str(at), int(pk)
    except (ValueError, TypeError, orjson.JSONDecodeError) as exc:
        raise Refused(422, "That page link is not valid.") from exc


def _decision_form(form) -> tuple[str, str, str]:
    decision, reason = str(form.get("decision", "")), str(form.get("reason", ""))
    note = str(form.get("note", ""))[:10_000]
    if decision not in DECISION_NEEDS:
        raise Refused(422, "Choose allow, block, escalate or report.")
    if reason not in REASON_CODES:
        raise Refused(422, "A decision needs a reason code.")
    return decision, reason, note


def _case_routes(app: FastAPI, console: Console) -> None:
    @app.get(f"{PREFIX}/queue", include_in_schema=False)
    def queue_page(request: Request) -> Response:
        session = console.session(request)
        require(session, "read")
        console.sync()
        filters = _filters(request)
        rows = console.queue.page(session.user.platforms, filters, _keyset(request.query_params.get("after", "")),
                                  PAGE + 1)  # fmt: skip
        more, rows = len(rows) > PAGE, rows[:PAGE]
        after = None
        if more:
            last = rows[-1]
            key = [last["neg_priority"], last["neg_risk"], last["received_at"], last["ad_pk"]]
            after = base64.urlsafe_b64encode(orjson.dumps(key)).decode()
        for row in rows:
            row["holder"] = console.queue.holder(row)
        query = {k: v for k, v in request.query_params.items() if k != "after" and v}
        return console.render(request, "queue.html", session, rows=rows, filters=filters, after=after, query=query,
                              counts=console.queue.counts(session.user.platforms, filters), priorities=PRIORITIES,
                              break_due=session.high_seen >= session.user.break_after)  # fmt: skip

    @app.post(f"{PREFIX}/claim/{{platform}}/{{ad_id}}", include_in_schema=False)
    async def claim(request: Request, platform: str, ad_id: str) -> Response:
        session = console.session(request)
        check_csrf(session, await request.form())
        require(session, "claim")
        own_platform(session, platform)
        got = await run_in_threadpool(console.queue.claim, platform, ad_id, session.user.name)
        if got.holder is None:
            raise Refused(404, "No such case in the queue.")
        if not got.ok:
            raise Refused(409, f"{got.holder} is working on this case until {got.until}; pick another.")
        console.audit(session, "case.claimed", platform, ad_id, {"until": got.until})
        return redirect(f"{PREFIX}/case/{platform}/{ad_id}")

    @app.get(f"{PREFIX}/case/{{platform}}/{{ad_id}}", include_in_schema=False)
    def case_page(request: Request, platform: str, ad_id: str) -> Response:
        session = console.session(request)
        require(session, "read")
        own_platform(session, platform)
        case = casefile.build(console, platform, ad_id)
        if case is None:
            raise Refused(404, "No such case.")
        high = case["priority"] in ("high", "urgent")
        seen = console.users.saw_case(session, high, platform, f"{ad_id}@{case['revision']}")
        return console.render(request, "case.html", seen, case=case, holder=case["holder"],
                              break_due=seen.high_seen >= session.user.break_after)  # fmt: skip

    @app.get(f"{PREFIX}/case/{{platform}}/{{ad_id}}/export", include_in_schema=False)
    def export(request: Request, platform: str, ad_id: str) -> Response:
        session = console.session(request)
        require(session, "read")
        own_platform(session, platform)
        history = console.store.history(platform, ad_id)
        if history is None:
            raise Refused(404, "No such case.")
        for rev in history["revisions"]:
            raw = rev.pop("raw")
            rev["ad"] = orjson.loads(raw) if raw is not None else None
        console.audit(session, "case.exported", platform, ad_id)
        headers = {"Content-Disposition": f'attachment; filename="case-{platform}-{ad_id}.json"'}
        return secure(Response(orjson.dumps(history), media_type="application/json", headers=headers))


def _decision_routes(app: FastAPI, console: Console) -> None:
    @app.post(f"{PREFIX}/case/{{platform}}/{{ad_id}}/decide", include_in_schema=False)
    async def decide(request: Request, platform: str, ad_id: str) -> Response:
        session = console.session(request)
        form = await request.form()
        check_csrf(session, form)
        decision, reason, note = _decision_form(form)
        require(session, DECISION_NEEDS[decision])
        own_platform(session, platform)
        item = console.queue.item(platform, ad_id)
        holder = console.queue.holder(item) if item else None
        if holder and holder != session.user.name:
            raise Refused(409, f"{holder} holds this case; decide it when their claim ends.")
        record = await run_in_threadpool(record_decision, console, session, platform, ad_id, decision, reason, note)
        if record is None:
            raise Refused(404, "No such case.")
        console.queue.release(platform, ad_id, session.user.name)
        console.sync()
        # The decision stands; with reporting connected, a CyberTipline draft follows from it.
        if decision == "report" and console.desk is not None:
            return await reports.draft_after_decision(console, request, session, platform, ad_id)
        return redirect(f"{PREFIX}/queue?decided={ad_id}")

    @app.post(f"{PREFIX}/network/{{platform}}/{{network_id}}/decide", include_in_schema=False)
    async def decide_network(request: Request, platform: str, network_id: str) -> Response:
        session = console.session(request)
        form = await request.form()
        check_csrf(session, form)
        decision, reason, note = _decision_form(form)
        require(session, "network")
        own_platform(session, platform)
        network = console.service.network(platform, network_id)
        if network is None:
            raise Refused(404, "No such network.")
        ids = sorted({a["id"] for a in network["ads"]})
        for ad_id in ids:
            await run_in_threadpool(record_decision, console, session, platform, ad_id, decision, reason,
                                    f"network {network_id}" + (f"; {note}" if note else ""))  # fmt: skip
        console.audit(session, "network.decided", platform, network_id, {"decision": decision, "ads": len(ids)})
        console.sync()
        return redirect(f"{PREFIX}/queue?decided={network_id}")


def _image_routes(app: FastAPI, console: Console) -> None:
    @app.get(f"{PREFIX}/image/{{platform}}/{{ad_id}}/{{sha}}", include_in_schema=False)
    def blurred_image(request: Request, platform: str, ad_id: str, sha: str) -> Response:
        """The image as the page shows it by default: greyscale and blurred on the server, so the
        original never reaches the browser until a reviewer reveals it."""
        session = console.session(request)
        own_platform(session, platform)
        data = casefile.image_of(console, platform, ad_id, sha)
        out = casefile.blur(data, session.user.blur) if data else None
        if out is None:
            raise Refused(404, "No such image.")
        return secure(Response(out, media_type="image/png"))

    @app.post(f"{PREFIX}/image/{{platform}}/{{ad_id}}/{{sha}}/reveal", include_in_schema=False)
    async def reveal(request: Request, platform: str, ad_id: str, sha: str) -> Response:
        """A deliberate, audited reveal of one image: the original comes back inline, once."""
        session = console.session(request)
        check_csrf(session, await request.form())
        own_platform(session, platform)
        data = casefile.image_of(console, platform, ad_id, sha)
        if not data:
            raise Refused(404, "No such image.")
        console.audit(session, "image.revealed", platform, f"{ad_id}/{sha}")
        uri = "data:image/png;base64," + base64.b64encode(casefile.as_png(data)).decode()
        html = f'<img class="revealed" src="{uri}" alt="image {sha[:12]} (revealed)" data-sha="{sha}">'
        if request.headers.get("HX-Request"):
            return secure(HTMLResponse(html))
        return console.render(request, "revealed.html", session, image=html, back=f"{PREFIX}/case/{platform}/{ad_id}")


def add_routes(app: FastAPI, console: Console) -> None:
    for part in (_case_routes, _decision_routes, _image_routes):
        part(app, console)
