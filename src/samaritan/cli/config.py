"""`samaritan config show`: every setting, its value, and where the value came from."""

from __future__ import annotations

import json


def cmd_show(args) -> int:
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


def add_parsers(sub, _add_engine_options, _screener_from) -> None:
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
