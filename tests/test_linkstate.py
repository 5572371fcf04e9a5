"""The link indices survive a restart through a snapshot: a restart loads it and replays only
the ads stored after it, ends with the same networks as a full rebuild, and neither a foreign
snapshot, a crafted one nor a poisoned stored ad can stop it. Writing it does not stop screening."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import threading
from pathlib import Path

import numpy as np
import orjson
import pytest

from samaritan.engine.screener import Screener
from samaritan.evidence.db import Store
from samaritan.generate.corpus import SiteGenerator
from samaritan.link.columns import MAGIC, read_arrays, write_arrays
from samaritan.service import linkstate
from samaritan.service import screening as screening_module
from samaritan.service.linkstate import FILENAME, Keeper
from samaritan.service.screening import ScreeningService


@pytest.fixture
def store(tmp_path: Path):
    store = Store(f"sqlite:///{tmp_path / 'samaritan.db'}")
    store.migrate()
    yield store
    store.close()


def _post(service: ScreeningService, ads: list[dict]) -> None:
    for ad in ads:
        service.screen(orjson.dumps(ad), "synthetic-site", "test")


def _restart(store: Store, screener: Screener, directory: Path) -> tuple[ScreeningService, Keeper]:
    service = ScreeningService(store, screener)
    keeper = Keeper(service, directory, every_s=3600)
    keeper.start()
    assert service.ready.wait(60)
    return service, keeper


def _networks(service: ScreeningService) -> dict[str, str]:
    return dict(service.links["synthetic-site"].network_of)


@pytest.fixture(scope="module")
def site_ads() -> list[dict]:
    return [ad for ad, _truth in SiteGenerator(150, seed=5)]


def test_a_restart_loads_the_snapshot_and_replays_only_what_came_after(store, screener, tmp_path, site_ads) -> None:
    first = ScreeningService(store, screener)
    _post(first, site_ads[:120])
    Keeper(first, tmp_path).stop()  # shutdown writes the snapshot
    assert (tmp_path / FILENAME).stat().st_mode & 0o777 == 0o600

    second, keeper = _restart(store, screener, tmp_path)
    assert keeper.stats["snapshot"] and keeper.stats["replayed"] == 0
    assert _networks(second) == _networks(first) and len(_networks(first)) > 10

    _post(second, site_ads[120:])  # stored after the snapshot, which is not rewritten here
    third, keeper = _restart(store, screener, tmp_path)
    assert keeper.stats["snapshot"] and keeper.stats["replayed"] == 30
    full = ScreeningService(store, screener)
    full.rebuild_links()
    assert _networks(third) == _networks(second) == _networks(full)


def test_a_snapshot_of_another_store_or_with_loose_permissions_is_not_trusted(
    store, screener, tmp_path, site_ads
) -> None:
    other = Store(f"sqlite:///{tmp_path / 'other.db'}")
    other.migrate()
    foreign = ScreeningService(other, screener)
    _post(foreign, site_ads[:20])
    Keeper(foreign, tmp_path).stop()
    other.close()
    _post(ScreeningService(store, screener), site_ads[20:40])
    _service, keeper = _restart(store, screener, tmp_path)
    assert not keeper.stats["snapshot"] and keeper.stats["replayed"] == 20
    keeper.stop()  # now a snapshot of this store
    os.chmod(tmp_path / FILENAME, 0o666)
    _service, keeper = _restart(store, screener, tmp_path)
    assert not keeper.stats["snapshot"] and keeper.stats["replayed"] == 20


def test_a_poisoned_stored_ad_is_skipped_and_counted(store, screener, tmp_path, site_ads, monkeypatch) -> None:
    _post(ScreeningService(store, screener), site_ads[:30])
    poisoned = site_ads[7]["id"]
    collect = screening_module.collect_record

    def failing(ad, *args, **kwargs):
        if ad.id == poisoned:
            raise RecursionError("a pathological stored ad")
        return collect(ad, *args, **kwargs)

    monkeypatch.setattr(screening_module, "collect_record", failing)
    service, keeper = _restart(store, screener, tmp_path)
    assert keeper.stats["skipped"] == 1 and keeper.stats["replayed"] == 29
    assert service.replayed_to == 30


class _Runs:
    """Pickles to a call of `marker.touch()`: what a crafted snapshot would do if unpickled."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def _record(store: Store, path: Path) -> None:
    """Record a file's hash as the latest snapshot's: an attacker who can also write the chain."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    store.audit_event(linkstate.AUDIT_ACTION, "test", None, path.name, {"sha256": digest})


def test_a_snapshot_naming_an_object_array_is_refused_not_run(store, screener, tmp_path, site_ads) -> None:
    first = ScreeningService(store, screener)
    _post(first, site_ads[:20])
    Keeper(first, tmp_path).stop()
    path = tmp_path / FILENAME
    marker = tmp_path / "ran"
    data = path.read_bytes()
    size = int.from_bytes(data[len(MAGIC) : len(MAGIC) + 8], "little")
    header = json.loads(data[len(MAGIC) + 8 : len(MAGIC) + 8 + size])
    payload = pickle.dumps(np.array([_Runs(marker)], dtype=object))  # what np.load would unpickle
    header["arrays"] = [["0/ads.blob", "|O", [1], 0, len(payload)], *header["arrays"][1:]]
    raw = json.dumps(header).encode()
    path.write_bytes(MAGIC + len(raw).to_bytes(8, "little") + raw + payload)
    os.chmod(path, 0o600)
    _record(store, path)
    service, keeper = _restart(store, screener, tmp_path)
    assert not marker.exists()
    assert not keeper.stats["snapshot"] and keeper.stats["replayed"] == 20
    assert _networks(service) == _networks(first)


def test_a_snapshot_the_audit_chain_does_not_record_is_refused(store, screener, tmp_path, site_ads) -> None:
    first = ScreeningService(store, screener)
    _post(first, site_ads[:20])
    Keeper(first, tmp_path).stop()
    path = tmp_path / FILENAME
    older = path.read_bytes()
    _post(first, site_ads[20:30])
    Keeper(first, tmp_path).stop()  # a newer snapshot, and its hash recorded
    path.write_bytes(older)  # an old (valid) file put back in its place
    service, keeper = _restart(store, screener, tmp_path)
    assert not keeper.stats["snapshot"] and keeper.stats["replayed"] == 30
    # Arrays changed in place (a network moved) with the file's size kept: refused too.
    Keeper(service, tmp_path).stop()
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 1
    path.write_bytes(bytes(data))
    again, keeper = _restart(store, screener, tmp_path)
    assert not keeper.stats["snapshot"] and _networks(again) == _networks(first)


def test_a_malformed_snapshot_is_refused_and_rebuilt(store, screener, tmp_path, site_ads) -> None:
    first = ScreeningService(store, screener)
    _post(first, site_ads[:20])
    Keeper(first, tmp_path).stop()
    path = tmp_path / FILENAME
    arrays, meta = read_arrays(path)
    arrays["0/members_of.offsets"] = arrays["0/members_of.offsets"][::-1].copy()  # rows that do not add up
    with open(path, "wb") as handle:
        write_arrays(handle, arrays, meta)
    _record(store, path)
    service, keeper = _restart(store, screener, tmp_path)
    assert not keeper.stats["snapshot"] and _networks(service) == _networks(first)


def test_each_snapshot_written_is_in_the_audit_chain(store, screener, tmp_path, site_ads) -> None:
    first = ScreeningService(store, screener)
    _post(first, site_ads[:10])
    Keeper(first, tmp_path).stop()
    digest = hashlib.sha256((tmp_path / FILENAME).read_bytes()).hexdigest()
    assert linkstate._recorded_hash(store) == digest
    assert store.verify()["ok"]


def test_screening_goes_on_while_the_snapshot_is_written(store, screener, tmp_path, site_ads, monkeypatch) -> None:
    service = ScreeningService(store, screener)
    _post(service, site_ads[:40])
    waited = os.waitpid
    free_while_writing: list[bool] = []

    def waitpid(pid: int, options: int):
        # While the writer runs, another thread can take the write lock (a post can be stored).
        probe = threading.Thread(target=lambda: free_while_writing.append(_try_lock(store)))
        probe.start()
        probe.join()
        return waited(pid, options)

    monkeypatch.setattr(linkstate.os, "waitpid", waitpid)
    linkstate.save(service, tmp_path / FILENAME)
    assert free_while_writing == [True]
    again, keeper = _restart(store, screener, tmp_path)
    assert keeper.stats["snapshot"] and keeper.stats["replayed"] == 0
    assert _networks(again) == _networks(service)


def _try_lock(store: Store) -> bool:
    if store.write_lock.acquire(timeout=5):
        store.write_lock.release()
        return True
    return False
