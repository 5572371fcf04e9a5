"""One stage interface, several runners: an input stream of partitions, a stage (screen, or
the per-ad part of linking) applied to each, and output sinks fed in input order.

Partitions are Parquet row groups or byte ranges of a JSONL file cut at line boundaries, each
knowing the line number it starts at, so a partition's output is exactly the lines a local run
writes for it. `run_parts` runs them in this process or on a Dask cluster (workers bind where
the cluster says; a local cluster binds to 127.0.0.1 only) and yields results in input order,
so `samaritan screen` and `samaritan link` give identical output line for line either way.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from samaritan.engine.adparse import AdError, parse_ad, parse_json_ad
from samaritan.io.readers import Record
from samaritan.link.linker import LinkConfig, Linker, collect_record
from samaritan.link.records import AdRecord, LinkResult
from samaritan.runs.batch import Summary, screen_records

LINES_PER_PART = 5_000


@dataclass(frozen=True)
class Part:
    path: str
    kind: str  # "parquet" | "jsonl"
    start: int  # row group (Parquet) or first byte (JSONL)
    end: int  # unused (Parquet) or the byte after the last line (JSONL; -1: to the end)
    first_line: int  # line (row) number of the partition's first record, 1-based


def partitions(source: str, lines_per_part: int = LINES_PER_PART) -> list[Part]:
    """Every partition of a Parquet or JSONL file, or of all such files in a directory, in order."""
    path = Path(source)
    if not path.exists():
        raise FileNotFoundError(f"input not found: {source}")
    files = sorted(p for p in path.iterdir() if p.suffix in (".parquet", ".jsonl", ".gz")) if path.is_dir() else [path]
    if not files:
        raise FileNotFoundError(f"no Parquet or JSONL files in {source}")
    parts: list[Part] = []
    for file in files:
        parts.extend(_parquet_parts(file) if file.suffix == ".parquet" else _jsonl_parts(file, lines_per_part))
    return parts


def _parquet_parts(file: Path) -> list[Part]:
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(file).metadata
    parts, line = [], 1
    for group in range(meta.num_row_groups):
        parts.append(Part(str(file), "parquet", group, 0, line))
        line += meta.row_group(group).num_rows
    return parts


def _jsonl_parts(file: Path, lines_per_part: int) -> list[Part]:
    with open(file, "rb") as handle:
        if handle.read(2) == b"\x1f\x8b":
            return [Part(str(file), "jsonl", 0, -1, 1)]  # gzip cannot be entered mid-stream
        handle.seek(0)
        parts, start, line, count = [], 0, 1, 0
        for _line in handle:
            count += 1
            if count == lines_per_part:
                end = handle.tell()
                parts.append(Part(str(file), "jsonl", start, end, line))
                start, line, count = end, line + count, 0
        if count:
            parts.append(Part(str(file), "jsonl", start, handle.tell(), line))
    return parts


def read_part(part: Part) -> Iterator[Record]:
    """The input stream of one partition: (line number, Ad or AdError), as the local readers."""
    if part.kind == "parquet":
        import pyarrow.parquet as pq

        from samaritan.io.readers import table_row

        rows = pq.ParquetFile(part.path).read_row_group(part.start).to_pylist()
        for number, row in enumerate(rows, start=part.first_line):
            try:
                yield number, parse_ad(table_row(row))
            except AdError as exc:
                yield number, exc
        return
    opener = gzip.open if part.end == -1 and _is_gzip(part.path) else open
    with opener(part.path, "rb") as handle:
        handle.seek(part.start)
        remaining = part.end - part.start if part.end != -1 else None
        for number, line in enumerate(handle, start=part.first_line):
            if remaining is not None:
                if remaining <= 0:
                    break
                remaining -= len(line)
            if not line.strip():
                continue
            try:
                yield number, parse_json_ad(line)
            except AdError as exc:
                yield number, exc


def _is_gzip(path: str) -> bool:
    with open(path, "rb") as handle:
        return handle.read(2) == b"\x1f\x8b"


# ---------------------------------------------------------------------------------- stages
@lru_cache(maxsize=4)
def _screener(options: tuple[tuple[str, Any], ...]):
    from samaritan.engine.screener import Screener

    return Screener(**dict(options))  # once per worker process and engine configuration


def screen_part(part: Part, options: tuple[tuple[str, Any], ...] = ()) -> tuple[list[dict], Summary]:
    """The screening stage on one partition: its verdict (or error) lines and counts."""
    summary = Summary()
    return list(screen_records(read_part(part), _screener(options), summary)), summary


def records_for_part(part: Part, screen: bool = True) -> tuple[list[AdRecord], int]:
    """The per-ad stage of linking on one partition: link records, and how many were unreadable."""
    from samaritan.engine.extract import Extractor

    records: list[AdRecord] = []
    bad = 0
    extractor = None if screen else Extractor()
    for _line, ad in read_part(part):
        if isinstance(ad, AdError):
            bad += 1
        elif extractor is None:
            verdict = _screener(()).screen(ad).to_dict()
            records.append(collect_record(ad, verdict["entities"], verdict))
        else:
            records.append(collect_record(ad, extractor.extract(ad).entities.to_dict(), None))
    return records, bad


# ---------------------------------------------------------------------------------- runners
def run_parts(
    parts: list[Part], stage: Callable[..., Any], scheduler: str | None = None, workers: int = 0, **kwargs: Any
) -> Iterator[Any]:
    """`stage(part, **kwargs)` for every part, yielded in input order. `workers` 0 and no
    `scheduler`: in this process. Otherwise on Dask: `scheduler` is an address such as
    tcp://10.0.0.5:8786; without one, a local cluster of `workers` processes on 127.0.0.1."""
    if not scheduler and workers <= 0:
        for part in parts:
            yield stage(part, **kwargs)
        return
    from dask.distributed import Client, LocalCluster

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0"
        )
        client = Client(cluster)
    try:
        futures = client.map(stage, parts, pure=False, **kwargs)
        for future in futures:  # in input order; each result is released once written
            yield future.result()
            future.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def screen_source(
    source: str,
    options: dict[str, Any],
    summary: Summary,
    scheduler: str | None = None,
    workers: int = 0,
    lines_per_part: int = LINES_PER_PART,
) -> Iterator[dict]:
    """`samaritan screen` over partitions: verdict lines in input order, counts into `summary`."""
    frozen = tuple(sorted((k, v) for k, v in options.items()))
    parts = partitions(source, lines_per_part)
    for lines, part_summary in run_parts(parts, screen_part, scheduler, workers, options=frozen):
        summary.add(part_summary)
        yield from lines


def link_local(source: str, config: LinkConfig | None = None, screen: bool = True) -> LinkResult:
    """The same stages in this process: the reference a cluster run must equal."""
    return link_distributed(source, None, 0, config, screen)


def link_distributed(
    source: str, scheduler: str | None = None, workers: int = 2, config: LinkConfig | None = None, screen: bool = True
) -> LinkResult:
    """The per-ad stage of linking on the partitions (on Dask unless `workers` is 0 and there is
    no `scheduler`); the join stage on the gathered records, in input order, as a local run."""
    linker = Linker(config)
    for records, _bad in run_parts(partitions(source), records_for_part, scheduler, workers, screen=screen):
        for record in records:
            linker.add_record(record)
    return linker.run()
