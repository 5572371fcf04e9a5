"""What scoring makes of an ad (score.assess, the learned stage): its commercial score and
context, its two risks, labels, the indicators kept and the reasons a reviewer reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from samaritan.engine.model import Indicator


class Held(NamedTuple):
    """A commercial ad's trafficking risk held under its label (weights.yaml `trafficking`): the
    risk its indicators reached, and the kinds of which none was read (`evidence_categories`)."""

    risk: float
    kinds: tuple[str, ...]


@dataclass(slots=True)
class Assessment:
    commercial_score: float
    is_commercial: bool
    uncertain: bool
    trafficking: float
    minor: float
    labels: list[str]
    indicators: list[Indicator]
    reasons: list[str] = field(default_factory=list)
    # Where the trafficking risk was held under its label for want of a trafficking kind
    # (score.label_risks), what it reached, for the reviewer's reason (reasons.py); else None.
    # Not remembered by assessed.py: the reasons made from it are.
    trafficking_held: Held | None = None
