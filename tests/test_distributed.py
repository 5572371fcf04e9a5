"""One stage interface, several runners: `samaritan screen` on Dask over JSONL or Parquet
partitions writes exactly the lines of a local run, bad lines and their numbers included."""

from __future__ import annotations

from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from conftest import write_corpus
from samaritan.cli.main import main
from samaritan.io.readers import read_ads
from samaritan.io.writers import JsonlWriter
from samaritan.runs.batch import Summary
from samaritan.runs.distributed import partitions, read_part, screen_source


def _records(records) -> list[tuple[int, str]]:
    return [(n, getattr(item, "id", None) or str(item)) for n, item in records]


def test_partitions_read_exactly_what_the_local_readers_read(tmp_path: Path) -> None:
    ads, _ = write_corpus(tmp_path, 700, seed=4)
    with ads.open("ab") as handle:
        handle.write(b"not json\n\n" + orjson.dumps({"id": "no-text"}) + b"\n")
    parts = partitions(str(ads), lines_per_part=200)
    assert len(parts) == 4
    assert _records(r for p in parts for r in read_part(p)) == _records(read_ads(str(ads)))
    rows = [orjson.loads(line) for line in ads.read_bytes().splitlines()[:700]]
    for row in rows:
        row["location"] = orjson.dumps(row["location"]).decode()
        row["poster"] = orjson.dumps(row["poster"]).decode()
        row.pop("images", None)
    table = pa.Table.from_pylist(rows)
    pq.write_table(table, tmp_path / "ads.parquet", row_group_size=250)
    parts = partitions(str(tmp_path / "ads.parquet"))
    assert [p.first_line for p in parts] == [1, 251, 501]
    assert _records(r for p in parts for r in read_part(p)) == _records(read_ads(str(tmp_path / "ads.parquet")))


def test_dask_screen_output_is_the_local_output_line_for_line(tmp_path: Path) -> None:
    ads, _ = write_corpus(tmp_path, 900, seed=6)
    with ads.open("ab") as handle:
        handle.write(b"not json\n" + orjson.dumps({"id": "no-text"}) + b"\n")
    local = tmp_path / "local.jsonl"
    assert main(["screen", str(ads), "-o", str(local)]) == 0
    summary = Summary()
    cluster = tmp_path / "cluster.jsonl"
    with JsonlWriter(str(cluster)) as out:
        for line in screen_source(str(ads), {}, summary, workers=2, lines_per_part=250):
            out.write(line)
    assert cluster.read_bytes() == local.read_bytes()
    assert summary.read == 902 and summary.errors == 2
    errors = [orjson.loads(x) for x in local.read_bytes().splitlines() if b'"error"' in x]
    assert [e["error"]["line"] for e in errors] == [901, 902]
