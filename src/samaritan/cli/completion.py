"""`samaritan completion SHELL`: the shell completion script. It is Click's own completion
(the same as `_SAMARITAN_COMPLETE=bash_source samaritan`), so it completes every command, option
and choice from the command itself; tcsh, which Click does not ship, calls back the same way."""

from __future__ import annotations

import os

import click
from click.shell_completion import CompletionItem, ShellComplete, add_completion_class, split_arg_string

from samaritan.cli.kit import Args, arg, choice, command

SHELLS = ("bash", "zsh", "fish", "tcsh")


@add_completion_class
class TcshComplete(ShellComplete):
    """tcsh runs the backquoted command for every word and sets COMMAND_LINE to the line so far."""

    name = "tcsh"
    source_template = "complete %(prog_name)s 'p@*@`env %(complete_var)s=tcsh_complete %(prog_name)s`@'"

    def get_completion_args(self) -> tuple[list[str], str]:
        line = os.environ.get("COMMAND_LINE", "")
        words = split_arg_string(line)[1:]
        if line.endswith(" ") or not words:
            return words, ""
        return words[:-1], words[-1]

    def format_completion(self, item: CompletionItem) -> str:
        return str(item.value)


def cmd_completion(args: Args) -> int:
    from click.shell_completion import get_completion_class

    root = click.get_current_context().find_root().command
    shell_class = get_completion_class(args.shell)
    assert shell_class is not None  # the choice allows only registered shells
    print(shell_class(root, {}, "samaritan", "_SAMARITAN_COMPLETE").source())
    return 0


def add_commands(cli: click.Group) -> None:
    @command(cli, "completion", "print a shell completion script", examples=(
        "samaritan completion bash > /etc/bash_completion.d/samaritan",
        'eval "$(_SAMARITAN_COMPLETE=zsh_source samaritan)"   # the same, without the command'),
        arguments={"SHELL": "bash, zsh, fish or tcsh"})  # fmt: skip
    @arg("shell", type=choice(*SHELLS), metavar="SHELL")
    def completion(args: Args) -> int:
        return cmd_completion(args)
