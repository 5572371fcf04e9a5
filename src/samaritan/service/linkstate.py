"""The link indices survive a restart: a snapshot in the data directory, written periodically
and at shutdown, is loaded at start-up, and only ads stored after it are replayed. Start-up
then costs the snapshot's load plus the ads since, not a replay of every ad ever stored.

The indices hold values clients sent (ad ids, phone numbers, handles) next to numpy arrays and
the LSH tables of `datasketch`, so the snapshot is a pickle. Client strings cannot change what a
pickle does: pickle writes them as data. What could is the file itself, so it is written
atomically with mode 0600 into the server's own data directory, loaded only when owned by this
user and writable by no one else, and read with an unpickler that builds only the index's own
types (`_SAFE`): a file that names any other class or function is refused, not run. Anything
wrong with it (missing, unreadable, another version, another store, a refused type) means a full
rebuild from the store, never a failure.

Writing it does not stop screening: under the write lock the process forks (copy-on-write, a few
milliseconds), and the child, which sees the indices exactly as they were at that instant,
pickles and writes them while the parent goes on. Where there is no `fork`, the pickling holds
the lock.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import pickle
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from samaritan import __version__
from samaritan.service.screening import ScreeningService

log = logging.getLogger(__name__)
FILENAME = "link-index.snapshot"
FORMAT = 1


def _state(service: ScreeningService) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": __version__,
        "versions": service.screener.versions,
        "replayed_to": service.replayed_to,
        "last_stored": service.last_stored,
        "links": dict(service.links),
    }


def _write(tmp: Path, data: bytes) -> None:
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _forked_write(service: ScreeningService, tmp: Path) -> None:
    """Fork under the lock; the child pickles its copy-on-write view and exits without running
    any of the parent's clean-up (os._exit). The parent waits outside the lock."""
    with service.store.write_lock:
        state = _state(service)
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child process (its exit status is checked)
            code = 1
            try:
                _write(tmp, pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))
                code = 0
            finally:
                os._exit(code)
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise OSError(f"the snapshot writer exited with status {os.waitstatus_to_exitcode(status)}")


def save(service: ScreeningService, path: Path) -> int:
    """Write the indices; returns the bytes written. The write lock is held only while the
    process forks (or, without `fork`, while pickling)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    if hasattr(os, "fork"):
        _forked_write(service, tmp)
    else:
        with service.store.write_lock:
            data = pickle.dumps(_state(service), protocol=pickle.HIGHEST_PROTOCOL)
        _write(tmp, data)
    os.replace(tmp, path)
    return path.stat().st_size


# What a snapshot may name: the index's own types, the containers and numpy's array rebuild.
_SAFE = {
    ("builtins", "set"), ("builtins", "frozenset"), ("builtins", "list"), ("builtins", "dict"),
    ("builtins", "int"), ("builtins", "float"), ("builtins", "str"), ("builtins", "bytes"),
    ("collections", "defaultdict"), ("collections", "OrderedDict"),
    ("numpy", "dtype"), ("numpy", "ndarray"), ("numpy._core.numeric", "_frombuffer"),
    ("numpy.core.numeric", "_frombuffer"), ("numpy._core.multiarray", "scalar"), ("numpy.core.multiarray", "scalar"),
    ("datasketch.lsh", "MinHashLSH"), ("datasketch.storage", "DictSetStorage"),
    ("datasketch.storage", "DictListStorage"),
    ("samaritan.link.index", "LinkIndex"), ("samaritan.link.config", "LinkConfig"),
    ("samaritan.link.photos", "PhotoMatcher"), ("samaritan.link.photos", "MultiIndex"),
    ("samaritan.link.text", "TextIndex"),
}  # fmt: skip
# Bound methods an index keeps as attributes (MinHashLSH keeps its band hash function).
_SAFE_METHODS = {("MinHashLSH", "_byteswap"), ("MinHashLSH", "_hashed_byteswap")}


def _method(obj: object, name: str) -> object:
    """`getattr` as a snapshot may use it: only the methods in `_SAFE_METHODS`, of an instance."""
    if isinstance(obj, type) or (type(obj).__name__, name) not in _SAFE_METHODS:
        raise pickle.UnpicklingError(f"a snapshot may not fetch {type(obj).__name__}.{name}")
    return getattr(obj, name)


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("builtins", "getattr"):
            return _method
        if (module, name) not in _SAFE:
            raise pickle.UnpicklingError(f"a snapshot may not name {module}.{name}")
        return super().find_class(module, name)


def _trusted(path: Path) -> bool:
    info = path.stat()
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Unpickling makes millions of containers, and the cyclic collector would walk the growing
    heap again and again meanwhile (6x the load time at 20k ads); nothing in it is garbage."""
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
        with open(path, "rb") as handle, _no_gc():
            state = _Unpickler(handle).load()
    except Exception as exc:
        log.warning("link snapshot unreadable (%s); rebuilding from the store", type(exc).__name__)
        return None
    if not isinstance(state, dict) or state.get("format") != FORMAT or state.get("version") != __version__:
        log.warning("link snapshot from another version; rebuilding from the store")
        return None
    if not _matches_store(service, state.get("last_stored")):
        log.warning("link snapshot does not match this store; rebuilding from the store")
        return None
    return state


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
    once more at shutdown."""

    def __init__(self, service: ScreeningService, directory: Path | None, every_s: float = 300.0):
        self.service = service
        self.path = directory / FILENAME if directory is not None else None
        self.every_s = every_s
        self.stats: dict[str, Any] = {}
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
        while not self._stop.wait(self.every_s):
            self.snapshot()

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
