"""A console server on 127.0.0.1 and a system Chromium driven by Playwright, for the browser
tests and the screenshots. Playwright never downloads a browser here: it runs Debian's."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from console_site import PASSWORD, Site
from samaritan.service.app import create_app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@contextmanager
def serve(site: Site):
    app = create_app(site.service, None)
    app.state.console.users = site.users  # the site's fast test hasher and lockout limits
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the console server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        # Root in a container has no user namespaces for Chromium's sandbox.
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield browser
        finally:
            browser.close()


def sign_in(browser, base: str, name: str, password: str = PASSWORD, **context_options):
    context = browser.new_context(**context_options)
    page = context.new_page()
    page.goto(f"{base}/console/login")
    page.fill("#name", name)
    page.fill("#password", password)
    page.click("#sign-in")
    # The click waits for the navigation to start, not for the next page: on a loaded machine a
    # test that read the queue at once found the login page's (CI on 11a38fc, 1 of 5,255).
    page.wait_for_load_state("load")
    return page


def screenshot_pages(browser, base: str, case_id: str, out: Path) -> list[Path]:
    page = sign_in(browser, base, "lena", viewport={"width": 1400, "height": 900})
    page.goto(f"{base}/console/queue")
    queue = out / "console-queue.png"
    page.screenshot(path=str(queue), full_page=False)
    page.goto(f"{base}/console/case/synthetic-site/{case_id}")
    case = out / "console-case.png"
    page.screenshot(path=str(case), full_page=True)
    page.context.close()
    return [queue, case]


def axe_serious(page, axe_js: Path) -> list[dict]:
    page.add_script_tag(content=axe_js.read_text("utf-8"))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
