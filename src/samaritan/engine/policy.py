"""Scoring weights and decision policy: validated configuration a platform can replace."""

from __future__ import annotations

from collections.abc import Collection
from importlib import resources
from pathlib import Path
from typing import Literal, TypeVar, cast

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from samaritan.engine import datafile
from samaritan.engine.cue_weights import CueWeights, as_set, as_sets, fold_term_word

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
    # Supporting categories add only once commercial_sex rules reach this (a hard term, not
    # one soft phrase), and a section prior only once the evidence reaches `prior_floor`: a
    # prior moves a borderline score, it never decides.
    support_floor: float = Field(ge=0, default=0.0)
    prior_floor: float = Field(ge=0, default=0.0)
    cues: CueWeights = CueWeights()
    review_band: float = Field(ge=0, default=0.0)
    # Lexicon codes that state a deal's terms (a rate for a session, incall or outcall, payment
    # said to be for her time): beside a commercial_sex rule, where the rules' own reading labels
    # the ad, the learned model's low probability does not veto it (weights.yaml `terms`).
    terms: list[str] = []
    # ... and of a rule that holds other words too, the words that state terms (the trade's own
    # shorthand, "ppm", "gfe"; not "escort", which a senior's escort or a car shares).
    term_words: dict[str, list[str]] = {}
    # Lexicon codes of a trade the learned model reads well in a short ad (bodywork): at the
    # policy's text_only_short_sure the model alone labels a short ad that offers one.
    short_sure: list[str] = []

    _support = field_validator("support")(_known_categories)

    @field_validator("term_words")
    @classmethod
    def _folded_words(cls, table: dict[str, list[str]]) -> dict[str, list[str]]:
        return {code: [fold_term_word(w) for w in words] for code, words in table.items()}

    def term_word_sets(self) -> dict[str, frozenset[str]]:
        """`term_words` as sets (folded at load: `fold_term_word`), worked out once."""
        return as_sets(self.term_words)

    def term_codes(self) -> frozenset[str]:
        """`terms` as a set, worked out once (asked of nearly every ad on the model path)."""
        return as_set(self.terms)

    def short_sure_codes(self) -> frozenset[str]:
        """`short_sure` as a set, worked out once."""
        return as_set(self.short_sure)


class RecruitmentWeights(BaseModel):
    """Coercive recruitment (engine/recruit.py): lexicon codes and what each weighs; an ad whose
    codes reach `threshold` is labelled trafficking_risk without commercial context."""

    model_config = ConfigDict(extra="forbid")
    codes: dict[str, float] = {}
    threshold: float = Field(gt=0, default=1.0)
    # Codes that say the ad warns of such offers rather than makes one (a community warning, an
    # awareness talk): beside one, no recruitment label.
    unless: list[str] = []


class TraffickingWeights(BaseModel):
    model_config = ConfigDict(extra="forbid")
    bias: float
    weights: dict[str, float]
    stated_minor_age: float
    label_threshold: float = Field(gt=0, lt=1)
    ordinary_cap: float = Field(ge=0, le=1)
    caps: dict[str, float] = {}
    recruitment: RecruitmentWeights = RecruitmentWeights()
    # Rule codes of a house that rotates its women: beside them, as beside control said plainly,
    # the learned stage takes the rules' trafficking reading at the label threshold (engine/learned).
    house_codes: list[str] = []
    # Cue kinds of a third party controlling the person offered, and rule codes of a house that
    # rotates its women: in a commercial-sex ad they label trafficking_risk by themselves.
    control_kinds: list[str] = []
    rotation_codes: list[str] = []
    # A commercial ad's risk labels trafficking only beside one of these (else capped; score.label_risks).
    evidence_categories: list[str] = []
    unsupported_cap: float = Field(ge=0, le=1, default=1.0)

    _categories = field_validator("weights", "caps", "evidence_categories")(_known_categories)


class SoftYouth(BaseModel):
    """Soft youth wording ("young", a candy emoji, "new to this") is how adult ads market adults:
    alone it is reported as a reviewable indicator and raises no minor risk. It counts only
    when independent cues add up to `needed`: each distinct youth code is worth `youth_code` (or
    its own `worth`), a stated age of 18 or 19 `stated_barely_adult`, and a third party offering
    the person the strongest of `third_party` (rule code -> worth). Once it counts, minor risk's
    youth strength gains `per_cue` times that sum. Empty `codes`: youth words count alone."""

    model_config = ConfigDict(extra="forbid")
    codes: list[str] = []
    needed: float = Field(gt=0, default=2.0)
    per_cue: float = Field(ge=0, default=0.35)
    youth_code: float = Field(ge=0, default=1.0)
    # Youth codes worth other than youth_code (weaker where adult ads use them most).
    worth: dict[str, float] = {}
    stated_barely_adult: float = Field(ge=0, default=0.5)
    third_party: dict[str, float] = {}
    # A stated adult age of the person offered (minor.stated_adult_code) takes `stated_adult` off
    # the corroborating cues of soft-only youth wording, unless one of `several_offered` fired:
    # an age speaks for one person, and an ad offering several vouches for no one else's.
    stated_adult: float = Field(ge=0, default=0.0)
    several_offered: list[str] = []

    def strength(
        self, youth: dict[str, float], codes: Collection[str], barely_adult: bool, stated_adult: bool = False
    ) -> float:
        """The youth strength of rule code -> weight `youth` (the stated-age codes left out): the
        strong codes' weights, plus the soft ones' corroborated worth. `codes`: every rule code
        of the ad (third-party codes corroborate). `stated_adult`: the person states an adult age
        (and no younger one)."""
        strong = sum(w for code, w in youth.items() if code not in self.codes)
        if set(youth).isdisjoint(self.codes):
            return strong
        cues = sum(self.worth.get(code, self.youth_code) for code in youth)
        cues += self.stated_barely_adult if barely_adult else 0.0
        cues += max((self.third_party.get(code, 0.0) for code in codes), default=0.0)
        if (
            stated_adult
            and not barely_adult
            and set(youth) <= set(self.codes)  # soft wording only: strong codes are never weighed down
            and set(self.several_offered).isdisjoint(codes)
        ):
            cues -= self.stated_adult
        return strong + self.per_cue * cues if cues >= self.needed else strong


class MinorWeights(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # The lexicon codes (extracted stated ages) that these weights apply to.
    stated_minor_code: str = "YOUTH_STATED_MINOR_AGE"
    stated_barely_adult_code: str = "YOUTH_STATED_AGE_18_19"
    # A stated adult age (weighs against soft youth wording: `soft.stated_adult`); none
    # in weights written before it.
    stated_adult_code: str | None = None
    bias: float
    youth_weight: float
    stated_minor_age: float
    stated_barely_adult_age: float
    label_threshold: float = Field(gt=0, lt=1)
    ordinary_cap: float = Field(ge=0, le=1)
    personal_sections: list[str] = []
    soft: SoftYouth = SoftYouth()


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
    below the commercial_sex threshold but at or above this goes to review (off when null).
    `text_only`: the commercial_sex probability at or above which an ad is labelled although no
    commercial wording of the lexicon is there to read (null: never, the lexicon must agree)."""

    model_config = ConfigDict(extra="forbid")
    commercial_sex: float = Field(gt=0, lt=1, default=0.5)
    trafficking_risk: float = Field(gt=0, lt=1, default=0.5)
    minor_risk: float = Field(gt=0, lt=1, default=0.5)
    review: float | None = Field(gt=0, lt=1, default=None)
    text_only: float | None = Field(gt=0, le=1, default=None)
    # text_only needs evidence beside the wording: the lexicon reads something in the ad (any
    # category, soft cues too) or it lists a phone or a link, and in an ad of fewer than
    # text_only_short_words words its commercial or structural reading (learned/alone.py). A one-line
    # lawful ad ("a road trip next month") has too few words for a linear model to weigh, and two
    # travel words reached 0.99 on it.
    text_only_needs_evidence: bool = False
    # 0: an ad of any length needs only the evidence above
    text_only_short_words: int = Field(ge=0, default=0)
    # ... and that reading, in a short ad: a category of the lexicon at or above its least total
    # (learned/alone.py). Commercial wording, an ad's structure and a disguised contact count
    # at any strength; the packaged policy adds a session's rate and a schedule of cities.
    text_only_short_evidence: dict[str, float] = {"commercial_sex": 0.0, "other": 0.0, "obscured_contact": 0.0}
    # ... or a category one of whose rules alone weighs at least this: a third party's booking,
    # several people offered, not a front desk and a first name adding up to the same total.
    text_only_short_rule: dict[str, float] = {}
    # ... or, at this probability or more, the short ad offers a trade the model reads well
    # (weights.yaml `commercial.short_sure`: bodywork). Null: off.
    text_only_short_sure: float | None = Field(gt=0, le=1, default=None)
    # Beside a personal ad's counter-cue the model alone labels only at this probability or more
    # (learned/alone.py COUNTERED_TEXT_ONLY when null).
    text_only_countered: float | None = Field(gt=0, le=1, default=None)

    _categories = field_validator("text_only_short_evidence", "text_only_short_rule")(_known_categories)


class Urgency(BaseModel):
    """Which minor_risk ads go to the urgent queue. One soft youth word ("young", a candy emoji)
    in a commercial ad is common adult marketing and no minor risk alone (weights `minor.soft`);
    corroborated by a second cue it is labelled at high priority. Urgent needs the minor-risk
    score at or above `minor_risk`: a stated age under 18, an explicit, teen or school term, a
    code word beside another youth cue, or three corroborating cues."""

    model_config = ConfigDict(extra="forbid")
    minor_risk: float = Field(gt=0, le=1, default=0.9)


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
    urgent: Urgency = Urgency()
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
        loaded = model.model_validate(datafile.load_yaml(text))
        datafile.check(str(path or packaged), loaded.version, loaded.sha256, text)  # type: ignore[attr-defined]
        return loaded
    except (OSError, yaml.YAMLError, ValidationError, datafile.StaleVersion) as exc:
        raise ConfigError(f"{path or packaged}: {exc}") from exc


def load_weights(path: str | Path | None = None) -> Weights:
    return _load(Weights, path, "weights.yaml")


def load_policy(path: str | Path | None = None) -> Policy:
    return _load(Policy, path, "policy.yaml")
