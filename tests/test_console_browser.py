"""The review console in a real browser (Debian's Chromium through Playwright) against a server
on 127.0.0.1: sign-in and lockout, the queue, claims, highlights against the verdict's
offsets, image blur and audited reveal, decisions, roles, CSRF, accessibility, sign-out."""

from __future__ import annotations

import io
import re
from pathlib import Path

import orjson
import pytest
from PIL import Image
from sqlalchemy import select

from console_browser import axe_serious, chromium, serve, sign_in
from console_site import PASSWORD, PLATFORM, build
from samaritan.evidence.schema import audit_log

AXE = Path(__file__).parent / "data" / "axe" / "axe.min.js"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    site = build(tmp_path_factory.mktemp("console-browser"))
    site.service.store.set_webhook(PLATFORM, "http://127.0.0.1:9/hook", "test")
    with serve(site) as base, chromium() as browser:
        yield site, base, browser


def _audit(site, action: str) -> list:
    with site.service.store.engine.connect() as conn:
        return conn.execute(select(audit_log).where(audit_log.c.action == action)).all()


def test_sign_in_sets_a_strict_httponly_cookie_and_sign_out_ends_the_session(world):
    site, base, browser = world
    page = sign_in(browser, base, "rita")
    assert page.url.endswith("/console/queue")
    cookie = next(c for c in page.context.cookies() if c["name"] == "samaritan_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert page.inner_text("#who") == "rita"
    page.click("#logout")
    assert page.url.endswith("/console/login")
    page.goto(f"{base}/console/queue")
    assert page.url.endswith("/console/login")  # the old cookie opens nothing
    assert any(r.actor == "user:rita" for r in _audit(site, "login"))
    assert any(r.actor == "user:rita" for r in _audit(site, "logout"))
    page.context.close()


def test_wrong_passwords_lock_the_account(world):
    site, base, browser = world
    site.users.create("locky", "reviewer", [PLATFORM], PASSWORD)
    for _ in range(3):
        page = sign_in(browser, base, "locky", "wrong password!")
        assert "wrong name or password" in page.inner_text("#login-error")
        page.context.close()
    page = sign_in(browser, base, "locky")
    assert "locked" in page.inner_text("#login-error")
    assert page.url.endswith("/console/login")
    page.context.close()


def test_queue_order_counts_and_filters(world):
    site, base, browser = world
    page = sign_in(browser, base, "rita")
    rows = page.eval_on_selector_all(
        "#queue tbody tr[data-ad]",
        "rs => rs.map(r => [r.dataset.ad, +r.dataset.priority, +r.dataset.risk, r.dataset.received])",
    )
    assert rows
    keys = [(-p, -r, at) for _, p, r, at in rows]
    assert keys == sorted(keys)
    flagged = {i for i, v in site.verdicts.items() if v["decision"] != "allow"}
    assert {r[0] for r in rows} <= flagged and "other-ad" not in {r[0] for r in rows}  # only my platform
    shown = int(page.inner_text('#counts [data-priority="urgent"]'))
    assert shown == sum(1 for i in flagged if site.verdicts[i]["priority"] == "urgent")
    page.select_option("#f-label", "minor_risk")
    page.click("#apply-filters")
    ids = page.eval_on_selector_all("#queue tbody tr[data-ad]", "rs => rs.map(r => r.dataset.ad)")
    assert ids and all("minor_risk" in site.verdicts[i]["labels"] for i in ids)
    page.context.close()


def test_two_reviewers_cannot_claim_the_same_case(world):
    _site, base, browser = world
    rita, rob = sign_in(browser, base, "rita"), sign_in(browser, base, "rob")
    target = rita.get_attribute("#queue tbody tr[data-ad]:nth-child(2)", "data-ad")
    rob.goto(f"{base}/console/queue")
    rita.click(f'button[aria-label="Claim {target}"]')
    rob.click(f'button[aria-label="Claim {target}"]')
    assert rita.url.endswith(f"/case/{PLATFORM}/{target}")
    assert "rita is working on this case" in rob.inner_text("#error-message")
    rob.goto(f"{base}/console/queue")
    assert "claimed by rita" in rob.inner_text(f'tr[data-ad="{target}"]')
    rita.context.close()
    rob.context.close()


@pytest.mark.parametrize("which", ["emoji_id", "styled_id"])
def test_highlights_sit_exactly_on_the_verdict_offsets(world, which):
    site, base, browser = world
    ad_id = getattr(site, which)
    verdict = site.verdicts[ad_id]
    body_spans = [i for i in verdict["indicators"] if i["field"] == "body"]
    assert body_spans
    if which == "styled_id":  # the styled letters are found, and the span covers them
        assert any(any(ord(c) > 0xFFFF for c in i["text"]) for i in body_spans)
    page = sign_in(browser, base, "rita")
    page.goto(f"{base}/console/case/{PLATFORM}/{ad_id}")
    history = site.service.store.history(PLATFORM, ad_id)
    body = orjson.loads(history["revisions"][-1]["raw"])["body"]
    assert page.inner_text("#text-body") == body or page.text_content("#text-body") == body
    marks = page.eval_on_selector_all("#text-body mark", "ms => ms.map(m => [m.dataset.spans, m.textContent])")
    for span in body_spans:
        tag = f"{span['code']}:{span['start']}:{span['end']}"
        covered = "".join(text for spans, text in marks if tag in spans.split())
        assert covered == body[span["start"] : span["end"]] == span["text"]
    page.context.close()


def test_images_are_blurred_until_an_audited_reveal(world):
    site, base, browser = world
    page = sign_in(browser, base, "rita")
    page.goto(f"{base}/console/case/{PLATFORM}/{site.image_id}")
    assert page.locator("img.blurred").count() == 2
    src = page.get_attribute("img.blurred", "src")
    shown = Image.open(io.BytesIO(page.request.get(base + src).body()))
    assert shown.mode == "L"  # greyscale on the server: the original never reached the page
    original = Image.open(io.BytesIO(site.service.store.blob(site.images[0]))).convert("L").resize(shown.size)
    assert shown.tobytes() != original.tobytes()
    before = len(_audit(site, "image.revealed"))
    page.locator("button.reveal").first.click()
    page.wait_for_selector("img.revealed")
    assert page.locator("img.blurred").count() == 1  # only the image asked for
    reveals = _audit(site, "image.revealed")
    assert len(reveals) == before + 1 and reveals[-1].actor == "user:rita"
    assert reveals[-1].subject == f"{site.image_id}/{site.images[0]}"
    page.context.close()


def _decide(page, key: str, reason: str = "indicators_confirmed") -> None:
    page.locator("h1").click()  # focus leaves any field, as a reviewer's would
    page.keyboard.press(key)
    page.select_option("#reason", reason)
    page.click("#decide-submit")


def test_each_decision_reaches_the_store_and_the_platform_webhook(world):
    site, base, browser = world
    page = sign_in(browser, base, "lena")
    store = site.service.store
    open_ids = page.eval_on_selector_all("#queue tbody tr[data-ad]", "rs => rs.map(r => r.dataset.ad)")
    for ad_id, (key, decision) in zip(open_ids[-4:], [("a", "allow"), ("b", "block"), ("e", "escalate"),
                                                      ("r", "report")], strict=True):  # fmt: skip
        page.goto(f"{base}/console/case/{PLATFORM}/{ad_id}")
        _decide(page, key)
        assert page.url.endswith(f"decided={ad_id}")
        assert store.history(PLATFORM, ad_id)["decisions"][-1]["decision"] == decision
        events = [
            e for e in store.outbox(PLATFORM) if e["event"] == "decision.recorded" and f'"{ad_id}"' in e["payload"]
        ]
        assert events, "the decision must reach the platform's webhook outbox"
        assert ad_id not in page.eval_on_selector_all("#queue tbody tr[data-ad]", "rs => rs.map(r => r.dataset.ad)")
    page.context.close()


def test_a_lead_decides_a_whole_network(world):
    site, base, browser = world
    store, service = site.service.store, site.service
    index = service.links[PLATFORM]
    network_id = next(n for n, members in index.members.items() if len({m.rpartition("@")[0] for m in members}) >= 2)
    member_ids = sorted({m.rpartition("@")[0] for m in index.members[network_id]})
    page = sign_in(browser, base, "lena")
    page.goto(f"{base}/console/case/{PLATFORM}/{member_ids[0]}")
    assert page.locator("#graph circle").count() == len(member_ids)
    page.check('#network-form input[value="block"]')
    page.select_option("#net-reason", "network_link")
    page.click("#network-submit")
    for ad_id in member_ids:
        assert store.history(PLATFORM, ad_id)["decisions"][-1]["decision"] == "block"
    assert _audit(site, "network.decided")[-1].subject == network_id
    page.context.close()


def test_roles_are_enforced(world):
    site, base, browser = world
    rita = sign_in(browser, base, "rita")
    rita.goto(f"{base}/console/admin")
    assert "may not" in rita.inner_text("#error-message")
    rita.goto(f"{base}/console/queue")
    target = rita.get_attribute("#queue tbody tr[data-ad]", "data-ad")
    rita.goto(f"{base}/console/case/{PLATFORM}/{target}")
    assert rita.locator('#decide-form input[value="escalate"]').count() == 0  # reviewers: allow and block
    aud = sign_in(browser, base, "aud")
    aud.goto(f"{base}/console/case/{PLATFORM}/{target}")
    assert aud.locator("#decide-form").count() == 0
    csrf = aud.get_attribute('form[action$="/logout"] input[name="csrf"]', "value")
    answer = aud.request.post(f"{base}/console/case/{PLATFORM}/{target}/decide",
                              form={"csrf": csrf, "decision": "allow", "reason": "false_positive"})  # fmt: skip
    assert answer.status == 403
    assert site.service.store.history(PLATFORM, target)["decisions"] == []
    aud.goto(f"{base}/console/audit")
    assert aud.locator("#audit tbody tr").count() > 0
    aud.click("#verify")
    assert aud.inner_text("#verify-result").startswith("Verified")
    other = aud.request.get(f"{base}/console/case/other-site/other-ad")
    assert other.status == 404  # another platform's case does not exist for this user
    rita.context.close()
    aud.context.close()


def test_a_form_without_the_session_csrf_token_is_refused(world):
    site, base, browser = world
    page = sign_in(browser, base, "rita")
    target = page.get_attribute("#queue tbody tr[data-ad]", "data-ad")
    forged = {"csrf": "forged", "decision": "block", "reason": "indicators_confirmed"}
    answer = page.request.post(f"{base}/console/case/{PLATFORM}/{target}/decide", form=forged)
    assert answer.status == 403 and "CSRF" in answer.text()
    assert site.service.store.history(PLATFORM, target)["decisions"] == []
    page.context.close()


def test_no_serious_accessibility_violations(world):
    site, base, browser = world
    page = sign_in(browser, base, "lena", bypass_csp=True)  # axe is injected as an inline script
    problems = {}
    for path in (
        "/console/queue",
        f"/console/case/{PLATFORM}/{site.image_id}",
        f"/console/case/{PLATFORM}/{site.emoji_id}",
    ):
        page.goto(base + path)
        problems[path] = axe_serious(page, AXE)
    page.context.close()
    login = browser.new_context(bypass_csp=True).new_page()
    login.goto(f"{base}/console/login")
    problems["/console/login"] = axe_serious(login, AXE)
    login.context.close()
    assert not any(problems.values()), problems
    assert re.match(r"^4\.", (AXE.parent / "VERSION").read_text().split()[1])


def test_api_docs_and_console_load_nothing_from_elsewhere(world):
    _site, base, browser = world
    page = sign_in(browser, base, "rita")
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None)
    page.goto(f"{base}/console/queue")
    page.goto(f"{base}/docs")
    page.wait_for_selector(".swagger-ui .title", timeout=20_000)
    assert page.inner_text(".swagger-ui .title").startswith("Samaritan")
    assert outside == []
    page.context.close()
