"""`samaritan train LABELLED -o MODEL_DIR`: fit, cross-validate and calibrate a learned model."""

from __future__ import annotations

import re
import sys
from typing import Any

import click

from samaritan.cli.exits import CHECK_FAILED
from samaritan.cli.kit import PATH, Args, arg, choice, command, engine_options, opt, screener_from
from samaritan.engine.lexicon import UNVERSIONED


def rule_options(args: Args) -> dict[str, Any]:
    return {"lexicon": args.lexicon, "weights": args.weights, "policy": args.policy, "region": args.region}


_VERSION = re.compile(r"\d{4}\.\d{1,2}\.\d{1,3}")


def cmd_train(args: Args) -> int:
    from itertools import chain
    from pathlib import Path

    from samaritan.cli import progress
    from samaritan.engine.learned.categories import FILE as TAGGER_FILE
    from samaritan.engine.learned.model import content_version
    from samaritan.runs.train import TrainError, train_to
    from samaritan.runs.train_categories import train_to as train_categories
    from samaritan.runs.train_examples import also_examples, read_examples, store_examples
    from samaritan.runs.train_report import report_text

    if not 0.0 <= args.holdout < 1.0:
        raise ValueError("--holdout must be in [0, 1)")
    if not args.labelled and not args.from_store and not args.also:
        raise ValueError("give LABELLED ads, --from-store DB_URL, --also, or several")
    if args.trafficking_share is not None and not 0.0 < args.trafficking_share < 1.0:
        raise ValueError("--trafficking-share must be between 0 and 1 (a share of the commercial ads)")
    if args.compare and not args.test:
        raise ValueError("--compare needs --test: the held-out ads both models screen")
    if args.blend is not None and not (0.0 < args.blend <= 1.0 and args.also and (args.labelled or args.from_store)):
        raise ValueError("--blend takes a share in (0, 1] and needs --also ads and LABELLED or --from-store ads")
    if args.rules_as_of and not _VERSION.fullmatch(args.rules_as_of) and args.rules_as_of != UNVERSIONED:
        raise ValueError(f"--rules-as-of takes a lexicon version (2026.12.99) or {UNVERSIONED!r}")
    args.model = "none"  # features come from the rule stage alone
    # Training only: features of the rules a lexicon version had (the packaged model's reading).
    as_of = {"rules_as_of": args.rules_as_of} if args.rules_as_of else {}
    screener = screener_from(args, **as_of)
    # A tagger from an earlier training must not outlive its weights (nor enter the new version).
    (Path(args.output) / TAGGER_FILE).unlink(missing_ok=True)
    try:
        report = train_to(
            args.output,
            chain(
                read_examples(args.labelled, args.truth) if args.labelled else (),
                store_examples(args.from_store, args.platform) if args.from_store else (),
                *(also_examples(path, args.also_repeat) for path in args.also or ()),
            ),
            policy_path=args.policy,
            screener=screener,
            learner=args.learner,
            folds=args.folds,
            repeats=args.repeats,
            seed=args.seed,
            holdout=args.holdout,
            trafficking_share=args.trafficking_share,
            test=read_examples(args.test, args.test_truth) if args.test else (),
            workers=args.workers,
            blend=args.blend,
            options=rule_options(args) | as_of,
            log=lambda m: print(f"samaritan train: {m}", file=sys.stderr),
            progress=progress.counter("train: features"),
        )
        if args.labelled:  # the learned category tagger beside the model, from the same ads' truth spans
            train_categories(args.output, args.labelled, args.truth, args.holdout, seed=args.seed, workers=args.workers)
            report["version"] = content_version(Path(args.output))  # the tagger is part of it
    except TrainError as exc:
        raise ValueError(str(exc)) from exc
    print(report_text(report), file=sys.stderr)
    if args.compare:
        print(compare_to(args, report), file=sys.stderr)
    checked = check_model(args, report) if args.check else None
    print(f"samaritan train: model {report['version']} in {args.output} (report.json, reliability.png)",
          file=sys.stderr)  # fmt: skip
    if checked and checked["failed"]:
        # The model is written (nothing is lost); the exit code says it is not one to ship.
        print(f"samaritan train: {checked['failed']} must-pass ads (--check) not as labelled", file=sys.stderr)
        return CHECK_FAILED
    return 0


def check_model(args: Args, report: dict[str, Any]) -> dict[str, Any]:
    """The new model screens the --check ads through the whole engine; the result joins the
    report (report.json's `checked`) and is printed."""
    from itertools import chain

    from samaritan.engine.screener import Screener
    from samaritan.runs.train_check import check, check_text
    from samaritan.runs.train_examples import read_examples

    screener = Screener(**rule_options(args), lexicon_extra=args.lexicon_extra, model=args.output)
    result = check(chain.from_iterable(read_examples(path) for path in args.check), screener.screen_many)
    join_report(args.output, report, "checked", result)
    print(check_text(result), file=sys.stderr)
    return result


def join_report(output: str, report: dict[str, Any], key: str, value: dict[str, Any]) -> None:
    """`value` joins the report in memory and the training report written by train_to."""
    from pathlib import Path

    import orjson

    report[key] = value
    path = Path(output) / "report.json"
    if path.exists():
        saved = orjson.loads(path.read_bytes())
        path.write_bytes(orjson.dumps({**saved, key: value}, option=orjson.OPT_INDENT_2) + b"\n")


def compare_to(args: Args, report: dict[str, Any]) -> str:
    """The new model and --compare MODEL screen the --test ads through the whole engine; the
    result goes to the report (report.json's `compared`) and its text is returned."""
    from samaritan.engine.screener import Screener
    from samaritan.runs.train_compare import compare, compare_text
    from samaritan.runs.train_examples import read_examples

    options = {**rule_options(args), "lexicon_extra": args.lexicon_extra}
    new = Screener(**options, model=args.output)
    old = Screener(**options, model=args.compare)
    result = compare(
        read_examples(args.test, args.test_truth),
        [(report["version"], new.screen_many), (old.model.version if old.model else "rules alone", old.screen_many)],
    )
    join_report(args.output, report, "compared", result)
    return compare_text(result)


def add_commands(cli: click.Group) -> None:
    @command(cli, "train", "fit a learned, calibrated model from labelled ads", examples=(
        "samaritan train reviewed.jsonl -o my-model",
        "samaritan train ads.jsonl --truth truth.jsonl --holdout 0.2 -o my-model",
        "samaritan train --from-store postgresql://user@host/samaritan -o my-model"),
        arguments={"LABELLED": "JSONL of ads each with a `labels` array, or generator ads with --truth"})  # fmt: skip
    @arg("labelled", type=PATH, required=False)
    @opt("--from-store", "from_store", metavar="DB_URL",
         help="also learn from reviewers' decisions in the evidence store at DB_URL (allow: ordinary; "
         "block: commercial sex; escalate, report: commercial sex and the risk its verdict carried)")  # fmt: skip
    @opt("--platform", help="with --from-store: only this platform's reviewed ads")
    @opt("--truth", type=PATH, help="the generator truth file of LABELLED (its `label` per ad)")
    @opt("--also", type=PATH, multiple=True,
         help="more labelled ads (JSONL, each with a `labels` array) learned beside LABELLED, each ad its own "
         "group; repeatable (the packaged model: training/written, ads written apart from the engine)")  # fmt: skip
    @opt("--rules-as-of", "rules_as_of", metavar="VERSION",
         help="learn only the rules the lexicon had at VERSION, or none with a `since` for "
         "'unversioned' (as the packaged model reads them: docs/learned-model.md, session 47)")  # fmt: skip
    @opt("--also-repeat", "also_repeat", type=int, default=1,
         help="each --also ad with a label counts this many times, an ordinary one once")  # fmt: skip
    @opt("--blend", type=float, metavar="SHARE",
         help="mix the weights fit without the --also ads and with them (1 - SHARE : SHARE), under the "
         "calibration of the main ads alone (docs/learned-model.md, session 48)")  # fmt: skip
    @opt("--check", type=PATH, multiple=True,
         help="must-pass ads (JSONL, each with the `labels` its verdict must have, [] for none) the new model "
         "screens through the whole engine; failures are listed and the exit code is 4 (the model is "
         "still written); repeatable (the packaged model: training/checks)")  # fmt: skip
    @opt("-o", "--output", type=PATH, required=True,
         help="model directory to write (model.json, weights.npz, report)")  # fmt: skip
    @opt("--learner", type=choice("lbfgs", "sgd"), default="lbfgs",
         help="lbfgs: logistic regression with the lexicon prior; sgd: without it")  # fmt: skip
    @opt("--folds", type=int, default=3, help="group k-fold for calibration")
    @opt("--repeats", type=int, default=1,
         help="group k-fold runs (groups dealt at random, by --seed) whose out-of-fold scores are pooled "
         "for calibration; 1: one balanced k-fold")  # fmt: skip
    @opt("--seed", type=int, default=0, help="learner seed (same data and seed: same model)")
    @opt("--holdout", type=float, default=0.0,
         help="share of groups (phrasing families, networks or ids) never trained on, to measure unseen "
         "wording")  # fmt: skip
    @opt("--trafficking-share", "trafficking_share", type=float,
         help="fit the trafficking_risk curve as if this share of the commercial ads were trafficking "
         "(generated ads hold about half; default: the training ads' own share)")  # fmt: skip
    @opt("--workers", type=int, default=2, help="processes that compute features, threads that fit the tagger")
    @opt("--test", type=PATH, help="a held-out labelled set (never trained on), measured in the report")
    @opt("--test-truth", type=PATH, help="the generator truth file of --test")
    @opt("--compare", metavar="MODEL",
         help="with --test: screen the held-out ads with the new model and with MODEL (a directory, or "
         "\"default\" for the packaged one) through the whole engine, side by side in the report")  # fmt: skip
    @engine_options
    def train(args: Args) -> int:
        return cmd_train(args)
