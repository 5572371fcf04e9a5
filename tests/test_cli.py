"""`samaritan screen` end to end: formats, bad lines, stdin/stdout, resume, summary."""

from __future__ import annotations

import csv
import gzip
import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
from jsonschema import Draft202012Validator

from samaritan.cli import main

SCHEMA = Draft202012Validator(
    json.loads(resources.files("samaritan").joinpath("schemas/result.schema.json").read_text())
)
ADS = [
    {"id": "a1", "category": "dating", "body": "New in town, young and fresh, 150 roses hh, ask for Candy"},
    {"id": "a2", "category": "for-sale", "title": "Lolita style dress", "body": "Size 6, $40. Call 702-555-0101"},
    {
        "id": "a3",
        "category": "pets",
        "body": "Young kittens, 8 weeks",
        "location": {"city": "Dallas", "region": "TX"},
        "poster": {"account_id": "u1"},
    },
]
BAD_LINES = [
    "not json at all",
    '{"body": "no id here"}',
    '{"id": "e5", "body": ""}',
    '{"id": "e6", "body": 123}',
    '{"id": "e7", "body": "x", "price": true}',
]


def _write_jsonl(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _read(path: Path) -> list[dict]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def test_bad_lines_become_error_records_and_the_run_continues(tmp_path: Path, capsys) -> None:
    source = tmp_path / "ads.jsonl"
    lines = [json.dumps(ADS[0]), *BAD_LINES[:2], "", json.dumps(ADS[1]), *BAD_LINES[2:], json.dumps(ADS[2])]
    _write_jsonl(source, lines)
    out = tmp_path / "verdicts.jsonl"
    assert main(["screen", str(source), "-o", str(out), "--summary", str(tmp_path / "summary.json")]) == 0
    records = _read(out)
    assert [r["id"] for r in records] == ["a1", None, None, "a2", "e5", "e6", "e7", "a3"]
    errors = {r["error"]["line"]: r["error"]["code"] for r in records if "error" in r}
    assert errors == {2: "invalid_json", 3: "missing_id", 6: "no_text", 7: "wrong_type", 8: "wrong_type"}
    for record in records:
        SCHEMA.validate(record)
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["read"] == 8 and summary["screened"] == 3 and summary["errors"] == 5
    assert summary["decisions"] == {"block": 1, "allow": 2}
    assert "errors 5" in capsys.readouterr().err


def test_fail_on_error_exits_non_zero(tmp_path: Path) -> None:
    source = tmp_path / "ads.jsonl"
    _write_jsonl(source, [json.dumps(ADS[0]), BAD_LINES[0]])
    assert main(["screen", str(source), "-o", str(tmp_path / "o.jsonl"), "--fail-on-error"]) == 3


def test_missing_input_is_a_clear_error(tmp_path: Path, capsys) -> None:
    assert main(["screen", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "o.jsonl")]) == 5  # exits.NOT_FOUND
    assert "input not found" in capsys.readouterr().err


def test_gzip_csv_and_parquet_give_the_same_verdicts(tmp_path: Path) -> None:
    plain = tmp_path / "ads.jsonl"
    _write_jsonl(plain, [json.dumps(a) for a in ADS])
    gz = tmp_path / "ads.jsonl.gz"
    gz.write_bytes(gzip.compress(plain.read_bytes()))
    csv_path = tmp_path / "ads.csv"
    columns = ["id", "category", "title", "body", "location", "poster"]
    with csv_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for ad in ADS:
            writer.writerow({k: json.dumps(ad[k]) if isinstance(ad.get(k), dict) else ad.get(k, "") for k in columns})
    parquet = tmp_path / "ads.parquet"
    pq.write_table(
        pa.Table.from_pylist([{k: ad.get(k) for k in ("id", "category", "title", "body")} for ad in ADS]), parquet
    )
    results = {}
    for name, path in {"jsonl": plain, "gz": gz, "csv": csv_path, "parquet": parquet}.items():
        out = tmp_path / f"{name}.out.jsonl"
        assert main(["screen", str(path), "-o", str(out)]) == 0
        results[name] = [(r["id"], r["decision"], r["labels"]) for r in _read(out)]
    assert results["jsonl"] == results["gz"] == results["csv"] == results["parquet"]
    assert [r[0] for r in results["jsonl"]] == ["a1", "a2", "a3"]


def test_stdin_to_stdout(tmp_path: Path) -> None:
    data = "\n".join(json.dumps(a) for a in ADS).encode()
    proc = subprocess.run(
        [sys.executable, "-m", "samaritan.cli", "screen", "-"], input=data, capture_output=True, check=True
    )
    assert [orjson.loads(line)["id"] for line in proc.stdout.splitlines()] == ["a1", "a2", "a3"]
    assert b"screened 3" in proc.stderr
    assert b"Candy" not in proc.stderr  # no ad text in logs


def test_resume_after_a_crash_neither_loses_nor_duplicates(tmp_path: Path) -> None:
    source = tmp_path / "ads.jsonl"
    ads = [{"id": f"r{i}", "body": f"Bike number {i} for sale, $40"} for i in range(50)]
    _write_jsonl(source, [json.dumps(a) for a in ads])
    out = tmp_path / "verdicts.jsonl"
    assert main(["screen", str(source), "-o", str(out)]) == 0
    complete = out.read_bytes()
    # Simulate a crash: 20 verdicts written and half of the 21st.
    lines = complete.splitlines(keepends=True)
    out.write_bytes(b"".join(lines[:20]) + lines[20][:15])
    assert main(["screen", str(source), "-o", str(out), "--resume"]) == 0
    assert out.read_bytes() == complete


def test_generate_then_evaluate_from_the_command_line(tmp_path: Path, capsys) -> None:
    ads, truth, verdicts = tmp_path / "a.jsonl", tmp_path / "t.jsonl", tmp_path / "v.jsonl"
    assert main(["generate", "-n", "300", "--seed", "5", "-o", str(ads), "--truth", str(truth)]) == 0
    assert main(["screen", str(ads), "-o", str(verdicts)]) == 0
    capsys.readouterr()
    assert main(["evaluate", "--truth", str(truth), "--verdicts", str(verdicts), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["ads"] == 300 and result["labels"]["commercial_sex"]["recall"] is not None


def test_workers_give_identical_output_in_input_order(tmp_path: Path) -> None:
    ads, truth = tmp_path / "a.jsonl", tmp_path / "t.jsonl"
    assert main(["generate", "-n", "700", "--seed", "9", "-o", str(ads), "--truth", str(truth)]) == 0
    with ads.open("a") as handle:
        handle.write("this line is not JSON\n")
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert main(["screen", str(ads), "-o", str(one)]) == 0
    assert main(["screen", str(ads), "-o", str(two), "--workers", "2"]) == 0
    assert one.read_bytes() == two.read_bytes()


def test_link_writes_per_ad_lines_and_a_network_summary_file(tmp_path: Path, capsys) -> None:
    ads = tmp_path / "a.jsonl"
    assert main(["generate", "-n", "800", "--seed", "4", "-o", str(ads)]) == 0
    out = tmp_path / "links.jsonl"
    assert main(["link", str(ads), "-o", str(out)]) == 0
    lines = _read(out)
    assert len(lines) == 800 and all(set(line) >= {"id", "network_id", "links"} for line in lines)
    networks = _read(tmp_path / "links.networks.jsonl")
    assert networks and all(n["size"] >= 2 and n["evidence"] for n in networks)
    assert "largest network" in capsys.readouterr().err
