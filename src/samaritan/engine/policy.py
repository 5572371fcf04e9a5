"""Scoring weights and decision policy: validated configuration a platform can replace."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Literal, TypeVar, cast

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from samaritan.engine import datafile

Action = Literal["allow", "review", "block"]


class ConfigError(ValueError):
    pass


def _known_categories(table: dict[str, float]) -> dict[str, float]:
    """Weight tables are keyed by indicator category: a misspelt one would silently weigh nothing."""
    from samaritan.engine.lexicon import CATEGORIES

    unknown = sorted(set(table) - set(CATEGORIES))
    if unknown:
        raise ValueError(f"unknown category {unknown[0]!r}; categories are {', '.join(CATEGORIES)}")
    return table


class CommercialWeights(BaseModel):
    model_config = ConfigDict(extra="forbid")
    threshold: float = Field(gt=0)
    section_prior: dict[str, float] = {}
    support: dict[str, float] = {}
    review_band: float = Field(ge=0, default=0.0)

    _support = field_validator("support")(_known_categories)


class TraffickingWeights(BaseModel):
    model_config = ConfigDict(extra="forbid")
    bias: float
    weights: dict[str, float]
    stated_minor_age: float
    label_threshold: float = Field(gt=0, lt=1)
    ordinary_cap: float = Field(ge=0, le=1)
    caps: dict[str, float] = {}

    _categories = field_validator("weights", "caps")(_known_categories)


class MinorWeights(BaseModel):
    model_config = ConfigDict(extra="forbid")
    bias: float
    youth_weight: float
    stated_minor_age: float
    stated_barely_adult_age: float
    label_threshold: float = Field(gt=0, lt=1)
    ordinary_cap: float = Field(ge=0, le=1)
    personal_sections: list[str] = []


class Weights(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    version: str
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    commercial: CommercialWeights
    trafficking: TraffickingWeights
    minor: MinorWeights


class SectionPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ordinary: Action | None = None
    commercial_sex: Action | None = None
    trafficking_risk: Action | None = None
    minor_risk: Action | None = None
    uncertain: Action | None = None


class DefaultPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ordinary: Action = "allow"
    commercial_sex: Action = "block"
    trafficking_risk: Action = "block"
    minor_risk: Action = "block"
    uncertain: Action = "review"


class Thresholds(BaseModel):
    """Probabilities from the learned stage at which each label is given. `review`: an ad
    below the commercial_sex threshold but at or above this goes to review (off when null)."""

    model_config = ConfigDict(extra="forbid")
    commercial_sex: float = Field(gt=0, lt=1, default=0.5)
    trafficking_risk: float = Field(gt=0, lt=1, default=0.5)
    minor_risk: float = Field(gt=0, lt=1, default=0.5)
    review: float | None = Field(gt=0, lt=1, default=None)


class Retention(BaseModel):
    """How long the service keeps evidence. Ads with trafficking or minor risk, or that a
    reviewer reported, blocked or escalated, are held at least a year: 18 U.S.C. 2258A(h) as
    amended by the REPORT Act (2024) requires one year of preservation after a report."""

    model_config = ConfigDict(extra="forbid")
    default_days: int = Field(ge=1, default=90)
    hold_days: int = Field(ge=365, default=365)


class Policy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    version: str
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    default: DefaultPolicy = DefaultPolicy()
    sections: dict[str, SectionPolicy] = {}
    # Default phone region per platform (ISO 3166 codes), for numbers written without one.
    platform_regions: dict[str, str] = {}
    retention: Retention = Retention()
    # Label thresholds on the learned stage's calibrated probabilities.
    thresholds: Thresholds = Thresholds()
    # At post time, an otherwise allowed ad goes to review when it re-posts a blocked ad
    # without its indicators, or shares a contact or account with an ad blocked for
    # trafficking or minor risk.
    network_review: bool = True

    def action(self, section: str, outcome: str) -> Action:
        override = self.sections.get(section)
        if override is not None and getattr(override, outcome) is not None:
            return cast(Action, getattr(override, outcome))
        return cast(Action, getattr(self.default, outcome))


_M = TypeVar("_M", bound=BaseModel)


def _load(model: type[_M], path: str | Path | None, packaged: str) -> _M:
    try:
        text = (
            Path(path).read_text("utf-8")
            if path
            else resources.files("samaritan").joinpath(f"data/{packaged}").read_text("utf-8")
        )
        loaded = model.model_validate(yaml.safe_load(text))
        datafile.check(str(path or packaged), loaded.version, loaded.sha256, text)  # type: ignore[attr-defined]
        return loaded
    except (OSError, yaml.YAMLError, ValidationError, datafile.StaleVersion) as exc:
        raise ConfigError(f"{path or packaged}: {exc}") from exc


def load_weights(path: str | Path | None = None) -> Weights:
    return _load(Weights, path, "weights.yaml")


def load_policy(path: str | Path | None = None) -> Policy:
    return _load(Policy, path, "policy.yaml")
