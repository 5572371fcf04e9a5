"""Outputs an investigator opens elsewhere: verdicts and link lines as CSV or Parquet with a flat
column per label and risk, networks as GraphML, GEXF or a CSV summary, and a clear error (before any
work) for an extension Samaritan cannot write."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pyarrow.parquet as pq
import pytest

from samaritan.cli.main import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("outputs")
    ads = folder / "ads.jsonl"
    assert main(["generate", "-n", "300", "--seed", "5", "-o", str(ads)]) == 0
    return ads


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_verdicts_as_csv_and_parquet_hold_what_jsonl_holds(corpus: Path, tmp_path: Path) -> None:
    for name in ("v.jsonl", "v.csv", "v.parquet"):
        assert main(["screen", str(corpus), "-o", str(tmp_path / name)]) == 0
    reference = _jsonl(tmp_path / "v.jsonl")
    with open(tmp_path / "v.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    table = pq.read_table(tmp_path / "v.parquet").to_pylist()
    assert len(rows) == len(table) == len(reference) == 300
    flagged = [v for v in reference if v["labels"]]
    assert flagged, "the corpus has flagged ads"
    for verdict, row, record in zip(reference, rows, table, strict=True):
        assert row["id"] == record["id"] == verdict["id"]
        assert row["decision"] == record["decision"] == verdict["decision"]
        for label in ("commercial_sex", "trafficking_risk", "minor_risk"):
            assert int(row[f"label_{label}"]) == record[f"label_{label}"] == int(label in verdict["labels"])
        assert json.loads(row["indicators"]) == json.loads(record["indicators"]) == verdict["indicators"]
        assert json.loads(record["entities"]) == verdict["entities"]
        if verdict["risk"].get("minor") is not None:
            assert record["risk_minor"] == pytest.approx(verdict["risk"]["minor"])


def test_an_unknown_output_extension_fails_before_any_work(corpus: Path, tmp_path: Path, capsys) -> None:
    assert main(["screen", str(corpus), "-o", str(tmp_path / "v.xlsx")]) == 1
    err = capsys.readouterr().err
    assert ".xlsx" in err and ".csv" in err and ".parquet" in err
    assert not (tmp_path / "v.xlsx").exists()
    assert main(["screen", str(corpus), "-o", str(tmp_path / "v.csv"), "--resume"]) == 1
    assert main(["link", str(corpus), "-o", str(tmp_path / "l.jsonl"), "--networks", str(tmp_path / "n.pdf")]) == 1


def test_networks_open_as_graphml_gexf_and_a_csv_summary(corpus: Path, tmp_path: Path) -> None:
    assert main(["link", str(corpus), "-o", str(tmp_path / "l.jsonl"), "--networks", str(tmp_path / "n.jsonl")]) == 0
    networks = _jsonl(tmp_path / "n.jsonl")
    assert networks
    for name in ("n.graphml", "n.gexf", "n.csv"):
        assert main(["link", str(corpus), "-o", str(tmp_path / "l.csv"), "--networks", str(tmp_path / name)]) == 0
    graph = nx.read_graphml(tmp_path / "n.graphml")
    ads_in_networks = {ad for net in networks for ad in net["ads"]}
    ad_nodes = {n for n, d in graph.nodes(data=True) if d["kind"] == "ad"}
    assert {f"ad:{a}" for a in ads_in_networks} <= ad_nodes
    kinds = {d["kind"] for _a, _b, d in graph.edges(data=True)}
    assert kinds & {"phone", "account", "email", "handle"} and "shows_phone" in kinds
    phone_nodes = [n for n, d in graph.nodes(data=True) if d["kind"] == "phone"]
    assert {f"phone:{p}" for net in networks for p in net["phones"]} <= set(phone_nodes)
    gexf = nx.read_gexf(tmp_path / "n.gexf")
    assert gexf.number_of_nodes() == graph.number_of_nodes()
    with open(tmp_path / "n.csv", newline="", encoding="utf-8") as handle:
        summary = list(csv.DictReader(handle))
    assert [r["network_id"] for r in summary] == [n["network_id"] for n in networks]
    assert all(int(r["size"]) >= 2 for r in summary)
    with open(tmp_path / "l.csv", newline="", encoding="utf-8") as handle:
        lines = list(csv.DictReader(handle))
    assert len(lines) == 300 and {"network_id", "links"} <= set(lines[0])


def test_the_contract_ships_with_the_repository() -> None:
    spec = ROOT / "docs" / "spec"
    packaged = ROOT / "src" / "samaritan" / "schemas"
    for name in ("ad.schema.json", "result.schema.json"):
        assert json.loads((spec / name).read_text()) == json.loads((packaged / name).read_text())
    shared = ROOT.parent / "shared" / "spec"
    if shared.is_dir():  # beside a development checkout: the copies must not drift from the source
        for name in ("CONTRACT.md", "ad.schema.json", "result.schema.json"):
            assert (spec / name).read_text() == (shared / name).read_text(), name
    assert (ROOT / "LICENSE").read_text().lstrip().startswith("Apache License")
