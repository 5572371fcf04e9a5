"""Which ads go to the heavy lane, and how many of them may be in the service at once.

An ad over `HEAVY_BYTES`, or with a field longer than the matchers' budget, is "heavy": it is
the shape of every attack on per-ad work (#12). Its work runs in the heavy lane
(`workers.Lanes`, at a lower CPU priority; without workers, one at a time), and at most
`HEAVY_SLOTS` heavy ads run or wait at once, `PER_CLIENT` of them from one API key: the next
gets 503 `busy` at once, before any work or lock. So a flood of them from one client cannot take
the workers or threads ordinary ads need, nor every heavy slot another client's large ad needs.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

from samaritan.engine.budget import FIELD_BUDGET
from samaritan.engine.model import Ad

HEAVY_BYTES = 32 * 1024
HEAVY_SLOTS = 4
PER_CLIENT = 2


class Busy(RuntimeError):
    """Every heavy slot is taken."""


def is_heavy(raw: bytes, ad: Ad) -> bool:
    return len(raw) > HEAVY_BYTES or len(ad.body) > FIELD_BUDGET or len(ad.title) > FIELD_BUDGET


class HeavyGate:
    def __init__(self, slots: int = HEAVY_SLOTS, per_client: int = PER_CLIENT):
        self.slots, self.per_client = slots, per_client
        self.serial = threading.Lock()  # without worker processes: one heavy ad at a time
        self._lock = threading.Lock()
        self._taken: dict[str, int] = {}

    def taken(self) -> int:
        return sum(self._taken.values())

    @contextlib.contextmanager
    def admit(self, client: str) -> Iterator[None]:
        """A slot for one heavy ad of `client` for the duration, or `Busy` at once."""
        with self._lock:
            if self.taken() >= self.slots or self._taken.get(client, 0) >= self.per_client:
                raise Busy
            self._taken[client] = self._taken.get(client, 0) + 1
        try:
            yield
        finally:
            with self._lock:
                self._taken[client] -= 1
                if not self._taken[client]:
                    del self._taken[client]
