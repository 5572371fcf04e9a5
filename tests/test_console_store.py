"""The review console's storage: users with Argon2 hashes, sessions that expire when idle,
lockout after repeated failures, the queue's order, filters and keyset pages, claim leases
that only one reviewer can hold, and highlight segments that match the verdict's offsets."""

from __future__ import annotations

import threading

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from conftest import _BACKENDS as BACKENDS
from conftest import _fresh_postgres as fresh_postgres
from console_site import PASSWORD, PLATFORM, build
from samaritan.cli.main import main
from samaritan.evidence.review_queue import Filters, ReviewQueue, queue_items
from samaritan.evidence.users import LoginRefused, Users, console_sessions, console_users
from samaritan.service.console.case import segments


@pytest.fixture(scope="module", params=BACKENDS)
def site(request, tmp_path_factory):
    """The site on embedded SQLite and on PostgreSQL (unless SAMARITAN_SKIP_POSTGRES=1)."""
    url = None
    if request.param == "postgresql":
        url = fresh_postgres(request.getfixturevalue("postgres_url"))
    site = build(tmp_path_factory.mktemp("console-store"), url=url)
    yield site
    site.service.store.close()


def test_passwords_are_argon2_hashes_never_the_password(site):
    with site.service.store.engine.connect() as conn:
        row = conn.execute(select(console_users).where(console_users.c.name == "rita")).one()
    assert row.password_hash.startswith("$argon2id$")
    assert PASSWORD not in row.password_hash
    assert site.users.login("rita", PASSWORD).user.role == "reviewer"


def test_repeated_failures_lock_the_account_until_reset(site):
    site.users.create("lock-me", "reviewer", [PLATFORM], PASSWORD)
    for _ in range(3):
        with pytest.raises(LoginRefused, match="wrong name or password"):
            site.users.login("lock-me", "not the password")
    with pytest.raises(LoginRefused, match="locked"):
        site.users.login("lock-me", PASSWORD)  # even the right password, while locked
    new = site.users.reset("lock-me")
    assert site.users.login("lock-me", new).user.name == "lock-me"


def test_unknown_and_disabled_users_cannot_sign_in(site):
    with pytest.raises(LoginRefused, match="wrong name or password"):
        site.users.login("nobody", PASSWORD)
    site.users.create("gone", "reviewer", [PLATFORM], PASSWORD)
    session = site.users.login("gone", PASSWORD)
    site.users.disable("gone")
    assert site.users.session(session.token) is None
    with pytest.raises(LoginRefused):
        site.users.login("gone", PASSWORD)


def test_a_session_ends_after_its_idle_timeout_and_at_logout(site):
    session = site.users.login("rob", PASSWORD)
    assert site.users.session(session.token).user.name == "rob"
    with site.service.store.write_engine.begin() as conn:
        conn.execute(update(console_sessions).values(last_seen_at="2020-01-01T00:00:00.000000Z"))
    assert site.users.session(session.token) is None
    other = site.users.login("rob", PASSWORD)
    site.users.end(other.token)
    assert site.users.session(other.token) is None


def _all_pages(queue: ReviewQueue, filters: Filters, size: int) -> list[dict]:
    rows, after = [], None
    while True:
        page = queue.page((PLATFORM,), filters, after, size)
        rows.extend(page)
        if len(page) < size:
            return rows
        last = page[-1]
        after = (last["neg_priority"], last["neg_risk"], last["received_at"], last["ad_pk"])


def _counted(queue: ReviewQueue, filters: Filters) -> dict[str, int]:
    """Counts per priority worked out from the rows themselves."""
    names = ["none", "low", "medium", "high", "urgent"]
    out = dict.fromkeys(reversed(names), 0)
    for row in _all_pages(queue, filters, 500):
        out[names[-row["neg_priority"]]] += 1
    return out


def test_queue_is_priority_then_risk_then_age_and_keyset_pages_miss_nothing(site):
    queue = ReviewQueue(site.service.store)
    queue.sync(site.service.network_of)
    rows = _all_pages(queue, Filters(), 7)
    flagged = {i for i, v in site.verdicts.items() if v["decision"] != "allow"}
    assert {r["ad_id"] for r in rows} == flagged
    assert len(rows) == len(flagged)  # no row twice across page boundaries
    keys = [(r["neg_priority"], r["neg_risk"], r["received_at"]) for r in rows]
    assert keys == sorted(keys)
    assert queue.counts((PLATFORM,), Filters())["urgent"] == sum(
        1 for i in flagged if site.verdicts[i]["priority"] == "urgent"
    )
    assert queue.page(("other-site-not-mine",), Filters(), None, 50) == []


def test_queue_filters_and_decided_items_drop_out(site):
    queue = ReviewQueue(site.service.store)
    queue.sync(site.service.network_of)
    minors = queue.page((PLATFORM,), Filters(label="minor_risk"), None, 500)
    assert minors and all("minor_risk" in r["labels"].split(",") for r in minors)
    networked = next(r for r in queue.page((PLATFORM,), Filters(), None, 500) if r["network_id"])
    same = queue.page((PLATFORM,), Filters(network=networked["network_id"]), None, 500)
    assert {r["network_id"] for r in same} == {networked["network_id"]}
    assert queue.page((PLATFORM,), Filters(since="2999-01-01"), None, 50) == []
    target = minors[0]["ad_id"]
    by_label = queue.counts((PLATFORM,), Filters(label="minor_risk"))
    assert sum(by_label.values()) == len(minors)
    before = queue.counts((PLATFORM,), Filters())
    site.service.store.record_decision(PLATFORM, target, "block", "rita", "reason=indicators_confirmed", "test")
    queue.sync(site.service.network_of)
    after = queue.counts((PLATFORM,), Filters())
    assert sum(before.values()) - sum(after.values()) == 1
    for f in (Filters(), Filters(state="decided"), Filters(state="all", label="minor_risk"), Filters(section="dating")):
        assert queue.counts((PLATFORM,), f) == _counted(queue, f)
    assert target not in {r["ad_id"] for r in queue.page((PLATFORM,), Filters(), None, 500)}
    decided = queue.page((PLATFORM,), Filters(state="decided"), None, 500)
    assert [r["decision"] for r in decided if r["ad_id"] == target] == ["block"]


def test_a_repost_replaces_the_decided_row_with_an_open_one(site):
    queue = ReviewQueue(site.service.store)
    queue.sync(site.service.network_of)
    row = queue.page((PLATFORM,), Filters(label="trafficking_risk"), None, 1)[0]
    store = site.service.store
    store.record_decision(PLATFORM, row["ad_id"], "allow", "rita", "reason=false_positive", "test")
    queue.sync(site.service.network_of)
    assert queue.item(PLATFORM, row["ad_id"])["state"] == "decided"
    ad = orjson.loads(store.history(PLATFORM, row["ad_id"])["revisions"][-1]["raw"])
    ad["body"] += " Reposted."
    site.service.screen(orjson.dumps(ad), PLATFORM, "test")
    queue.sync(site.service.network_of)
    item = queue.item(PLATFORM, row["ad_id"])
    assert (item["revision"], item["state"]) == (row["revision"] + 1, "open")
    for f in (Filters(), Filters(state="decided"), Filters(state="all")):
        assert queue.counts((PLATFORM,), f) == _counted(queue, f)


def test_two_reviewers_claiming_at_once_never_both_hold_the_case(site):
    queue = ReviewQueue(site.service.store, lease_minutes=10)
    queue.sync(site.service.network_of)
    target = queue.page((PLATFORM,), Filters(), None, 1)[0]["ad_id"]
    barrier, results = threading.Barrier(2), {}

    def grab(name: str) -> None:
        barrier.wait()
        results[name] = queue.claim(PLATFORM, target, name)

    threads = [threading.Thread(target=grab, args=(n,)) for n in ("rita", "rob")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [n for n, c in results.items() if c.ok]
    assert len(winners) == 1
    loser = ({"rita", "rob"} - set(winners)).pop()
    assert results[loser].holder == winners[0]
    assert queue.claim(PLATFORM, target, winners[0]).ok  # the holder renews
    with site.service.store.write_engine.begin() as conn:  # the lease runs out
        conn.execute(
            update(queue_items).where(queue_items.c.ad_id == target).values(claim_until="2020-01-01T00:00:00Z")
        )
    assert queue.claim(PLATFORM, target, loser).ok


PIECES = [*"ab c\n", "🌹", "𝐁", "𝐞", "é", "\u200b", "👩\u200d👧"]  # emoji, styled letters, joiners
TEXT = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


@settings(derandomize=True, max_examples=200, deadline=None)
@given(TEXT, st.lists(st.tuples(st.integers(0, 40), st.integers(1, 10)), max_size=5))
def test_highlight_segments_cut_exactly_at_the_verdict_offsets(text, raw_spans):
    spans = [{"field": "body", "start": s, "end": min(s + w, len(text)), "code": f"c{k}", "category": "x"}
             for k, (s, w) in enumerate(raw_spans) if s < len(text)]  # fmt: skip
    segs = segments(text, spans, "body")
    assert "".join(s.text for s in segs) == text
    for span in spans:
        covered = "".join(s.text for s in segs if span in s.indicators)
        assert covered == text[span["start"] : span["end"]]


def test_cli_creates_disables_and_resets_users(tmp_path, capsys):
    data = str(tmp_path)
    assert main(["users", "--data", data, "create", "cli-user", "--role", "lead", "--platform", "a,b"]) == 0
    password = capsys.readouterr().out.strip()
    from samaritan.evidence import open_store

    users = Users(open_store(data))
    assert users.login("cli-user", password).user.platforms == ("a", "b")
    assert main(["users", "--data", data, "disable", "cli-user"]) == 0
    with pytest.raises(LoginRefused):
        users.login("cli-user", password)
    assert main(["users", "--data", data, "reset", "cli-user", "--password", "a new long password"]) == 0
    assert users.login("cli-user", "a new long password").user.role == "lead"
    assert main(["users", "--data", data, "create", "x", "--role", "reviewer", "--platform", "a",
                 "--password", "short"]) == 1  # fmt: skip


def test_concurrent_catch_ups_project_each_verdict_once(tmp_path):
    site = build(tmp_path, n=60, seed=9)
    queues = [ReviewQueue(site.service.store) for _ in range(3)]
    barrier, errors = threading.Barrier(3), []

    def catch_up(queue: ReviewQueue) -> None:
        barrier.wait()
        try:
            queue.sync(site.service.network_of, batch=7)
        except Exception as exc:  # any failure is the finding
            errors.append(exc)

    threads = [threading.Thread(target=catch_up, args=(q,)) for q in queues]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    rows = queues[0].page((PLATFORM,), Filters(), None, 1000)
    assert sorted(r["ad_id"] for r in rows) == sorted(i for i, v in site.verdicts.items() if v["decision"] != "allow")
    assert queues[0].counts((PLATFORM,), Filters()) == _counted(queues[0], Filters())


def test_one_client_failing_on_many_accounts_is_throttled():
    from samaritan.service.console.sessions import Throttle

    throttle = Throttle(limit=3, window_s=60)
    for _ in range(3):
        assert not throttle.blocked("10.0.0.1")
        throttle.failed("10.0.0.1")
    assert throttle.blocked("10.0.0.1")
    assert not throttle.blocked("10.0.0.2")


def test_a_bounded_catch_up_reads_at_most_its_batches_and_the_next_call_goes_on(tmp_path):
    site = build(tmp_path, n=80, seed=4)  # enough commercial ads for the fixture to pick three
    queue = ReviewQueue(site.service.store)
    assert queue.sync(site.service.network_of, batch=10, max_batches=2) == 20
    assert queue.sync(site.service.network_of, batch=10) == len(site.verdicts) + 1 - 20  # + the other platform's ad
    assert queue.sync(site.service.network_of) == 0
