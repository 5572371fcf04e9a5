"""Indicator rules as versioned data: load, validate and describe them.

Rules live in `data/lexicon/*.yaml`, one file per contract category, listed in
`data/lexicon/index.yaml` with the lexicon version. Adding a code word is a data-only change:
the term, and an example that must and one that must not match, which the test suite runs.
A bad file fails at load with the file and rule named.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

Category = Literal[
    "commercial_sex",
    "youth",
    "movement",
    "third_party",
    "availability",
    "venue",
    "pricing",
    "screening",
    "ethnicity",
    "payment",
    "obscured_contact",
    "reassurance",
    "other",
]
CATEGORIES: tuple[str, ...] = get_args(Category)  # the contract's categories, in contract order


class LexiconError(ValueError):
    """A rule file that cannot be used; the message names the file and the rule."""


class Examples(BaseModel):
    model_config = ConfigDict(extra="forbid")
    match: list[str] = Field(min_length=1)
    no_match: list[str] = Field(min_length=1)


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=r"^[A-Z][A-Z0-9_]{2,40}$")
    category: Category
    weight: float = Field(ge=0.0, le=3.0)
    description: str = Field(min_length=3)
    evidence: str = Field(min_length=3)
    # Literal terms, folded like ad text at load. A trailing '*' also matches longer words.
    terms: list[str] = []
    # A regular expression over folded text, tried only in a window around an anchor hit,
    # so rare patterns cost nothing on ads that lack their anchor words.
    pattern: str | None = None
    anchors: list[str] = []
    # "no teens" does not assert youth; screening rules ("no cops") must not set this.
    negatable: bool = False
    # Words that, right after / right before the term, make it innocent ("virgin islands").
    not_before: list[str] = []
    not_after: list[str] = []
    # Where the rule counts: "commercial" rules only raise risk in commercial-sex context;
    # "any" rules are signals wherever they appear.
    context: Literal["commercial", "any"] = "commercial"
    examples: Examples

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"pattern does not compile: {exc}") from exc
        return value

    @model_validator(mode="after")
    def _has_trigger(self) -> Rule:
        if not self.terms and not self.pattern:
            raise ValueError("a rule needs terms or a pattern")
        if self.pattern and not self.anchors:
            raise ValueError("a pattern needs anchors (literal words that must appear near it)")
        return self


class Lexicon(BaseModel):
    model_config = ConfigDict(frozen=True)
    version: str
    rules: tuple[Rule, ...]


def default_lexicon_dir() -> Path:
    return Path(str(resources.files("samaritan").joinpath("data/lexicon")))


def load_lexicon(directory: str | Path | None = None) -> Lexicon:
    """Load and validate every rule file named in `index.yaml`; refuse duplicate codes."""
    base = Path(directory) if directory else default_lexicon_dir()
    index_path = base / "index.yaml"
    try:
        index = yaml.safe_load(index_path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"{index_path}: {exc}") from exc
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for name in index["files"]:
        path = base / name
        try:
            doc = yaml.safe_load(path.read_text("utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise LexiconError(f"{path}: {exc}") from exc
        for position, raw in enumerate(doc.get("rules", []), start=1):
            try:
                rule = Rule.model_validate(raw)
            except ValidationError as exc:
                code = raw.get("code", f"#{position}") if isinstance(raw, dict) else f"#{position}"
                raise LexiconError(f"{path}: rule {code}: {exc}") from exc
            if rule.code in seen:
                raise LexiconError(f"{path}: rule {rule.code} already defined in {seen[rule.code]}")
            seen[rule.code] = name
            rules.append(rule)
    return Lexicon(version=str(index["version"]), rules=tuple(rules))
