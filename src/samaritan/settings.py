"""Every operator setting in one validated object.

Sources, lowest to highest precedence: the defaults here, a `samaritan.toml` file (in the working
directory, or named by `--config FILE` / `SAMARITAN_CONFIG`; YAML works too), `SAMARITAN_*`
environment variables, then command-line flags. A bad value is an error naming the setting and where
it came from. `samaritan config show` lists each value with its source.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

ENV_PREFIX = "SAMARITAN_"
DEFAULT_FILES = ("samaritan.toml", "samaritan.yaml")


class SettingsError(ValueError):
    pass


class Settings(BaseModel):
    """Documented in the README's settings table (tests/test_settings.py keeps the two equal)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    data_dir: Path = Field(Path("samaritan-data"), description="evidence store directory (embedded SQLite)")
    database_url: str | None = Field(None, description="PostgreSQL URL; when set, used instead of data_dir")
    sqlite_sync: Literal["OFF", "NORMAL", "FULL", "EXTRA"] = Field("NORMAL", description="SQLite synchronous pragma")
    host: str = Field("127.0.0.1", description="address `serve` listens on")
    port: int = Field(8470, ge=1, le=65535, description="port `serve` listens on")
    max_body: int = Field(1 << 20, ge=1024, le=64 << 20, description="largest single-ad body in bytes")
    access_log: bool = Field(False, description="log each request: method, route template, status, latency, request id")
    metrics: bool = Field(False, description="serve Prometheus metrics at /metrics")
    log_format: Literal["text", "json"] = Field("text", description="log lines as text or JSON")
    tracing: Literal["off", "console", "otlp"] = Field(
        "off", description="OpenTelemetry traces of `serve`: off, console (stderr) or otlp (needs samaritan[otel])"
    )
    region: str = Field("US", description="default phone region (ISO 3166 alpha-2)")
    lexicon: Path | None = Field(None, description="directory of rule files (default: the packaged lexicon)")
    lexicon_extra: Path | None = Field(None, description="one rule file added on top of the lexicon")
    weights: Path | None = Field(None, description="scoring weights YAML (default: packaged)")
    policy: Path | None = Field(None, description="decision policy YAML (default: packaged)")
    model: Path | None = Field(None, description="learned model directory (default: packaged)")
    reporter_config: Path | None = Field(None, description="the platform's reporter file for `samaritan report`")
    audit_key: Path | None = Field(None, description="Ed25519 key file that signs audit checkpoints")
    checkpoint_dir: Path | None = Field(None, description="where signed audit checkpoints are written")
    checkpoint_every: int = Field(1000, ge=1, description="audit entries between periodic checkpoints")
    checkpoint_minutes: float = Field(10.0, gt=0, description="minutes between periodic checkpoints")

    @field_validator("region")
    @classmethod
    def _known_region(cls, value: str) -> str:
        import phonenumbers

        region = value.upper()
        if region not in phonenumbers.SUPPORTED_REGIONS:
            raise ValueError(f"unknown region {value!r}: use an ISO 3166 alpha-2 code such as US, GB, IN, AU")
        return region


def env_name(field: str) -> str:
    return ENV_PREFIX + field.upper()


def _read_file(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise SettingsError(f"cannot read the settings file {path}: {exc.strerror}") from exc
    try:
        data = tomllib.loads(text) if path.suffix == ".toml" else yaml.safe_load(text)
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        raise SettingsError(f"{path}: not valid {'TOML' if path.suffix == '.toml' else 'YAML'}: {exc}") from exc
    data = data or {}
    if not isinstance(data, dict):
        raise SettingsError(f"{path}: the settings file must be a table of settings")
    section = data.get("samaritan", data)  # [samaritan] table, or settings at the top level
    unknown = sorted(set(section) - set(Settings.model_fields))
    if unknown:
        raise SettingsError(f"{path}: unknown setting {unknown[0]!r}; known: {', '.join(Settings.model_fields)}")
    return dict(section)


def settings_file(explicit: str | Path | None = None, cwd: Path | None = None) -> Path | None:
    if explicit:
        return Path(explicit)
    if os.environ.get("SAMARITAN_CONFIG"):
        return Path(os.environ["SAMARITAN_CONFIG"])
    for name in DEFAULT_FILES:
        candidate = (cwd or Path.cwd()) / name
        if candidate.is_file():
            return candidate
    return None


def load_settings(
    config: str | Path | None = None, overrides: dict[str, Any] | None = None, environ: dict[str, str] | None = None
) -> tuple[Settings, dict[str, str]]:
    """The settings and, for each, where its value came from ("default", the file, "env NAME", "flag")."""
    env: Mapping[str, str] = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    sources = dict.fromkeys(Settings.model_fields, "default")
    path = settings_file(config)
    if path is not None:
        for key, value in _read_file(path).items():
            values[key], sources[key] = value, str(path)
    for key in Settings.model_fields:
        name = env_name(key)
        if name in env:
            values[key], sources[key] = env[name], f"env {name}"
    for key, value in (overrides or {}).items():
        if value is not None:
            values[key], sources[key] = value, "flag"
    try:
        return Settings.model_validate(values), sources
    except ValidationError as exc:
        first = exc.errors()[0]
        key = str(first["loc"][0]) if first["loc"] else "?"
        raise SettingsError(f"setting {key} (from {sources.get(key, '?')}): {first['msg']}") from exc
