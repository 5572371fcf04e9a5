"""Who reports, and where reports go: one validated YAML file per platform (`--reporter FILE` or
SAMARITAN_REPORTER_CONFIG). Secrets are never in the file: it names the environment variables that hold them."""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, ValidationError


class ConfigError(ValueError):
    pass


class ReportingPerson(BaseModel):
    model_config = ConfigDict(extra="forbid")
    first_name: str | None = None
    last_name: str | None = None
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    phone: str | None = None


class NcmecEndpoint(BaseModel):
    model_config = ConfigDict(extra="forbid")
    base_url: HttpUrl = HttpUrl("https://exttest.cybertip.org/ispws")
    username_env: str = "SAMARITAN_NCMEC_USERNAME"
    password_env: str = "SAMARITAN_NCMEC_PASSWORD"
    timeout_s: float = Field(default=30.0, gt=0, le=300)

    def credentials(self) -> tuple[str, str]:
        user, password = os.environ.get(self.username_env), os.environ.get(self.password_env)
        if not user or not password:
            raise ConfigError(f"set {self.username_env} and {self.password_env} to submit to NCMEC")
        return user, password


class DsaEndpoint(BaseModel):
    model_config = ConfigDict(extra="forbid")
    base_url: HttpUrl
    token_env: str = "SAMARITAN_DSA_TOKEN"
    timeout_s: float = Field(default=30.0, gt=0, le=300)

    def token(self) -> str:
        token = os.environ.get(self.token_env)
        if not token:
            raise ConfigError(f"set {self.token_env} to submit statements of reasons")
        return token


class ReporterConfig(BaseModel):
    """A platform's reporting identity (contract: `samaritan report …`)."""

    model_config = ConfigDict(extra="forbid")
    platform: str
    company: str
    esp_service: str | None = None  # the platform's service name as NCMEC knows it
    reporting_person: ReportingPerson
    terms_of_service_url: HttpUrl | None = None
    legal_url: HttpUrl | None = None
    ncmec: NcmecEndpoint = NcmecEndpoint()
    dsa: DsaEndpoint | None = None
    # DSA statements: the legal ground cited for illegal content, and the terms ground for
    # content incompatible with the platform's terms.
    dsa_legal_ground: str = "Directive 2011/36/EU on preventing and combating trafficking in human beings"
    dsa_terms_ground: str = "Terms of service: commercial sexual services and exploitation are prohibited"


def load_reporter(path: str | Path | None = None) -> ReporterConfig:
    if not path:  # the CLI passes the reporter_config setting (flag, SAMARITAN_REPORTER_CONFIG or file)
        raise ConfigError("reports need the platform's reporter file: --reporter FILE or SAMARITAN_REPORTER_CONFIG")
    try:
        data = yaml.safe_load(Path(path).read_text("utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read reporter file {path}: {exc.strerror}") from exc
    try:
        return ReporterConfig.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"{path}: {problems}") from exc
