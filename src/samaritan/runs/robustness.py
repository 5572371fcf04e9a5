"""Robustness: the same corpus with no disguise, with every indicator phrase disguised, and with
every phrase written in each evasion transform alone (recall per transform)."""

from __future__ import annotations

import os
import tempfile
from contextlib import nullcontext
from typing import Any

from samaritan.engine.screener import Screener
from samaritan.generate.corpus import Mix, SiteGenerator
from samaritan.generate.obfuscate import EVASION_TRANSFORMS, only
from samaritan.io.readers import read_jsonl
from samaritan.io.writers import JsonlWriter
from samaritan.runs.batch import Summary, screen_records
from samaritan.runs.evaluate import evaluate_verdicts

_TRACKED = [
    ("labels", "commercial_sex", "recall"),
    ("labels", "trafficking_risk", "recall"),
    ("labels", "minor_risk", "recall"),
    ("entities", "phones", "f1"),
    ("entities", "emails", "f1"),
]


def _run(
    n: int, seed: int, obfuscation: float, screener: Screener, workdir: str, transform: str | None = None
) -> dict[str, Any]:
    name = f"{n}-{obfuscation}-{transform or 'mixed'}"
    ads = os.path.join(workdir, f"ads-{name}.jsonl")
    truth = os.path.join(workdir, f"truth-{name}.jsonl")
    verdicts = os.path.join(workdir, f"verdicts-{name}.jsonl")
    with JsonlWriter(ads) as ad_out, JsonlWriter(truth) as truth_out, only(transform) if transform else nullcontext():
        for ad, t in SiteGenerator(n, seed=seed, mix=Mix(obfuscation=obfuscation)):
            ad_out.write(ad)
            truth_out.write(t)
    with JsonlWriter(verdicts) as out:
        for record in screen_records(read_jsonl(ads), screener, Summary()):
            out.write(record)
    return evaluate_verdicts(truth, verdicts)


def _per_transform(n: int, seed: int, screener: Screener, workdir: str) -> list[dict[str, Any]]:
    """Every indicator phrase written with one transform alone: recall against plain text of
    the same (smaller: two fifths, at least 2,000 ads) corpus, so eleven transforms cost about
    four or five full runs. At one fifth of 5,000 ads a corpus held ~20 minor ads, and one ad
    was five points of recall."""
    size = min(n, max(2000, 2 * n // 5))
    clean = _run(size, seed, 0.0, screener, workdir)
    rows = []
    for name in EVASION_TRANSFORMS:
        result = _run(size, seed, 1.0, screener, workdir, name)
        row: dict[str, Any] = {"transform": name, "ads": size}
        for label in ("commercial_sex", "minor_risk"):
            a, b = clean["labels"][label]["recall"], result["labels"][label]["recall"]
            row[label] = b
            row[f"{label}_drop"] = None if a is None or b is None else round(a - b, 5)
        # Per-category recall: the category that loses most to this transform, and how much.
        drops = {
            cat: round(stats["recall"] - result["categories"].get(cat, {}).get("recall", 0.0), 5)
            for cat, stats in clean["categories"].items()
            if stats["recall"] is not None and result["categories"].get(cat, {}).get("recall") is not None
        }
        worst = max(drops, key=lambda cat: drops[cat]) if drops else None
        row["category_drops"] = drops
        row["category_ads"] = {cat: stats["ads"] for cat, stats in clean["categories"].items()}
        row["worst_category"] = worst
        row["worst_category_drop"] = drops[worst] if worst is not None else None
        row["false_positive_rate"] = result["ordinary"]["false_positive_rate"]
        rows.append(row)
    return rows


def robustness_report(n: int, seed: int, screener: Screener) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="samaritan-robust-") as workdir:
        clean = _run(n, seed, 0.0, screener, workdir)
        disguised = _run(n, seed, 1.0, screener, workdir)
        transforms = _per_transform(n, seed, screener, workdir)
    rows = []
    for section, name, metric in _TRACKED:
        a = clean[section][name][metric]
        b = disguised[section][name][metric]
        drop = None if a is None or b is None else round(a - b, 5)
        stats = clean[section][name]
        ads = stats.get("tp", 0) + stats.get("fn", 0)  # the ads (labels) or entities that count
        rows.append({"metric": f"{name} {metric}", "clean": a, "disguised": b, "drop": drop, "ads": ads})
    cats = []
    for cat, s in clean["categories"].items():
        d = disguised["categories"].get(cat, {})
        if s["recall"] is not None and d.get("recall") is not None:
            cats.append(
                {
                    "metric": f"{cat} recall",
                    "clean": s["recall"],
                    "disguised": d["recall"],
                    "drop": round(s["recall"] - d["recall"], 5),
                    "ads": s["ads"],
                }
            )
    rows.extend(cats)
    text = ["metric                         clean   disguised    drop     ads"]
    for row in rows:
        text.append(
            f"{row['metric']:<28} {_p(row['clean']):>8} {_p(row['disguised']):>10} {_p(row['drop']):>8} {row['ads']:>7}"
        )
    fp = (clean["ordinary"]["false_positive_rate"], disguised["ordinary"]["false_positive_rate"])
    text.append(f"ordinary false-positive rate: clean {_p(fp[0])}, disguised {_p(fp[1])}")
    text.append("")
    size = transforms[0]["ads"] if transforms else 0
    text.append(
        f"one transform alone ({size} ads) commercial_sex (drop)  minor_risk (drop)   ordinary FP rate"
        "   worst category (drop)"
    )
    for row in transforms:
        text.append(
            f"{row['transform']:<24} {_p(row['commercial_sex']):>10} ({_p(row['commercial_sex_drop']):>6})"
            f" {_p(row['minor_risk']):>12} ({_p(row['minor_risk_drop']):>6}) {_p(row['false_positive_rate']):>12}"
            f"   {row['worst_category'] or 'n/a'} ({_p(row['worst_category_drop'])})"
        )
    # Issue #13 holds every category to two points: each transform's categories past that, and
    # by more than one ad (in a category of 30 ads one ad is over three points: noise, not a loss).
    past = [
        (
            row["transform"],
            [
                (cat, d)
                for cat, d in sorted(row["category_drops"].items(), key=lambda x: -x[1])
                if d > 0.02 and d * row["category_ads"].get(cat, 0) > 1.5
            ],
        )
        for row in transforms
    ]
    if any(losing for _, losing in past):
        text.append("")
        text.append("categories losing more than 2 points (ads lost, of those with the category in this corpus):")
        clean_ads = {row["transform"]: row.get("category_ads", {}) for row in transforms}
        for name, losing in past:
            if losing:
                listed = ", ".join(f"{cat} {_p(d)} ({_lost(d, clean_ads[name].get(cat))})" for cat, d in losing)
                text.append(f"  {name:<22} {listed}")
    return {
        "transforms": transforms,
        "n": n,
        "seed": seed,
        "rows": rows,
        "false_positive_rate": {"clean": fp[0], "disguised": fp[1]},
        "text": "\n".join(text),
    }


def _lost(drop: float, ads: int | None) -> str:
    """How many ads a drop in recall is, among the ads that carry the category ("4 of 71")."""
    return f"{round(drop * ads)} of {ads}" if ads else "?"


def _p(v: float | None) -> str:
    return "n/a" if v is None else f"{100 * v:.2f}"
