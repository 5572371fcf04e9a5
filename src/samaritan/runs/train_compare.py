"""A retrained model against the one a platform runs, on the same held-out labelled ads.

`samaritan train --test HELD --compare MODEL`: both models screen every held-out ad through the
whole engine (rules, learned stage, policy), exactly as `samaritan screen` would, and each label's
precision and recall and the ordinary ads flagged are set side by side with the ads whose labels
change. The training report's own held-out figures approximate the stage from the fitted scores;
this is the verdict itself, which is what decides whether a retrain may replace a model (a retrain
can win on the generator's wording and lose on a platform's ads: docs/learned-model.md, session 42).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from samaritan.engine.learned.model import LABELS
from samaritan.runs.train_examples import Example


@dataclass(slots=True)
class Side:
    """One model's verdicts on the held-out ads, counted."""

    version: str
    tp: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LABELS, 0))
    fp: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LABELS, 0))
    positives: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LABELS, 0))
    ordinary: int = 0
    ordinary_flagged: int = 0
    failed: int = 0

    def add(self, truth: set[str], predicted: set[str]) -> None:
        for label in LABELS:
            self.positives[label] += label in truth
            self.tp[label] += label in truth and label in predicted
            self.fp[label] += label not in truth and label in predicted
        if not truth:
            self.ordinary += 1
            self.ordinary_flagged += bool(predicted)

    def figures(self) -> dict[str, Any]:
        out: dict[str, Any] = {"model": self.version, "ordinary": self.ordinary}
        out["ordinary_flagged"] = self.ordinary_flagged
        out["failed"] = self.failed
        for label in LABELS:
            tp, fp, pos = self.tp[label], self.fp[label], self.positives[label]
            out[label] = {
                "recall": round(tp / pos, 4) if pos else None,
                "precision": round(tp / (tp + fp), 4) if tp + fp else None,
                "tp": tp,
                "fp": fp,
                "positives": pos,
            }
        return out


def _labels(verdict: Any) -> set[str] | None:
    return None if isinstance(verdict, Exception) else set(verdict.labels) & set(LABELS)


def compare(
    examples: Iterable[Example],
    screens: Sequence[tuple[str, Callable[[list[dict[str, Any]]], list[Any]]]],
    chunk: int = 500,
) -> dict[str, Any]:
    """`screens`: (model version, a function that screens a list of ads) for the new model and
    the one compared. Ads are screened in chunks, so a large held-out set stays in bounded memory."""
    sides = [Side(version) for version, _ in screens]
    changed = dict.fromkeys(("gained", "lost"), 0)
    batch: list[Example] = []

    def flush() -> None:
        ads = [e.ad for e in batch]
        verdicts = [screen(ads) for _, screen in screens]
        for i, example in enumerate(batch):
            truth = set(example.labels) & set(LABELS)
            per_side = [_labels(v[i]) for v in verdicts]
            for side, labels in zip(sides, per_side, strict=True):
                if labels is None:
                    side.failed += 1
                else:
                    side.add(truth, labels)
            new, old = per_side[0], per_side[-1]
            if new is not None and old is not None and new != old:
                changed["gained" if len(new - old) else "lost"] += 1
        batch.clear()

    for example in examples:
        batch.append(example)
        if len(batch) >= chunk:
            flush()
    if batch:
        flush()
    return {"new": sides[0].figures(), "compared": sides[-1].figures(), "ads_changed": changed}


def compare_text(result: dict[str, Any]) -> str:
    new, old = result["new"], result["compared"]
    lines = [f"held out, whole engine: new {new['model']} against {old['model']}"]
    lines.append(f"  ordinary flagged   {new['ordinary_flagged']} of {new['ordinary']}  against  "
                 f"{old['ordinary_flagged']} of {old['ordinary']}")  # fmt: skip
    for label in LABELS:
        a, b = new[label], old[label]
        lines.append(
            f"  {label:17s}  recall {a['recall']}  precision {a['precision']}  against  "
            f"recall {b['recall']}  precision {b['precision']}  ({a['positives']} labelled)"
        )
    gained, lost = result["ads_changed"]["gained"], result["ads_changed"]["lost"]
    lines.append(f"  verdict labels changed on {gained + lost} ads ({gained} gain a label, {lost} lose one)")
    if new["failed"] or old["failed"]:
        lines.append(f"  ads that failed to screen: new {new['failed']}, compared {old['failed']}")
    return "\n".join(lines)
