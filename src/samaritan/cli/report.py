"""`samaritan report …` (contract §3) and `samaritan requests …`: CyberTipline reports, case packets,
DSA statements of reasons, and law-enforcement requests. Each needs the evidence store (--data DIR,
SAMARITAN_DATA_DIR, or SAMARITAN_DATABASE_URL)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from samaritan.cli.helptext import COMMAND_EXAMPLES
from samaritan.cli.kit import PATH, Args, arg, choice, command, data_option, group, opt

_EXAMPLES_CT = (
    "samaritan report cybertipline --ad synthetic-site/ad-00000042 --reporter reporter.yaml -o report.xml",
    "samaritan report cybertipline --network net-8df30a5fae42 --platform synthetic-site --reporter reporter.yaml \\\n"
    "      -o report.xml --submit",
)


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


def cmd_requests(args, action: str) -> int:
    from samaritan.evidence.legal import Legal
    from samaritan.report import runs

    store = _store(args)
    try:
        if action == "add":
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
        elif action == "list":
            for r in Legal(store).requests(args.platform, args.status):
                flag = "  OVERDUE" if r["overdue"] else ""
                print(
                    f"{r['pk']}  {r['platform']}  {r['agency']}  {r['case_number']}  {r['process']}  "
                    f"due {r['deadline']}  {r['status']}{flag}"
                )
        elif action == "produce":
            _print(runs.produce_request(store, args.request, Path(args.key), Path(args.output), args.actor))
        elif action == "done":
            Legal(store).set_request_status(args.request, "done", args.actor)
    finally:
        store.close()
    return 0


def _common(func):
    func = opt("--actor", default="cli", help="who is acting, for the audit log")(func)
    return data_option(func, note="; ignored when SAMARITAN_DATABASE_URL is set")


def _one_target(params: dict) -> None:
    if params["ad"] and params["network"]:
        raise click.UsageError("--ad and --network cannot be given together")
    if not (params["ad"] or params["network"]):
        raise click.UsageError("one of --ad or --network is required")


def _target_options(func):
    func = opt("--platform", help="the platform of --network")(func)
    func = opt("--network", help="every ad of this network id (with --platform); or --ad")(func)
    return opt("--ad", help="one ad as PLATFORM/ID; or --network")(func)


def add_commands(cli: click.Group) -> None:
    @group(cli, "report", "CyberTipline reports, case packets, DSA statements of reasons",
           examples=COMMAND_EXAMPLES["report"])  # fmt: skip
    def report() -> None:
        pass

    @command(report, "cybertipline", "the NCMEC CyberTipline report XML (validated; places a legal hold)",
             examples=_EXAMPLES_CT, check=_one_target)  # fmt: skip
    @_target_options
    @opt("--reporter", type=PATH, setting="reporter_config", help="the platform's reporter YAML")
    @opt("-o", "--output", type=PATH, required=True, help="where to write the report XML")
    @opt("--submit", is_flag=True, help="also submit it (status, submit, upload, fileinfo, finish); credentials "
         "from the environment variables the reporter file names; resumable, never submits twice")  # fmt: skip
    @_common
    def cybertipline(args: Args) -> int:
        return cmd_cybertipline(args)

    @command(report, "case", "the law-enforcement case packet: a zip with a signed manifest", examples=(
        "samaritan report case --network net-8df30a5fae42 --platform synthetic-site --key platform.key -o case.zip",),
        check=_one_target)  # fmt: skip
    @_target_options
    @opt("--key", type=PATH, required=True, help="the platform's Ed25519 private key (samaritan report keygen)")
    @opt("-o", "--output", type=PATH, required=True, help="where to write the zip")
    @_common
    def case(args: Args) -> int:
        return cmd_case(args)

    @command(report, "verify", "check a case packet: signature, every file's hash, audit entries",
             examples=("samaritan report verify case.zip",), arguments={"PACKET": "the case packet zip"})  # fmt: skip
    @arg("packet", type=PATH)
    @opt("--public-key", type=PATH, help="require this platform public key (PEM) instead of trusting the embedded one")
    @opt("--with-store", is_flag=True, help="also check the audit entries against the store's chain")
    @_common
    def verify(args: Args) -> int:
        return cmd_verify(args)

    @command(report, "dsa", "EU DSA statements of reasons as JSON Lines (validated, no personal data)")
    @opt("--since", required=True, help="restrictions decided on or after this date (YYYY-MM-DD)")
    @opt("--reporter", type=PATH, setting="reporter_config", help="the platform's reporter YAML")
    @opt("-o", "--output", type=PATH, required=True, help="statements as JSON Lines")
    @opt("--submit", is_flag=True, help="also submit in batches of 100 to the configured endpoint")
    @_common
    def dsa(args: Args) -> int:
        return cmd_dsa(args)

    @command(report, "keygen", "make the platform's Ed25519 signing key (PEM, 0600) and its .pub")
    @opt("-o", "--output", type=PATH, required=True, help="the private key file (never overwritten)")
    def keygen(args: Args) -> int:
        return cmd_keygen(args)

    _requests_commands(cli)


def _requests_commands(cli: click.Group) -> None:
    @group(cli, "requests", "law-enforcement requests: record, hold, produce, track",
           examples=COMMAND_EXAMPLES["requests"])  # fmt: skip
    def requests() -> None:
        pass

    @command(requests, "add", "record a request and place a legal hold on everything it covers")
    @opt("--platform", required=True, help="the platform whose evidence the request covers")
    @opt("--agency", required=True, help="the requesting agency")
    @opt("--case-number", required=True, help="the agency's case number")
    @opt("--process", required=True, type=choice("subpoena", "court_order", "search_warrant", "preservation",
         "emergency"), help="the kind of legal process")  # fmt: skip
    @opt("--deadline", required=True, help="ISO date or time the agency needs it by")
    @opt("--ads", help="comma list of ad ids")
    @opt("--networks", help="comma list of network ids")
    @opt("--phones", help="comma list of phones in E.164")
    @opt("--accounts", help="comma list of poster account ids")
    @opt("--from", "date_from", help="first day covered (YYYY-MM-DD)")
    @opt("--to", "date_to", help="last day covered (YYYY-MM-DD)")
    @_common
    def add(args: Args) -> int:
        return cmd_requests(args, "add")

    @command(requests, "list", "requests by deadline; overdue ones are marked")
    @opt("--platform", help="only this platform's requests")
    @opt("--status", type=choice("open", "produced", "done"), help="only requests in this state")
    @_common
    def list_(args: Args) -> int:
        return cmd_requests(args, "list")

    number = {"REQUEST": "the request number (requests list)"}

    @command(requests, "produce", "build the case packet for a request", arguments=number)
    @arg("request", type=int)
    @opt("--key", type=PATH, required=True, help="the platform's Ed25519 private key")
    @opt("-o", "--output", type=PATH, required=True, help="where to write the case packet zip")
    @_common
    def produce(args: Args) -> int:
        return cmd_requests(args, "produce")

    @command(requests, "done", "mark a request done", arguments=number)
    @arg("request", type=int)
    @_common
    def done(args: Args) -> int:
        return cmd_requests(args, "done")
