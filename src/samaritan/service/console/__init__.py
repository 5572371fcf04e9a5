"""The review console (contract §3: the HTTP API and the review console on one port): server-
rendered pages for reviewers, leads, auditors and admins, plus the self-hosted API docs.

`install(app, service, deliverer)` adds it to the API's FastAPI app: the pages under
/console, their vendored static files, and Swagger UI at /docs. Nothing is fetched from
elsewhere at run time.
"""

from __future__ import annotations

import logging
import time
from importlib import resources

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from samaritan.evidence.review_queue import ReviewQueue
from samaritan.evidence.users import Users
from samaritan.service.console import admin, pages, reports, sessions
from samaritan.service.console.web import PREFIX, Console, NotSignedIn, Refused, redirect, secure
from samaritan.service.screening import ScreeningService
from samaritan.service.webhooks import Deliverer

log = logging.getLogger(__name__)

# server.optional_routers() includes this. It is empty: the console needs the app itself (its
# static mount, its error pages and the queue's start-up catch-up), so create_app calls
# install() below; the two mounts become one when the service's router hook takes an app.
router = APIRouter()


def install(
    app: FastAPI,
    service: ScreeningService,
    deliverer: Deliverer | None = None,
    users: Users | None = None,
    lease_minutes: float = 15.0,
) -> Console:
    console = Console(service, deliverer, users or Users(service.store), ReviewQueue(service.store, lease_minutes))
    # Catch the queue up with everything stored before this start (once per store: the cursor
    # persists), so no page request carries a long catch-up.
    started = time.perf_counter()
    caught_up = console.sync(max_batches=0)
    if caught_up:
        log.info("review queue caught up with %d stored verdicts in %.1fs", caught_up, time.perf_counter() - started)
    static = resources.files("samaritan.service.console") / "static"
    app.mount(f"{PREFIX}/static", StaticFiles(directory=str(static)), name="console-static")

    @app.exception_handler(NotSignedIn)
    async def _not_signed_in(request: Request, _exc: NotSignedIn):
        if request.method == "GET":
            return redirect(f"{PREFIX}/login")
        return console.render(request, "error.html", None, 401, message="Please sign in again.")

    @app.exception_handler(Refused)
    async def _refused(request: Request, exc: Refused):
        session = console.users.session(request.cookies.get("samaritan_session"))
        return console.render(request, "error.html", session, exc.status, message=str(exc))

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse(f"{PREFIX}/queue", status_code=303)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        html = (resources.files("samaritan.service.console") / "templates" / "docs.html").read_text("utf-8")
        return secure(HTMLResponse(html.replace("{prefix}", PREFIX)))

    for module in (sessions, pages, admin, reports):
        module.add_routes(app, console)
    app.state.console = console
    return console
