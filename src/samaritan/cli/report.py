"""`samaritan report …` (contract §3) and `samaritan requests …`: CyberTipline reports, case packets,
DSA statements of reasons, and law-enforcement requests. Each needs the evidence store (--data DIR,
SAMARITAN_DATA_DIR, or SAMARITAN_DATABASE_URL)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

_EPILOG_CT = """examples:
  samaritan report cybertipline --ad synthetic-site/ad-00000042 --reporter reporter.yaml -o report.xml
  samaritan report cybertipline --network net-8df30a5fae42 --platform synthetic-site --reporter reporter.yaml \\
      -o report.xml --submit
exit codes: 0 written (and submitted); 1 could not (the message says why, e.g. nothing reportable)."""


def _store(args):
    from samaritan.cli.evidence_store import open_store_for

    return open_store_for(args)  # the store reads no environment: URL and data dir from the settings


def _target(args) -> tuple[str, str | None, str | None]:
    if args.ad:
        platform, sep, ad_id = args.ad.partition("/")
        if not sep or not ad_id:
            raise ValueError("--ad takes PLATFORM/ID")
        return platform, ad_id, None
    if not args.platform:
        raise ValueError("--network needs --platform (or a reporter file naming the platform)")
    return args.platform, None, args.network


def _print(result: dict) -> None:
    print(json.dumps(result, indent=1, sort_keys=True))


def cmd_cybertipline(args) -> int:
    from samaritan.report import runs
    from samaritan.report.config import load_reporter

    reporter = load_reporter(args.reporter)
    args.platform = args.platform or reporter.platform
    platform, ad_id, network = _target(args)
    if platform != reporter.platform:
        raise ValueError(f"the reporter file is for platform {reporter.platform}, not {platform}")
    store = _store(args)
    try:
        _print(runs.cybertipline(store, reporter, Path(args.output), ad_id, network, args.actor, args.submit))
    finally:
        store.close()
    return 0


def cmd_case(args) -> int:
    from samaritan.report import runs

    platform, ad_id, network = _target(args)
    store = _store(args)
    try:
        _print(runs.case_packet(store, platform, Path(args.key), Path(args.output), ad_id, network, actor=args.actor))
    finally:
        store.close()
    return 0


def cmd_verify(args) -> int:
    from samaritan.report.case.verify import verify_packet

    store = _store(args) if args.data or args.with_store else None
    pem = Path(args.public_key).read_bytes() if args.public_key else None
    result = verify_packet(args.packet, pem, store)
    if store is not None:
        store.close()
    if result.ok:
        extra = f", {result.audit_checked} audit entries match the store" if store is not None else ""
        print(f"{args.packet}: intact ({result.files} files, signature valid{extra})")
        return 0
    print(f"{args.packet}: FAILED: {result.problem}", file=sys.stderr)
    return 4


def cmd_dsa(args) -> int:
    from samaritan.report import runs
    from samaritan.report.config import load_reporter

    reporter = load_reporter(args.reporter)
    store = _store(args)
    try:
        _print(runs.dsa(store, reporter, args.since, Path(args.output), args.submit, actor=args.actor))
    finally:
        store.close()
    return 0


def cmd_keygen(args) -> int:
    from samaritan.report import signing

    try:
        key = signing.generate(args.output)
    except FileExistsError as exc:
        raise ValueError(f"{args.output} exists: a signing key is never overwritten") from exc
    Path(args.output + ".pub").write_bytes(signing.public_pem(key))
    print(f"wrote {args.output} (private, 0600) and {args.output}.pub", file=sys.stderr)
    return 0


def cmd_requests(args) -> int:
    from samaritan.evidence.legal import Legal
    from samaritan.report import runs

    store = _store(args)
    try:
        if args.requests_command == "add":
            covers = {
                k: [v.strip() for v in getattr(args, k).split(",") if v.strip()]
                for k in ("ads", "networks", "phones", "accounts")
                if getattr(args, k)
            } | {k: v for k, v in (("from", args.date_from), ("to", args.date_to)) if v}
            if not covers:
                raise ValueError("a request covers something: --ads, --networks, --phones, --accounts or a date range")
            _print(
                runs.add_request(
                    store, args.platform, args.agency, args.case_number, args.process, covers, args.deadline, args.actor
                )
            )
        elif args.requests_command == "list":
            for r in Legal(store).requests(args.platform, args.status):
                flag = "  OVERDUE" if r["overdue"] else ""
                print(
                    f"{r['pk']}  {r['platform']}  {r['agency']}  {r['case_number']}  {r['process']}  "
                    f"due {r['deadline']}  {r['status']}{flag}"
                )
        elif args.requests_command == "produce":
            _print(runs.produce_request(store, args.request, Path(args.key), Path(args.output), args.actor))
        elif args.requests_command == "done":
            Legal(store).set_request_status(args.request, "done", args.actor)
    finally:
        store.close()
    return 0


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", default=None, help="data directory (default $SAMARITAN_DATA_DIR or ./samaritan-data)")
    p.add_argument("--actor", default="cli", help="who is acting, for the audit log (default: cli)")


def _target_options(p: argparse.ArgumentParser) -> None:
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--ad", help="one ad as PLATFORM/ID")
    target.add_argument("--network", help="every ad of this network id (with --platform)")
    p.add_argument("--platform", help="the platform of --network")


def add_parsers(sub, _add_engine_options, _screener_from) -> None:
    fmt = argparse.RawDescriptionHelpFormatter
    report = sub.add_parser("report", help="CyberTipline reports, case packets, DSA statements of reasons")
    kinds = report.add_subparsers(dest="report_command", required=True)

    p = kinds.add_parser(
        "cybertipline",
        help="the NCMEC CyberTipline report XML (validated; places a legal hold)",
        epilog=_EPILOG_CT,
        formatter_class=fmt,
    )
    _target_options(p)
    p.add_argument("--reporter", help="the platform's reporter YAML (default $SAMARITAN_REPORTER_CONFIG)")
    p.add_argument("-o", "--output", required=True, help="where to write the report XML")
    p.add_argument(
        "--submit",
        action="store_true",
        help="also submit it (status, submit, upload, fileinfo, finish); credentials from the environment "
        "variables the reporter file names; resumable, never submits twice",
    )
    _common(p)
    p.set_defaults(func=cmd_cybertipline)

    p = kinds.add_parser(
        "case",
        help="the law-enforcement case packet: a zip with a signed manifest",
        epilog="example:\n  samaritan report case --network net-8df30a5fae42 --platform synthetic-site "
        "--key platform.key -o case.zip",
        formatter_class=fmt,
    )
    _target_options(p)
    p.add_argument("--key", required=True, help="the platform's Ed25519 private key (samaritan report keygen)")
    p.add_argument("-o", "--output", required=True, help="where to write the zip")
    _common(p)
    p.set_defaults(func=cmd_case)

    p = kinds.add_parser(
        "verify",
        help="check a case packet: signature, every file's hash, audit entries",
        epilog="exit codes: 0 intact; 4 a check failed (the first failure is named); 1 could not run",
        formatter_class=fmt,
    )
    p.add_argument("packet")
    p.add_argument("--public-key", help="require this platform public key (PEM) instead of trusting the embedded one")
    p.add_argument("--with-store", action="store_true", help="also check the audit entries against the store's chain")
    _common(p)
    p.set_defaults(func=cmd_verify)

    p = kinds.add_parser("dsa", help="EU DSA statements of reasons as JSON Lines (validated, no personal data)")
    p.add_argument("--since", required=True, help="restrictions decided on or after this date (YYYY-MM-DD)")
    p.add_argument("--reporter", help="the platform's reporter YAML (default $SAMARITAN_REPORTER_CONFIG)")
    p.add_argument("-o", "--output", required=True, help="statements as JSON Lines")
    p.add_argument("--submit", action="store_true", help="also submit in batches of 100 to the configured endpoint")
    _common(p)
    p.set_defaults(func=cmd_dsa)

    p = kinds.add_parser("keygen", help="make the platform's Ed25519 signing key (PEM, 0600) and its .pub")
    p.add_argument("-o", "--output", required=True, help="the private key file (never overwritten)")
    p.set_defaults(func=cmd_keygen)

    _add_requests(sub)


def _add_requests(sub) -> None:
    req = sub.add_parser("requests", help="law-enforcement requests: record, hold, produce, track")
    cmds = req.add_subparsers(dest="requests_command", required=True)
    p = cmds.add_parser("add", help="record a request and place a legal hold on everything it covers")
    p.add_argument("--platform", required=True, help="the platform whose evidence the request covers")
    p.add_argument("--agency", required=True, help="the requesting agency")
    p.add_argument("--case-number", required=True, help="the agency's case number")
    p.add_argument(
        "--process",
        required=True,
        choices=["subpoena", "court_order", "search_warrant", "preservation", "emergency"],
        help="the kind of legal process",
    )
    p.add_argument("--deadline", required=True, help="ISO date or time the agency needs it by")
    p.add_argument("--ads", help="comma list of ad ids")
    p.add_argument("--networks", help="comma list of network ids")
    p.add_argument("--phones", help="comma list of phones in E.164")
    p.add_argument("--accounts", help="comma list of poster account ids")
    p.add_argument("--from", dest="date_from", help="first day covered (YYYY-MM-DD)")
    p.add_argument("--to", dest="date_to", help="last day covered (YYYY-MM-DD)")
    _common(p)
    p = cmds.add_parser("list", help="requests by deadline; overdue ones are marked")
    p.add_argument("--platform", help="only this platform's requests")
    p.add_argument("--status", choices=["open", "produced", "done"], help="only requests in this state")
    _common(p)
    p = cmds.add_parser("produce", help="build the case packet for a request")
    p.add_argument("request", type=int, help="the request number (requests list)")
    p.add_argument("--key", required=True, help="the platform's Ed25519 private key")
    p.add_argument("-o", "--output", required=True, help="where to write the case packet zip")
    _common(p)
    p = cmds.add_parser("done", help="mark a request done")
    p.add_argument("request", type=int)
    _common(p)
    req.set_defaults(func=cmd_requests)
