"""`samaritan config show`: every setting, its value, and where the value came from."""

from __future__ import annotations

import json
import re

import click

from samaritan.cli.kit import PATH, SETTING_FLAGS, Args, apply_settings, command, group, opt

__all__ = ["SETTING_FLAGS", "add_commands", "apply_settings", "cmd_show"]


_URL_PASSWORD = re.compile(r"(://[^/@:]*:)[^/@]*@")


def _masked(values: dict[str, object]) -> dict[str, object]:
    """A database URL's password is never printed (the store's own messages hide it the same way);
    the signals key is already masked by its type."""
    url = values.get("database_url")
    if isinstance(url, str):
        values["database_url"] = _URL_PASSWORD.sub(r"\1***@", url)
    return values


def _misspelt_variables(names: list[str]) -> list[str]:
    """SAMARITAN_* variables that are no setting but look like one (SAMARITAN_PROT): a typo the
    settings would otherwise ignore in silence. Other SAMARITAN_* names (the secrets a reporter file
    names, the test suite's) are left alone."""
    import difflib
    import os

    known = {*names, "SAMARITAN_CONFIG"}
    notes = []
    for variable in sorted(v for v in os.environ if v.upper().startswith("SAMARITAN_") and v.upper() not in known):
        close = difflib.get_close_matches(variable.upper(), names, n=1, cutoff=0.85)
        if close:
            ignored = f"{variable} is not a setting and is ignored"
            notes.append(f"samaritan config: note: {ignored}; did you mean {close[0]}?")
    return notes


def cmd_show(args: Args) -> int:
    import sys

    from samaritan.settings import Settings, env_name, load_settings

    settings, sources = load_settings(args.config)
    values = _masked(settings.model_dump(mode="json"))
    for note in _misspelt_variables([env_name(name) for name in Settings.model_fields]):
        print(note, file=sys.stderr)
    if args.json:
        print(json.dumps({k: {"value": values[k], "source": sources[k], "env": env_name(k)} for k in values}, indent=1))
        return 0
    width = max(map(len, values))
    for key, value in values.items():
        shown = "(not set)" if value is None else value
        print(f"{key:<{width}}  {shown!s:<40}  {sources[key]}")
    return 0


def add_commands(cli: click.Group) -> None:
    @group(cli, "config", "show the settings in force and where each came from", examples=(
        "samaritan config show", "samaritan config show --json"),
        epilog="Settings come from defaults, a samaritan.toml (or --config FILE / SAMARITAN_CONFIG), SAMARITAN_*\n"
        "environment variables and flags, each overriding the one before.")  # fmt: skip
    def config() -> None:
        pass

    @command(config, "show", "every setting, its value and its source")
    @opt("--config", type=PATH, env="SAMARITAN_CONFIG",
         help="settings file (default ./samaritan.toml)")  # fmt: skip
    @opt("--json", is_flag=True, help="as JSON")
    def show(args: Args) -> int:
        return cmd_show(args)
