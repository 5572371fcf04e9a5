"""`samaritan signals`: share the contacts behind blocked or reported ads with other platforms
as keyed hashes, load theirs, and review what matched. The shared key comes from --key-file or
the signals_key setting (SAMARITAN_SIGNALS_KEY; at least 16 bytes); it never appears in a log."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from samaritan.cli.kit import PATH, Args, arg, choice, command, data_option, group, opt


def _store(args: Args):
    """The evidence store the settings name: --data / data_dir, or database_url when set."""
    from samaritan.cli.evidence_store import open_store_for

    return open_store_for(args)


def _key(args: Args) -> bytes:
    from samaritan.signals.codec import check_key

    if args.key_file:
        return check_key(Path(args.key_file).read_bytes().strip())
    from samaritan.cli.evidence_store import signals_key

    key = signals_key(args)
    if key is None:
        raise ValueError("give the shared key with --key-file or SAMARITAN_SIGNALS_KEY")
    return key


def cmd_export(args: Args) -> int:
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


def cmd_import(args: Args) -> int:
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


def cmd_review(args: Args) -> int:
    from samaritan.evidence.signals import decide_item, review_items

    store = _store(args)
    try:
        if args.item is None:
            for row in review_items(store, args.status):
                where = f"{row['platform']}/{row['ad_id']}@{row['revision']}"
                print(f"{row['pk']}  {row['status']}  {where}  {row['signal_type']} from {row['source']} "
                      f"({row['reason']}, confidence {row['confidence']})")  # fmt: skip
            return 0
        if args.confirm == args.dispute:  # neither, or both
            raise ValueError("give one of --confirm or --dispute with an item")
        verdict = "confirmed" if args.confirm else "disputed"
        if not decide_item(store, args.item, verdict, args.reviewer, args.note or ""):
            raise ValueError(f"no review item {args.item}")
    finally:
        store.close()
    return 0


def _options(func):
    func = opt(
        "--key-file",
        type=PATH,
        env="SAMARITAN_SIGNALS_KEY",
        help="file holding the shared key (the variable holds the key itself: the signals_key setting)",
    )(func)
    return data_option(func)


def add_commands(cli: click.Group) -> None:
    @group(cli, "signals", "contact signals shared between platforms as keyed hashes", examples=(
        "samaritan signals --key-file shared.key export -o ours.jsonl --source my-site",
        "samaritan signals --key-file shared.key import theirs.jsonl",
        "samaritan signals review --status open",
        "samaritan signals review 12 --dispute --note 'not them'"))  # fmt: skip
    @_options
    def signals() -> None:
        pass

    @command(signals, "export", "identifiers behind blocked or reported ads, as HMAC-SHA256, and disputes")
    @opt("-o", "--output", type=PATH, required=True, help="the signal file to write (JSON lines)")
    @opt("--source", required=True, help="this platform's name, as others will see it")
    @_options
    def export(args: Args) -> int:
        return cmd_export(args)

    @command(signals, "import", "load another platform's file; matching ads become review items",
             arguments={"FILE": "another platform's signal file"})  # fmt: skip
    @arg("file", type=PATH)
    @opt("--flood", type=int, default=50, help="an identifier on more ads than this is quarantined")
    @_options
    def import_(args: Args) -> int:
        return cmd_import(args)

    @command(signals, "review", "list review items, or confirm or dispute one",
             arguments={"ITEM": "the review item to decide (default: list them)"})  # fmt: skip
    @arg("item", type=int, required=False)
    @opt("--status", type=choice("open", "quarantined", "confirmed", "disputed"), help="list only these items")
    @opt("--confirm", is_flag=True, help="the match is the same poster")
    @opt("--dispute", is_flag=True, help="the match is wrong; sent back in our next export")
    @opt("--reviewer", default="cli", help="who decided, for the audit log")
    @opt("--note", help="why (kept here, never exported)")
    @_options
    def review(args: Args) -> int:
        return cmd_review(args)
