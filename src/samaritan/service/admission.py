"""Which ads go to the heavy lane, and how many of them may be in the service at once.

An ad over `HEAVY_BYTES`, or with a field longer than the matchers' budget, is "heavy": it is
the shape of every attack on per-ad work (#12). Its work runs in the heavy lane
(`workers.Lanes`, at a lower CPU priority; without workers, one at a time), and at most
`HEAVY_SLOTS` heavy ads run or wait at once: the next gets 503 `busy` at once, before any work
or lock, so a flood of them from one client cannot take the workers or threads ordinary ads need.
"""

from __future__ import annotations

import threading

from samaritan.engine.budget import FIELD_BUDGET
from samaritan.engine.model import Ad

HEAVY_BYTES = 32 * 1024
HEAVY_SLOTS = 4


class Busy(RuntimeError):
    """Every heavy slot is taken."""


def is_heavy(raw: bytes, ad: Ad) -> bool:
    return len(raw) > HEAVY_BYTES or len(ad.body) > FIELD_BUDGET or len(ad.title) > FIELD_BUDGET


class HeavyGate:
    def __init__(self, slots: int = HEAVY_SLOTS):
        self._slots = threading.BoundedSemaphore(slots)
        self.serial = threading.Lock()  # without worker processes: one heavy ad at a time

    def __enter__(self) -> HeavyGate:
        if not self._slots.acquire(blocking=False):
            raise Busy
        return self

    def __exit__(self, *_exc: object) -> None:
        self._slots.release()
