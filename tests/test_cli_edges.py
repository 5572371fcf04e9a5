"""The command as a new user and an operator meet it: a busy port, an unreachable database or a
missing file is one clear line and its own exit code (never a traceback, never after doing the
work); every command's help has an example, its exit codes and help for every option."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import click
import pytest

from samaritan.cli import exits
from samaritan.cli.main import build_cli, main
from samaritan.settings import Settings, env_name


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


def _commands(parent: click.Context):
    """(name, command, its help as printed) for every command and sub-command under `parent`."""
    for name, child in parent.command.commands.items():
        with click.Context(child, info_name=name, parent=parent, terminal_width=250, max_content_width=250) as ctx:
            yield ctx.command_path.removeprefix("samaritan "), child, child.get_help(ctx)
            if isinstance(child, click.Group):
                yield from _commands(ctx)


def _help(*words: str) -> str:
    done = _run(*words, "--help", env={"COLUMNS": "250"})
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_every_command_documents_itself() -> None:
    top = _help()
    assert "Thin:" not in top and "exit codes:" in top and "examples:" in top
    for name, command, text in _commands(click.Context(build_cli(), info_name="samaritan")):
        assert command.help, name
        assert "exit codes:" in text and "examples:\n  samaritan " in text, name  # every command and sub-command
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"samaritan {name} {param.opts[0]} has no help"
                setting = getattr(param, "setting", None)
                if setting:  # a flag that mirrors a setting names its variable and the setting's default
                    assert f"env var: {env_name(setting)}" in text, (name, param.opts)
                    default = Settings.model_fields[setting].default
                    if default not in (None, False):
                        assert f"default: {default}" in text, (name, param.opts)


def test_help_shows_defaults_and_variables_as_a_user_reads_them() -> None:
    serve = " ".join(_help("serve").split())
    assert "--port INTEGER port to listen on [env var: SAMARITAN_PORT; default: 8470]" in serve
    assert "--work-budget FLOAT" in serve and "[default: 5.0]" in serve
    assert "samaritan serve --data ./samaritan-data --port 8470" in serve and "6 the host and port" in serve
    keys = " ".join(_help("keys", "create").split())
    assert "[default: screen,read,review]" in keys and "SAMARITAN_DATA_DIR" in keys


def test_a_usage_error_is_one_line_and_exit_2(tmp_path: Path) -> None:
    for words, says in (
        (("screen",), "Missing argument 'INPUT'"),
        (("screen", "ads.jsonl", "--workers", "many"), "'many' is not a valid integer"),
        (("generate", "-o", str(tmp_path / "a.jsonl")), "Missing option '-n'"),
        (("screen", "-", "--format", "xml"), "'xml' is not one of"),
        (("frobnicate",), "No such command 'frobnicate'"),
        (("report", "case", "--ad", "p/1", "--network", "n", "--key", "k", "-o", "o"), "cannot be given together"),
        (("report", "case", "--key", "k", "-o", "o"), "one of --ad or --network is required"),
    ):
        done = _run(*words)
        assert done.returncode == exits.USAGE, (words, done.stderr)
        line = _one_clear_line(done)
        assert says in line and line.startswith("samaritan") and "--help" in line, line


def test_version_and_help_exit_0(capsys) -> None:
    from samaritan import __version__
    from samaritan.compiled import engine_kind

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"samaritan {__version__} ({engine_kind()})"
    assert main(["keys", "--help"]) == 0 and "create" in capsys.readouterr().out
    assert main([]) == exits.USAGE and "Commands:" in capsys.readouterr().err


def test_group_options_reach_their_commands(tmp_path: Path, capsys) -> None:
    """`keys --data X create` and `keys create --data X` are the same store, as they always were; and
    an unambiguous prefix of a long option still works (`--plat` for `--platform`)."""
    data = str(tmp_path / "data")
    assert main(["keys", "--da", data, "create", "--plat", "a", "--scopes=read"]) == 0
    assert main(["keys", "list", "--data", data]) == 0
    assert "  a  read  " in capsys.readouterr().out
    assert main(["screen", "-", "--out", "x.jsonl"]) == exits.USAGE  # --output or --output-format?


def test_shell_completion_script() -> None:
    done = _run("completion", "bash")
    assert done.returncode == 0 and "samaritan" in done.stdout and "complete" in done.stdout
    assert _run("completion", "tcsh").stdout.startswith("complete samaritan ")
    assert done.stdout.strip() == _run(env={"_SAMARITAN_COMPLETE": "bash_source"}).stdout.strip()  # Click's own


def test_completion_completes_commands_options_and_choices() -> None:
    def complete(line: str) -> list[str]:
        words = line.split(" ")
        env = {"_SAMARITAN_COMPLETE": "bash_complete", "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
        done = _run(env=env)
        assert done.returncode == 0, done.stderr
        return [row.split(",", 1)[1] for row in done.stdout.splitlines()]

    assert {"screen", "serve", "signals"} <= set(complete("samaritan s")) and "link" not in complete("samaritan s")
    assert "--output-format" in complete("samaritan screen --out")
    assert complete("samaritan screen - --format p") == ["parquet"]
    tcsh = _run(env={"_SAMARITAN_COMPLETE": "tcsh_complete", "COMMAND_LINE": "samaritan keys "})
    assert set(tcsh.stdout.split()) >= {"create", "list", "revoke"}


def test_completion_loads_neither_the_engine_nor_the_store() -> None:
    """The shell runs the command at every TAB: answering must not load the engine, the settings
    model or the database layer (seconds each on a busy machine)."""
    code = (
        "import os, sys; os.environ.update(_SAMARITAN_COMPLETE='bash_complete', COMP_WORDS='samaritan keys c', "
        "COMP_CWORD='2'); from samaritan.cli.main import main\n"
        "try: main()\nexcept SystemExit: pass\n"
        "heavy = ('samaritan.engine.screener', 'samaritan.settings', 'sqlalchemy', 'samaritan.evidence', 'fastapi')\n"
        "print(','.join(m for m in heavy if m in sys.modules), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "plain,create" and done.stderr.strip() == "", done.stderr


def test_signals_use_the_configured_database_not_a_local_file(tmp_path: Path) -> None:
    # With a database URL the shared signals go to and come from that database, like every other
    # store command: unreachable is exit 7, and no SQLite file appears in the data directory.
    env = {"SAMARITAN_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
           "SAMARITAN_SIGNALS_KEY": "shared-key-0123456789abcdef"}  # fmt: skip
    done = _run("signals", "--data", str(tmp_path / "data"), "export", "-o", str(tmp_path / "out.jsonl"),
                "--source", "site-a", env=env)  # fmt: skip
    assert done.returncode == exits.DATABASE_UNREACHABLE, done.stderr
    assert "cannot open the database" in _one_clear_line(done)
    assert not (tmp_path / "data").exists() and not (tmp_path / "out.jsonl").exists()


def test_webhook_exemptions_come_from_the_settings_file(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    args = ["webhooks", "set", "--platform", "site-a", "--url", "http://127.0.0.1:9/hook", "--data", str(tmp_path)]
    assert main(args) == exits.USAGE
    assert "webhook URL refused" in capsys.readouterr().err
    (tmp_path / "samaritan.toml").write_text('webhook_allow_http = true\nwebhook_allow_hosts = ["127.0.0.1"]\n')
    assert main(args) == 0
    assert len(capsys.readouterr().out.strip()) >= 32  # the signing secret, shown once


def test_an_unknown_network_extension_names_every_choice_before_any_work(tmp_path: Path, capsys) -> None:
    ads, links = tmp_path / "ads.jsonl", tmp_path / "links.jsonl"
    assert main(["generate", "-n", "5", "-o", str(ads), "--truth", str(tmp_path / "truth.jsonl")]) == 0
    capsys.readouterr()
    assert main(["link", str(ads), "-o", str(links), "--networks", str(tmp_path / "nets.xlsx")]) == exits.FAILED
    error = capsys.readouterr().err
    assert all(choice in error for choice in (".jsonl,", ".jsonl.gz", ".graphml", ".gexf", ".csv")), error
    assert not links.exists()


@pytest.mark.parametrize("where", ["flag", "env"])
def test_a_missing_rule_or_weights_file_is_a_missing_input(where, tmp_path: Path, monkeypatch, capsys) -> None:
    ads, out = tmp_path / "ads.jsonl", tmp_path / "verdicts.jsonl"
    ads.write_text('{"id": "a1", "platform": "site-a", "body": "Piano tuning, call 415-555-0136."}\n')
    missing = tmp_path / "site-words.yaml"
    args = ["screen", str(ads), "-o", str(out)]
    if where == "flag":
        args += ["--weights", str(missing)]
    else:
        monkeypatch.setenv("SAMARITAN_LEXICON_EXTRA", str(missing))
    assert main(args) == exits.NOT_FOUND
    (line,) = capsys.readouterr().err.strip().splitlines()
    named = "weights" if where == "flag" else "lexicon_extra"
    source = "flag" if where == "flag" else "env SAMARITAN_LEXICON_EXTRA"
    assert line == f"samaritan screen: error: {named} not found: {missing} (from {source})"
    assert not out.exists()


def test_every_command_takes_the_settings_file_with_config(busy_port, tmp_path: Path, capsys) -> None:
    # The README's `--config FILE` works on the commands an operator runs, not only `config show`.
    config = tmp_path / "site.toml"
    config.write_text(f'[samaritan]\nport = {busy_port}\ndata_dir = "{tmp_path / "data"}"\n')
    assert main(["serve", "--config", str(config)]) == exits.PORT_IN_USE
    assert f"127.0.0.1:{busy_port} is already in use" in capsys.readouterr().err
    assert main(["keys", "--config", str(config), "create", "--platform", "site-a"]) == 0
    assert (tmp_path / "data").is_dir()
    assert main(["serve", "--config", str(tmp_path / "nope.toml")]) == exits.FAILED
    assert "cannot read the settings file" in capsys.readouterr().err
