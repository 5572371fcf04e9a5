"""`samaritan banks`: import hash lists, list banks, match image files, rematch stored ads.
Takes --data DIR (or SAMARITAN_DATA_DIR), or SAMARITAN_DATABASE_URL when set (the bank index is
then kept under the data directory)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import orjson

from samaritan.cli.kit import PATH, Args, arg, choice, command, data_option, group, opt


def _store(args: Args):
    from samaritan.cli.evidence_store import open_store_for

    return open_store_for(args)  # --data / data_dir, or database_url when set


def _matcher(store, args: Args):
    """The store's banks, from the index saved beside a SQLite store or, for PostgreSQL, under
    the data directory (--data / data_dir)."""
    from samaritan.cli.evidence_store import settings_of
    from samaritan.evidence.banks import load_matcher

    return load_matcher(store, data_dir=getattr(args, "data", None) or settings_of(args).data_dir)


def cmd_import(args: Args) -> int:
    from samaritan.banks.formats import read_rows
    from samaritan.evidence import StoreError
    from samaritan.evidence.banks import import_signals, set_bank

    data = Path(args.file).read_bytes()
    signals = read_rows(data, args.file, args.type)
    store = _store(args)
    try:
        set_bank(store, args.bank, args.action, args.negative)
        summary = import_signals(store, args.bank, signals, Path(args.file).name, data)
    except StoreError as exc:  # a database failure part-way: the import was rolled back whole
        raise ValueError(str(exc)) from exc
    finally:
        store.close()
    print(f"samaritan banks import: {summary['signals']} signals read, {summary['added']} new in bank "
          f"'{args.bank}' (source sha256 {summary['source_sha256'][:12]})", file=sys.stderr)  # fmt: skip
    return 0


def cmd_list(args: Args) -> int:
    from samaritan.evidence.banks import banks

    store = _store(args)
    for bank in banks(store):
        kind = "negative" if bank["negative"] else f"action={bank['action']}"
        print(f"{bank['name']}  {bank['signals']} signals  {kind}  since {bank['created_at']}")
    store.close()
    return 0


def cmd_match(args: Args) -> int:
    from samaritan.banks.matcher import indicators
    from samaritan.evidence.banks import image_from_bytes

    store = _store(args)
    matcher = _matcher(store, args)
    store.close()
    for path in args.images:
        found = indicators(matcher.match([image_from_bytes(Path(path).read_bytes())]))
        fields = ("bank", "signal_type", "distance", "action")
        line = {"image": path, "matches": [{k: m[k] for k in fields} for m in found]}
        sys.stdout.write(orjson.dumps(line).decode() + "\n")
    return 0


def cmd_rematch(args: Args) -> int:
    from samaritan.evidence.banks import rematch

    store = _store(args)
    try:
        result = rematch(store, _matcher(store, args))
    finally:
        store.close()
    print(f"samaritan banks rematch: {result['checked']} stored ads checked, {result['updated']} got a new verdict",
          file=sys.stderr)  # fmt: skip
    return 0


def add_commands(cli: click.Group) -> None:
    @group(cli, "banks", "hash banks (PDQ, MD5, SHA-256) matched against every image", examples=(
        "samaritan banks import hashes.csv --bank hotline --action block",
        "samaritan banks import stock.txt --bank stock --type pdq --negative",
        "samaritan banks rematch", "samaritan banks match photo.jpg", "samaritan banks list"))  # fmt: skip
    @data_option
    def banks() -> None:
        pass

    @command(banks, "import", "add a hash list (ThreatExchange/HMA CSV or JSON, or plain) to a bank",
             arguments={"FILE": "the hash list"})  # fmt: skip
    @arg("file", type=PATH)
    @opt("--bank", required=True, help="bank name; created on first import")
    @opt("--type", type=choice("pdq", "md5", "sha256"), help="signal type of a plain list of hashes")
    @opt("--action", type=choice("block", "review", "none"), default="review", help="what a match does")
    @opt("--negative", is_flag=True, help="a known-benign bank: its matches suppress others")
    @data_option
    def import_(args: Args) -> int:
        return cmd_import(args)

    @command(banks, "list", "banks, their size and action")
    @data_option
    def list_(args: Args) -> int:
        return cmd_list(args)

    @command(banks, "match", "match image files against every bank; one JSON line per image",
             arguments={"IMAGES": "one or more image files"})  # fmt: skip
    @arg("images", nargs=-1, required=True, type=PATH)
    @data_option
    def match(args: Args) -> int:
        return cmd_match(args)

    @command(banks, "rematch", "add verdicts to stored ads that now match (never overwrites)")
    @data_option
    def rematch_(args: Args) -> int:
        return cmd_rematch(args)
