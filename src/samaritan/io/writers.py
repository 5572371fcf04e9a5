"""Write JSON Lines (plain or gzip) to a file or stdout, one record per line."""

from __future__ import annotations

import gzip
import os
import sys
from typing import Any, BinaryIO

import orjson


class JsonlWriter:
    def __init__(self, path: str, append: bool = False):
        self.path = path
        if path == "-":
            self._stream: BinaryIO = sys.stdout.buffer
        elif path.endswith(".gz"):
            self._stream = gzip.open(path, "ab" if append else "wb")  # type: ignore[assignment]  # noqa: SIM115
        else:
            self._stream = open(path, "ab" if append else "wb")  # noqa: SIM115

    def write(self, record: dict[str, Any]) -> None:
        self._stream.write(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))

    def flush(self) -> None:
        self._stream.flush()

    def close(self) -> None:
        if self.path == "-":
            self._stream.flush()
        else:
            self._stream.close()

    def __enter__(self) -> JsonlWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def completed_lines(path: str) -> int:
    """Lines fully written to an earlier, interrupted output; a torn last line is cut off."""
    if path == "-" or path.endswith(".gz") or not os.path.exists(path):
        return 0
    with open(path, "rb+") as handle:
        data = handle.read()
        keep = data.rfind(b"\n") + 1
        if keep != len(data):
            handle.truncate(keep)
        return data.count(b"\n", 0, keep)
