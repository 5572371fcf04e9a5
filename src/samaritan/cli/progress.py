"""Progress bars on stderr for the long commands: with the total, the rate and the time left when
the input's size is cheap to know; silent when stderr is not a terminal (logs and pipes stay clean)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")


def shown() -> bool:
    return sys.stderr.isatty()


def over(iterable: Iterable[T], label: str, total: int | None = None) -> Iterable[T]:
    """`iterable`, counted on a bar named `label` when stderr is a terminal."""
    if not shown():
        return iterable
    from tqdm import tqdm

    bar: Iterable[T] = tqdm(iterable, desc=label, unit=" ads", total=total, file=sys.stderr, mininterval=0.5)
    return bar


def counter(label: str) -> Callable[[int, int], None] | None:
    """A `progress(done, total)` callback for a runner that works in chunks; None when silent."""
    if not shown():
        return None
    from tqdm import tqdm

    bar: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if "bar" not in bar:
            bar["bar"] = tqdm(desc=label, unit=" ads", total=total, file=sys.stderr, mininterval=0.5)
        bar["bar"].update(done - bar["bar"].n)
        if done >= total:
            bar.pop("bar").close()

    return update


def input_size(path: str, fmt: str | None = None) -> int | None:
    """The record count of an input file for a bar's total, when cheap (see io.readers.count_records)."""
    if not shown():
        return None
    from samaritan.io.readers import count_records

    return count_records(path, fmt)
