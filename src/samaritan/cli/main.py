"""The `samaritan` command (contract §3): parse arguments (Click), call a run, map failures to the
exit codes in cli/exits.py."""

from __future__ import annotations

import importlib
import os
import sys

import click
import orjson

from samaritan import __version__
from samaritan.cli import exits, helptext
from samaritan.cli.exits import CliFailure
from samaritan.cli.kit import PATH, Args, Invoked, arg, choice, command, engine_dict, engine_options, opt, screener_from
from samaritan.compiled import engine_kind

# Command groups beyond the runs defined here: each module has add_commands(cli), which adds its
# commands to the root group. One line per group.
GROUPS = (
    "samaritan.cli.demo",
    "samaritan.cli.service",
    "samaritan.cli.report",
    "samaritan.cli.config",
    "samaritan.cli.users",
    "samaritan.cli.train",
    "samaritan.cli.banks",
    "samaritan.cli.signals",
    "samaritan.cli.completion",
)
FORMATS = choice("jsonl", "csv", "parquet")


class CliError(CliFailure):
    """A failure the user can fix; printed without a traceback (exit 1 unless a code is given)."""


_engine_options = engine_dict  # the names the runs below have always used
_screener_from = screener_from


def cmd_screen(args: Args) -> int:
    from samaritan.io.readers import count_records, read_ads
    from samaritan.io.sinks import open_sink, output_format
    from samaritan.io.writers import completed_lines
    from samaritan.runs.batch import Summary, progress, screen_records

    chosen = output_format(args.output, args.output_format)  # a bad extension fails before any work
    if args.resume and chosen != "jsonl":
        raise CliError("--resume continues JSON Lines output only")
    screener = _screener_from(args)  # also validates the configuration before any work starts
    on_dask = bool(args.scheduler or args.dask_workers)
    try:
        # On Dask the workers read partitions of INPUT (a file or a directory) themselves.
        records = None if on_dask else read_ads(args.input, args.format)
    except FileNotFoundError as exc:
        raise CliError(str(exc), exits.NOT_FOUND) from exc
    skip = completed_lines(args.output) if args.resume else 0
    summary = Summary()
    if on_dask:
        from samaritan.runs.distributed import screen_source

        if skip:
            raise CliError("--resume is for a local run")
        stream = screen_source(args.input, _engine_options(args), summary, args.scheduler, args.dask_workers or 2)
    elif args.workers > 1:
        from samaritan.runs.batch import screen_records_parallel

        stream = screen_records_parallel(records, _engine_options(args), summary, args.workers, skip=skip)
    else:
        stream = screen_records(records, screener, summary, skip=skip)
    writer = open_sink(args.output, "verdicts", args.output_format, append=skip > 0)
    try:
        total = count_records(args.input, args.format) if sys.stderr.isatty() and not on_dask else None
        for record in progress(stream, "screen", total=total):
            writer.write(record)
    finally:
        writer.close()
    print(f"samaritan screen: {summary.text()}", file=sys.stderr)
    if args.summary:
        with open(args.summary, "wb") as handle:
            handle.write(orjson.dumps(summary.to_dict(), option=orjson.OPT_INDENT_2))
    return 3 if (args.fail_on_error and summary.errors) else 0


def cmd_generate(args: Args) -> int:
    from samaritan.cli import progress
    from samaritan.generate.corpus import Mix, SiteGenerator
    from samaritan.io.writers import JsonlWriter

    if args.n < 0:
        raise CliError("-n must be zero or more")
    if not 0.0 <= args.obfuscation <= 1.0:
        raise CliError("--obfuscation must be between 0 and 1")
    generator = SiteGenerator(
        args.n, seed=args.seed, mix=Mix(obfuscation=args.obfuscation), images_dir=args.images, families=args.families
    )
    truth_path = args.truth
    truth_writer = JsonlWriter(truth_path) if truth_path else None
    labels: dict[str, int] = {}
    with JsonlWriter(args.output) as ads:
        for ad, truth in progress.over(generator, "generate", total=args.n):
            ads.write(ad)
            if truth_writer:
                truth_writer.write(truth)
            labels[truth["label"]] = labels.get(truth["label"], 0) + 1
    if truth_writer:
        truth_writer.close()
    shown = ", ".join(f"{k} {v}" for k, v in sorted(labels.items()))
    print(f"samaritan generate: {args.n} ads (seed {args.seed}): {shown}", file=sys.stderr)
    return 0


def cmd_evaluate(args: Args) -> int:
    from samaritan.runs import evaluate

    if args.robustness:
        from samaritan.runs.robustness import robustness_report

        report = robustness_report(args.n, args.seed, _screener_from(args))
        print(orjson.dumps(report, option=orjson.OPT_INDENT_2).decode() if args.json else report["text"])
        return 0
    if not args.truth or not args.verdicts:
        raise CliError("--truth and --verdicts are required (or --robustness)")
    result = evaluate.evaluate_verdicts(args.truth, args.verdicts)
    if not result["ads"] and result["verdicts_without_truth"]:
        raise CliError(
            f"none of the {result['verdicts_without_truth']} verdicts has a record in {args.truth} "
            "(each is matched by its platform and id)"
        )
    if args.networks:
        result["networks"] = evaluate.evaluate_networks(args.truth, args.networks)
    if args.json:
        print(orjson.dumps(result, option=orjson.OPT_INDENT_2).decode())
    else:
        print(evaluate.format_table(result))
    if args.output_json:
        with open(args.output_json, "wb") as handle:
            handle.write(orjson.dumps(result, option=orjson.OPT_INDENT_2))
    return 0


def cmd_link(args: Args) -> int:
    from pathlib import Path

    from samaritan.cli import progress
    from samaritan.io.graphs import graph_format
    from samaritan.io.sinks import output_format
    from samaritan.link.linker import LinkConfig
    from samaritan.runs.link import link_files, summary_text, write_result

    if args.input != "-" and not os.path.exists(args.input):
        raise CliError(f"input not found: {args.input}", exits.NOT_FOUND)
    output_format(args.output, args.output_format)  # a bad extension fails before any work
    if args.networks and not args.networks.lower().endswith((".jsonl", ".jsonl.gz")):
        graph_format(args.networks)
    config = LinkConfig(text_threshold=args.text_threshold)
    if args.networks is None and args.output != "-":
        # The contract's link output comes with a network summary file: beside OUTPUT by default.
        args.networks = str(Path(args.output).with_suffix("")) + ".networks.jsonl"
    if args.scheduler or args.dask_workers:
        from samaritan.runs.distributed import link_distributed

        if args.verdicts:
            raise CliError("--verdicts is for a local run; on a cluster the workers screen each ad themselves")
        result = link_distributed(args.input, args.scheduler, args.dask_workers or 2, config)
        write_result(result, args.output, args.networks, args.output_format)
    else:
        total = progress.input_size(args.input, args.format)
        result = link_files(
            args.input, args.output, args.networks, args.verdicts, config, args.format, args.output_format,
            progress=lambda records: progress.over(records, "link", total),
        )  # fmt: skip
    where = f"; networks in {args.networks}" if args.networks else ""
    print(f"samaritan link: {summary_text(result)}{where}", file=sys.stderr)
    return 0


def build_cli() -> click.Group:
    """The root group with every command; `samaritan --help` imports no engine or database code."""
    root = _root()
    _add_runs(root)
    for group in GROUPS:
        importlib.import_module(group).add_commands(root)
    return root


def _root() -> click.Group:
    from samaritan.cli.kit import Group

    @click.group("samaritan", cls=Group, help=helptext.DESCRIPTION, epilog=helptext.EXAMPLES)
    @click.version_option(
        __version__, "--version", prog_name="samaritan", message=f"%(prog)s %(version)s ({engine_kind()})"
    )
    @opt("-v", "--verbose", count=True, show_default=False,
         help="log more (-vv for debug; debug logs may contain ad text)")  # fmt: skip
    def root(verbose: int) -> None:
        pass

    return root


def _add_runs(root: click.Group) -> None:
    """The commands that run over files: screen, generate, evaluate, link."""

    @command(root, "screen", "verdict for every ad in INPUT", examples=(
        "samaritan screen ads.jsonl -o verdicts.jsonl",
        "samaritan screen ads.parquet -o verdicts.parquet --workers 2",
        "cat ads.jsonl | samaritan screen - > verdicts.jsonl"),
        arguments={"INPUT": "JSONL (.gz), CSV or Parquet file of ads, or - for stdin"})  # fmt: skip
    @arg("input", type=PATH)
    @opt("-o", "--output", type=PATH, default="-",
         help="verdicts: .jsonl, .jsonl.gz, .csv or .parquet by extension (- is stdout, JSONL)")  # fmt: skip
    @opt("--format", type=FORMATS, help="input format (default: by extension)")
    @opt("--output-format", type=FORMATS, help="output format (default: by extension)")
    @opt("--resume", is_flag=True,
         help="continue an interrupted run: keep the verdicts already in OUTPUT, skip those ads")  # fmt: skip
    @opt("--summary", type=PATH, help="also write the summary counts as JSON to this file")
    @opt("--fail-on-error", is_flag=True, help="exit 3 when any record was an error")
    @opt("--workers", type=int, default=1, help="screen on this many processes (output order is kept)")
    @opt("--scheduler", help="screen on this Dask scheduler (tcp://host:8786); INPUT is a Parquet or JSONL file, "
         "or a directory of them, that the workers can read")  # fmt: skip
    @opt("--dask-workers", type=int, help="screen on a local Dask cluster of this many processes (127.0.0.1)")
    @engine_options
    def screen(args: Args) -> int:
        return cmd_screen(args)

    @command(root, "generate", "a labelled synthetic corpus (no real person's data)", examples=(
        "samaritan generate -n 10000 --seed 1 -o ads.jsonl --truth truth.jsonl --images img/",))  # fmt: skip
    @opt("-n", "n", type=int, required=True, help="number of ads")
    @opt("--seed", type=int, default=0, help="random seed: the same seed gives the same corpus")
    @opt("-o", "--output", type=PATH, required=True, help="ads as JSONL (.gz allowed, - for stdout)")
    @opt("--truth", type=PATH, help="write the truth per ad (labels, entities, network) as JSONL here")
    @opt("--images", type=PATH, help="write generated pattern images here and reference them by path")
    @opt("--obfuscation", type=float, default=0.3, help="share of indicator phrases disguised (0..1)")
    @opt("--families", type=choice("all", "train", "test"), default="all", help="phrasing split to draw from")
    def generate(args: Args) -> int:
        return cmd_generate(args)

    @command(root, "evaluate", "score verdicts / networks against a generator truth file", examples=(
        "samaritan evaluate --truth truth.jsonl --verdicts verdicts.jsonl --networks links.jsonl",
        "samaritan evaluate --robustness -n 5000"))  # fmt: skip
    @opt("--truth", type=PATH, help="the generator's truth file (samaritan generate --truth)")
    @opt("--verdicts", type=PATH, help="verdicts of the same ads (samaritan screen -o)")
    @opt("--networks", type=PATH, help="per-ad output of `samaritan link`")
    @opt("--json", is_flag=True, help="print JSON instead of a table")
    @opt("--output-json", type=PATH, help="also write the JSON result here")
    @opt("--robustness", is_flag=True,
         help="generate the same corpus at obfuscation 0 and 1, screen both, print the drop")  # fmt: skip
    @opt("-n", "n", type=int, default=5000, help="ads for --robustness")
    @opt("--seed", type=int, default=7, help="seed for --robustness")
    @engine_options
    def evaluate(args: Args) -> int:
        return cmd_evaluate(args)

    @command(root, "link", "link ads into networks", examples=(
        "samaritan link ads.jsonl --verdicts verdicts.jsonl -o links.jsonl --networks networks.jsonl",
        "samaritan link ads-parquet/ --dask-workers 2 -o links.csv --networks networks.gexf"),
        arguments={"INPUT": "ads as JSONL (.gz), CSV or Parquet, or - for stdin"})  # fmt: skip
    @arg("input", type=PATH)
    @opt("-o", "--output", type=PATH, default="-",
         help="one line per ad: network and links; .jsonl, .csv or .parquet (- is stdout)")  # fmt: skip
    @opt("--output-format", type=FORMATS, help="output format (default: by extension)")
    @opt("--networks", type=PATH, help="networks: .jsonl (one summary line each), .csv (summary table), .graphml "
         "or .gexf (ads, contacts, accounts and photos as nodes, evidence as edges); default "
         "OUTPUT.networks.jsonl")  # fmt: skip
    @opt("--verdicts", type=PATH, help="verdicts of the same ads, in input order (reuses their entities, adds risk)")
    @opt("--format", type=FORMATS, help="input format (default: by extension)")
    @opt("--text-threshold", type=float, default=0.8, help="Jaccard needed for near-duplicate text")
    @opt("--scheduler", help="run the per-ad stage on this Dask scheduler (tcp://host:8786); INPUT is a Parquet file "
         "or a directory of Parquet files the workers can read")  # fmt: skip
    @opt("--dask-workers", type=int, help="run on a local Dask cluster of this many processes (127.0.0.1)")
    def link(args: Args) -> int:
        return cmd_link(args)


def _one_line(exc: object) -> str:
    return " ".join(str(exc).split())


def main(argv: list[str] | None = None) -> int:
    cli = build_cli()
    Invoked.name = ""
    try:
        return int(cli.main(args=argv, prog_name="samaritan", standalone_mode=False) or 0)
    except click.exceptions.NoArgsIsHelpError as exc:  # `samaritan` or `samaritan keys` alone: the help
        print(exc.format_message(), file=sys.stderr)
        return exits.USAGE
    except click.UsageError as exc:
        where = exc.ctx.command_path if exc.ctx is not None else "samaritan"
        print(f"{where}: error: {_one_line(exc.format_message())} (see {where} --help)", file=sys.stderr)
        return exits.USAGE
    except click.exceptions.Exit as exc:  # --help, --version
        return int(exc.exit_code)
    except click.ClickException as exc:
        print(f"{_name()}: error: {_one_line(exc.format_message())}", file=sys.stderr)
        return exc.exit_code
    except CliFailure as exc:
        print(f"{_name()}: error: {_one_line(exc)}", file=sys.stderr)
        return exc.code
    except FileNotFoundError as exc:
        print(f"{_name()}: error: {exc.filename or exc}: no such file", file=sys.stderr)
        return exits.NOT_FOUND
    except (ValueError, OSError) as exc:
        print(f"{_name()}: error: {_one_line(exc)}", file=sys.stderr)
        return exits.FAILED
    except (KeyboardInterrupt, click.Abort):
        print(f"{_name()}: interrupted", file=sys.stderr)
        return exits.INTERRUPTED


def _name() -> str:
    return f"samaritan {Invoked.name}".strip()


if __name__ == "__main__":
    sys.exit(main())
