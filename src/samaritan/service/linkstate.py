"""The link indices survive a restart: a snapshot in the data directory, written periodically
and at shutdown, is loaded at start-up, and only ads stored after it are replayed. Start-up
then costs the snapshot's load plus the ads since, not a replay of every ad ever stored.

The snapshot is columnar: every index is numpy arrays (ids interned as ints, postings and
membership as CSR rows, the photo and text indices as sorted arrays; `link.columns`) in one
flat file of plain number arrays (no pickle, no object dtype: loading it runs no code whatever
the file holds), and a loaded index reads its arrays lazily instead of building a Python object
per ad.
It is written atomically with mode 0600 into the server's own data directory, loaded only when
owned by this user and writable by no one else, and its sha256 is recorded in the audit chain
(`link.snapshot`) when written: a file whose hash is not the latest recorded one is refused.
Anything wrong with it (missing, unreadable, another format or version, another store, another
hash, malformed arrays) means a full rebuild from the store, never a failure.

Writing it does not stop screening: under the write lock the process forks (copy-on-write, a few
milliseconds), and the child, which sees the indices exactly as they were at that instant,
turns them into arrays and writes them while the parent goes on. Where there is no `fork`, that
holds the lock.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import logging
import os
import stat
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import sqlalchemy as sa

from samaritan import __version__
from samaritan.evidence.schema import audit_log
from samaritan.link.columns import read_arrays, write_arrays
from samaritan.link.index import LinkIndex
from samaritan.service.screening import ScreeningService

log = logging.getLogger(__name__)
FILENAME = "link-index.snapshot"
FORMAT = 2
AUDIT_ACTION = "link.snapshot"


def _state(service: ScreeningService) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """Every platform's index as arrays (named `<n>/...` for the n-th platform) and metadata."""
    arrays: dict[str, np.ndarray] = {}
    configs = []
    platforms = sorted(service.links)
    for n, platform in enumerate(platforms):
        own, meta = service.links[platform].arrays()
        arrays.update((f"{n}/{name}", array) for name, array in own.items())
        configs.append(meta)
    meta = {
        "format": FORMAT,
        "version": __version__,
        "versions": service.screener.versions,
        "replayed_to": service.replayed_to,
        "last_stored": service.last_stored,
        "platforms": platforms,
        "indices": configs,
    }
    return arrays, meta


def _write(tmp: Path, arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> None:
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        write_arrays(handle, arrays, meta)
        handle.flush()
        os.fsync(handle.fileno())


def _forked_write(service: ScreeningService, tmp: Path) -> None:
    """Fork under the lock; the child turns its copy-on-write view into arrays, writes them and
    exits without running any of the parent's clean-up (os._exit). The parent waits outside."""
    with service.store.write_lock:
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child process (its exit status is checked)
            code = 1
            try:
                _write(tmp, *_state(service))
                code = 0
            finally:
                os._exit(code)
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise OSError(f"the snapshot writer exited with status {os.waitstatus_to_exitcode(status)}")


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()


def save(service: ScreeningService, path: Path) -> int:
    """Write the indices and record their hash in the audit chain; returns the bytes written.
    The write lock is held only while the process forks (or, without `fork`, while writing)."""
    return save_hashed(service, path)[0]


def save_hashed(service: ScreeningService, path: Path) -> tuple[int, str]:
    """As `save`; returns the bytes written and their sha256 (what the audit chain records)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    if hasattr(os, "fork"):
        _forked_write(service, tmp)
    else:
        with service.store.write_lock:
            _write(tmp, *_state(service))
    digest, size = _file_hash(tmp), tmp.stat().st_size
    os.replace(tmp, path)
    service.store.audit_event(
        AUDIT_ACTION,
        "samaritan",
        None,
        path.name,
        {"sha256": digest, "bytes": size, "replayed_to": service.replayed_to},
    )
    return size, digest


def _recorded_hash(store) -> str | None:
    """The sha256 of the last snapshot written, as the audit chain records it."""
    query = (
        sa.select(audit_log.c.detail)
        .where(audit_log.c.action == AUDIT_ACTION)
        .order_by(audit_log.c.seq.desc())
        .limit(1)
    )
    with store.db.scan_engine.connect() as conn:
        row = conn.execute(query).first()
    if row is None:
        return None
    detail = json.loads(row[0])
    return detail.get("sha256") if isinstance(detail, dict) else None


def _trusted(path: Path) -> bool:
    info = path.stat()
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Loading makes many containers, and the cyclic collector would walk the growing heap
    again and again meanwhile; nothing in it is garbage."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load(service: ScreeningService, path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    if not _trusted(path):
        log.warning("link snapshot ignored: it must be owned by this user and writable by no one else")
        return None
    try:
        data = path.read_bytes()
        # The hash runs on another core meanwhile (hashlib lets go of the GIL): the arrays are
        # only read, which is safe whatever the file holds, and nothing is used unless it matches.
        with ThreadPoolExecutor(1) as pool:
            digest = pool.submit(lambda: hashlib.sha256(data).hexdigest())
            meta, links = _indices(data)
            recorded = _recorded_hash(service.store)
            if digest.result() != recorded:
                log.warning("link snapshot is not the one the audit chain records; rebuilding from the store")
                return None
    except Exception as exc:
        log.warning("link snapshot unreadable (%s); rebuilding from the store", type(exc).__name__)
        return None
    if links is None:
        log.warning("link snapshot from another version; rebuilding from the store")
        return None
    last = meta.get("last_stored")
    last = tuple(last) if isinstance(last, list) else last
    if not _matches_store(service, last):
        log.warning("link snapshot does not match this store; rebuilding from the store")
        return None
    return {"links": links, "replayed_to": int(meta["replayed_to"]), "last_stored": last}


def _indices(data: bytes) -> tuple[dict[str, Any], dict[str, LinkIndex] | None]:
    """The snapshot's metadata and indices (None when written by another format or version)."""
    with _no_gc():
        arrays, meta = read_arrays(data)  # views over `data`: nothing is copied
        if meta.get("format") != FORMAT or meta.get("version") != __version__:
            return meta, None
        links = {}
        for n, platform in enumerate(meta["platforms"]):
            prefix = f"{n}/"
            own = {name[len(prefix) :]: a for name, a in arrays.items() if name.startswith(prefix)}
            links[platform] = LinkIndex.from_arrays(own, meta["indices"][n])
    return meta, links


def _matches_store(service: ScreeningService, last: tuple[str, str, int, str] | None) -> bool:
    if last is None:
        return True  # an empty snapshot: the replay covers everything
    platform, ad_id, revision, sha = last
    history = service.store.history(platform, ad_id) or {"revisions": []}
    return any(r["revision"] == revision and r["sha256"] == sha for r in history["revisions"])


def restore(service: ScreeningService, path: Path | None = None) -> dict[str, Any]:
    """Load the snapshot at `path` (if usable), then replay what was stored after it."""
    started = time.perf_counter()
    state = _load(service, path) if path is not None else None
    service.links.clear()
    if state is not None:
        service.links.update(state["links"])
        service.replayed_to = state["replayed_to"]
        service.last_stored = state["last_stored"]
    else:
        service.replayed_to = 0
        service.last_stored = None
    loaded = time.perf_counter() - started
    replayed = service.rebuild_links()
    stats = {
        "snapshot": state is not None,
        "snapshot_s": round(loaded, 3),
        "replayed": replayed,
        "skipped": service.skipped,
        "seconds": round(time.perf_counter() - started, 3),
    }
    log.info("link indices ready: %s", stats)
    return stats


class Keeper:
    """Loads the indices in the background at start-up (the server listens meanwhile; screening
    waits for `service.ready`), snapshots them every `every_s` seconds when they changed, and
    once more at shutdown. With `compact` (`compaction.compact`), once `compact_ads` ads sit in
    the indices' overlays the snapshot is also taken in as frozen arrays (looked at every
    `check_s` seconds), so overlays stay bounded however long the server runs."""

    def __init__(
        self,
        service: ScreeningService,
        directory: Path | None,
        every_s: float = 300.0,
        compact: Callable[[ScreeningService, Path], dict[str, Any]] | None = None,
        compact_ads: int = 50_000,
        check_s: float = 30.0,
    ):
        self.service = service
        self.path = directory / FILENAME if directory is not None else None
        self.every_s = every_s
        self.stats: dict[str, Any] = {}
        self.compactions: list[dict[str, Any]] = []  # each compaction's figures
        self._compact, self.compact_ads, self.check_s = compact, compact_ads, check_s
        self._saved_at_pk = -1
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        service.reload_links = self._reload  # type: ignore[method-assign]  # a failed write reloads too

    def _reload(self) -> None:
        restore(self.service, self.path)

    def start(self) -> None:
        self.service.ready.clear()
        self._thread = threading.Thread(target=self._run, name="samaritan-links", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self.stats = restore(self.service, self.path)
            self._saved_at_pk = self.service.replayed_to if self.stats.get("snapshot") else -1
        finally:
            self.service.ready.set()
        last = time.monotonic()
        while not self._stop.wait(min(self.every_s, self.check_s)):
            if self.compact_due():
                self.compact()
            elif time.monotonic() - last >= self.every_s:
                self.snapshot()
            else:
                continue
            last = time.monotonic()

    def compact_due(self) -> bool:
        if self._compact is None or self.path is None or self.compact_ads <= 0 or not self.service.ready.is_set():
            return False
        return sum(index.ads.added for index in list(self.service.links.values())) >= self.compact_ads

    def compact(self) -> None:
        """A snapshot taken in as the live indices (`compaction`); on failure the live ones stay."""
        if self._compact is None or self.path is None:
            return
        try:
            stats = self._compact(self.service, self.path)
        except Exception as exc:
            log.error("link indices not compacted (%s); the live ones are kept", type(exc).__name__)
            return
        self.compactions.append(stats)
        self._saved_at_pk = -1  # the next snapshot is written whatever was stored since

    def snapshot(self) -> None:
        if self.path is None or not self.service.ready.is_set() or self.service.replayed_to == self._saved_at_pk:
            return
        try:
            pk = self.service.replayed_to
            save(self.service, self.path)
            self._saved_at_pk = pk
        except OSError as exc:
            log.error("link snapshot not written (%s)", type(exc).__name__)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
        self.snapshot()
