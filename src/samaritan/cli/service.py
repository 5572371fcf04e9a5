"""Commands that keep state (contract §3): serve, keys, audit, purge, rescreen, webhooks.
Each takes --data DIR (or SAMARITAN_DATA_DIR), or uses SAMARITAN_DATABASE_URL when set."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

import orjson


def _store(args: argparse.Namespace, hold_days: int = 365):
    from samaritan.cli.evidence_store import open_store_for

    return open_store_for(args, hold_days)


def _webhook_policy(args: argparse.Namespace):
    from samaritan.service.settings import WebhookPolicy

    return WebhookPolicy.from_env(
        getattr(args, "webhook_allow_http", False), tuple(getattr(args, "webhook_allow_host", ()))
    )


def _signals_key() -> bytes | None:
    """The shared contact-signals key (SAMARITAN_SIGNALS_KEY), checked; None when not set."""
    key = os.environ.get("SAMARITAN_SIGNALS_KEY")
    if not key:
        return None
    from samaritan.signals.codec import check_key

    return check_key(key.encode())


def _data_named(args: argparse.Namespace) -> bool:
    """Is there a data directory to use: always on SQLite; with a database URL only when the
    operator named one (flag, environment or settings file), not the default."""
    settings = getattr(args, "settings", None)
    if settings is None or settings.database_url is None:
        return bool(args.data)
    return getattr(args, "setting_sources", {}).get("data_dir", "default") != "default"


def cmd_serve(args: argparse.Namespace, screener_from) -> int:
    from samaritan.cli.exits import ensure_port_free
    from samaritan.service.server import data_dir, serve
    from samaritan.service.settings import ServiceSettings

    ensure_port_free(args.host, args.port)  # before the engine and the store start
    screener = screener_from(args)
    store = _store(args, screener.policy.retention.hold_days)
    settings = ServiceSettings(
        max_body=args.max_body or (1 << 20),
        webhooks=_webhook_policy(args),
        # With a database URL the data directory is only the snapshot's: used when named.
        data_dir=data_dir(args.data) if _data_named(args) else None,
        snapshot_every_s=args.snapshot_every,
        workers=args.workers,
        work_budget_s=args.work_budget,
        metrics=bool(getattr(args, "metrics", False)),
        log_format=getattr(args, "log_format", None) or "text",
        access_log=bool(args.access_log),
        signals_key=_signals_key(),
    )
    serve(store, screener, args.host, args.port, access_log=args.access_log, settings=settings,
          on_app=lambda app: attach_desk(app, store, args))  # fmt: skip
    return 0


def attach_desk(app, store, args: argparse.Namespace) -> None:
    """The console's reporting desk: drafts under <data dir>/reports, the reporter file from the
    `reporter_config` setting (or SAMARITAN_REPORTER_CONFIG when the desk looks)."""
    from samaritan.report.desk import ReportDesk
    from samaritan.service.server import data_dir

    reporter = getattr(getattr(args, "settings", None), "reporter_config", None)
    app.state.console.desk = ReportDesk(store, data_dir(args.data) / "reports", reporter)


def cmd_keys(args: argparse.Namespace) -> int:
    store = _store(args)
    if args.keys_command == "create":
        scopes = tuple(s.strip() for s in args.scopes.split(",") if s.strip())
        from samaritan.evidence import StoreError

        try:
            token = store.create_key(args.platform, scopes, args.label or "")
        except StoreError as exc:
            raise ValueError(str(exc)) from exc
        print(token)
        print(f"API key for platform '{args.platform}' ({', '.join(sorted(set(scopes)))}); it is shown only this once.",
              file=sys.stderr)  # fmt: skip
    elif args.keys_command == "list":
        for key in store.list_keys():
            state = f"revoked {key['revoked_at']}" if key["revoked_at"] else "active"
            print(f"{key['key_id']}  {key['platform']}  {key['scopes']}  {key['created_at']}  {state}  {key['label']}")
    elif args.keys_command == "revoke":
        if not store.revoke_key(args.key_id):
            raise ValueError(f"no key with id {args.key_id}")
        print(f"revoked {args.key_id}", file=sys.stderr)
    store.close()
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from samaritan.cli.evidence_store import settings_of

    settings = settings_of(args)
    if args.audit_command == "keygen":
        return _audit_keygen(args.out or settings.audit_key)
    if args.audit_command == "checkpoint":
        return _audit_checkpoint(args, settings.audit_key, settings.checkpoint_dir)
    store = _store(args)
    try:
        report = store.verify(args.checkpoints, args.public_key)
    finally:
        store.close()
    if args.json:
        print(orjson.dumps(report).decode())
    if report["ok"]:
        if not args.json:
            print(f"audit chain intact: {report['entries']} entries; every covered row and all held evidence "
                  "match it" + (f"; {report['checkpoints']}" if report.get("checkpoints") else ""))  # fmt: skip
        return 0
    where = f" [first bad entry: seq {report['seq']}, table {report['table']}, row {report['row']}]"
    print(f"samaritan audit verify: FAILED: {report['problem']}{where if report['seq'] or report['table'] else ''}"
          f" ({report['failures']} problem(s) in all)", file=sys.stderr)  # fmt: skip
    return 4


def _audit_keygen(path) -> int:
    from samaritan.evidence import StoreError
    from samaritan.evidence.checkpoints import generate_key

    if path is None:
        raise ValueError("say where to write the key: --out FILE (or the audit_key setting)")
    try:
        public = generate_key(path)
    except StoreError as exc:
        raise ValueError(str(exc)) from exc
    print(f"audit signing key written to {path} (mode 0600); public key {public}", file=sys.stderr)
    return 0


def _audit_checkpoint(args: argparse.Namespace, env_key, env_dir) -> int:
    from samaritan.evidence import StoreError

    key, out = args.key or env_key, args.out or env_dir
    if key is None or out is None:
        raise ValueError("a checkpoint needs --key FILE and --out DIR (or the audit_key and checkpoint_dir settings)")
    store = _store(args)
    try:
        path = store.checkpoint(key, out)
    except StoreError as exc:
        raise ValueError(str(exc)) from exc
    finally:
        store.close()
    print(f"checkpoint written: {path}" if path else f"nothing new to sign since the last checkpoint in {out}")
    return 0


def cmd_purge(args: argparse.Namespace, screener_from) -> int:
    from samaritan.evidence import StoreError

    when = datetime.fromisoformat(args.now.replace("Z", "+00:00")).astimezone(UTC) if args.now else None
    store = _store(args)
    try:
        result = store.purge(when)
    except StoreError as exc:
        print(f"samaritan purge: {exc}", file=sys.stderr)
        return 4
    finally:
        store.close()
    print(f"purged {result['purged']} ad revisions past their retention ({result.get('blobs', 0)} evidence files)")
    return 0


def cmd_rescreen(args: argparse.Namespace, screener_from) -> int:
    from samaritan.service.screening import ScreeningService

    screener = screener_from(args)
    store = _store(args, screener.policy.retention.hold_days)
    service = ScreeningService(store, screener)
    added = seen = 0
    for platform, ad_id in store.latest_ads(args.platform):
        seen += 1
        result = service.rescreen(platform, ad_id, "cli", force=args.force)
        added += bool(result and result[1])
    store.close()
    print(f"re-screened {seen} ads: {added} new verdicts (versions {screener.versions})")
    return 0


def cmd_webhooks(args: argparse.Namespace) -> int:
    store = _store(args)
    if args.webhooks_command == "set":
        from samaritan.cli.exits import USAGE, CliFailure
        from samaritan.service import urlguard

        try:
            urlguard.check(args.url, _webhook_policy(args))
        except urlguard.UrlRefused as exc:
            store.close()
            raise CliFailure(f"webhook URL refused: {exc}", USAGE) from exc
        secret = store.set_webhook(args.platform, args.url, "cli")
        print(secret)
        print("webhook signing secret; it is shown only this once", file=sys.stderr)
    else:
        for row in store.outbox(args.platform):
            state = "delivered" if row["delivered_at"] else ("dead" if row["dead"] else "pending")
            print(f"{row['pk']}  {row['platform']}  {row['event']}  {state}  attempts={row['attempts']}  "
                  f"{row['last_error'] or ''}")  # fmt: skip
    store.close()
    return 0


def _webhook_options(p) -> None:
    p.add_argument(
        "--webhook-allow-http",
        action="store_true",
        help="allow plain http webhook URLs (testing only; also $SAMARITAN_WEBHOOK_ALLOW_HTTP=1)",
    )
    p.add_argument("--webhook-allow-host", action="append", default=[], metavar="HOST",
                   help="a webhook host exempt from the public-address check (repeatable; also "
                   "$SAMARITAN_WEBHOOK_ALLOW_HOSTS=a,b)")  # fmt: skip


def _serve_parser(sub, data_option, add_engine_options, screener_from) -> None:
    p = sub.add_parser("serve", help="the HTTP API on one port (embedded SQLite, or PostgreSQL by URL)")
    data_option(p)
    p.add_argument("--host", default=None, help="address to listen on (setting host; default 127.0.0.1)")
    p.add_argument("--port", type=int, default=None, help="port to listen on (setting port; default 8470)")
    p.add_argument("--max-body", type=int, default=None, help="largest single-ad body in bytes (default 1 MiB)")
    p.add_argument("--access-log", action="store_true",
                   help="log each request: method, route template, status, latency, request id (setting access_log)")
    p.add_argument("--metrics", action="store_true", help="serve Prometheus metrics at /metrics (setting metrics)")
    p.add_argument("--log-format", choices=["text", "json"], default=None,
                   help="log lines as text or JSON objects (setting log_format; default text)")  # fmt: skip
    p.add_argument(
        "--snapshot-every",
        type=float,
        default=300.0,
        help="seconds between link index snapshots in the data directory (default 300)",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=2,
        help="worker processes for screening and link keys, each ad within --work-budget "
        "(default 2; 0 runs them in the server's threads)",
    )
    p.add_argument(
        "--work-budget",
        type=float,
        default=5.0,
        help="seconds of screening one ad may take before its worker is stopped (422 over_budget)",
    )
    _webhook_options(p)
    add_engine_options(p)
    p.set_defaults(func=lambda a: cmd_serve(a, screener_from))


def add_parsers(sub, add_engine_options, screener_from) -> None:
    def data_option(p, nested: bool = False):
        # On a sub-command, SUPPRESS keeps `keys --data X create` from being reset by the child.
        p.add_argument("--data", default=argparse.SUPPRESS if nested else None,
                       help="data directory (default $SAMARITAN_DATA_DIR or ./samaritan-data); "
                       "ignored when SAMARITAN_DATABASE_URL is set")  # fmt: skip

    _serve_parser(sub, data_option, add_engine_options, screener_from)

    p = sub.add_parser("keys", help="API keys per platform")
    data_option(p)
    keys = p.add_subparsers(dest="keys_command", required=True)
    k = keys.add_parser("create", help="create a key for a platform; prints it once")
    k.add_argument("--platform", required=True, help="the platform the key screens and reads for")
    k.add_argument("--scopes", default="screen,read,review", help="comma list of screen, read, review, admin")
    k.add_argument("--label", help="a note to recognise the key by")
    data_option(k, nested=True)
    k = keys.add_parser("list", help="list keys (never the secrets)")
    data_option(k, nested=True)
    k = keys.add_parser("revoke", help="revoke a key by its id")
    k.add_argument("key_id")
    data_option(k, nested=True)
    p.set_defaults(func=cmd_keys)

    p = sub.add_parser("audit", help="the hash-chained audit log")
    data_option(p)
    audit = p.add_subparsers(dest="audit_command", required=True)
    a = audit.add_parser("verify", help="exit 0 when the chain, every covered row and all held evidence are "
                         "intact (and match the signed checkpoints, if given), 4 otherwise")  # fmt: skip
    data_option(a, nested=True)
    a.add_argument("--json", action="store_true", help="print the result as JSON")
    a.add_argument("--checkpoints", metavar="DIR", help="signed checkpoints to check the chain against "
                   "(default: the checkpoint_dir setting, when the store writes them)")  # fmt: skip
    a.add_argument("--public-key", metavar="FILE", help="the platform's public key (or its key file) to pin")
    a = audit.add_parser("checkpoint", help="sign the chain head and write it outside the database")
    data_option(a, nested=True)
    a.add_argument("--key", type=Path, help="Ed25519 key file (default: the audit_key setting)")
    a.add_argument("--out", type=Path, help="checkpoint directory (default: the checkpoint_dir setting)")
    a = audit.add_parser("keygen", help="make an Ed25519 signing key file (0600) and its .pub")
    a.add_argument("--out", type=Path, help="key file to create (default: the audit_key setting)")
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("purge", help="delete evidence past its retention (held ads are kept); refused, exit 4, "
                       "when the store does not verify; audited with the real time")  # fmt: skip
    data_option(p)
    p.add_argument("--now", help="purge as of this ISO time instead of now (for planning and tests)")
    p.set_defaults(func=lambda a: cmd_purge(a, screener_from))

    p = sub.add_parser("rescreen", help="screen stored ads again after a lexicon, model or policy change")
    data_option(p)
    p.add_argument("--platform", help="only this platform's ads")
    p.add_argument("--force", action="store_true", help="add a verdict even when the versions are unchanged")
    add_engine_options(p)
    p.set_defaults(func=lambda a: cmd_rescreen(a, screener_from))

    p = sub.add_parser("webhooks", help="webhook settings and delivery state")
    data_option(p)
    hooks = p.add_subparsers(dest="webhooks_command", required=True)
    h = hooks.add_parser("set", help="set a platform's webhook URL; prints the signing secret once")
    h.add_argument("--platform", required=True, help="the platform whose events go to URL")
    h.add_argument("--url", required=True, help="the https URL that receives signed events")
    _webhook_options(h)
    data_option(h, nested=True)
    h = hooks.add_parser("status", help="list queued and delivered events")
    h.add_argument("--platform", help="only this platform")
    data_option(h, nested=True)
    p.set_defaults(func=cmd_webhooks)
