"""Worker processes are forked from one process holding a built engine (`service.zygote`): no
worker builds an engine of its own, none holds the server's sockets, a worker stopped over its
budget is replaced by another fork, and closing the pool leaves no process behind. A short ad
skips the hop to a worker (`inline_chars`)."""

from __future__ import annotations

import os
import socket
import stat
import time
from pathlib import Path

import orjson
import pytest
from fastapi.testclient import TestClient

from samaritan.engine.adparse import parse_ad
from samaritan.engine.screener import Screener
from samaritan.evidence.db import Store
from samaritan.service import workers
from samaritan.service.app import create_app
from samaritan.service.screening import ScreeningService

AD = parse_ad({"id": "w1", "body": "Incall and outcall, 150 roses hh, 250 roses hr. Text 702-555-0123."})


def _parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[1])


def _sockets(pid: int) -> set[int]:
    """The socket inodes process `pid` holds open."""
    found = set()
    for entry in Path(f"/proc/{pid}/fd").iterdir():
        try:
            info = entry.stat()
        except OSError:
            continue
        if stat.S_ISSOCK(info.st_mode):
            found.add(info.st_ino)
    return found


def _gone(pid: int, within_s: float = 10.0) -> bool:
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
        except OSError:
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.02)
    return False


def test_workers_are_forked_from_one_engine_and_hold_none_of_the_servers_sockets(screener: Screener) -> None:
    listening = socket.create_server(("127.0.0.1", 0))  # as uvicorn's is, before the pool starts
    lanes = workers.Lanes(screener, size=2, budget_s=60.0, heavy_size=1)
    try:
        lanes.start()
        lanes.warm()
        pids = [w.process.pid for w in (*lanes.ordinary._free, lanes.ordinary._spare, *lanes.heavy._free)]
        zygote_pid = lanes.source._zygote.pid
        assert len(set(pids)) == 4 and {_parent(pid) for pid in pids} == {zygote_pid}
        assert _parent(zygote_pid) == os.getpid()
        ours = os.fstat(listening.fileno()).st_ino
        assert all(ours not in _sockets(pid) for pid in [zygote_pid, *pids])
        # The forked engine screens as the server's own does.
        verdict, record = lanes.run(AD, [], {})
        assert verdict == screener.screen(AD).to_dict() and record.keys
    finally:
        lanes.close()
        listening.close()
    assert all(_gone(pid) for pid in [zygote_pid, *pids])


def test_a_worker_stopped_over_its_budget_is_replaced_by_a_fork_and_the_pool_goes_on(screener: Screener) -> None:
    pool = workers.WorkerPool(screener, size=1, budget_s=0.0)
    try:
        pool.start()
        pool.warm()
        first = pool._free[0].process.pid
        with pytest.raises(workers.OverBudget):
            pool.run(AD, [], {})
        assert pool.replaced == 1 and _gone(first)
        pool.budget_s = 60.0
        verdict, _ = pool.run(AD, [], {})
        assert verdict["decision"] == screener.screen(AD).to_dict()["decision"]
        # The replacement's spare is forked in a thread of its own: on a loaded machine it may still
        # be building its screener just after the run, so the pool is asked until it has settled.
        deadline = time.monotonic() + 60
        while pool.starting() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert pool.starting() == 0
        zygote_pid = pool.source._zygote.pid
        assert {_parent(w.process.pid) for w in pool._free} == {zygote_pid}
    finally:
        pool.close()
    assert _gone(zygote_pid)


def test_a_clean_zygote_builds_the_engine_once_for_a_new_model(screener: Screener) -> None:
    # A model reload forks nothing from the server: a clean process builds the engine and forks.
    lanes = workers.Lanes(screener, size=1, budget_s=120.0, heavy_size=1, fork_here=False)
    try:
        lanes.start()
        lanes.warm()
        zygote_pid = lanes.source._zygote.pid
        assert _parent(zygote_pid) == os.getpid()
        assert {_parent(w.process.pid) for w in lanes.ordinary._free} == {zygote_pid}
        verdict, _ = lanes.run(AD, [], {})
        assert verdict == screener.screen(AD).to_dict()
    finally:
        lanes.close()
    assert _gone(zygote_pid)


def test_with_a_pool_a_short_ad_is_screened_in_the_request_thread_and_a_longer_one_on_a_worker(
    screener: Screener, tmp_path
) -> None:
    store = Store(f"sqlite:///{tmp_path / 'samaritan.db'}")
    store.migrate()
    service = ScreeningService(store, screener)
    service.inline_chars = 4096
    api = TestClient(create_app(service))
    api.headers["Authorization"] = "Bearer " + store.create_key("site-a", ("screen",))
    pool = workers.WorkerPool(screener, size=1, budget_s=0.0)  # an ad sent to a worker overruns at once
    pool.start()
    service.pool = pool
    short = {"id": "short", "body": "Incall and outcall, 150 roses hh. Text 702-555-0123."}
    longer = {"id": "longer", "body": "Oak bookshelf for sale, call 702-555-0142. " * 120}
    try:
        answered = api.post("/v1/screen", content=orjson.dumps(short))
        assert answered.status_code == 200 and answered.json()["decision"] == "block"
        assert pool.replaced == 0
        stopped = api.post("/v1/screen", content=orjson.dumps(longer))
        assert stopped.status_code == 422 and stopped.json()["code"] == "over_budget" and pool.replaced == 1
    finally:
        pool.close()
        store.close()
