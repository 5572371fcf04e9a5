"""Signing in and out, and a reviewer's own settings (blur strength, break prompt)."""

from __future__ import annotations

import secrets
import time
from collections import defaultdict, deque

from fastapi import FastAPI, Request, Response

from samaritan.evidence.users import LoginRefused
from samaritan.service.console.web import (
    LOGIN_CSRF_COOKIE,
    PREFIX,
    SESSION_COOKIE,
    Console,
    Refused,
    check_csrf,
    redirect,
    set_cookie,
)


class Throttle:
    """Failed sign-ins per client address. The per-account lockout stops guessing one password;
    this stops one client trying a few passwords on many accounts."""

    def __init__(self, limit: int = 20, window_s: float = 300.0):
        self.limit, self.window = limit, window_s
        self.failures: dict[str, deque[float]] = defaultdict(deque)

    def blocked(self, client: str) -> bool:
        seen, now = self.failures[client], time.monotonic()
        while seen and seen[0] < now - self.window:
            seen.popleft()
        return len(seen) >= self.limit

    def failed(self, client: str) -> None:
        if len(self.failures) > 10_000:
            self.failures.clear()
        self.failures[client].append(time.monotonic())


def add_routes(app: FastAPI, console: Console) -> None:
    throttle = Throttle()

    @app.get(f"{PREFIX}/login", include_in_schema=False)
    def login_page(request: Request) -> Response:
        token = secrets.token_urlsafe(32)
        response = console.render(request, "login.html", None, csrf=token, error=None)
        set_cookie(request, response, LOGIN_CSRF_COOKIE, token, max_age=3600)
        return response

    @app.post(f"{PREFIX}/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        form = await request.form()
        cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
        sent = str(form.get("csrf", ""))
        if not cookie or not secrets.compare_digest(cookie, sent):
            raise Refused(403, "This form has expired (CSRF check failed). Reload the page and try again.")
        name, password = str(form.get("name", ""))[:100], str(form.get("password", ""))[:1000]
        client = request.client.host if request.client else ""
        if throttle.blocked(client):
            raise Refused(429, "Too many failed sign-ins from here. Wait a few minutes and try again.")
        try:
            session = console.users.login(name, password, client)
        except LoginRefused as exc:
            throttle.failed(client)
            token = secrets.token_urlsafe(32)
            response = console.render(request, "login.html", None, 401, csrf=token, error=str(exc))
            set_cookie(request, response, LOGIN_CSRF_COOKIE, token, max_age=3600)
            return response
        response = redirect(f"{PREFIX}/queue")
        set_cookie(request, response, SESSION_COOKIE, session.token)
        response.delete_cookie(LOGIN_CSRF_COOKIE, path="/")
        return response

    @app.post(f"{PREFIX}/logout", include_in_schema=False)
    async def logout(request: Request) -> Response:
        session = console.session(request)
        check_csrf(session, await request.form())
        console.users.end(session.token)
        response = redirect(f"{PREFIX}/login")
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    @app.get(f"{PREFIX}/settings", include_in_schema=False)
    def settings_page(request: Request) -> Response:
        session = console.session(request)
        return console.render(request, "settings.html", session, saved=request.query_params.get("saved"))

    @app.post(f"{PREFIX}/settings", include_in_schema=False)
    async def settings(request: Request) -> Response:
        session = console.session(request)
        form = await request.form()
        check_csrf(session, form)
        try:
            blur, break_after = int(str(form.get("blur", "16"))), int(str(form.get("break_after", "20")))
        except ValueError as exc:
            raise Refused(422, "Blur and break interval are whole numbers.") from exc
        console.users.set_preferences(session.user.name, blur, break_after)
        return redirect(f"{PREFIX}/settings?saved=1")

    @app.post(f"{PREFIX}/break", include_in_schema=False)
    async def took_break(request: Request) -> Response:
        session = console.session(request)
        check_csrf(session, await request.form())
        console.users.took_break(session.token)
        console.audit(session, "wellness.break", None, session.user.name)
        return redirect(f"{PREFIX}/queue")
