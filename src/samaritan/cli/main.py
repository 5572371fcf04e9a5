"""The `samaritan` command (contract §3): parse arguments, call a run, map failures to the exit
codes in cli/exits.py."""

from __future__ import annotations

import argparse
import logging
import os
import sys

import orjson

from samaritan import __version__
from samaritan.cli import exits, helptext
from samaritan.cli.config import apply_settings
from samaritan.cli.exits import CliFailure

log = logging.getLogger("samaritan")

# Command groups beyond the runs defined here: each module has
# add_parsers(subparsers, add_engine_options, screener_from). One line per group.
GROUPS = (
    "samaritan.cli.demo",
    "samaritan.cli.service",
    "samaritan.cli.report",
    "samaritan.cli.config",
    "samaritan.cli.users",
    "samaritan.cli.train",
    "samaritan.cli.banks",
    "samaritan.cli.signals",
)


class CliError(CliFailure):
    """A failure the user can fix; printed without a traceback (exit 1 unless a code is given)."""


def _engine_options(args: argparse.Namespace) -> dict:
    return {
        "lexicon": args.lexicon,
        "lexicon_extra": getattr(args, "lexicon_extra", None),
        "weights": args.weights,
        "policy": args.policy,
        "region": args.region,
        "model": getattr(args, "model", None) or os.environ.get("SAMARITAN_MODEL"),
    }


def _screener_from(args: argparse.Namespace):
    from samaritan.engine.screener import Screener

    return Screener(**_engine_options(args))


def cmd_screen(args: argparse.Namespace) -> int:
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


def cmd_generate(args: argparse.Namespace) -> int:
    from samaritan.generate.corpus import Mix, SiteGenerator
    from samaritan.io.writers import JsonlWriter
    from samaritan.runs.batch import progress

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
        for ad, truth in progress(generator, "generate"):
            ads.write(ad)
            if truth_writer:
                truth_writer.write(truth)
            labels[truth["label"]] = labels.get(truth["label"], 0) + 1
    if truth_writer:
        truth_writer.close()
    shown = ", ".join(f"{k} {v}" for k, v in sorted(labels.items()))
    print(f"samaritan generate: {args.n} ads (seed {args.seed}): {shown}", file=sys.stderr)
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from samaritan.runs import evaluate

    if args.robustness:
        from samaritan.runs.robustness import robustness_report

        report = robustness_report(args.n, args.seed, _screener_from(args))
        print(orjson.dumps(report, option=orjson.OPT_INDENT_2).decode() if args.json else report["text"])
        return 0
    if not args.truth or not args.verdicts:
        raise CliError("--truth and --verdicts are required (or --robustness)")
    result = evaluate.evaluate_verdicts(args.truth, args.verdicts)
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


def cmd_link(args: argparse.Namespace) -> int:
    from pathlib import Path

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
        result = link_files(
            args.input, args.output, args.networks, args.verdicts, config, args.format, args.output_format
        )
    where = f"; networks in {args.networks}" if args.networks else ""
    print(f"samaritan link: {summary_text(result)}{where}", file=sys.stderr)
    return 0


def _add_engine_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lexicon", help="directory of rule files (default: the packaged lexicon)")
    parser.add_argument(
        "--lexicon-extra", help="one rule file added on top of the lexicon: new codes, or same codes replaced"
    )
    parser.add_argument("--weights", help="scoring weights YAML (default: packaged weights.yaml)")
    parser.add_argument("--policy", help="decision policy YAML (default: packaged policy.yaml)")
    parser.add_argument(
        "--model", help='learned model: a directory, or "default" for the packaged model (default: none, rules only)'
    )
    parser.add_argument(
        "--region",
        default=None,
        help="default phone region, ISO 3166 code (setting region, env SAMARITAN_REGION; default US)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="samaritan",
        description=helptext.DESCRIPTION,
        epilog=helptext.EXAMPLES + exits.epilog(),
        formatter_class=helptext.help_formatter,
    )
    parser.add_argument("--version", action="version", version=f"samaritan {__version__}")
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="log more (-vv for debug; debug logs may contain ad text)"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    _add_runs(sub)
    import importlib

    for group in GROUPS:
        importlib.import_module(group).add_parsers(sub, _add_engine_options, _screener_from)
    helptext.finish(sub, parser)
    return parser


def _add_runs(sub) -> None:
    """The commands that run over files: screen, generate, evaluate, link, demo."""
    p = sub.add_parser(
        "screen",
        help="verdict for every ad in INPUT",
        epilog=(
            "examples:"
            "\n  samaritan screen ads.jsonl -o verdicts.jsonl"
            "\n  samaritan screen ads.parquet -o verdicts.parquet --workers 2"
            "\n  cat ads.jsonl | samaritan screen - > verdicts.jsonl"
        ),
    )
    p.add_argument("input", help="JSONL (.gz), CSV or Parquet file of ads, or - for stdin")
    p.add_argument(
        "-o",
        "--output",
        default="-",
        help="verdicts: .jsonl, .jsonl.gz, .csv or .parquet by extension (default stdout, JSONL)",
    )
    p.add_argument("--format", choices=["jsonl", "csv", "parquet"], help="input format (default: by extension)")
    p.add_argument("--output-format", choices=["jsonl", "csv", "parquet"], help="output format (default: by extension)")
    p.add_argument(
        "--resume",
        action="store_true",
        help="continue an interrupted run: keep the verdicts already in OUTPUT, skip those ads",
    )
    p.add_argument("--summary", help="also write the summary counts as JSON to this file")
    p.add_argument("--fail-on-error", action="store_true", help="exit 3 when any record was an error")
    p.add_argument("--workers", type=int, default=1, help="screen on this many processes (output order is kept)")
    p.add_argument("--scheduler", help="screen on this Dask scheduler (tcp://host:8786); INPUT is a Parquet or "
                   "JSONL file, or a directory of them, that the workers can read")  # fmt: skip
    p.add_argument("--dask-workers", type=int, help="screen on a local Dask cluster of this many processes (127.0.0.1)")
    _add_engine_options(p)
    p.set_defaults(func=cmd_screen)

    p = sub.add_parser(
        "generate",
        help="a labelled synthetic corpus (no real person's data)",
        epilog=("example:\n  samaritan generate -n 10000 --seed 1 -o ads.jsonl --truth truth.jsonl --images img/"),
    )
    p.add_argument("-n", type=int, required=True, help="number of ads")
    p.add_argument("--seed", type=int, default=0, help="random seed: the same seed gives the same corpus (default 0)")
    p.add_argument("-o", "--output", required=True, help="ads as JSONL (.gz allowed, - for stdout)")
    p.add_argument("--truth", help="write the truth per ad (labels, entities, network) as JSONL here")
    p.add_argument("--images", help="write generated pattern images here and reference them by path")
    p.add_argument("--obfuscation", type=float, default=0.3, help="share of indicator phrases disguised (0..1)")
    p.add_argument("--families", choices=("all", "train", "test"), default="all", help="phrasing split to draw from")
    p.set_defaults(func=cmd_generate)

    p = sub.add_parser(
        "evaluate",
        help="score verdicts / networks against a generator truth file",
        epilog=(
            "examples:"
            "\n  samaritan evaluate --truth truth.jsonl --verdicts verdicts.jsonl --networks links.jsonl"
            "\n  samaritan evaluate --robustness -n 5000"
        ),
    )
    p.add_argument("--truth", help="the generator's truth file (samaritan generate --truth)")
    p.add_argument("--verdicts", help="verdicts of the same ads (samaritan screen -o)")
    p.add_argument("--networks", help="per-ad output of `samaritan link`")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--output-json", help="also write the JSON result here")
    p.add_argument(
        "--robustness",
        action="store_true",
        help="generate the same corpus at obfuscation 0 and 1, screen both, print the drop",
    )
    p.add_argument("-n", type=int, default=5000, help="ads for --robustness")
    p.add_argument("--seed", type=int, default=7, help="seed for --robustness")
    _add_engine_options(p)
    p.set_defaults(func=cmd_evaluate)

    _add_link(sub)


def _add_link(sub) -> None:
    p = sub.add_parser(
        "link",
        help="link ads into networks",
        epilog=(
            "examples:"
            "\n  samaritan link ads.jsonl --verdicts verdicts.jsonl -o links.jsonl --networks networks.jsonl"
            "\n  samaritan link ads-parquet/ --dask-workers 2 -o links.csv --networks networks.gexf"
        ),
    )
    p.add_argument("input", help="ads as JSONL (.gz), CSV or Parquet")
    p.add_argument(
        "-o",
        "--output",
        default="-",
        help="one line per ad: network and links; .jsonl, .csv or .parquet (default stdout)",
    )
    p.add_argument("--output-format", choices=["jsonl", "csv", "parquet"], help="output format (default: by extension)")
    p.add_argument(
        "--networks",
        help="networks: .jsonl (one summary line each), .csv (summary table), .graphml or .gexf (ads, contacts, "
        "accounts and photos as nodes, evidence as edges); default OUTPUT.networks.jsonl",
    )
    p.add_argument("--verdicts", help="verdicts of the same ads, in input order (reuses their entities, adds risk)")
    p.add_argument("--format", choices=["jsonl", "csv", "parquet"], help="input format (default: by extension)")
    p.add_argument("--text-threshold", type=float, default=0.8, help="Jaccard needed for near-duplicate text")
    p.add_argument(
        "--scheduler",
        help="run the per-ad stage on this Dask scheduler (tcp://host:8786); INPUT is "
        "a Parquet file or a directory of Parquet files the workers can read",
    )
    p.add_argument("--dask-workers", type=int, help="run on a local Dask cluster of this many processes (127.0.0.1)")
    p.set_defaults(func=cmd_link)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.WARNING - 10 * min(args.verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    try:
        apply_settings(args)
        return int(args.func(args) or 0)
    except CliFailure as exc:
        print(f"samaritan {args.command}: error: {_one_line(exc)}", file=sys.stderr)
        return exc.code
    except FileNotFoundError as exc:
        print(f"samaritan {args.command}: error: {exc.filename or exc}: no such file", file=sys.stderr)
        return exits.NOT_FOUND
    except (ValueError, OSError) as exc:
        print(f"samaritan {args.command}: error: {_one_line(exc)}", file=sys.stderr)
        return exits.FAILED
    except KeyboardInterrupt:
        print(f"samaritan {args.command}: interrupted", file=sys.stderr)
        return exits.INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
