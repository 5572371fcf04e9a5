"""Fold the link indices' overlays back into frozen arrays while the server runs (#12).

A loaded index is frozen arrays plus Python overlays of what changed since (`link.columns`).
In a long-running server the overlays grow with every ad: memory per ad is many times the
arrays', and the next snapshot takes longer to write. Compaction is a snapshot that is then
taken in:

1. the snapshot is written as usual (`linkstate.save_hashed`: a forked child writes it, the
   write lock is held only for the fork);
2. with no lock held, the file is read back (its hash must be the one just recorded) into fresh
   indices whose every structure is frozen arrays, and the ads stored since the snapshot's
   point are replayed into them, as a restart would;
3. under the write lock, the few ads stored during step 2 are replayed too, and the fresh
   indices replace the live ones in one assignment. Readers hold either the old or the new
   indices, each whole.

The result is what a restart from that snapshot would hold. Nothing is lost by a crash at any
step: the store has every ad, the live indices are untouched until step 3, and the snapshot on
disk is always a whole one the audit chain records (or, if a crash falls between writing it
and recording its hash, it is refused at start-up and the indices rebuilt from the store).
"""

from __future__ import annotations

import copy
import gc
import hashlib
import logging
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from samaritan.link.index import LinkIndex
from samaritan.service import linkstate
from samaritan.service.screening import ScreeningService

log = logging.getLogger(__name__)
RELEASE_AFTER_S = 30.0  # a request reads an index for milliseconds: then the old one is let go


class CompactionFailed(RuntimeError):
    """The snapshot could not be taken in; the live indices were not touched."""


def overlay_ads(service: ScreeningService) -> int:
    """Ads the live indices hold in their overlays (attached since they were loaded)."""
    return sum(index.ads.added for index in list(service.links.values()))


def _loaded(service: ScreeningService, path: Path, digest: str) -> ScreeningService:
    """The snapshot just written, as fresh indices in a shadow of the service (sharing its store
    and caches, with its own indices and replay point), so the replay is a restart's own."""
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != digest:
        raise CompactionFailed("the snapshot on disk is not the one just written")
    meta, links = linkstate._indices(data)
    if links is None:
        raise CompactionFailed("the snapshot just written is of another format")
    shadow = copy.copy(service)
    shadow.links = defaultdict(LinkIndex, links)
    shadow.replayed_to = int(meta["replayed_to"])
    last = meta.get("last_stored")
    shadow.last_stored = tuple(last) if isinstance(last, list) else last
    shadow.skipped = 0
    return shadow


def _release(indices: list[LinkIndex]) -> None:
    """Let go of the replaced indices' arrays. An index refers to itself (its string-keyed views),
    so only the cyclic collector could free it, and `serve` froze it out of the collector's
    sight (`server.freeze_when`): emptying it frees its arrays (the old snapshot's bytes) now."""
    for index in indices:
        index.__dict__.clear()


def compact(service: ScreeningService, path: Path, release_after_s: float = RELEASE_AFTER_S) -> dict[str, Any]:
    """Steps 1-3 above; returns figures (seconds per step, the longest the write lock was held,
    ads replayed). Raises CompactionFailed (or the error) with the live indices untouched. The
    replaced indices are emptied `release_after_s` later, once no reader can still hold one."""
    started = time.perf_counter()
    before = overlay_ads(service)
    _size, digest = linkstate.save_hashed(service, path)
    written = time.perf_counter()
    shadow = _loaded(service, path, digest)
    replayed = shadow.rebuild_links()  # what was stored while the snapshot was written and read
    loaded = time.perf_counter()
    with service.store.write_lock:
        held = time.perf_counter()
        replayed_locked = shadow.rebuild_links()  # nothing more can be stored meanwhile
        replaced = list(service.links.values())
        service.links, service.replayed_to, service.last_stored = shadow.links, shadow.replayed_to, shadow.last_stored
        service.skipped += shadow.skipped
        held = time.perf_counter() - held
    timer = threading.Timer(release_after_s, _release, args=(replaced,))
    timer.daemon = True
    timer.start()
    gc.collect(1)
    gc.freeze()  # as at start-up (`server.freeze_when`): the new arrays' few objects live long
    stats = {
        "overlay_ads": before,
        "write_s": round(written - started, 3),
        "load_and_replay_s": round(loaded - written, 3),
        "lock_held_s": round(held, 4),
        "replayed": replayed + replayed_locked,
        "replayed_under_lock": replayed_locked,
        "skipped": shadow.skipped,
        "seconds": round(time.perf_counter() - started, 3),
    }
    log.info("link indices compacted: %s", stats)
    return stats
