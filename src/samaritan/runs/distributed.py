"""Linking on a Dask distributed cluster, for corpora that outgrow one machine.

The per-ad stage (parse, screen or extract, shingle, hash photos) is the expensive one and
runs as a partition function over Parquet row groups on the workers. The join stage runs on
the compact records, gathered in input order, through exactly the code of a single-machine
run, so the results are equal. Workers bind where the cluster says; a local cluster binds to
127.0.0.1 only.
"""

from __future__ import annotations

from pathlib import Path

from samaritan.engine.adparse import AdError, parse_ad
from samaritan.link.linker import LinkConfig, Linker, collect_record
from samaritan.link.records import AdRecord, LinkResult

Part = tuple[str, int]  # (Parquet file, row group)


def parquet_parts(source: str) -> list[Part]:
    """Every row group of a Parquet file, or of all *.parquet files in a directory, in order."""
    import pyarrow.parquet as pq

    path = Path(source)
    files = sorted(path.glob("*.parquet")) if path.is_dir() else [path]
    if not files:
        raise FileNotFoundError(f"no Parquet files in {source}")
    return [(str(f), g) for f in files for g in range(pq.ParquetFile(f).num_row_groups)]


def records_for_part(part: Part, screen: bool = True) -> tuple[list[AdRecord], int]:
    """Partition function: the link records of one row group, and how many rows were unreadable."""
    import pyarrow.parquet as pq

    from samaritan.engine.extract import Extractor
    from samaritan.engine.screener import screen as screen_ad
    from samaritan.io.readers import table_row

    path, group = part
    rows = pq.ParquetFile(path).read_row_group(group).to_pylist()
    records: list[AdRecord] = []
    bad = 0
    extractor = None if screen else Extractor()
    for row in rows:
        try:
            ad = parse_ad(table_row(row))
        except AdError:
            bad += 1
            continue
        if screen:
            verdict = screen_ad(ad).to_dict()
            records.append(collect_record(ad, verdict["entities"], verdict))
        else:
            records.append(collect_record(ad, extractor.extract(ad).entities.to_dict(), None))
    return records, bad


def link_local(source: str, config: LinkConfig | None = None, screen: bool = True) -> LinkResult:
    """The same stages in this process: the reference a cluster run must equal."""
    linker = Linker(config)
    for part in parquet_parts(source):
        for record in records_for_part(part, screen)[0]:
            linker.add_record(record)
    return linker.run()


def link_distributed(
    source: str, scheduler: str | None = None, workers: int = 2, config: LinkConfig | None = None, screen: bool = True
) -> LinkResult:
    """Run the per-ad stage on a Dask cluster: `scheduler` is an address such as
    tcp://10.0.0.5:8786; without one, a local cluster of `workers` processes on 127.0.0.1."""
    import dask.bag as db
    from dask.distributed import Client, LocalCluster

    parts = parquet_parts(source)
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        )
        client = Client(cluster)
    try:
        outputs = db.from_sequence(parts, npartitions=len(parts)).map(records_for_part, screen=screen).compute()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    linker = Linker(config)
    for records, _bad in outputs:  # dask.bag keeps partition order
        for record in records:
            linker.add_record(record)
    return linker.run()
