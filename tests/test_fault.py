"""Kill the server with SIGKILL in the middle of a load, start it again, and check that every
acknowledged ad is stored once, with its verdict, and that the audit chain still verifies."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import orjson

from samaritan.evidence.db import Store


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(url: str, port: int, log: Path) -> subprocess.Popen:
    env = dict(os.environ, SAMARITAN_DATABASE_URL=url)
    handle = log.open("ab")
    proc = subprocess.Popen(
        [sys.executable, "-m", "samaritan.cli", "serve", "--port", str(port)], env=env, stdout=handle, stderr=handle
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise AssertionError(f"server did not start: {log.read_text(errors='replace')[-2000:]}")


def _ad(i: int) -> dict:
    if i % 5 == 0:
        return {
            "id": f"f{i}",
            "category": "adult",
            "body": f"Ask for Mia {i}. Incall, 150 roses hh. Text 702-555-0{100 + i % 100}.",
        }
    return {"id": f"f{i}", "category": "for-sale", "body": f"Bookshelf number {i}, solid wood, $30. Call 702-555-0142."}


def test_sigkill_mid_load_loses_and_duplicates_nothing(store_url: str, tmp_path: Path) -> None:
    store = Store(store_url)
    store.migrate()
    key = store.create_key("site-a")
    store.close()
    port, log = _free_port(), tmp_path / "server.log"
    headers = {"Authorization": f"Bearer {key}"}
    acknowledged: dict[str, int] = {}
    lock = threading.Lock()
    next_i = iter(range(100_000))
    stop = threading.Event()

    def client() -> None:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=headers, timeout=5) as http:
            while not stop.is_set():
                with lock:
                    i = next(next_i)
                try:
                    response = http.post("/v1/screen", content=orjson.dumps(_ad(i)))
                except httpx.HTTPError:
                    continue  # the server died under this request: not acknowledged
                if response.status_code == 200:
                    with lock:
                        acknowledged[f"f{i}"] = response.json()["revision"]

    server = _start(store_url, port, log)
    threads = [threading.Thread(target=client) for _ in range(4)]
    for t in threads:
        t.start()
    # Kill once the load is well under way (a fixed count, not a fixed time: start-up varies).
    deadline = time.monotonic() + 60
    while len(acknowledged) < 40 and time.monotonic() < deadline:
        time.sleep(0.02)
    server.send_signal(signal.SIGKILL)
    server.wait()
    stop.set()
    for t in threads:
        t.join()
    assert len(acknowledged) >= 40, "the load never got going"

    server = _start(store_url, port, log)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=headers, timeout=10) as http:
            for ad_id, revision in acknowledged.items():
                history = http.get(f"/v1/ads/site-a/{ad_id}").json()
                assert [r["revision"] for r in history["revisions"]] == [revision] == [1]
                assert len(history["revisions"][0]["verdicts"]) == 1
            # Re-sending an acknowledged ad after the restart stores nothing new.
            some_acknowledged = int(next(iter(acknowledged))[1:])
            again = http.post("/v1/screen", content=orjson.dumps(_ad(some_acknowledged)))
            assert again.headers["Samaritan-Stored"] == "existing"
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    store = Store(store_url)
    assert store.count_ads("site-a") >= len(acknowledged)
    report = store.verify()
    store.close()
    assert report["ok"], report
