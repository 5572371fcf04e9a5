"""Link strengths and thresholds as versioned, validated data (`data/link.yaml`).

Unknown keys are errors naming the file and the key, and the file's `sha256` must match its
content, so a changed file cannot carry an old version into link results.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from samaritan.engine.datafile import load_yaml

KINDS = ("phone", "email", "handle", "account", "previous_id", "image_sha256", "image_similar", "text", "ip")
_SHA_LINE = re.compile(rb"^sha256:.*$", re.MULTILINE)


class LinkConfigError(ValueError):
    pass


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Strength(_Strict):
    phone: float = Field(gt=0, le=1)
    email: float = Field(gt=0, le=1)
    handle: float = Field(gt=0, le=1)
    account: float = Field(gt=0, le=1)
    previous_id: float = Field(gt=0, le=1)
    image_sha256: float = Field(gt=0, le=1)
    image_similar: float = Field(gt=0, le=1)
    text: float = Field(gt=0, le=1)
    ip: float = Field(gt=0, le=1)


class Join(_Strict):
    threshold: float = Field(gt=0)
    small_component: int = Field(ge=1)
    small_threshold: float = Field(gt=0)
    text_alone_max: int = Field(ge=1)


class Generic(_Strict):
    max_key_ads: int = Field(ge=2)
    max_image_ads: int = Field(ge=2)
    max_ip_ads: int = Field(ge=2)
    identity_check_min: int = Field(ge=2)
    identity_share: float = Field(gt=0, le=1)


class Text(_Strict):
    threshold: float = Field(gt=0, le=1)
    shingle_max_share: float = Field(gt=0, le=1)
    full_shared: int = Field(ge=1)


class Photos(_Strict):
    pdq_distance: int = Field(ge=0, le=128)
    min_quality: int = Field(ge=0, le=100)
    phash_distance: int = Field(ge=0, le=32)
    phash_pdq_confirm: int = Field(ge=0, le=256)


class Network(_Strict):
    several_people_codes: tuple[str, ...] = Field(min_length=1)
    several_people_min_cities: int = Field(ge=1)
    several_people_min_risk: float = Field(ge=0, le=1)


class LinkRules(_Strict):
    version: str
    sha256: str
    strength: Strength
    join: Join
    generic: Generic
    text: Text
    photos: Photos
    network: Network


def content_hash(raw: bytes) -> str:
    """sha256 of the file with its own `sha256:` line blanked (the value cannot hash itself)."""
    return hashlib.sha256(_SHA_LINE.sub(b"sha256:", raw)).hexdigest()


def load_rules(path: str | Path | None = None) -> LinkRules:
    name = str(path) if path else "samaritan/data/link.yaml"
    raw = Path(path).read_bytes() if path else resources.files("samaritan.data").joinpath("link.yaml").read_bytes()
    try:
        rules = LinkRules.model_validate(load_yaml(raw))
    except ValidationError as exc:
        where = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise LinkConfigError(f"{name}: {where}") from None
    digest = content_hash(raw)
    if rules.sha256 != digest:
        raise LinkConfigError(
            f"{name}: content changed but version {rules.version!r} was kept; bump the version and set sha256: {digest}"
        )
    return rules


RULES = load_rules()


@dataclass(frozen=True)
class LinkConfig:
    """The rules one run links with: the packaged file, with a few values overridable per run."""

    max_key_ads: int = RULES.generic.max_key_ads
    max_image_ads: int = RULES.generic.max_image_ads
    max_ip_ads: int = RULES.generic.max_ip_ads
    identity_check_min: int = RULES.generic.identity_check_min
    identity_share: float = RULES.generic.identity_share
    text_threshold: float = RULES.text.threshold
    shingle_max_share: float = RULES.text.shingle_max_share
    small_component: int = RULES.join.small_component
    join_threshold: float = RULES.join.threshold
    small_threshold: float = RULES.join.small_threshold
    pdq_distance: int = RULES.photos.pdq_distance
    min_quality: int = RULES.photos.min_quality
    strength: dict[str, float] = field(default_factory=lambda: RULES.strength.model_dump())
    version: str = RULES.version
    text_alone_max: int = RULES.join.text_alone_max
    text_full_shared: int = RULES.text.full_shared

    def text_strength(self, shared: int) -> float:
        """What near-duplicate text says, from the distinctive shingles two ads share: full
        strength from `text.full_shared` up, in proportion below it. A short or templated ad
        leaves few shingles of its own, and strangers' one-liners and a template's
        fill-ins meet at that size; a network's re-posts share whole paragraphs."""
        return self.strength["text"] * min(1.0, shared / self.text_full_shared)

    @classmethod
    def from_file(cls, path: str | Path) -> LinkConfig:
        r = load_rules(path)
        return cls(
            r.generic.max_key_ads, r.generic.max_image_ads, r.generic.max_ip_ads, r.generic.identity_check_min,
            r.generic.identity_share, r.text.threshold, r.text.shingle_max_share, r.join.small_component,
            r.join.threshold, r.join.small_threshold, r.photos.pdq_distance, r.photos.min_quality,
            r.strength.model_dump(), r.version, r.join.text_alone_max, r.text.full_shared,
        )  # fmt: skip
