"""`samaritan train LABELLED -o MODEL_DIR`: fit, cross-validate and calibrate a learned model."""

from __future__ import annotations

import argparse
import sys


def engine_options(args: argparse.Namespace) -> dict:
    return {"lexicon": args.lexicon, "weights": args.weights, "policy": args.policy, "region": args.region}


def cmd_train(args: argparse.Namespace, screener_from) -> int:
    from samaritan.runs.train import TrainError, read_examples, train_to
    from samaritan.runs.train_report import report_text

    if not 0.0 <= args.holdout < 1.0:
        raise ValueError("--holdout must be in [0, 1)")
    args.model = "none"  # features come from the rule stage alone
    screener = screener_from(args)
    try:
        report = train_to(
            args.output,
            read_examples(args.labelled, args.truth),
            policy_path=args.policy,
            screener=screener,
            learner=args.learner,
            folds=args.folds,
            seed=args.seed,
            holdout=args.holdout,
            test=read_examples(args.test, args.test_truth) if args.test else (),
            workers=args.workers,
            options=engine_options(args),
            log=lambda m: print(f"samaritan train: {m}", file=sys.stderr),
        )
    except TrainError as exc:
        raise ValueError(str(exc)) from exc
    print(report_text(report), file=sys.stderr)
    print(f"samaritan train: model {report['version']} in {args.output} (report.json, reliability.png)",
          file=sys.stderr)  # fmt: skip
    return 0


def add_parsers(sub, add_engine_options, screener_from) -> None:
    p = sub.add_parser(
        "train",
        help="fit a learned, calibrated model from labelled ads",
        epilog="examples:\n  samaritan train reviewed.jsonl -o my-model\n"
        "  samaritan train ads.jsonl --truth truth.jsonl --holdout 0.2 -o my-model",
    )
    p.add_argument("labelled", help="JSONL of ads each with a `labels` array, or generator ads with --truth")
    p.add_argument("--truth", help="the generator truth file of LABELLED (its `label` per ad)")
    p.add_argument("-o", "--output", required=True, help="model directory to write (model.json, weights.npz, report)")
    p.add_argument(
        "--learner",
        choices=["lbfgs", "sgd"],
        default="lbfgs",
        help="lbfgs: logistic regression with the lexicon prior (default); sgd: without it",
    )
    p.add_argument("--folds", type=int, default=3, help="group k-fold for calibration (default 3)")
    p.add_argument("--seed", type=int, default=0, help="learner seed (same data and seed: same model)")
    p.add_argument(
        "--holdout",
        type=float,
        default=0.0,
        help="share of groups (phrasing families, networks or ids) never trained on, to measure unseen wording",
    )
    p.add_argument("--workers", type=int, default=2, help="processes that compute features (default 2)")
    p.add_argument("--test", help="a held-out labelled set (never trained on), measured in the report")
    p.add_argument("--test-truth", help="the generator truth file of --test")
    add_engine_options(p)
    p.set_defaults(func=lambda a: cmd_train(a, screener_from))
