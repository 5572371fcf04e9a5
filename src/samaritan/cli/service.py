"""Commands that keep state (contract §3): serve, keys, audit, purge, rescreen, webhooks.
Each takes --data DIR (or SAMARITAN_DATA_DIR), or uses SAMARITAN_DATABASE_URL when set. Every value
comes from the settings (samaritan/settings.py); nothing here reads the environment."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import click
import orjson

from samaritan.cli.helptext import COMMAND_EXAMPLES
from samaritan.cli.kit import PATH, Args, arg, command, data_option, engine_options, group, opt, screener_from


def _store(args: Args, hold_days: int = 365):
    from samaritan.cli.evidence_store import open_store_for

    return open_store_for(args, hold_days)


def _data_named(args: Args) -> bool:
    """Is there a data directory to use: always on SQLite; with a database URL only when the
    operator named one (flag, environment or settings file), not the default."""
    settings = getattr(args, "settings", None)
    if settings is None or settings.database_url is None:
        return bool(args.data)
    return getattr(args, "setting_sources", {}).get("data_dir", "default") != "default"


def _model_dir(args: Args) -> Path | None:
    """The model directory to watch for a new model (hot reload); None for rules only or the
    packaged model, which cannot change while the server runs."""
    from samaritan.cli.evidence_store import settings_of

    model = getattr(args, "model", None) or settings_of(args).model
    if not model or model in ("default", "none"):
        return None
    return Path(model)


def cmd_serve(args: Args) -> int:
    from samaritan.cli.evidence_store import settings_of, signals_key, webhook_policy
    from samaritan.cli.exits import ensure_port_free
    from samaritan.cli.kit import check_engine_files, engine_dict
    from samaritan.service.server import serve
    from samaritan.service.settings import ServiceSettings

    ensure_port_free(args.host, args.port)  # before the engine and the store start
    _start_tracing(getattr(args, "tracing", None) or "off")
    check_engine_files(engine_dict(args), getattr(args, "setting_sources", {}))  # before listening, too

    def parts():  # the slow part: `serve` calls it after it listens (#12)
        screener = screener_from(args)
        return _store(args, screener.policy.retention.hold_days), screener

    settings = ServiceSettings(
        max_body=args.max_body or (1 << 20),
        webhooks=webhook_policy(args),
        # With a database URL the data directory is only the snapshot's: used when named.
        data_dir=local_dir(args) if _data_named(args) else None,
        snapshot_every_s=args.snapshot_every,
        workers=args.workers,
        work_budget_s=args.work_budget,
        metrics=bool(getattr(args, "metrics", False)),
        log_format=getattr(args, "log_format", None) or "text",
        access_log=bool(args.access_log),
        server_timing=settings_of(args).server_timing,
        signals_key=signals_key(args),
        model_dir=_model_dir(args),
    )
    serve(parts, args.host, args.port, access_log=args.access_log, settings=settings,
          on_app=lambda app: _on_app(app, app.state.service.store, args))  # fmt: skip
    return 0


def _start_tracing(mode: str) -> None:
    if mode == "off":
        return
    from samaritan.cli.exits import CliFailure
    from samaritan.service import tracing

    try:
        tracing.configure(mode)
    except tracing.TracingUnavailable as exc:
        raise CliFailure(str(exc)) from exc


def _on_app(app, store, args: Args) -> None:
    attach_desk(app, store, args)
    if getattr(args, "tracing", "off") != "off":
        from samaritan.service import tracing

        tracing.attach(app)


def local_dir(args: Args) -> Path:
    """The data directory from the settings (flag, SAMARITAN_DATA_DIR, the file, or the default):
    the SQLite store, or with a database URL the server's local working files."""
    from samaritan.cli.evidence_store import settings_of

    return Path(getattr(args, "data", None) or settings_of(args).data_dir)


def attach_desk(app, store, args: Args) -> None:
    """The console's reporting desk: drafts under <data dir>/reports, the reporter file from the
    `reporter_config` setting."""
    from samaritan.cli.evidence_store import settings_of
    from samaritan.report.desk import ReportDesk

    app.state.console.desk = ReportDesk(store, local_dir(args) / "reports", settings_of(args).reporter_config)


def cmd_keys(args: Args, action: str) -> int:
    store = _store(args)
    if action == "create":
        scopes = tuple(s.strip() for s in args.scopes.split(",") if s.strip())
        from samaritan.evidence import StoreError

        try:
            token = store.create_key(args.platform, scopes, args.label or "")
        except StoreError as exc:
            raise ValueError(str(exc)) from exc
        print(token)
        print(f"API key for platform '{args.platform}' ({', '.join(sorted(set(scopes)))}); it is shown only this once.",
              file=sys.stderr)  # fmt: skip
    elif action == "list":
        for key in store.list_keys():
            state = f"revoked {key['revoked_at']}" if key["revoked_at"] else "active"
            print(f"{key['key_id']}  {key['platform']}  {key['scopes']}  {key['created_at']}  {state}  {key['label']}")
    elif action == "revoke":
        if not store.revoke_key(args.key_id):
            raise ValueError(f"no key with id {args.key_id}")
        print(f"revoked {args.key_id}", file=sys.stderr)
    store.close()
    return 0


def cmd_audit(args: Args, action: str) -> int:
    from samaritan.cli.evidence_store import settings_of

    settings = settings_of(args)
    if action == "keygen":
        return _audit_keygen(args.out or settings.audit_key)
    if action == "checkpoint":
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


def _audit_checkpoint(args: Args, env_key, env_dir) -> int:
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


def cmd_purge(args: Args) -> int:
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


def cmd_rescreen(args: Args) -> int:
    from samaritan.service.screening import ScreeningService

    screener = screener_from(args)
    store = _store(args, screener.policy.retention.hold_days)
    service = ScreeningService(store, screener)
    from samaritan.cli import progress

    added = seen = 0
    targets = list(store.latest_ads(args.platform))  # the store reads them all at once anyway
    for platform, ad_id in progress.over(targets, "rescreen", len(targets)):
        seen += 1
        result = service.rescreen(platform, ad_id, "cli", force=args.force)
        added += bool(result and result[1])
    store.close()
    print(f"re-screened {seen} ads: {added} new verdicts (versions {screener.versions})")
    return 0


def cmd_webhooks(args: Args, action: str) -> int:
    store = _store(args)
    if action == "set":
        from samaritan.cli.evidence_store import webhook_policy
        from samaritan.cli.exits import USAGE, CliFailure
        from samaritan.service import urlguard

        try:
            urlguard.check(args.url, webhook_policy(args))
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


def _webhook_options(func):
    hosts = opt("--webhook-allow-host", "webhook_allow_host", multiple=True, metavar="HOST",
                env="SAMARITAN_WEBHOOK_ALLOW_HOSTS",
                help="a webhook host exempt from the public-address check "
                "(repeatable; the variable takes a,b)")  # fmt: skip
    http = opt("--webhook-allow-http", is_flag=True, env="SAMARITAN_WEBHOOK_ALLOW_HTTP",
               help="allow plain http webhook URLs (testing only; the variable takes 1)")  # fmt: skip
    return http(hosts(func))


_DB = "; ignored when SAMARITAN_DATABASE_URL is set"


def _serve_command(cli: click.Group) -> None:
    @command(cli, "serve", "the HTTP API on one port (embedded SQLite, or PostgreSQL by URL)",
             examples=COMMAND_EXAMPLES["serve"])  # fmt: skip
    @data_option(note="; with a database URL, only local files: link index snapshot, report drafts")
    @opt("--host", setting="host", help="address to listen on")
    @opt("--port", type=int, setting="port", help="port to listen on")
    @opt("--max-body", type=int, setting="max_body", help="largest single-ad body in bytes")
    @opt("--access-log", is_flag=True, setting="access_log",
         help="log each request: method, route template, status, latency, request id")  # fmt: skip
    @opt("--metrics", is_flag=True, setting="metrics", help="serve Prometheus metrics at /metrics")
    @opt("--log-format", type=click.Choice(["text", "json"]), setting="log_format",
         help="log lines as text or JSON objects")  # fmt: skip
    @opt("--tracing", type=click.Choice(["off", "console", "otlp"]), setting="tracing",
         help="OpenTelemetry traces: console (stderr) or otlp (OTEL_EXPORTER_OTLP_*); "
         "needs samaritan[otel]")  # fmt: skip
    @opt("--snapshot-every", type=float, default=300.0,
         help="seconds between link index snapshots in the data directory")  # fmt: skip
    @opt("--workers", type=int, default=2, help="worker processes for screening and link keys, each ad within "
         "--work-budget (0 runs them in the server's threads)")  # fmt: skip
    @opt("--work-budget", type=float, default=5.0,
         help="seconds of screening one ad may take before its worker is stopped (422 over_budget)")  # fmt: skip
    @_webhook_options
    @engine_options
    def serve(args: Args) -> int:
        return cmd_serve(args)


def _keys_commands(cli: click.Group) -> None:
    @group(cli, "keys", "API keys per platform", examples=COMMAND_EXAMPLES["keys"])
    @data_option(note=_DB)
    def keys() -> None:
        pass

    @command(keys, "create", "create a key for a platform; prints it once")
    @opt("--platform", required=True, help="the platform the key screens and reads for")
    @opt("--scopes", default="screen,read,review", help="comma list of screen, read, review, admin")
    @opt("--label", help="a note to recognise the key by")
    @data_option(note=_DB)
    def create(args: Args) -> int:
        return cmd_keys(args, "create")

    @command(keys, "list", "list keys (never the secrets)")
    @data_option(note=_DB)
    def list_(args: Args) -> int:
        return cmd_keys(args, "list")

    @command(keys, "revoke", "revoke a key by its id", arguments={"KEY_ID": "the key's id (keys list)"})
    @arg("key_id")
    @data_option(note=_DB)
    def revoke(args: Args) -> int:
        return cmd_keys(args, "revoke")


def _audit_commands(cli: click.Group) -> None:
    @group(cli, "audit", "the hash-chained audit log", examples=COMMAND_EXAMPLES["audit"])
    @data_option(note=_DB)
    def audit() -> None:
        pass

    @command(audit, "verify", "exit 0 when the chain, every covered row and all held evidence are intact (and "
             "match the signed checkpoints, if given), 4 otherwise")  # fmt: skip
    @data_option(note=_DB)
    @opt("--json", is_flag=True, help="print the result as JSON")
    @opt("--checkpoints", type=PATH, metavar="DIR", help="signed checkpoints to check the chain against "
         "(default: the checkpoint_dir setting, when the store writes them)")  # fmt: skip
    @opt("--public-key", type=PATH, metavar="FILE", help="the platform's public key (or its key file) to pin")
    def verify(args: Args) -> int:
        return cmd_audit(args, "verify")

    @command(audit, "checkpoint", "sign the chain head and write it outside the database")
    @data_option(note=_DB)
    @opt("--key", type=click.Path(path_type=Path), env="SAMARITAN_AUDIT_KEY",
         help="Ed25519 key file (default: the audit_key setting)")  # fmt: skip
    @opt("--out", type=click.Path(path_type=Path), env="SAMARITAN_CHECKPOINT_DIR",
         help="checkpoint directory (default: the checkpoint_dir setting)")  # fmt: skip
    def checkpoint(args: Args) -> int:
        return cmd_audit(args, "checkpoint")

    @command(audit, "keygen", "make an Ed25519 signing key file (0600) and its .pub")
    @opt("--out", type=click.Path(path_type=Path), env="SAMARITAN_AUDIT_KEY",
         help="key file to create (default: the audit_key setting)")  # fmt: skip
    def keygen(args: Args) -> int:
        return cmd_audit(args, "keygen")


def _store_commands(cli: click.Group) -> None:
    @command(cli, "purge", "delete evidence past its retention (held ads are kept); refused, exit 4, when the "
             "store does not verify; audited with the real time", examples=COMMAND_EXAMPLES["purge"])  # fmt: skip
    @data_option(note=_DB)
    @opt("--now", help="purge as of this ISO time instead of now (for planning and tests)")
    def purge(args: Args) -> int:
        return cmd_purge(args)

    @command(cli, "rescreen", "screen stored ads again after a lexicon, model or policy change",
             examples=COMMAND_EXAMPLES["rescreen"])  # fmt: skip
    @data_option(note=_DB)
    @opt("--platform", help="only this platform's ads")
    @opt("--force", is_flag=True, help="add a verdict even when the versions are unchanged")
    @engine_options
    def rescreen(args: Args) -> int:
        return cmd_rescreen(args)

    @group(cli, "webhooks", "webhook settings and delivery state", examples=COMMAND_EXAMPLES["webhooks"])
    @data_option(note=_DB)
    def webhooks() -> None:
        pass

    @command(webhooks, "set", "set a platform's webhook URL; prints the signing secret once")
    @opt("--platform", required=True, help="the platform whose events go to URL")
    @opt("--url", required=True, help="the https URL that receives signed events")
    @_webhook_options
    @data_option(note=_DB)
    def set_(args: Args) -> int:
        return cmd_webhooks(args, "set")

    @command(webhooks, "status", "list queued and delivered events")
    @opt("--platform", help="only this platform")
    @data_option(note=_DB)
    def status(args: Args) -> int:
        return cmd_webhooks(args, "status")


def add_commands(cli: click.Group) -> None:
    _serve_command(cli)
    _keys_commands(cli)
    _audit_commands(cli)
    _store_commands(cli)
