"""Admin pages (users and API keys of the admin's platforms) and the auditor's audit log,
paged by sequence number, with its verification run from the page."""

from __future__ import annotations

from fastapi import FastAPI, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import select

from samaritan.evidence.db import StoreError
from samaritan.evidence.schema import audit_log
from samaritan.evidence.users import ROLES
from samaritan.service.console.web import PREFIX, Console, Refused, check_csrf, redirect, require

AUDIT_PAGE = 100


def _admin_routes(app: FastAPI, console: Console) -> None:
    @app.get(f"{PREFIX}/admin", include_in_schema=False)
    def admin_page(request: Request) -> Response:
        session = console.session(request)
        require(session, "admin")
        mine = set(session.user.platforms)
        users = [u for u in console.users.list() if mine & set(u["platforms"].split(","))]
        keys = [k for k in console.store.list_keys() if k["platform"] in mine]
        return console.render(request, "admin.html", session, users=users, keys=keys, roles=ROLES,
                              shown=request.query_params.get("shown"))  # fmt: skip

    @app.post(f"{PREFIX}/admin/users", include_in_schema=False)
    async def admin_users(request: Request) -> Response:
        session = console.session(request)
        form = await request.form()
        check_csrf(session, form)
        require(session, "admin")
        action, name = str(form.get("action", "")), str(form.get("name", "")).strip()[:100]
        actor = f"user:{session.user.name}"
        try:
            if action == "create":
                platforms = [p for p in str(form.get("platforms", "")).split(",") if p.strip()]
                if not set(p.strip() for p in platforms) <= set(session.user.platforms):
                    raise Refused(403, "You can only give access to your own platforms.")
                secret = console.users.create(name, str(form.get("role", "")), platforms, None, actor)
            elif action in ("disable", "reset"):
                target = next((u for u in console.users.list() if u["name"] == name), None)
                if target is None or not set(target["platforms"].split(",")) & set(session.user.platforms):
                    raise Refused(404, "No such user.")
                if action == "disable":
                    console.users.disable(name, actor)
                    secret = None
                else:
                    secret = console.users.reset(name, None, actor)
            else:
                raise Refused(422, "Unknown action.")
        except StoreError as exc:
            raise Refused(422, str(exc)) from exc
        page = console.render(request, "shown_once.html", session, what=f"Password for {name}", secret=secret)
        return page if secret else redirect(f"{PREFIX}/admin")

    @app.post(f"{PREFIX}/admin/keys", include_in_schema=False)
    async def admin_keys(request: Request) -> Response:
        session = console.session(request)
        form = await request.form()
        check_csrf(session, form)
        require(session, "admin")
        action = str(form.get("action", ""))
        if action == "create":
            platform = str(form.get("platform", ""))
            if platform not in session.user.platforms:
                raise Refused(403, "You can only make keys for your own platforms.")
            token = console.store.create_key(platform, label=f"console:{session.user.name}")
            console.audit(session, "key.created.console", platform, token.split("_")[1])
            return console.render(request, "shown_once.html", session, what=f"API key for {platform}", secret=token)
        if action == "revoke":
            key_id = str(form.get("key_id", ""))
            key = next((k for k in console.store.list_keys() if k["key_id"] == key_id), None)
            if key is None or key["platform"] not in session.user.platforms:
                raise Refused(404, "No such key.")
            console.store.revoke_key(key_id)
            console.audit(session, "key.revoked.console", key["platform"], key_id)
            return redirect(f"{PREFIX}/admin")
        raise Refused(422, "Unknown action.")


def _audit_routes(app: FastAPI, console: Console) -> None:
    @app.get(f"{PREFIX}/audit", include_in_schema=False)
    def audit_page(request: Request) -> Response:
        session = console.session(request)
        require(session, "audit")
        try:
            before = int(request.query_params.get("before", "0")) or None
        except ValueError as exc:
            raise Refused(422, "That page link is not valid.") from exc
        query = select(audit_log).order_by(audit_log.c.seq.desc()).limit(AUDIT_PAGE)
        if before:
            query = query.where(audit_log.c.seq < before)
        with console.store.engine.connect() as conn:
            rows = [dict(r) for r in conn.execute(query).mappings()]
        older = rows[-1]["seq"] if len(rows) == AUDIT_PAGE and rows[-1]["seq"] > 1 else None
        console.audit(session, "audit.viewed", None, str(before or "latest"))
        return console.render(request, "audit.html", session, rows=rows, older=older, report=None)

    @app.post(f"{PREFIX}/audit/verify", include_in_schema=False)
    async def audit_verify(request: Request) -> Response:
        session = console.session(request)
        check_csrf(session, await request.form())
        require(session, "audit")
        report = await run_in_threadpool(console.store.verify)
        console.audit(session, "audit.verified", None, None, {"ok": report["ok"], "entries": report["entries"]})
        return console.render(request, "audit.html", session, rows=[], older=None, report=report)


def add_routes(app: FastAPI, console: Console) -> None:
    for part in (_admin_routes, _audit_routes):
        part(app, console)
