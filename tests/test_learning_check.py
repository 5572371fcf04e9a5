"""scripts/learning_check.py: a platform's own reviewed ads, split in two, trained on and measured.

Run end to end on a small generated site split into commercial and ordinary sets, as a platform
would run it on its reviewed ads: every model gets a figure for every set, the split is a stable
function of the id, and nothing it wrote is left behind.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import tempfile
from pathlib import Path

import orjson
from tests.conftest import write_corpus

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "learning_check.py"
spec = importlib.util.spec_from_file_location("learning_check", SCRIPT)
assert spec and spec.loader
learning_check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(learning_check)


def test_the_split_is_a_stable_half_of_the_ids() -> None:
    ids = [f"ad-{i:05d}" for i in range(2000)]
    first = [i for i in ids if learning_check.first_half(i)]
    assert 900 < len(first) < 1100
    assert first == [i for i in ids if learning_check.first_half(i)]


def test_every_model_is_measured_on_every_set_and_nothing_is_left_behind(tmp_path: Path, monkeypatch) -> None:
    ads, truth = write_corpus(tmp_path, 240, seed=41, obfuscation=0.0)
    labels = {t["id"]: t["labels"] for t in map(orjson.loads, truth.read_bytes().splitlines())}
    positive, lawful = tmp_path / "commercial.jsonl", tmp_path / "ordinary.jsonl"
    with positive.open("wb") as pos, lawful.open("wb") as law:
        for line in ads.read_bytes().splitlines():
            ad = orjson.loads(line)
            if "commercial_sex" in labels[ad["id"]]:
                pos.write(line + b"\n")
            elif not labels[ad["id"]]:
                law.write(line + b"\n")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    out = tmp_path / "figures.json"
    samaritan = str(Path(sys.executable).with_name("samaritan"))
    assert (
        learning_check.main(
            ["--positive", str(positive), "--lawful", str(lawful), "--samaritan", samaritan, "--json", str(out)]
        )
        == 0
    )

    figures = json.loads(out.read_text())
    assert set(figures["held"]) == {"commercial", "ordinary"}
    assert figures["trained_on"] + sum(figures["held"].values()) == len(positive.read_bytes().splitlines()) + len(
        lawful.read_bytes().splitlines()
    )
    rows = figures["rows"]
    assert {"rules", "packaged model", "trained on the platform's half"} <= set(rows)
    assert sum(name.startswith("word+char n-grams") for name in rows) == 2
    for row in rows.values():
        assert set(row) == {"commercial", "ordinary"}
        assert all(0.0 <= value <= 100.0 for value in row.values())
    # the generator's commercial ads are recognised by the engine, its ordinary ads pass
    assert rows["packaged model"]["commercial"] >= 80.0
    assert rows["rules"]["ordinary"] <= 2.0
    assert list(scratch.iterdir()) == []  # halves, models and verdicts lived only in the temporary folder
