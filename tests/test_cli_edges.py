"""The command as a new user and an operator meet it: a busy port, an unreachable database or a
missing file is one clear line and its own exit code (never a traceback, never after doing the
work); every command's help has an example, its exit codes and help for every option."""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from samaritan.cli import exits
from samaritan.cli.main import build_parser


def _run(*args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "samaritan.cli", *args], capture_output=True, text=True, timeout=120,
        env={**os.environ, **(env or {})}, cwd=cwd,
    )  # fmt: skip


@pytest.fixture
def busy_port():
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


def _one_clear_line(done: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in done.stderr, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    return lines[0]


def test_a_busy_port_is_one_line_and_exit_6_before_any_work(busy_port, tmp_path: Path) -> None:
    served = _run("serve", "--port", str(busy_port), "--data", str(tmp_path / "data"))
    assert served.returncode == exits.PORT_IN_USE
    assert f"127.0.0.1:{busy_port} is already in use" in _one_clear_line(served)
    assert "listening" not in served.stdout + served.stderr
    demo = _run("demo", "--serve", "--port", str(busy_port), "--data", str(tmp_path / "demo"), "-n", "50")
    assert demo.returncode == exits.PORT_IN_USE
    assert not (tmp_path / "demo").exists(), "the demo did its work before failing"


def test_an_unreachable_database_and_a_missing_file_have_their_own_codes(tmp_path: Path) -> None:
    unreachable = _run("audit", "verify", env={"SAMARITAN_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"})
    assert unreachable.returncode == exits.DATABASE_UNREACHABLE
    assert "cannot open the database" in _one_clear_line(unreachable)
    missing = _run("screen", str(tmp_path / "nope.jsonl"))
    assert missing.returncode == exits.NOT_FOUND
    assert "nope.jsonl" in _one_clear_line(missing)
    bad_setting = _run("screen", "-", env={"SAMARITAN_PORT": "many"})
    assert bad_setting.returncode == exits.FAILED and "setting port" in _one_clear_line(bad_setting)


def _commands(parser: argparse.ArgumentParser, prefix: str = ""):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield f"{prefix}{name}", child
                yield from _commands(child, f"{prefix}{name} ")


def test_every_command_documents_itself() -> None:
    root = build_parser()
    top = root.format_help()
    assert "Thin:" not in top and "exit codes:" in top and "examples:" in top
    top_level = {name for name, _p in _commands(root) if " " not in name}
    for name, parser in _commands(root):
        text = parser.format_help()
        if name in top_level:
            assert "exit codes:" in text and "example" in text, name
        for action in parser._actions:
            if action.option_strings and action.dest != "help" and not isinstance(action, argparse._SubParsersAction):
                assert action.help, f"samaritan {name} {action.option_strings[0]} has no help"


def test_shell_completion_script() -> None:
    done = _run("completion", "bash")
    assert done.returncode == 0 and "samaritan" in done.stdout and "complete" in done.stdout
