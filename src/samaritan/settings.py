"""Every operator setting in one validated object (pydantic-settings).

Sources, lowest to highest precedence: the defaults here, a `samaritan.toml` file (in the working
directory, or named by `--config FILE` / `SAMARITAN_CONFIG`; YAML works too; settings under a
`[samaritan]` table or at the top level), `SAMARITAN_*` environment variables, then command-line
flags (the init keywords). A bad value is an error naming the setting and where it came from.
`samaritan config show` lists each value with its source.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    InitSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
    YamlConfigSettingsSource,
)

ENV_PREFIX = "SAMARITAN_"
DEFAULT_FILES = ("samaritan.toml", "samaritan.yaml")


class SettingsError(ValueError):
    pass


class Settings(BaseSettings):
    """Documented in the README's settings table (tests/test_settings.py keeps the two equal)."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="forbid", frozen=True)

    data_dir: Path = Field(
        Path("samaritan-data"),
        description="evidence store directory (embedded SQLite); with `database_url` set, only local working "
        "files: report drafts, and the link index snapshot when data_dir is set explicitly",
    )
    database_url: str | None = Field(None, description="PostgreSQL URL; when set, used instead of data_dir")
    sqlite_sync: Literal["OFF", "NORMAL", "FULL", "EXTRA"] = Field("NORMAL", description="SQLite synchronous pragma")
    host: str = Field("127.0.0.1", description="address `serve` listens on")
    port: int = Field(8470, ge=1, le=65535, description="port `serve` listens on")
    max_body: int = Field(1 << 20, ge=1024, le=64 << 20, description="largest single-ad body in bytes")
    access_log: bool = Field(False, description="log each request: method, route template, status, latency, request id")
    server_timing: bool = Field(False, description="a Server-Timing header (app time, screening CPU) for benchmarks")
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
    model: Path | None = Field(
        None, description="learned model: a directory, default (the packaged model, used when unset) or none"
    )
    reporter_config: Path | None = Field(None, description="the platform's reporter file for `samaritan report`")
    audit_key: Path | None = Field(None, description="Ed25519 key file that signs audit checkpoints")
    checkpoint_dir: Path | None = Field(None, description="where signed audit checkpoints are written")
    checkpoint_every: int = Field(1000, ge=1, description="audit entries between periodic checkpoints")
    checkpoint_minutes: float = Field(10.0, gt=0, description="minutes between periodic checkpoints")
    signals_key: SecretStr | None = Field(
        None, description="key shared with other platforms for contact signals (at least 16 bytes); never shown"
    )
    webhook_allow_http: bool = Field(False, description="allow plain http webhook URLs (testing only)")
    # NoDecode: the variable is a comma list (a,b), not JSON.
    webhook_allow_hosts: Annotated[tuple[str, ...], NoDecode] = Field(
        (), description="webhook hosts exempt from the public-address check (comma list)"
    )

    @field_validator("region")
    @classmethod
    def _known_region(cls, value: str) -> str:
        import phonenumbers

        region = value.upper()
        if region not in phonenumbers.SUPPORTED_REGIONS:
            raise ValueError(f"unknown region {value!r}: use an ISO 3166 alpha-2 code such as US, GB, IN, AU")
        return region

    @field_validator("webhook_allow_hosts", mode="before")
    @classmethod
    def _host_list(cls, value: Any) -> Any:
        return tuple(h.strip() for h in value.split(",") if h.strip()) if isinstance(value, str) else value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Flags, then the environment, then the settings file; each source notes the keys it gave."""
        load = _LOAD.get() or _Load(settings_file(), os.environ)
        chain: list[PydanticBaseSettingsSource] = [
            _Traced(init_settings, lambda _key: "flag", load.sources),
            _Traced(_Environment(settings_cls, load.environ), env_name_of, load.sources),
        ]
        if load.config is not None:
            where = str(load.config)
            chain.append(_Traced(_file_source(settings_cls, load.config), lambda _key: where, load.sources))
        return tuple(chain)


def env_name(field: str) -> str:
    return ENV_PREFIX + field.upper()


def env_name_of(field: str) -> str:
    return "env " + env_name(field)


@dataclass
class _Load:
    """One loading: the file and environment to read, and the source of each value found."""

    config: Path | None
    environ: Mapping[str, str]
    sources: dict[str, str] = field(default_factory=dict)


# How load_settings hands its file and environment to settings_customise_sources, which takes none.
_LOAD: ContextVar[_Load | None] = ContextVar("samaritan_settings_load", default=None)


@contextmanager
def _loading(load: _Load) -> Iterator[_Load]:
    token = _LOAD.set(load)
    try:
        yield load
    finally:
        _LOAD.reset(token)


class _Environment(EnvSettingsSource):
    """SAMARITAN_* variables from the mapping given to load_settings (os.environ by default)."""

    def __init__(self, settings_cls: type[BaseSettings], environ: Mapping[str, str]):
        self._environ = environ  # before super().__init__, which reads the variables
        super().__init__(settings_cls)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        # An empty variable is unset (`SAMARITAN_MODEL= samaritan screen` is the rules path), as
        # shells leave it when clearing one; read as a value it named the current directory.
        found = {key: value for key, value in self._environ.items() if value != ""}
        if self.case_sensitive:
            return found
        return {key.lower(): value for key, value in found.items()}


class _Traced(PydanticBaseSettingsSource):
    """A source that records, for each key it supplies, where the value came from. The sources run
    highest precedence first, so the first to name a key is the one whose value stands."""

    def __init__(self, inner: PydanticBaseSettingsSource, label: Callable[[str], str], into: dict[str, str]):
        super().__init__(inner.settings_cls)
        self.inner, self.label, self.into = inner, label, into

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return self.inner.get_field_value(field, field_name)

    def __call__(self) -> dict[str, Any]:
        values = self.inner()
        for key in values:
            self.into.setdefault(key, self.label(key))
        return values


def _file_source(settings_cls: type[BaseSettings], path: Path) -> InitSettingsSource:
    """The settings file as a source: TOML or YAML (by suffix), under `[samaritan]` or at the top
    level, every key a known setting."""
    if not path.is_file():
        try:
            path.read_bytes()  # for the operating system's own words (missing, a directory, denied)
        except OSError as exc:
            raise SettingsError(f"cannot read the settings file {path}: {exc.strerror}") from exc
    toml = path.suffix == ".toml"
    try:
        if toml:
            data: Any = TomlConfigSettingsSource(settings_cls, toml_file=path).toml_data
        else:
            data = YamlConfigSettingsSource(settings_cls, yaml_file=path).yaml_data
    except OSError as exc:
        raise SettingsError(f"cannot read the settings file {path}: {exc.strerror}") from exc
    except (tomllib.TOMLDecodeError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: not valid {'TOML' if toml else 'YAML'}: {exc}") from exc
    if not isinstance(data, dict):
        raise SettingsError(f"{path}: the settings file must be a table of settings")
    section = data.get("samaritan", data)  # [samaritan] table, or settings at the top level
    if not isinstance(section, dict):
        raise SettingsError(f"{path}: [samaritan] must be a table of settings")
    unknown = sorted(set(section) - set(Settings.model_fields))
    if unknown:
        raise SettingsError(f"{path}: unknown setting {unknown[0]!r}; known: {', '.join(Settings.model_fields)}")
    return InitSettingsSource(settings_cls, dict(section))


def settings_file(
    explicit: str | Path | None = None, cwd: Path | None = None, environ: Mapping[str, str] | None = None
) -> Path | None:
    named = explicit or (os.environ if environ is None else environ).get("SAMARITAN_CONFIG")
    if named:
        return Path(named)
    for name in DEFAULT_FILES:
        candidate = (cwd or Path.cwd()) / name
        if candidate.is_file():
            return candidate
    return None


def load_settings(
    config: str | Path | None = None, overrides: dict[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> tuple[Settings, dict[str, str]]:
    """The settings and, for each, where its value came from ("default", the file, "env NAME", "flag")."""
    env: Mapping[str, str] = os.environ if environ is None else environ
    flags = {key: value for key, value in (overrides or {}).items() if value is not None}
    with _loading(_Load(settings_file(config, environ=env), env)) as load:
        try:
            settings = Settings(**flags)
        except ValidationError as exc:
            first = exc.errors()[0]
            key = str(first["loc"][0]) if first["loc"] else "?"
            where = load.sources.get(key, "flag" if key in flags else "default")
            raise SettingsError(f"setting {key} (from {where}): {first['msg']}") from exc
    sources = dict.fromkeys(Settings.model_fields, "default")
    sources.update({key: where for key, where in load.sources.items() if key in sources})
    return settings, sources
