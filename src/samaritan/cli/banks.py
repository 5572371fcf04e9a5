"""`samaritan banks`: import hash lists, list banks, match image files, rematch stored ads.
Takes --data DIR (or SAMARITAN_DATA_DIR), or SAMARITAN_DATABASE_URL when set."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import orjson


def _store(args: argparse.Namespace):
    from samaritan.evidence import StoreError, open_store

    try:
        return open_store(args.data)
    except StoreError as exc:
        raise ValueError(str(exc)) from exc


def cmd_import(args: argparse.Namespace) -> int:
    from samaritan.banks.formats import read_signals
    from samaritan.evidence.banks import import_signals, set_bank

    data = Path(args.file).read_bytes()
    signals = read_signals(data, args.file, args.type)
    store = _store(args)
    try:
        set_bank(store, args.bank, args.action, args.negative)
        summary = import_signals(store, args.bank, signals, Path(args.file).name, data)
    finally:
        store.close()
    print(f"samaritan banks import: {summary['signals']} signals read, {summary['added']} new in bank "
          f"'{args.bank}' (source sha256 {summary['source_sha256'][:12]})", file=sys.stderr)  # fmt: skip
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from samaritan.evidence.banks import banks

    store = _store(args)
    for bank in banks(store):
        kind = "negative" if bank["negative"] else f"action={bank['action']}"
        print(f"{bank['name']}  {bank['signals']} signals  {kind}  since {bank['created_at']}")
    store.close()
    return 0


def cmd_match(args: argparse.Namespace) -> int:
    from samaritan.banks.matcher import indicators
    from samaritan.evidence.banks import image_from_bytes, load_matcher

    store = _store(args)
    matcher = load_matcher(store)
    store.close()
    for path in args.images:
        found = indicators(matcher.match([image_from_bytes(Path(path).read_bytes())]))
        fields = ("bank", "signal_type", "distance", "action")
        line = {"image": path, "matches": [{k: m[k] for k in fields} for m in found]}
        sys.stdout.write(orjson.dumps(line).decode() + "\n")
    return 0


def cmd_rematch(args: argparse.Namespace) -> int:
    from samaritan.evidence.banks import load_matcher, rematch

    store = _store(args)
    try:
        result = rematch(store, load_matcher(store))
    finally:
        store.close()
    print(f"samaritan banks rematch: {result['checked']} stored ads checked, {result['updated']} got a new verdict",
          file=sys.stderr)  # fmt: skip
    return 0


def _data(p, nested: bool = False) -> None:
    # On a sub-command, SUPPRESS keeps `banks --data X import` from being reset by the child.
    p.add_argument("--data", default=argparse.SUPPRESS if nested else None,
                   help="data directory (default $SAMARITAN_DATA_DIR or ./samaritan-data)")  # fmt: skip


def add_parsers(sub, add_engine_options, screener_from) -> None:
    p = sub.add_parser(
        "banks",
        help="hash banks (PDQ, MD5, SHA-256) matched against every image",
        epilog="examples:\n  samaritan banks import hashes.csv --bank hotline --action block\n"
        "  samaritan banks import stock.txt --bank stock --type pdq --negative\n"
        "  samaritan banks rematch\n  samaritan banks match photo.jpg",
    )
    _data(p)
    banks = p.add_subparsers(dest="banks_command", required=True)
    b = banks.add_parser("import", help="add a hash list (ThreatExchange/HMA CSV or JSON, or plain) to a bank")
    b.add_argument("file")
    b.add_argument("--bank", required=True, help="bank name; created on first import")
    b.add_argument("--type", choices=["pdq", "md5", "sha256"], help="signal type of a plain list of hashes")
    b.add_argument("--action", choices=["block", "review", "none"], default="review", help="what a match does")
    b.add_argument("--negative", action="store_true", help="a known-benign bank: its matches suppress others")
    _data(b, nested=True)
    b.set_defaults(func=cmd_import)
    b = banks.add_parser("list", help="banks, their size and action")
    _data(b, nested=True)
    b.set_defaults(func=cmd_list)
    b = banks.add_parser("match", help="match image files against every bank; one JSON line per image")
    b.add_argument("images", nargs="+")
    _data(b, nested=True)
    b.set_defaults(func=cmd_match)
    b = banks.add_parser("rematch", help="add verdicts to stored ads that now match (never overwrites)")
    _data(b, nested=True)
    b.set_defaults(func=cmd_rematch)
