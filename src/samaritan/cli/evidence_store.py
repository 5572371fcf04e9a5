"""Open the evidence store from the operator's settings (samaritan/settings.py: samaritan.toml,
SAMARITAN_* variables, flags). The store itself reads no environment."""

from __future__ import annotations

from typing import Any

from samaritan.settings import Settings, load_settings


def settings_of(args: Any) -> Settings:
    settings = getattr(args, "settings", None)
    return settings if settings is not None else load_settings(getattr(args, "config", None))[0]


def open_store_for(args: Any, hold_days: int = 365):
    """The store named by --data / data_dir or database_url, with SQLite sync mode and periodic
    audit checkpoints (when both audit_key and checkpoint_dir are set) from the settings."""
    from samaritan.cli.exits import DATABASE_UNREACHABLE, CliFailure
    from samaritan.evidence import StoreError, StoreSettings, open_store

    s = settings_of(args)
    periodic = s.audit_key is not None and s.checkpoint_dir is not None
    try:
        store_settings = StoreSettings(
            sqlite_synchronous=s.sqlite_sync,
            hold_days=hold_days,
            checkpoint_dir=s.checkpoint_dir if periodic else None,
            checkpoint_key=s.audit_key if periodic else None,
            checkpoint_every=s.checkpoint_every,
            checkpoint_minutes=s.checkpoint_minutes,
        )
        data = getattr(args, "data", None) or s.data_dir
        return open_store(data, s.database_url, hold_days=hold_days, settings=store_settings)
    except StoreError as exc:
        raise CliFailure(str(exc), DATABASE_UNREACHABLE) from exc


def webhook_policy(args: Any) -> Any:
    """Where webhooks may go: the --webhook-allow-* flags add to the webhook_allow_* settings."""
    from samaritan.service.settings import WebhookPolicy

    settings = settings_of(args)
    return WebhookPolicy.of(
        bool(getattr(args, "webhook_allow_http", False)) or settings.webhook_allow_http,
        (*getattr(args, "webhook_allow_host", ()), *settings.webhook_allow_hosts),
    )


def signals_key(args: Any) -> bytes | None:
    """The contact-signals key shared with other platforms (the signals_key setting), checked
    (at least 16 bytes); None when not set."""
    key = settings_of(args).signals_key
    if key is None or not key.get_secret_value():
        return None
    from samaritan.signals.codec import check_key

    return check_key(key.get_secret_value().encode())
