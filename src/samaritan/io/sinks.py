"""Output sinks chosen by file extension or `--output-format`: JSON Lines (plain or gzip), CSV and
Parquet for verdicts and link lines; GraphML, GEXF and CSV for networks.

Tables are flat for spreadsheets and notebooks: each label is a 0/1 column, each risk a number,
and nested fields (indicators, entities, links …) are JSON strings, so nothing is lost."""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable, Iterable
from typing import Any, Protocol

import orjson

from samaritan.io.writers import JsonlWriter

FORMATS = ("jsonl", "csv", "parquet")
_EXTENSIONS = {
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".jsonl.gz": "jsonl", ".ndjson.gz": "jsonl",
    ".csv": "csv", ".parquet": "parquet", ".pq": "parquet",
}  # fmt: skip
LABELS = ("commercial_sex", "trafficking_risk", "minor_risk")
RISKS = ("commercial_sex", "trafficking", "minor")
VERDICT_COLUMNS = (
    "id", "platform", "decision", "priority", "labels",
    *(f"label_{name}" for name in LABELS), *(f"risk_{name}" for name in RISKS),
    "indicators", "entities", "reasons", "versions", "network", "error", "extra",
)  # fmt: skip
LINK_COLUMNS = (
    "id",
    "platform",
    "network_id",
    "decision",
    "links",
    "network_risk",
    "reasons",
    "repost_of_blocked",
    "extra",
)


Flatten = Callable[[dict[str, Any]], dict[str, Any]]


class OutputFormatError(ValueError):
    pass


class Sink(Protocol):
    def write(self, record: dict[str, Any]) -> None: ...
    def close(self) -> None: ...


def output_format(path: str, fmt: str | None = None) -> str:
    """The format for `path`: `fmt` when given, else by extension; stdout is JSON Lines."""
    if fmt:
        if fmt not in FORMATS:
            raise OutputFormatError(f"unknown output format '{fmt}': choose {', '.join(FORMATS)}")
        return fmt
    if path == "-":
        return "jsonl"
    name = path.lower()
    for ext in sorted(_EXTENSIONS, key=len, reverse=True):
        if name.endswith(ext):
            return _EXTENSIONS[ext]
    ext = "." + name.rsplit(".", 1)[-1] if "." in name.rsplit("/", 1)[-1] else "(none)"
    raise OutputFormatError(
        f"cannot tell the output format of {path} from its extension {ext}: use .jsonl, .jsonl.gz, .csv or "
        f".parquet, or --output-format {{{','.join(FORMATS)}}}"
    )


def _json(value: Any) -> str | None:
    return None if value is None else orjson.dumps(value).decode()


def flatten_verdict(record: dict[str, Any]) -> dict[str, Any]:
    labels = record.get("labels") or []
    risk = record.get("risk") or {}
    row: dict[str, Any] = {
        "id": record.get("id"),
        "platform": record.get("platform"),
        "decision": record.get("decision"),
        "priority": record.get("priority"),
        "labels": ";".join(labels),
    }
    row.update({f"label_{name}": int(name in labels) for name in LABELS})
    row.update({f"risk_{name}": risk.get(name) for name in RISKS})
    for key in ("indicators", "entities", "reasons", "versions", "network", "error"):
        row[key] = _json(record.get(key))
    known = {"id", "platform", "decision", "priority", "labels", "risk", "indicators", "entities", "reasons",
             "versions", "network", "error"}  # fmt: skip
    extra = {k: v for k, v in record.items() if k not in known}
    extra_risk = {k: v for k, v in risk.items() if k not in RISKS}
    if extra_risk:
        extra["risk"] = extra_risk
    row["extra"] = _json(extra) if extra else None
    return row


def flatten_link(record: dict[str, Any]) -> dict[str, Any]:
    row = {k: record.get(k) for k in ("id", "platform", "network_id", "decision", "repost_of_blocked")}
    for key in ("links", "network_risk", "reasons"):
        row[key] = _json(record.get(key))
    extra = {k: v for k, v in record.items() if k not in LINK_COLUMNS}
    row["extra"] = _json(extra) if extra else None
    return row


class CsvSink:
    def __init__(self, path: str, columns: tuple[str, ...], flatten: Flatten):
        self._handle = sys.stdout if path == "-" else open(path, "w", newline="", encoding="utf-8")  # noqa: SIM115
        self._writer = csv.DictWriter(self._handle, fieldnames=list(columns), extrasaction="raise")
        self._writer.writeheader()
        self._flatten = flatten

    def write(self, record: dict[str, Any]) -> None:
        self._writer.writerow(self._flatten(record))

    def close(self) -> None:
        if self._handle is sys.stdout:
            self._handle.flush()
        else:
            self._handle.close()


class ParquetSink:
    """Row groups of `batch` rows with a fixed schema, so memory stays flat on any corpus size."""

    def __init__(self, path: str, columns: tuple[str, ...], flatten: Flatten, batch: int = 20_000):
        import pyarrow as pa
        import pyarrow.parquet as pq

        if path == "-":
            raise OutputFormatError("Parquet cannot go to stdout: name a file")
        numeric = {c for c in columns if c.startswith("risk_")}
        ints = {c for c in columns if c.startswith("label_")}
        self._schema = pa.schema(
            [(c, pa.float64() if c in numeric else pa.int8() if c in ints else pa.string()) for c in columns]
        )
        self._writer = pq.ParquetWriter(path, self._schema, compression="zstd")
        self._columns, self._flatten, self._batch = columns, flatten, batch
        self._rows: list[dict[str, Any]] = []
        self._pa = pa

    def write(self, record: dict[str, Any]) -> None:
        self._rows.append(self._flatten(record))
        if len(self._rows) >= self._batch:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            table = self._pa.Table.from_pylist(self._rows, schema=self._schema)
            self._writer.write_table(table)
            self._rows = []

    def close(self) -> None:
        self._flush()
        self._writer.close()


def open_sink(path: str, kind: str = "verdicts", fmt: str | None = None, append: bool = False) -> Sink:
    """A sink for `kind` ("verdicts" or "links") records at `path`."""
    chosen = output_format(path, fmt)
    if append and chosen != "jsonl":
        raise OutputFormatError("--resume continues JSON Lines output only")
    if chosen == "jsonl":
        return JsonlWriter(path, append=append)
    columns, flatten = (VERDICT_COLUMNS, flatten_verdict) if kind == "verdicts" else (LINK_COLUMNS, flatten_link)
    if chosen == "csv":
        return CsvSink(path, columns, flatten)
    return ParquetSink(path, columns, flatten)


def write_all(sink: Sink, records: Iterable[dict[str, Any]]) -> None:
    try:
        for record in records:
            sink.write(record)
    finally:
        sink.close()
