"""What every command group shares (Click): the command and group classes that print examples and
exit codes as written, options whose help shows their default and environment variable, the engine
options, and `run`, which turns a command line into the settings-filled namespace a command reads.

Flags that mirror a setting (samaritan/settings.py) default to None here: a flag left unset takes
the setting's value, which comes from samaritan.toml, SAMARITAN_* variables or the default, in that
order. Click never reads those variables itself, so `config show` can name each value's source and
a bad value is the settings' one-line error, not a usage error."""

from __future__ import annotations

import functools
import gc
import logging
import sys
from collections.abc import Callable, Iterable
from types import SimpleNamespace
from typing import Any

import click
from click.shell_completion import CompletionItem

from samaritan.cli import exits

Args = SimpleNamespace  # what a command function reads: one attribute per option and argument

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
    "tracing": "tracing",
    "reporter": "reporter_config",
}
CONTEXT = {"help_option_names": ["-h", "--help"], "show_default": True, "max_content_width": 110}


class Invoked:
    """The top-level command being run, for error lines ("samaritan keys: error: ...")."""

    name = ""


def apply_settings(args: Any) -> None:
    from samaritan.settings import load_settings

    given = {flag: getattr(args, flag) for flag in SETTING_FLAGS if getattr(args, flag, None) not in (None, False)}
    settings, sources = load_settings(getattr(args, "config", None), {SETTING_FLAGS[f]: v for f, v in given.items()})
    for flag, name in SETTING_FLAGS.items():
        if hasattr(args, flag) and flag not in given:
            value = getattr(settings, name)
            setattr(args, flag, str(value) if value is not None and not isinstance(value, int | bool | str) else value)
    args.settings = settings
    args.setting_sources = sources


def _write_block(formatter: click.HelpFormatter, text: str) -> None:
    """Examples and the exit-code table as written (Click would re-flow them into one paragraph)."""
    for block in text.strip("\n").split("\n\n"):
        formatter.write_paragraph()
        for line in block.splitlines():
            formatter.write(("" if line.startswith(" ") or line.endswith(":") else "  ") + line + "\n")


class Command(click.Command):
    """A command whose help ends with its examples and the exit codes."""

    def __init__(
        self,
        *args: Any,
        examples: Iterable[str] = (),
        arguments: dict[str, str] | None = None,
        exit_codes: bool = True,
        **kwargs: Any,
    ):
        kwargs.setdefault("context_settings", CONTEXT)
        super().__init__(*args, **kwargs)
        self.examples = tuple(examples)
        self.arguments = arguments or {}
        self.exit_codes = exit_codes

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, expand_prefixes(self, ctx, args))

    def _group_examples(self, ctx: click.Context) -> tuple[str, ...]:
        """A group's command without examples of its own shows the group's examples of it."""
        if ctx.parent is None or not isinstance(ctx.parent.command, Command):
            return ()
        start = ctx.parent.command_path + " "
        return tuple(e for e in ctx.parent.command.examples if e.startswith(start) and f" {self.name}" in e)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if self.arguments:  # Click gives arguments no help of their own
            with formatter.section("Arguments"):
                formatter.write_dl(list(self.arguments.items()))
        super().format_options(ctx, formatter)

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        examples = self.examples or self._group_examples(ctx)
        if examples:
            _write_block(formatter, "examples:\n" + "\n".join(f"  {line}" for line in examples))
        if self.epilog:
            _write_block(formatter, self.epilog)
        if self.exit_codes:
            _write_block(formatter, exits.epilog())


def expand_prefixes(command: click.Command, ctx: click.Context, args: list[str]) -> list[str]:
    """`--out` for `--output`, as the command accepted before it ran on Click (argparse took any
    unambiguous prefix of a long option); an ambiguous or unknown prefix is left for Click to refuse.
    A group expands its own options only, up to its sub-command's name."""
    longs = [o for p in command.get_params(ctx) if isinstance(p, click.Option) for o in (*p.opts, *p.secondary_opts)
             if o.startswith("--")]  # fmt: skip
    subcommands = getattr(command, "commands", {})
    out = list(args)
    for i, token in enumerate(out):
        if token == "--" or token in subcommands:
            break
        name, eq, value = token.partition("=")
        if name.startswith("--") and name not in longs:
            matches = [o for o in longs if o.startswith(name)]
            if len(matches) == 1:
                out[i] = matches[0] + eq + value
    return out


class Group(click.Group, Command):
    command_class = Command
    group_class = type  # sub-groups are Groups too

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("context_settings", CONTEXT)
        super().__init__(*args, **kwargs)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return click.Group.parse_args(self, ctx, expand_prefixes(self, ctx, args))

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        Command.format_epilog(self, ctx, formatter)


class Option(click.Option):
    """An option whose help names its environment variable (a setting's SAMARITAN_* name, or one the
    command reads itself) and its default: the setting's default when the flag mirrors a setting."""

    def __init__(self, *decls: Any, setting: str | None = None, env: str | None = None, **kwargs: Any):
        super().__init__(*decls, **kwargs)
        self.setting = setting
        if setting and env is None:
            env = "SAMARITAN_" + setting.upper()  # settings.env_name, without loading pydantic at every TAB
        self.shown_env = env

    def get_help_extra(self, ctx: click.Context) -> Any:
        extra = super().get_help_extra(ctx)
        if self.shown_env:
            extra["envvars"] = (self.shown_env,)
        if self.setting and "default" not in extra:
            from samaritan.settings import Settings

            default = Settings.model_fields[self.setting].default
            if default is not None and default is not False:
                extra["default"] = str(default)
        return extra


class PathType(click.ParamType):  # type: ignore[type-arg]
    """A file or directory name, kept as given (the command checks it, for its own exit code); the
    shell completes it as a file name."""

    name = "path"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        return value

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
        return [CompletionItem(incomplete, type="file")]


PATH = PathType()


def opt(*decls: str, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    kwargs.setdefault("cls", Option)
    return click.option(*decls, **kwargs)


def arg(*decls: str, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.argument(*decls, **kwargs)


def choice(*values: str) -> click.Choice:  # type: ignore[type-arg]
    return click.Choice(values)


def data_option(func: Callable[..., Any] | None = None, *, note: str = "") -> Any:
    decorator = opt("--data", type=PATH, setting="data_dir", help="data directory (embedded SQLite, evidence)" + note)
    return decorator(func) if func is not None else decorator


def engine_options(func: Callable[..., Any]) -> Callable[..., Any]:
    for decorator in reversed((
        opt("--lexicon", type=PATH, setting="lexicon", help="directory of rule files (default: the packaged lexicon)"),
        opt("--lexicon-extra", type=PATH, setting="lexicon_extra",
            help="one rule file added on top of the lexicon: new codes, or same codes replaced"),
        opt("--weights", type=PATH, setting="weights", help="scoring weights YAML (default: packaged weights.yaml)"),
        opt("--policy", type=PATH, setting="policy", help="decision policy YAML (default: packaged policy.yaml)"),
        opt("--model", setting="model",
            help='learned model: a directory, "default" for the packaged model (the default), "none" for rules only'),
        opt("--region", setting="region", help="default phone region, ISO 3166 code"),
    )):  # fmt: skip
        func = decorator(func)
    return func


def engine_dict(args: Any) -> dict[str, Any]:
    """The engine's files from the command's flags, already filled from the settings (`run`); a
    command without a --model flag still takes the `model` setting."""
    settings = getattr(args, "settings", None)
    model = getattr(args, "model", None) or (settings.model if settings is not None else None)
    return {
        "lexicon": args.lexicon,
        "lexicon_extra": getattr(args, "lexicon_extra", None),
        "weights": args.weights,
        "policy": args.policy,
        "region": args.region,
        "model": str(model) if model is not None else None,
    }


def check_engine_files(engine: dict[str, Any], sources: dict[str, str]) -> None:
    """A rule, weights, policy or model path that does not exist is a missing input (exit 5),
    named with the setting and where its value came from, before any work."""
    from pathlib import Path

    for name in ("lexicon", "lexicon_extra", "weights", "policy", "model"):
        value = engine.get(name)
        if value is None or (name == "model" and str(value) in ("default", "none")):
            continue
        if not Path(value).exists():
            raise exits.CliFailure(f"{name} not found: {value} (from {sources.get(name, 'flag')})", exits.NOT_FOUND)


def screener_from(args: Any, **extra: Any) -> Any:
    from samaritan.engine.screener import Screener

    engine = engine_dict(args)
    check_engine_files(engine, getattr(args, "setting_sources", {}))
    screener = Screener(**engine, **extra)
    # The engine (rules, automata, the model: ~120k objects) lives as long as the command: moved
    # out of the collector's reach, a full collection no longer walks it, and workers forked from
    # this process no longer copy its pages by touching them (Python's gc.freeze advice; the
    # service's workers do the same). Beside the runner's raised threshold (runs/batch.py) it is
    # worth ~1% of a run's CPU here (6,000 generated ads: 285 -> 282 us an ad).
    gc.freeze()
    return screener


def namespace(ctx: click.Context) -> Args:
    """The parameters of the command and of every group above it; an option given on the command
    wins over the same option given on its group (`keys --data X create` and `keys create --data X`)."""
    chain = []
    while ctx is not None:
        chain.append(ctx)
        ctx = ctx.parent  # type: ignore[assignment]
    values: dict[str, Any] = {}
    for level in reversed(chain):
        for key, value in level.params.items():
            if value is not None or key not in values:
                values[key] = value
    return Args(**values)


def run(func: Callable[[Args], int | None]) -> int:
    ctx = click.get_current_context()
    chain = [ctx]
    while chain[-1].parent is not None:
        chain.append(chain[-1].parent)
    Invoked.name = chain[-2].info_name or "" if len(chain) > 1 else ""
    args = namespace(ctx)
    args.command = Invoked.name
    verbose = int(chain[-1].params.get("verbose") or 0)
    logging.basicConfig(level=logging.WARNING - 10 * min(verbose, 2), format="%(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr)  # fmt: skip
    apply_settings(args)
    return int(func(args) or 0)


def _with_config(callback: Callable[..., Any]) -> Callable[..., Any]:
    """Every command and group takes --config FILE (the settings file), unless it declares its own."""
    if any(p.name == "config" for p in getattr(callback, "__click_params__", ())):
        return callback
    config = Option(["--config"], type=PATH, env="SAMARITAN_CONFIG", metavar="FILE",
                    help="settings file, TOML or YAML (default: ./samaritan.toml or .yaml, if present)")  # fmt: skip
    # Click lists the decorators' parameters in reverse: first in this list is last in the help.
    callback.__click_params__ = [config, *getattr(callback, "__click_params__", ())]  # type: ignore[attr-defined]
    return callback


def command(
    group: click.Group,
    name: str,
    help: str,
    examples: Iterable[str] = (),
    check: Callable[[dict[str, Any]], None] | None = None,
    **kwargs: Any,
) -> Callable[[Callable[[Args], int | None]], click.Command]:
    """Register `func(args) -> exit code` as `samaritan GROUP NAME`; the options are its decorators.
    `check(params)` may raise click.UsageError for what one option cannot check alone."""

    def decorate(func: Callable[[Args], int | None]) -> click.Command:
        @functools.wraps(func)
        def callback(**params: Any) -> int:
            if check is not None:
                check(params)
            return run(func)

        return group.command(name, help=help, short_help=help, examples=examples, **kwargs)(_with_config(callback))

    return decorate


def group(
    parent: click.Group, name: str, help: str, examples: Iterable[str] = (), **kwargs: Any
) -> Callable[[Callable[..., Any]], click.Group]:
    """A command group (`samaritan keys …`); its options are shared by its commands."""

    def decorate(func: Callable[..., Any]) -> click.Group:
        @functools.wraps(func)
        def callback(**_params: Any) -> None:
            return None

        return parent.group(name, help=help, short_help=help, examples=examples, **kwargs)(_with_config(callback))

    return decorate
