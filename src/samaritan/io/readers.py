"""Read ads as a stream in input order, one record at a time, with memory flat in input size.

Every record comes out as (line_number, Ad) or (line_number, AdError): a bad line never
stops a run, and its line number (1-based; the row number for CSV and Parquet) goes into the
error record.
"""

from __future__ import annotations

import csv
import gzip
import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from samaritan.engine.adparse import AdError, parse_ad, parse_json_ad
from samaritan.engine.model import Ad

Record = tuple[int, Ad | AdError]
_NESTED = ("location", "poster", "images")


def detect_format(path: str) -> str:
    name = path.lower().removesuffix(".gz")
    if name.endswith(".csv"):
        return "csv"
    if name.endswith(".parquet") or name.endswith(".pq"):
        return "parquet"
    return "jsonl"


def _open_binary(path: str) -> BinaryIO:
    if path == "-":
        stream: BinaryIO = sys.stdin.buffer
        head = stream.peek(2)[:2] if hasattr(stream, "peek") else b""
        return gzip.GzipFile(fileobj=stream) if head == b"\x1f\x8b" else stream  # type: ignore[return-value]
    handle = open(path, "rb")  # noqa: SIM115 - returned to the caller, closed by it
    if handle.read(2) == b"\x1f\x8b":
        handle.seek(0)
        return gzip.GzipFile(fileobj=handle)  # type: ignore[return-value]
    handle.seek(0)
    return handle


def read_jsonl(path: str) -> Iterator[Record]:
    stream = _open_binary(path)
    try:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                yield number, parse_json_ad(line)
            except AdError as exc:
                yield number, exc
    finally:
        if path != "-":
            stream.close()


def _csv_value(name: str, value: str | None) -> Any:
    if value is None or value == "":
        return None
    if name in _NESTED and value[:1] in "{[":
        try:
            return orjson.loads(value)
        except orjson.JSONDecodeError:
            return value
    return value


def read_csv(path: str) -> Iterator[Record]:
    stream = _open_binary(path)
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="")
    try:
        reader = csv.DictReader(text)
        for number, row in enumerate(reader, start=2):  # line 1 is the header
            record = {k: _csv_value(k, v) for k, v in row.items() if k is not None}
            record = {k: v for k, v in record.items() if v is not None}
            try:
                yield number, parse_ad(record)
            except AdError as exc:
                yield number, exc
    finally:
        text.close()


def table_row(row: dict[str, Any]) -> dict[str, Any]:
    """A Parquet or Arrow row as an ad record: nulls dropped, nested fields stored as JSON
    strings decoded."""
    record = {k: v for k, v in row.items() if v is not None}
    for key in _NESTED:
        if isinstance(record.get(key), str) and record[key][:1] in "{[":
            record[key] = _csv_value(key, record[key])
    return record


def read_parquet(path: str, batch_size: int = 2048) -> Iterator[Record]:
    import pyarrow.parquet as pq

    source = sys.stdin.buffer if path == "-" else path
    parquet = pq.ParquetFile(source)
    number = 0
    for batch in parquet.iter_batches(batch_size=batch_size):
        for row in batch.to_pylist():
            number += 1
            record = table_row(row)
            try:
                yield number, parse_ad(record)
            except AdError as exc:
                yield number, exc


def read_ads(path: str, fmt: str | None = None) -> Iterator[Record]:
    fmt = fmt or detect_format(path)
    if path != "-" and not Path(path).exists():
        raise FileNotFoundError(f"input not found: {path}")
    if fmt == "csv":
        return read_csv(path)
    if fmt == "parquet":
        return read_parquet(path)
    return read_jsonl(path)


def count_records(path: str, fmt: str | None = None) -> int | None:
    """How many records `path` holds, when that is cheap to know (for progress totals): Parquet from
    its metadata, an uncompressed JSONL or CSV file by counting lines (about 1 s per GB). None for
    stdin and compressed input, which would have to be read twice."""
    if path == "-" or path.endswith(".gz") or not os.path.isfile(path):
        return None
    fmt = fmt or detect_format(path)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return int(pq.ParquetFile(path).metadata.num_rows)
    lines = 0
    with open(path, "rb") as handle:
        while block := handle.read(1 << 22):
            lines += block.count(b"\n")
    return max(0, lines - 1) if fmt == "csv" else lines
