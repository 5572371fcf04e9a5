"""The console's shared plumbing: templates, the signed-in user of a request, CSRF checks,
role checks, and the security headers every page carries."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from importlib import resources
from typing import Any
from urllib.parse import quote

from fastapi import Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from samaritan.evidence.review_queue import ReviewQueue
from samaritan.evidence.users import Session, Users
from samaritan.service.screening import ScreeningService
from samaritan.service.webhooks import Deliverer

SESSION_COOKIE = "samaritan_session"
LOGIN_CSRF_COOKIE = "samaritan_login_csrf"
PREFIX = "/console"
# Scripts and styles come only from this server; nothing loads from elsewhere, nothing frames us.
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)
REASON_CODES = {
    "indicators_confirmed": "Indicators confirmed by reading the ad",
    "trafficking_suspected": "Signs of trafficking or control",
    "minor_suspected": "Signs that a minor is involved",
    "network_link": "Linked to ads already actioned",
    "false_positive": "The flagged words mean something harmless here",
    "insufficient_evidence": "Not enough to act on",
    "policy_other": "Another policy reason (say which in the note)",
}
# Which permission each decision needs (see evidence.users.PERMISSIONS).
DECISION_NEEDS = {"allow": "decide", "block": "decide", "escalate": "escalate", "report": "escalate"}


class Refused(Exception):
    """A request the signed-in user may not make: rendered as a page with this status."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class NotSignedIn(Exception):
    pass


@dataclass
class Console:
    service: ScreeningService
    deliverer: Deliverer | None
    users: Users
    queue: ReviewQueue
    # The reporting desk (samaritan.report.desk.ReportDesk), set by whoever builds the server:
    # the console may not import `report` (sibling layers). None: the report pages say so.
    desk: Any = None
    env: Environment = field(init=False)

    def __post_init__(self) -> None:
        templates = resources.files("samaritan.service.console") / "templates"
        self.env = Environment(loader=FileSystemLoader(str(templates)), autoescape=select_autoescape(["html"]))
        self.env.globals.update(prefix=PREFIX, reason_codes=REASON_CODES, quote=lambda s: quote(str(s), safe=""))

    @property
    def store(self):
        return self.service.store

    def sync(self, max_batches: int = 2) -> int:
        """Bring the queue up to date with the evidence (cheap when nothing is new)."""
        return self.queue.sync(self.service.network_of, max_batches=max_batches)

    def render(self, request: Request, name: str, session: Session | None = None, status: int = 200,
               **context: Any) -> HTMLResponse:  # fmt: skip
        user = session.user if session else None
        html = self.env.get_template(name).render(request=request, session=session, user=user, **context)
        return secure(HTMLResponse(html, status_code=status))

    def session(self, request: Request) -> Session:
        session = self.users.session(request.cookies.get(SESSION_COOKIE))
        if session is None:
            raise NotSignedIn()
        return session

    def audit(self, session: Session, action: str, platform: str | None, subject: str | None, detail=None) -> None:
        self.store.audit_event(action, f"user:{session.user.name}", platform, subject, detail)


def secure(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"  # case pages hold evidence: never cached
    return response


def check_csrf(session: Session, form: Any) -> None:
    sent = str(form.get("csrf", ""))
    if not sent or not secrets.compare_digest(sent, session.csrf):
        raise Refused(403, "This form has expired or did not come from this console (CSRF check failed). "
                           "Reload the page and try again.")  # fmt: skip


def require(session: Session, permission: str) -> None:
    if not session.user.can(permission):
        raise Refused(403, f"Your role ({session.user.role}) may not do this.")


def own_platform(session: Session, platform: str) -> None:
    # Another platform's cases are absent, not forbidden: nothing about them leaks.
    if platform not in session.user.platforms:
        raise Refused(404, "No such case.")


def set_cookie(request: Request, response: Response, name: str, value: str, max_age: int | None = None) -> None:
    response.set_cookie(
        name, value, max_age=max_age, path="/", httponly=True, samesite="strict",
        secure=request.url.scheme == "https",  # Secure behind TLS; plain http on loopback would drop it
    )  # fmt: skip


def redirect(url: str) -> Response:
    return secure(RedirectResponse(url, status_code=303))
