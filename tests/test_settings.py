"""Settings: a file, the environment and flags, each overriding the one before; a bad value names
the setting and its source; `samaritan config show` says where each value came from; the README
documents every setting."""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path
from types import SimpleNamespace

import pytest

from samaritan.cli.main import main
from samaritan.settings import Settings, SettingsError, env_name, load_settings

ROOT = Path(__file__).resolve().parent.parent


def test_file_then_environment_then_flags(tmp_path: Path) -> None:
    config = tmp_path / "samaritan.toml"
    config.write_text('[samaritan]\nport = 9001\nregion = "gb"\nhost = "127.0.0.2"\n')
    settings, sources = load_settings(config, {"host": "127.0.0.3"}, environ={"SAMARITAN_PORT": "9002"})
    assert (settings.port, settings.region, settings.host) == (9002, "GB", "127.0.0.3")
    assert sources["port"] == "env SAMARITAN_PORT" and sources["region"] == str(config)
    assert sources["host"] == "flag" and sources["data_dir"] == "default"


@pytest.mark.parametrize(
    ("text", "env", "message"),
    [
        ("port = 70000\n", {}, "setting port"),
        ('reigon = "US"\n', {}, "unknown setting 'reigon'"),
        ("", {"SAMARITAN_REGION": "ZZ"}, "setting region (from env SAMARITAN_REGION): Value error, unknown region"),
        ("", {"SAMARITAN_SQLITE_SYNC": "OFF; DROP TABLE ads"}, "setting sqlite_sync"),
        ("port = [", {}, "not valid TOML"),
        ("", {"SAMARITAN_WEBHOOK_ALLOW_HTTP": "maybe"}, "setting webhook_allow_http (from env SAMARITAN_WEBHOOK_"),
        ("[samaritan]\nport = 9000\n[other]\nx = 1\n", {"SAMARITAN_MAX_BODY": "12"}, "setting max_body (from env"),
        ('checkpoint_minutes = "soon"\n', {}, "setting checkpoint_minutes (from {config})"),
    ],
)
def test_a_bad_value_names_the_setting_and_where_it_came_from(tmp_path, text, env, message) -> None:
    config = tmp_path / "samaritan.toml"
    config.write_text(text)
    message = message.format(config=config)
    with pytest.raises(SettingsError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_settings(config, environ=env)


def test_config_show_lists_every_setting_with_its_source(tmp_path, monkeypatch, capsys) -> None:
    (tmp_path / "samaritan.toml").write_text("metrics = true\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SAMARITAN_PORT", "9100")
    assert main(["config", "show", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert set(shown) == set(Settings.model_fields)
    assert shown["metrics"] == {"value": True, "source": str(tmp_path / "samaritan.toml"), "env": "SAMARITAN_METRICS"}
    assert shown["port"]["source"] == "env SAMARITAN_PORT" and shown["port"]["value"] == 9100
    monkeypatch.setenv("SAMARITAN_PORT", "many")
    assert main(["config", "show"]) == 1


def _readme_table() -> dict[str, tuple[str, str]]:
    """The README's settings table: setting -> (environment variable, default), as printed."""
    text = (ROOT / "README.md").read_text()
    table = text.split("| setting | environment | default | what |\n|---|---|---|---|\n", 1)[1].split("\n\n", 1)[0]
    rows = [line.split(" | ") for line in table.splitlines()]
    return {row[0].strip("| `"): (row[1].strip("`"), row[2].strip("`")) for row in rows}


def test_the_readme_table_is_the_model() -> None:
    # Every setting once, no stale row, each with its variable and its real default.
    table = _readme_table()
    assert list(table) == list(Settings.model_fields)
    for name, info in Settings.model_fields.items():
        default = "(none)" if info.default in (None, ()) else str(info.default)
        assert table[name] == (env_name(name), default), name


def test_with_a_database_url_serve_writes_no_snapshot_into_the_default_data_dir(monkeypatch) -> None:
    import argparse

    from samaritan.cli.config import apply_settings
    from samaritan.cli.service import _data_named

    def args(data: str | None) -> argparse.Namespace:
        names = ("host", "port", "region", "lexicon", "weights", "policy", "model", "max_body", "reporter", "config")
        namespace = argparse.Namespace(data=data, access_log=False, **dict.fromkeys(names))
        apply_settings(namespace)
        return namespace

    assert _data_named(args(None))  # SQLite: the data directory is the store
    monkeypatch.setenv("SAMARITAN_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    assert not _data_named(args(None))  # the default directory is not the operator's choice
    assert _data_named(args("/tmp/snapshots"))


def test_yaml_under_a_samaritan_section_with_lists_from_file_and_variable(tmp_path: Path) -> None:
    config = tmp_path / "settings.yaml"
    config.write_text("samaritan:\n  port: 9003\n  webhook_allow_hosts: [hooks.example.test]\n  metrics: true\n")
    settings, sources = load_settings(config, environ={"SAMARITAN_CONFIG": "ignored.toml"})
    assert (settings.port, settings.webhook_allow_hosts, settings.metrics) == (9003, ("hooks.example.test",), True)
    assert sources["webhook_allow_hosts"] == str(config)
    environ = {"SAMARITAN_CONFIG": str(config), "SAMARITAN_WEBHOOK_ALLOW_HOSTS": "a.example.test, b.example.test"}
    settings, sources = load_settings(None, {"port": 9004}, environ=environ)
    assert settings.webhook_allow_hosts == ("a.example.test", "b.example.test")
    assert sources["webhook_allow_hosts"] == "env SAMARITAN_WEBHOOK_ALLOW_HOSTS"
    assert (settings.port, sources["port"], sources["metrics"]) == (9004, "flag", str(config))


def test_a_named_settings_file_that_is_missing_or_a_bad_flag_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match=r"cannot read the settings file .*nope\.toml"):
        load_settings(tmp_path / "nope.toml", environ={})
    with pytest.raises(SettingsError, match=r"setting port \(from flag\)"):
        load_settings(None, {"port": 0}, environ={"SAMARITAN_PORT": "9000"})
    with pytest.raises(SettingsError, match=r"\[samaritan\] must be a table"):
        (tmp_path / "s.toml").write_text("samaritan = 3\n")
        load_settings(tmp_path / "s.toml", environ={})


def test_config_show_masks_the_signals_key(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SAMARITAN_SIGNALS_KEY", "shared-key-0123456789abcdef")
    assert main(["config", "show", "--json"]) == 0
    out = capsys.readouterr().out
    assert "0123456789abcdef" not in out
    assert json.loads(out)["signals_key"]["source"] == "env SAMARITAN_SIGNALS_KEY"
    assert main(["config", "show"]) == 0
    assert "0123456789abcdef" not in capsys.readouterr().out


def test_no_module_reads_a_samaritan_variable_but_the_settings() -> None:
    # One settings object: a SAMARITAN_* value read anywhere else would escape `config show`,
    # validation and the settings file.
    pattern = re.compile(r"""(environ\.get|environ\[|getenv)\(?\s*["']SAMARITAN_""")
    readers = sorted(
        str(path.relative_to(ROOT / "src"))
        for path in (ROOT / "src" / "samaritan").rglob("*.py")
        if pattern.search(path.read_text("utf-8"))
    )
    assert readers == [], readers


@pytest.mark.parametrize("where", ["flag", "env", "file", "default"])
def test_with_a_database_url_serve_keeps_its_local_files_in_the_data_dir(where, tmp_path, monkeypatch) -> None:
    # The link index snapshot and the report drafts go to the data directory the operator named,
    # however it was named; with none named, no snapshot (the index is rebuilt from the database).
    import samaritan.service.server as server

    work, local = tmp_path / "work", tmp_path / "local"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("SAMARITAN_DATABASE_URL", f"sqlite:///{tmp_path / 'shared.db'}")
    args = ["serve", "--workers", "0", "--port", str(_free_port())]
    if where == "flag":
        args += ["--data", str(local)]
    elif where == "env":
        monkeypatch.setenv("SAMARITAN_DATA_DIR", str(local))
    elif where == "file":
        (work / "samaritan.toml").write_text(f'[samaritan]\ndata_dir = "{local}"\n')
    seen = {}

    def served(parts, host, port, access_log=False, settings=None, on_app=None) -> None:
        store, _screener = parts()  # `serve` builds these after it listens
        app = SimpleNamespace(state=SimpleNamespace(console=SimpleNamespace(), service=SimpleNamespace(store=store)))
        on_app(app)
        seen.update(snapshot_dir=settings.data_dir, reports=app.state.console.desk.dir, store=store.db.url)
        store.close()

    monkeypatch.setattr(server, "serve", served)
    assert main(args) == 0
    assert "shared.db" in str(seen["store"])
    if where == "default":
        assert seen["snapshot_dir"] is None and not (work / "samaritan-data").exists()
    else:
        assert seen["snapshot_dir"] == local and seen["reports"] == local / "reports"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_config_show_hides_the_database_password(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SAMARITAN_DATABASE_URL", "postgresql://alice:pw-4f1c@db.example.test:5432/samaritan")
    assert main(["config", "show", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)["database_url"]["value"]
    assert shown == "postgresql://alice:***@db.example.test:5432/samaritan"
    assert main(["config", "show"]) == 0
    assert "pw-4f1c" not in capsys.readouterr().out


def test_config_show_points_out_a_misspelt_variable(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SAMARITAN_PROT", "9000")
    monkeypatch.setenv("SAMARITAN_NCMEC_USERNAME", "named-by-the-reporter-file")
    assert main(["config", "show"]) == 0
    err = capsys.readouterr().err
    assert "SAMARITAN_PROT is not a setting and is ignored; did you mean SAMARITAN_PORT?" in err
    assert "NCMEC" not in err


def test_an_empty_variable_is_unset() -> None:
    # Shells clear a variable as `NAME=`; it must fall back to the default, not name a path "".
    settings, sources = load_settings(environ={"SAMARITAN_MODEL": "", "SAMARITAN_PORT": ""})
    assert settings.model is None and sources["model"] == "default"
    assert sources["port"] == "default"
