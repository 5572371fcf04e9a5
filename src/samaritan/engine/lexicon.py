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

from samaritan.engine import datafile

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


# `Screener(rules_as_of=UNVERSIONED)`, `samaritan train --rules-as-of unversioned`: read the rules as a
# model trained before the lexicon recorded versions does (the packaged model): none with a `since`.
UNVERSIONED = "unversioned"


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
    # A pattern that states an exchange in two clauses ("help me with my rent, and in return ...")
    # may span a comma; every other pattern describes one phrase and stops at any clause break.
    across_commas: bool = False
    # A pattern that states one thing in two sentences ("I need help with rent. In exchange I offer
    # company") matches only across a sentence break, never a paragraph's; its one-sentence form is
    # another rule.
    across_sentences: bool = False
    # "no teens" does not assert youth; screening rules ("no cops") must not set this.
    negatable: bool = False
    # Words that, right after / right before the term, make it innocent ("virgin islands").
    not_before: list[str] = []
    not_after: list[str] = []
    # Where the rule counts: "commercial" rules only raise risk in commercial-sex context;
    # "any" rules are signals wherever they appear.
    context: Literal["commercial", "any"] = "commercial"
    # A soft commercial cue of this kind ("gentlemen", "visiting", ...): one kind alone never
    # makes an ad commercial, several kinds together do (weights.yaml `commercial.cues`).
    cue: str | None = Field(default=None, pattern=r"^[a-z][a-z_]{1,30}$")
    # Found by extraction rather than by words: a disguised phone number, a spelled-out email,
    # a stated age within `ages` (inclusive) that belongs to the person offered (`title_age`:
    # stated in the title), or a shape of the ad (samaritan.engine.shape: a listed phone, an age
    # closing the title, body measurements, a decorated title), or a price on time with the person
    # whose age the ad states (`priced_time`: engine.findings), or, where it states none, a price on
    # a session that the price reader found (`priced_session`).
    extracted: (
        Literal[
            "disguised_phone",
            "spelled_email",
            "stated_age",
            "title_age",
            "phone_listed",
            "body_measures",
            "decorated",
            "priced_time",
            "priced_session",
        ]
        | None
    ) = None
    ages: tuple[int, int] | None = None
    # The lexicon version that added the rule (index.yaml `version`). A learned model trained on
    # an older lexicon, or on one of unknown version (model meta `lexicon`), does not read its hits
    # as features: a word it never saw in training must not move its probabilities (a payment term
    # a trained model reads as an independent's lowers trafficking risk). Its spans are reported,
    # and the rule path counts them; a retrain on this lexicon reads them.
    since: str | None = Field(default=None, pattern=r"^\d{4}\.\d{1,2}\.\d{1,3}$")
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
        if not self.terms and not self.pattern and not self.extracted:
            raise ValueError("a rule needs terms, a pattern or an extracted kind")
        if (self.extracted in ("stated_age", "title_age")) != (self.ages is not None):
            raise ValueError("`ages` goes with `extracted: stated_age` or `title_age`, and only with them")
        if self.pattern and not self.anchors:
            raise ValueError("a pattern needs anchors (literal words that must appear near it)")
        return self


class Lexicon(BaseModel):
    model_config = ConfigDict(frozen=True)
    version: str
    rules: tuple[Rule, ...]

    def newer_than(self, version: str | None) -> frozenset[str]:
        """Codes of the rules added after lexicon `version` (`since`); None: every rule with a
        `since` (a model trained before the lexicon recorded its version)."""
        return frozenset(
            rule.code
            for rule in self.rules
            if rule.since is not None and (version is None or _version_key(rule.since) > _version_key(version))
        )

    def cues(self) -> dict[str, str]:
        """Rule code -> the kind of soft commercial cue it is, for rules that are one."""
        return {rule.code: rule.cue for rule in self.rules if rule.cue}

    def extracted(self, kind: str) -> list[Rule]:
        """The rules that extraction of `kind` reports (stated ages: one rule per age range)."""
        return [rule for rule in self.rules if rule.extracted == kind]


def _version_key(version: str) -> tuple[int, ...]:
    """ "2026.12.13" as (2026, 12, 13); a version of another shape sorts before every dated one."""
    parts = version.split(".")
    return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else ()


def default_lexicon_dir() -> Path:
    return Path(str(resources.files("samaritan").joinpath("data/lexicon")))


class LexiconIndex(BaseModel):
    """`index.yaml`: the lexicon's version, its rule files in order, and the hash of their content."""

    model_config = ConfigDict(extra="forbid")
    version: str = Field(min_length=1)
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    files: list[str] = Field(min_length=1)


def _read_yaml(path: Path) -> tuple[str, object]:
    try:
        text = path.read_text("utf-8")
        return text, datafile.load_yaml(text)
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"{path}: {exc}") from exc


def _rules_of(path: Path, doc: object) -> list[Rule]:
    if not isinstance(doc, dict) or not isinstance(doc.get("rules", []), list):
        raise LexiconError(f"{path}: a rule file is a mapping with a `rules` list")
    rules = []
    for position, raw in enumerate(doc.get("rules", []), start=1):
        try:
            rules.append(Rule.model_validate(raw))
        except ValidationError as exc:
            code = raw.get("code", f"#{position}") if isinstance(raw, dict) else f"#{position}"
            raise LexiconError(f"{path}: rule {code}: {exc}") from exc
    return rules


def load_lexicon(directory: str | Path | None = None, extra: str | Path | None = None) -> Lexicon:
    """Load and validate every rule file named in `index.yaml`; refuse duplicate codes and content
    that changed under an unchanged version. `extra` is one more rule file on top: its rules add
    codes or replace same-coded ones, and the lexicon's version names it and its content hash."""
    base = Path(directory) if directory else default_lexicon_dir()
    index_path = base / "index.yaml"
    index_text, raw_index = _read_yaml(index_path)
    try:
        index = LexiconIndex.model_validate(raw_index)
    except ValidationError as exc:
        raise LexiconError(f"{index_path}: {exc}") from exc
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    texts = [index_text]
    for name in index.files:
        path = base / name
        text, doc = _read_yaml(path)
        texts.append(text)
        for rule in _rules_of(path, doc):
            if rule.code in seen:
                raise LexiconError(f"{path}: rule {rule.code} already defined in {seen[rule.code]}")
            seen[rule.code] = name
            rules.append(rule)
    try:
        datafile.check(str(index_path), index.version, index.sha256, *texts)
    except datafile.StaleVersion as exc:
        raise LexiconError(str(exc)) from exc
    version = index.version
    if extra is not None:
        path = Path(extra)
        text, doc = _read_yaml(path)
        overlay = {rule.code: rule for rule in _rules_of(path, doc)}
        rules = [overlay.pop(rule.code, rule) for rule in rules] + list(overlay.values())
        version = f"{index.version}+{path.stem}.{datafile.content_hash(text)[:12]}"
    return Lexicon(version=version, rules=tuple(rules))
