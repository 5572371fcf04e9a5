"""`samaritan signals`: share the contacts behind blocked or reported ads with other platforms
as keyed hashes, load theirs, and review what matched. The shared key comes from --key-file or
SAMARITAN_SIGNALS_KEY (at least 16 bytes); it never appears in a file or a log."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def _store(args: argparse.Namespace):
    from samaritan.evidence import StoreError, open_store

    try:
        return open_store(args.data)
    except StoreError as exc:
        raise ValueError(str(exc)) from exc


def _key(args: argparse.Namespace) -> bytes:
    from samaritan.signals.codec import check_key

    if args.key_file:
        return check_key(Path(args.key_file).read_bytes().strip())
    env = os.environ.get("SAMARITAN_SIGNALS_KEY")
    if not env:
        raise ValueError("give the shared key with --key-file or SAMARITAN_SIGNALS_KEY")
    return check_key(env.encode())


def cmd_export(args: argparse.Namespace) -> int:
    from samaritan.evidence.db import now_iso
    from samaritan.evidence.signals import collect_blocked
    from samaritan.signals.codec import dump

    key, store = _key(args), _store(args)
    try:
        signals = collect_blocked(store, key)
        data = dump(args.source, key, signals, now_iso())
        store.audit_event("signals.exported", "cli", None, args.source, {"signals": len(signals)})
    finally:
        store.close()
    Path(args.output).write_bytes(data)
    print(f"samaritan signals export: {len(signals)} signals to {args.output}", file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from samaritan.evidence.signals import import_signals
    from samaritan.signals.codec import load

    key = _key(args)
    header, signals = load(Path(args.file).read_bytes(), key)
    store = _store(args)
    try:
        summary = import_signals(store, key, str(header.get("source", "unknown")), signals, flood=args.flood)
    finally:
        store.close()
    print(f"samaritan signals import: {summary['signals']} signals from {header.get('source')}: "
          f"{summary['matches']} review items, {summary['quarantined']} identifiers quarantined as floods, "
          f"{summary['disputes']} disputes of our signals", file=sys.stderr)  # fmt: skip
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from samaritan.evidence.signals import decide_item, review_items

    store = _store(args)
    try:
        if args.item is None:
            for row in review_items(store, args.status):
                where = f"{row['platform']}/{row['ad_id']}@{row['revision']}"
                print(f"{row['pk']}  {row['status']}  {where}  {row['signal_type']} from {row['source']} "
                      f"({row['reason']}, confidence {row['confidence']})")  # fmt: skip
            return 0
        if not (args.confirm or args.dispute):
            raise ValueError("give --confirm or --dispute with an item")
        verdict = "confirmed" if args.confirm else "disputed"
        if not decide_item(store, args.item, verdict, args.reviewer, args.note or ""):
            raise ValueError(f"no review item {args.item}")
    finally:
        store.close()
    return 0


def _options(p, nested: bool = False) -> None:
    # On a sub-command, SUPPRESS keeps `signals --data X export` from being reset by the child.
    default = argparse.SUPPRESS if nested else None
    p.add_argument("--data", default=default,
                   help="data directory (default $SAMARITAN_DATA_DIR or ./samaritan-data)")  # fmt: skip
    p.add_argument("--key-file", default=default, help="file holding the shared key (default $SAMARITAN_SIGNALS_KEY)")


def add_parsers(sub, add_engine_options, screener_from) -> None:
    p = sub.add_parser(
        "signals",
        help="contact signals shared between platforms as keyed hashes",
        epilog="examples:\n  samaritan signals --key-file shared.key export -o ours.jsonl --source my-site\n"
        "  samaritan signals --key-file shared.key import theirs.jsonl\n"
        "  samaritan signals review --status open\n  samaritan signals review 12 --dispute --note 'not them'",
    )
    _options(p)
    signals = p.add_subparsers(dest="signals_command", required=True)
    s = signals.add_parser("export", help="identifiers behind blocked or reported ads, as HMAC-SHA256, and disputes")
    s.add_argument("-o", "--output", required=True, help="the signal file to write (JSON lines)")
    s.add_argument("--source", required=True, help="this platform's name, as others will see it")
    _options(s, nested=True)
    s.set_defaults(func=cmd_export)
    s = signals.add_parser("import", help="load another platform's file; matching ads become review items")
    s.add_argument("file")
    s.add_argument("--flood", type=int, default=50, help="an identifier on more ads than this is quarantined")
    _options(s, nested=True)
    s.set_defaults(func=cmd_import)
    s = signals.add_parser("review", help="list review items, or confirm or dispute one")
    s.add_argument("item", type=int, nargs="?")
    s.add_argument("--status", choices=["open", "quarantined", "confirmed", "disputed"], help="list only these items")
    s.add_argument("--confirm", action="store_true", help="the match is the same poster")
    s.add_argument("--dispute", action="store_true", help="the match is wrong; sent back in our next export")
    s.add_argument("--reviewer", default="cli", help="who decided, for the audit log")
    s.add_argument("--note", help="why (kept here, never exported)")
    _options(s, nested=True)
    s.set_defaults(func=cmd_review)
