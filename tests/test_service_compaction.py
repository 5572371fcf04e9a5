"""The link indices' overlays are folded into frozen arrays while the server runs
(`service.compaction`): networks, links and verdicts are the same before and after, ads posted
meanwhile are kept, later ads link as they would have without it, screening waits for the lock
only for the final swap, and a crash at any step loses nothing."""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import time
import weakref
from pathlib import Path

import orjson
import pytest

from samaritan.engine.screener import Screener
from samaritan.evidence.db import Store
from samaritan.generate.corpus import SiteGenerator
from samaritan.service import compaction, linkstate
from samaritan.service.linkstate import FILENAME, Keeper
from samaritan.service.screening import ScreeningService

PLATFORM = "synthetic-site"


def _store(path: Path) -> Store:
    store = Store(f"sqlite:///{path}")
    store.migrate()
    return store


@pytest.fixture
def store(tmp_path: Path):
    store = _store(tmp_path / "samaritan.db")
    yield store
    store.close()


@pytest.fixture(scope="module")
def site_ads() -> list[dict]:
    return [ad for ad, _truth in SiteGenerator(160, seed=11)]


def _post(service: ScreeningService, ads: list[dict]) -> list[dict]:
    return [service.screen(orjson.dumps(ad), PLATFORM, "test").verdict for ad in ads]


def _view(service: ScreeningService) -> dict:
    """Everything a reader sees of the platform's index, by string ids."""
    index = service.links[PLATFORM]
    ids = [f"{ad['id']}@1" for ad, _ in SiteGenerator(160, seed=11)]
    return {
        "network_of": dict(index.network_of),
        "members": {net: sorted(ads) for net, ads in index.members.items()},
        "verdicts": {ad_id: index.verdicts.get(ad_id) for ad_id in ids},
        "known": sum(ad_id in index.known for ad_id in ids),
        "generic": sorted(index.generic),
        "counters": (index.text_count, index.ads_seen),
    }


def _restart(store: Store, screener: Screener, directory: Path) -> tuple[ScreeningService, Keeper]:
    service = ScreeningService(store, screener)
    keeper = Keeper(service, directory, every_s=3600, compact=compaction.compact)
    keeper.start()
    assert service.ready.wait(60)
    return service, keeper


def test_compaction_keeps_every_network_link_and_verdict_and_empties_the_overlays(
    store, screener, tmp_path, site_ads
) -> None:
    first = ScreeningService(store, screener)
    _post(first, site_ads[:60])
    Keeper(first, tmp_path).stop()
    service, keeper = _restart(store, screener, tmp_path)  # frozen arrays for 60 ads
    _post(service, site_ads[60:120])  # ... and an overlay of 60
    assert compaction.overlay_ads(service) == 60
    before = _view(service)
    assert len(before["network_of"]) > 10 and before["known"] == 120
    keeper.compact_ads = 60
    assert keeper.compact_due()
    keeper.compact()
    assert keeper.compactions and keeper.compactions[0]["overlay_ads"] == 60
    assert compaction.overlay_ads(service) == 0 and not keeper.compact_due()
    assert _view(service) == before
    # The snapshot it wrote is the one the audit chain records: a restart takes it whole.
    digest = hashlib.sha256((tmp_path / FILENAME).read_bytes()).hexdigest()
    assert linkstate._recorded_hash(store) == digest
    again, stats = _restart(store, screener, tmp_path)
    assert stats.stats["snapshot"] and stats.stats["replayed"] == 0 and _view(again) == before


def test_after_compaction_new_ads_link_as_they_would_have_without_it(screener, tmp_path, site_ads) -> None:
    plain, folded = _store(tmp_path / "plain.db"), _store(tmp_path / "folded.db")
    try:
        control = ScreeningService(plain, screener)
        service, _keeper = _restart(folded, screener, tmp_path)
        assert _post(control, site_ads[:100]) == _post(service, site_ads[:100])
        compaction.compact(service, tmp_path / FILENAME)
        assert compaction.overlay_ads(service) == 0
        later_control, later = _post(control, site_ads[100:]), _post(service, site_ads[100:])
        assert later == later_control and any(v.get("network", {}).get("links") for v in later)
        assert _view(service) == _view(control)
    finally:
        plain.close()
        folded.close()


def test_ads_stored_while_it_runs_are_kept_and_the_lock_is_held_only_for_the_swap(
    store, screener, tmp_path, site_ads, monkeypatch
) -> None:
    service, _keeper = _restart(store, screener, tmp_path)
    _post(service, site_ads[:80])
    loaded = compaction._loaded

    def meanwhile(*args):
        shadow = loaded(*args)
        assert store.write_lock.acquire(timeout=5)  # the lock is free while the snapshot is read
        store.write_lock.release()
        _post(service, site_ads[80:100])  # stored after the snapshot, before the swap
        return shadow

    monkeypatch.setattr(compaction, "_loaded", meanwhile)
    stats = compaction.compact(service, tmp_path / FILENAME)
    assert stats["replayed"] == 20 and stats["replayed_under_lock"] == 0
    control = ScreeningService(store, screener)
    control.rebuild_links()
    assert _view(service) == _view(control) and _view(service)["known"] == 100


def _crash_while_writing(monkeypatch) -> None:
    monkeypatch.setattr(linkstate, "_write", lambda tmp, arrays, meta: os._exit(3))  # the writer dies


def _crash_before_the_hash_is_recorded(monkeypatch) -> None:
    def audit_event(*args, **kwargs):
        raise OSError("the process died here")

    monkeypatch.setattr(Store, "audit_event", audit_event)


def _crash_while_replaying(monkeypatch) -> None:
    def rebuild_links(self):
        raise MemoryError("the process died here")

    monkeypatch.setattr(ScreeningService, "rebuild_links", rebuild_links)


@pytest.mark.parametrize("crash", [_crash_while_writing, _crash_before_the_hash_is_recorded, _crash_while_replaying])
def test_a_crash_at_any_step_of_compaction_loses_nothing(
    store, screener, tmp_path, site_ads, monkeypatch, caplog, crash
) -> None:
    service, keeper = _restart(store, screener, tmp_path)
    _post(service, site_ads[:50])
    keeper.stop()  # a snapshot of 50
    _post(service, site_ads[50:90])
    live, before = service.links, _view(service)
    with monkeypatch.context() as patched:
        crash(patched)
        with caplog.at_level(logging.ERROR):
            keeper.compact()
    assert "not compacted" in caplog.text and not keeper.compactions
    assert service.links is live and _view(service) == before  # the live indices, untouched
    _post(service, site_ads[90:100])  # and still in use
    after = _view(service)
    again, _ = _restart(store, screener, tmp_path)  # what a restart after the crash finds
    restarted, rebuilt = _view(again), ScreeningService(store, screener)
    rebuilt.rebuild_links()
    # A replayed ad's summary is its stored verdict, after network context: one an ad posted
    # live holds is from before it (an "allow" may be stored as "review"). So verdicts are
    # compared with a full rebuild from the store, the rest with the live indices.
    assert restarted["verdicts"] == _view(rebuilt)["verdicts"]
    assert {k: v for k, v in restarted.items() if k != "verdicts"} == {
        k: v for k, v in after.items() if k != "verdicts"
    }
    assert after["known"] == 100


def test_the_replaced_indices_are_freed_even_when_frozen_out_of_the_collectors_sight(
    store, screener, tmp_path, site_ads
) -> None:
    service, _keeper = _restart(store, screener, tmp_path)
    _post(service, site_ads[:30])
    linkstate.save(service, tmp_path / FILENAME)
    service, _keeper = _restart(store, screener, tmp_path)  # indices over a snapshot's bytes
    blob = weakref.ref(service.links[PLATFORM].ads._blob)
    gc.freeze()  # as `serve` freezes what it loaded
    try:
        compaction.compact(service, tmp_path / FILENAME, release_after_s=0.0)
        deadline = time.monotonic() + 10
        while blob() is not None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert blob() is None
    finally:
        gc.unfreeze()
    assert _view(service)["known"] == 30
