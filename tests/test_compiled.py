"""The compiled engine (setup.py, mypyc) and the pure-Python one give the same verdicts.

Runs against whichever engine is installed: against a compiled install (`SAMARITAN_COMPILE=1
scripts/test.sh` runs it on the wheel) it screens generated ads with it and with the same package's
.py sources alone, each in a fresh process, and compares the verdicts byte for byte; against a
pure-Python install there is nothing to compare and it skips. It also holds the guard that refuses
a compiled module older than its source, and the version text that names the engine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import samaritan
from samaritan import compiled
from samaritan.compiled import engine_kind

ADS = 1500
PACKAGE = Path(samaritan.__file__).parent
SCREEN = """
import sys, orjson
from samaritan.compiled import engine_kind
from samaritan.engine.adparse import parse_ad
from samaritan.engine.screener import Screener
from samaritan.generate.corpus import SiteGenerator
model = sys.argv[1]
screener = Screener(model=model)
ads = [parse_ad(ad) for ad, _ in SiteGenerator(int(sys.argv[2]), seed=29)]
sys.stdout.buffer.write(engine_kind().encode() + b"\\n")
for at in range(0, len(ads), 64):
    for verdict in screener.screen_many(ads[at : at + 64]):
        sys.stdout.buffer.write(orjson.dumps(verdict.to_dict(), option=orjson.OPT_SORT_KEYS) + b"\\n")
"""


def screen(model: str, path: str | None = None) -> tuple[str, list[bytes]]:
    """The engine's kind and its verdicts on ADS generated ads, screened in a fresh process that
    imports samaritan from `path` (None: as this process does)."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    if path:
        env["PYTHONPATH"] = path
    out = subprocess.run(
        [sys.executable, "-c", SCREEN, model, str(ADS)], capture_output=True, check=True, env=env
    ).stdout
    kind, *verdicts = out.splitlines()
    return kind.decode(), verdicts


@pytest.fixture(scope="module")
def pure_copy(tmp_path_factory: pytest.TempPathFactory) -> str:
    """This install's package with its compiled modules left out: its own .py sources alone."""
    root = tmp_path_factory.mktemp("pure")
    shutil.copytree(
        PACKAGE,
        root / "samaritan",
        ignore=lambda _, names: [n for n in names if n.endswith(compiled._SUFFIXES) or n == "__pycache__"],
    )
    return str(root)


@pytest.mark.skipif(engine_kind() != "compiled engine", reason="the pure-Python engine is installed")
@pytest.mark.parametrize("model", ["none", "default"])
def test_verdicts_identical_to_pure_python(pure_copy: str, model: str) -> None:
    kind, verdicts = screen(model)
    pure_kind, pure_verdicts = screen(model, pure_copy)
    assert kind == engine_kind()  # the subprocess ran this install
    assert pure_kind == "pure-Python engine"
    assert len(verdicts) == ADS
    mismatched = [i for i, (a, b) in enumerate(zip(verdicts, pure_verdicts, strict=True)) if a != b]
    assert not mismatched, f"{kind}: {len(mismatched)} of {ADS} verdicts differ, first ad #{mismatched[0]}"


@pytest.mark.skipif("SAMARITAN_EXPECT_ENGINE" not in os.environ, reason="set by scripts/test.sh for the wheel")
def test_the_expected_engine_runs() -> None:
    # CI's run against the compiled wheel must not quietly import a pure-Python samaritan instead.
    assert engine_kind() == os.environ["SAMARITAN_EXPECT_ENGINE"]
    assert not (PACKAGE.parents[1] / "setup.py").exists(), f"{PACKAGE} is a source checkout's"


def test_version_names_the_engine() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "samaritan.cli", "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == f"samaritan {samaritan.__version__} ({engine_kind()})"


def fake_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, built_after_edit: bool) -> Path:
    """A source checkout whose engine module detect.py has a compiled twin, built before or after
    the source's last edit."""
    (tmp_path / "setup.py").write_text("")
    engine = tmp_path / "src" / "samaritan" / "engine"
    engine.mkdir(parents=True)
    source, built = engine / "detect.py", engine / f"detect{compiled._SUFFIXES[0]}"
    (tmp_path / "src" / f"{compiled.GROUP}{compiled._SUFFIXES[0]}").write_text("")
    source.write_text("")
    built.write_text("")
    os.utime(source, (1000, 2000 if built_after_edit else 3000))
    os.utime(built, (1000, 2500))
    monkeypatch.setattr(compiled, "ENGINE", str(engine))
    return engine


def test_compiled_module_older_than_its_source_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_checkout(tmp_path, monkeypatch, built_after_edit=False)
    with pytest.raises(ImportError, match=r"engine/detect\.py changed after the engine was compiled"):
        compiled.check_fresh()
    assert compiled.engine_kind() == "pure-Python engine"  # no screener module in the fake checkout


def test_fresh_compiled_module_is_accepted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = fake_checkout(tmp_path, monkeypatch, built_after_edit=True)
    compiled.check_fresh()
    assert compiled.compiled_modules() == [str(engine / f"detect{compiled._SUFFIXES[0]}")]
