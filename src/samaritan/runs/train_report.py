"""The training report: precision and recall per label at the policy's thresholds, expected
calibration error, counts, and a reliability plot (PNG)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import orjson

from samaritan.engine.learned.model import LABELS
from samaritan.engine.policy import Thresholds


def expected_calibration_error(y: np.ndarray, p: np.ndarray, bins: int = 10) -> float:
    """Mean |observed rate - mean probability| over equal-width probability bins, weighted by
    the share of ads in each bin."""
    if len(y) == 0:
        return 0.0
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    total = 0.0
    for b in range(bins):
        mask = which == b
        if mask.any():
            total += mask.mean() * abs(float(y[mask].mean()) - float(p[mask].mean()))
    return round(float(total), 4)


def predicted_labels(
    P: np.ndarray,
    thresholds: Thresholds,
    prior: np.ndarray | None = None,
    youth: np.ndarray | None = None,
    agree: np.ndarray | None = None,
    lexicon: np.ndarray | None = None,
) -> np.ndarray:
    """Labels as the learned stage gives them (engine/learned/stage.py): commercial_sex at its
    threshold where a hard term of the lexicon fired (`prior` > 0) or the rule path alone labels
    the ad commercial (`agree`), elsewhere only at the policy's text_only; trafficking and minor
    risk only on an ad labelled commercial, and minor risk carries trafficking risk, and only
    where the ad has youth evidence (`youth`). Without `prior` every ad counts as having the hard
    term; without `youth`, as having youth evidence. `lexicon`: learned/alone.py per ad, which
    text_only needs when the policy says so (text_only_needs_evidence)."""
    cs = P[:, 0] >= thresholds.commercial_sex
    if prior is not None:
        text_only = thresholds.text_only if thresholds.text_only is not None else np.inf
        alone = P[:, 0] >= text_only
        if thresholds.text_only_needs_evidence and lexicon is not None:
            alone &= lexicon
        context = (prior > 0) | alone
        cs &= context | agree if agree is not None else context
    minor = cs & (P[:, 2] >= thresholds.minor_risk)
    if youth is not None:
        minor &= youth
    trafficking = cs & ((P[:, 1] >= thresholds.trafficking_risk) | minor)
    return np.column_stack([cs, trafficking, minor])


def label_metrics(
    Y: np.ndarray,
    P: np.ndarray,
    thresholds: Thresholds,
    prior: np.ndarray | None = None,
    youth: np.ndarray | None = None,
    agree: np.ndarray | None = None,
    lexicon: np.ndarray | None = None,
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    ordinary = Y.sum(axis=1) == 0
    labelled = predicted_labels(P, thresholds, prior, youth, agree, lexicon)
    for j, label in enumerate(LABELS):
        t = getattr(thresholds, label)
        y, pred = Y[:, j].astype(bool), labelled[:, j]
        tp, fp, fn = int((y & pred).sum()), int((~y & pred).sum()), int((y & ~pred).sum())
        out[label] = {
            "threshold": t,
            "precision": round(tp / (tp + fp), 4) if tp + fp else None,
            "recall": round(tp / (tp + fn), 4) if tp + fn else None,
            "tp": tp,
            "fp": fp,
            "fn": fn,
            "ece": expected_calibration_error(y.astype(float), P[:, j]),
        }
    flagged = labelled.any(axis=1)
    out["ordinary_flagged"] = round(float(flagged[ordinary].mean()), 5) if ordinary.any() else None
    return out


def reliability_png(path: Path, curves: dict[str, tuple[np.ndarray, np.ndarray]], title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5, 5), dpi=100)
    ax.plot([0, 1], [0, 1], color="grey", linestyle="--", linewidth=1, label="perfect")
    edges = np.linspace(0.0, 1.0, 11)
    for label, (y, p) in curves.items():
        which = np.clip(np.digitize(p, edges[1:-1]), 0, 9)
        xs, ys = [], []
        for b in range(10):
            mask = which == b
            if mask.sum() >= 5:
                xs.append(float(p[mask].mean()))
                ys.append(float(y[mask].mean()))
        ax.plot(xs, ys, marker="o", label=label)
    ax.set_xlabel("predicted probability")
    ax.set_ylabel("observed rate")
    ax.set_title(title)
    ax.legend(loc="upper left")
    fig.tight_layout()
    fig.savefig(path, format="png", metadata={"Software": None})
    plt.close(fig)


def write_report(out_dir: Path, report: dict[str, Any]) -> dict[str, Any]:
    """Write report.json and reliability.png; returns the report without its raw arrays."""
    key = "_held_out_probs" if "_held_out_probs" in report else "_cv_probs"
    Y, P = report[key]
    curves = {label: (Y[:, j].astype(float), P[:, j]) for j, label in enumerate(LABELS)}
    where = "held-out phrasing families" if key == "_held_out_probs" else "cross-validated"
    reliability_png(out_dir / "reliability.png", curves, f"Reliability ({where})")
    clean = {k: v for k, v in report.items() if not k.startswith("_")}
    (out_dir / "report.json").write_bytes(orjson.dumps(clean, option=orjson.OPT_INDENT_2) + b"\n")
    return clean


def report_text(report: dict[str, Any]) -> str:
    lines = [f"model {report.get('version', '?')} ({report.get('learner')}); counts {report['counts']}"]
    for part in ("cross_validated", "held_out"):
        if part not in report:
            continue
        m = report[part]
        lines.append(f"{part.replace('_', ' ')}: ordinary flagged {m['ordinary_flagged']}")
        for label in LABELS:
            s = m[label]
            lines.append(
                f"  {label:17s} precision {s['precision']}  recall {s['recall']}  ece {s['ece']}  "
                f"(threshold {s['threshold']})"
            )
    lines.append(f"{report.get('seconds')} s, peak memory {report.get('peak_memory_mb')} MB")
    return "\n".join(lines)
