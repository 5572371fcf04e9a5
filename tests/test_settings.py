"""Settings: a file, the environment and flags, each overriding the one before; a bad value names
the setting and its source; `samaritan config show` says where each value came from; the README
documents every setting."""

from __future__ import annotations

import json
from pathlib import Path

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
    ],
)
def test_a_bad_value_names_the_setting_and_where_it_came_from(tmp_path, text, env, message) -> None:
    config = tmp_path / "samaritan.toml"
    config.write_text(text)
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


def test_the_readme_documents_every_setting() -> None:
    readme = (ROOT / "README.md").read_text()
    for name in Settings.model_fields:
        assert f"| `{name}` | `{env_name(name)}` |" in readme, name


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
