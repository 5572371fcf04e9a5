"""Help text for every command: a readable description, examples, exit codes, and each option's
default and environment variable."""

from __future__ import annotations

import argparse
from typing import Any

from samaritan.cli import exits
from samaritan.cli.config import SETTING_FLAGS

DESCRIPTION = """Screen classified, marketplace and dating ads for sex-trafficking and child-exploitation
indicators, link them into networks, keep the evidence and report it."""
EXAMPLES = """examples:
  samaritan demo                                   a synthetic site, screened and explained
  samaritan screen ads.jsonl -o verdicts.csv       verdicts for a file of ads
  samaritan link ads.jsonl -o links.jsonl --networks networks.graphml
  samaritan serve                                  the API and console on http://127.0.0.1:8470
  samaritan config show                            the settings in force and where each came from
  samaritan COMMAND --help                         each command's options, example and exit codes

"""


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Examples kept as written; each option's help ends with its default and, where the option
    mirrors a setting, the environment variable that sets it."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        name = SETTING_FLAGS.get(action.dest)
        if name and action.option_strings and "SAMARITAN_" not in text:
            from samaritan.settings import env_name

            text += f" [env {env_name(name)}]"
        default = action.default
        if action.option_strings and default not in (None, False, argparse.SUPPRESS) and "default" not in text:
            text += " (default: %(default)s)"
        return text


def help_formatter(prog: str) -> argparse.HelpFormatter:
    return _HelpFormatter(prog, max_help_position=32)


# Examples for command groups whose modules do not carry their own epilog.
COMMAND_EXAMPLES = {
    "serve": ["samaritan serve --data ./samaritan-data --port 8470",
              "SAMARITAN_DATABASE_URL=postgresql://user@db/samaritan samaritan serve --host 0.0.0.0"],
    "keys": ["samaritan keys create --platform my-site --scopes screen,read", "samaritan keys list",
             "samaritan keys revoke KEY_ID"],
    "audit": ["samaritan audit verify", "samaritan audit verify --json"],
    "purge": ["samaritan purge", "samaritan purge --now 2027-12-31T00:00:00Z   # what would go by then"],
    "rescreen": ["samaritan rescreen --platform my-site", "samaritan rescreen --force"],
    "webhooks": ["samaritan webhooks set --platform my-site --url https://my-site.example/hooks",
                 "samaritan webhooks status --platform my-site"],
    "report": ["samaritan report cybertipline --ad my-site/123 --reporter reporter.yaml -o report.xml",
               "samaritan report case --network net-8df30a5fae42 --platform my-site --key platform.key -o case.zip",
               "samaritan report verify case.zip"],
    "requests": ["samaritan requests add --platform my-site --agency 'County Sheriff' --case-number 26-1 "
                 "--process subpoena --deadline 2026-12-31 --phones +17025550124",
                 "samaritan requests list", "samaritan requests produce 1 --key platform.key -o case.zip"],
    "config": ["samaritan config show", "samaritan config show --json"],
}  # fmt: skip


def _add_completion(sub: Any, root: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "completion",
        help="print a shell completion script",
        epilog="example:\n  samaritan completion bash > /etc/bash_completion.d/samaritan",
    )
    p.add_argument("shell", choices=["bash", "zsh", "tcsh"])

    def run(args: argparse.Namespace) -> int:
        import shtab

        print(shtab.complete(root, shell=args.shell))
        return 0

    p.set_defaults(func=run)


def finish(sub: Any, root: argparse.ArgumentParser) -> None:
    """Give every command the shared formatter, an example and the exit codes."""
    _add_completion(sub, root)
    for name, command in sub.choices.items():
        command.formatter_class = help_formatter
        epilog = command.epilog or ""
        if "example" not in epilog and name in COMMAND_EXAMPLES:
            epilog = "examples:\n" + "\n".join(f"  {line}" for line in COMMAND_EXAMPLES[name])
        command.epilog = (epilog + "\n\n" if epilog else "") + exits.epilog()
