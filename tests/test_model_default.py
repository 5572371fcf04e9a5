"""The packaged learned model screens by default (issue 14): Screener(), `samaritan screen`
without --model, and the worker processes all use it; `model="none"`, `--model none` and
SAMARITAN_MODEL=none give the rules alone. `versions.model` says which path made a verdict."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from samaritan.cli.main import main as cli
from samaritan.engine.screener import Screener
from samaritan.service.workers import Source

AD = {"id": "m1", "category": "for-sale", "body": "Oak bookshelf, five shelves. Text 702-555-0150."}


def test_screener_defaults_to_the_packaged_model_and_none_is_the_rule_path() -> None:
    default, rules = Screener(), Screener(model="none")
    assert default.model is not None and default.versions["model"].startswith("sha256:")
    assert rules.model is None and rules.versions["model"] == rules.weights.version
    assert Screener(model=False).model is None


def _screen_cli(tmp_path: Path, *extra: str) -> dict:
    ads, out = tmp_path / "ads.jsonl", tmp_path / "out.jsonl"
    ads.write_bytes(orjson.dumps(AD) + b"\n")
    assert cli(["screen", str(ads), "-o", str(out), *extra]) == 0
    return orjson.loads(out.read_bytes().splitlines()[0])


def test_screen_uses_the_model_unless_told_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SAMARITAN_MODEL", raising=False)
    assert _screen_cli(tmp_path)["versions"]["model"].startswith("sha256:")
    assert not _screen_cli(tmp_path, "--model", "none")["versions"]["model"].startswith("sha256:")
    monkeypatch.setenv("SAMARITAN_MODEL", "none")
    assert not _screen_cli(tmp_path)["versions"]["model"].startswith("sha256:")


def test_worker_processes_keep_the_rule_path_of_a_rules_engine() -> None:
    """A worker builds its engine from the server's options: the rules path must stay the rules
    path there, not fall back to the new default."""
    rules = Screener(model="none")
    assert Screener(**Source(rules, fork_here=False).options).model is None
