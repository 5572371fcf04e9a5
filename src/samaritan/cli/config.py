"""`samaritan config show`: every setting, its value, and where the value came from."""

from __future__ import annotations

import argparse
import json
from typing import Any

# Flags that mirror a setting (samaritan/settings.py): a flag left unset takes the setting's value,
# which comes from samaritan.toml, SAMARITAN_* variables or the default, in that order.
SETTING_FLAGS = {
    "data": "data_dir",
    "host": "host",
    "port": "port",
    "region": "region",
    "lexicon": "lexicon",
    "lexicon_extra": "lexicon_extra",
    "weights": "weights",
    "policy": "policy",
    "model": "model",
    "max_body": "max_body",
    "access_log": "access_log",
    "metrics": "metrics",
    "log_format": "log_format",
    "reporter": "reporter_config",
}


def apply_settings(args: argparse.Namespace) -> None:
    from samaritan.settings import load_settings

    given = {flag: getattr(args, flag) for flag in SETTING_FLAGS if getattr(args, flag, None) not in (None, False)}
    settings, sources = load_settings(getattr(args, "config", None), {SETTING_FLAGS[f]: v for f, v in given.items()})
    for flag, name in SETTING_FLAGS.items():
        if hasattr(args, flag) and flag not in given:
            value = getattr(settings, name)
            setattr(args, flag, str(value) if value is not None and not isinstance(value, int | bool | str) else value)
    args.settings = settings
    args.setting_sources = sources


def cmd_show(args: argparse.Namespace) -> int:
    from samaritan.settings import env_name, load_settings

    settings, sources = load_settings(args.config)
    values = settings.model_dump(mode="json")
    if args.json:
        print(json.dumps({k: {"value": values[k], "source": sources[k], "env": env_name(k)} for k in values}, indent=1))
        return 0
    width = max(map(len, values))
    for key, value in values.items():
        shown = "(not set)" if value is None else value
        print(f"{key:<{width}}  {shown!s:<40}  {sources[key]}")
    return 0


def add_parsers(sub: Any, _add_engine_options: Any, _screener_from: Any) -> None:
    p = sub.add_parser(
        "config",
        help="show the settings in force and where each came from",
        description="Settings come from defaults, a samaritan.toml (or --config FILE / SAMARITAN_CONFIG), "
        "SAMARITAN_* environment variables and flags, each overriding the one before.",
    )
    cmds = p.add_subparsers(dest="config_command", required=True)
    show = cmds.add_parser("show", help="every setting, its value and its source")
    show.add_argument("--config", help="settings file (default ./samaritan.toml, or $SAMARITAN_CONFIG)")
    show.add_argument("--json", action="store_true", help="as JSON")
    show.set_defaults(func=cmd_show)
