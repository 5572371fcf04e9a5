"""Score verdicts (and networks) against a generator truth file.

Metrics: false-positive rate on ordinary ads (overall and per section), recall and precision
per label, recall per contract category (ad level, and span overlap), AUC of the two risks,
entity precision/recall/F1 by kind, and for networks pairwise precision/recall/F1 and the
adjusted Rand index.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from math import comb
from typing import Any

import numpy as np
import orjson

from samaritan.engine.lexicon import CATEGORIES

# Which truth labels each verdict label should fire on. A minor in commercial sex is a
# trafficking victim in law, so trafficking_risk is expected on minor ads too.
EXPECTED = {
    "commercial_sex": {"commercial", "trafficking", "minor"},
    "trafficking_risk": {"trafficking", "minor"},
    "minor_risk": {"minor"},
}
ENTITY_KINDS = ("phones", "emails", "handles", "ages", "prices")


def read_jsonl(path: str) -> Iterable[dict[str, Any]]:
    import gzip

    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as handle:
        for line in handle:
            if line.strip():
                yield orjson.loads(line)


def _key(record: dict[str, Any]) -> tuple[str, str]:
    return record.get("platform") or "default", record["id"]


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 5) if b else None


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None or p + r == 0:
        return None if p is None or r is None else 0.0
    return round(2 * p * r / (p + r), 5)


def auc(scores: list[float], positives: list[bool]) -> float | None:
    """Area under the ROC curve via the rank-sum statistic (ties get average ranks)."""
    from scipy.stats import rankdata

    y = np.asarray(positives, dtype=bool)
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    if not n_pos or not n_neg:
        return None
    ranks = rankdata(np.asarray(scores, dtype=float))
    return round(float((ranks[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)), 5)


def _price_key(price: dict[str, Any]) -> tuple:
    return float(price.get("amount", 0)), price.get("unit")


def _entity_set(kind: str, values: list[Any]) -> set:
    if kind == "prices":
        return {_price_key(p) for p in values}
    if kind in ("emails", "handles"):
        return {str(v).lower() for v in values}
    return set(values)


def _overlaps(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a["field"] == b["field"] and a["start"] < b["end"] and b["start"] < a["end"]


def evaluate_verdicts(truth_path: str, verdicts_path: str) -> dict[str, Any]:
    truth = {_key(t): t for t in read_jsonl(truth_path)}
    seen = 0
    errors = 0
    benign = Counter()
    benign_flagged = Counter()
    label_tp: Counter = Counter()
    label_fp: Counter = Counter()
    label_fn: Counter = Counter()
    cat_present: Counter = Counter()
    cat_found: Counter = Counter()
    span_present: Counter = Counter()
    span_found: Counter = Counter()
    cat_predicted: Counter = Counter()
    cat_predicted_true: Counter = Counter()
    entity = {k: Counter() for k in ENTITY_KINDS}
    risk_t: list[float] = []
    risk_m: list[float] = []
    is_traff: list[bool] = []
    is_minor: list[bool] = []
    missing = 0
    for verdict in read_jsonl(verdicts_path):
        if "error" in verdict:
            errors += 1
            continue
        t = truth.get(_key(verdict))
        if t is None:
            missing += 1
            continue
        seen += 1
        label = t["label"]
        labels = set(verdict.get("labels", []))
        if label == "benign":
            benign[t["section"]] += 1
            if labels or verdict.get("decision") != "allow":
                benign_flagged[t["section"]] += 1
        for name, expected in EXPECTED.items():
            want, got = label in expected, name in labels
            if want and got:
                label_tp[name] += 1
            elif got:
                label_fp[name] += 1
            elif want:
                label_fn[name] += 1
        truth_cats = defaultdict(list)
        for span in t.get("indicators", []):
            truth_cats[span["category"]].append(span)
        verdict_inds = verdict.get("indicators", [])
        verdict_cats = defaultdict(list)
        for ind in verdict_inds:
            verdict_cats[ind["category"]].append(ind)
        for cat, spans in truth_cats.items():
            cat_present[cat] += 1
            cat_found[cat] += bool(verdict_cats.get(cat))
            for span in spans:
                span_present[cat] += 1
                span_found[cat] += any(_overlaps(span, ind) for ind in verdict_inds)
        for cat in verdict_cats:
            cat_predicted[cat] += 1
            cat_predicted_true[cat] += cat in truth_cats
        ents = verdict.get("entities", {})
        for kind in ENTITY_KINDS:
            want_set = _entity_set(kind, t.get(kind, []))
            got_set = _entity_set(kind, ents.get(kind, []))
            entity[kind]["tp"] += len(want_set & got_set)
            entity[kind]["fp"] += len(got_set - want_set)
            entity[kind]["fn"] += len(want_set - got_set)
        risk = verdict.get("risk", {})
        risk_t.append(risk.get("trafficking", 0.0))
        risk_m.append(risk.get("minor", 0.0))
        is_traff.append(label in EXPECTED["trafficking_risk"])
        is_minor.append(label == "minor")

    result: dict[str, Any] = {"ads": seen, "errors": errors, "verdicts_without_truth": missing}
    n_benign = sum(benign.values())
    result["ordinary"] = {
        "ads": n_benign,
        "flagged": sum(benign_flagged.values()),
        "false_positive_rate": _ratio(sum(benign_flagged.values()), n_benign),
        "by_section": {
            s: {
                "ads": benign[s],
                "flagged": benign_flagged[s],
                "false_positive_rate": _ratio(benign_flagged[s], benign[s]),
            }
            for s in sorted(benign)
        },
    }
    result["labels"] = {}
    for name in EXPECTED:
        p = _ratio(label_tp[name], label_tp[name] + label_fp[name])
        r = _ratio(label_tp[name], label_tp[name] + label_fn[name])
        result["labels"][name] = {
            "precision": p,
            "recall": r,
            "f1": _f1(p, r),
            "tp": label_tp[name],
            "fp": label_fp[name],
            "fn": label_fn[name],
        }
    result["categories"] = {
        c: {
            "ads": cat_present[c],
            "recall": _ratio(cat_found[c], cat_present[c]),
            "span_recall": _ratio(span_found[c], span_present[c]),
            "ad_precision": _ratio(cat_predicted_true[c], cat_predicted[c]),
        }
        for c in CATEGORIES
        if cat_present[c] or cat_predicted[c]
    }
    result["auc"] = {"trafficking": auc(risk_t, is_traff), "minor": auc(risk_m, is_minor)}
    result["entities"] = {}
    for kind, c in entity.items():
        p = _ratio(c["tp"], c["tp"] + c["fp"])
        r = _ratio(c["tp"], c["tp"] + c["fn"])
        result["entities"][kind] = {"precision": p, "recall": r, "f1": _f1(p, r), **dict(c)}
    return result


def adjusted_rand_index(pairs: Counter, rows: Counter, cols: Counter, n: int) -> float | None:
    sum_comb = sum(comb(v, 2) for v in pairs.values())
    sum_rows = sum(comb(v, 2) for v in rows.values())
    sum_cols = sum(comb(v, 2) for v in cols.values())
    total = comb(n, 2)
    if total == 0:
        return None
    expected = sum_rows * sum_cols / total
    maximum = (sum_rows + sum_cols) / 2
    if maximum == expected:
        return 1.0
    return round((sum_comb - expected) / (maximum - expected), 5)


def evaluate_networks(truth_path: str, networks_path: str, big: int = 5) -> dict[str, Any]:
    """Pairwise P/R/F1 and ARI of predicted networks against true networks.

    Ads without a true network are singletons. Also counts predicted networks that join more
    than one true network of at least `big` ads (the false merges investigators fear most).
    """
    truth_net: dict[tuple[str, str], str] = {}
    true_sizes: Counter = Counter()
    for t in read_jsonl(truth_path):
        key = _key(t)
        net = t.get("network_id") or f"single:{key[0]}:{key[1]}"
        truth_net[key] = net
        true_sizes[net] += 1
    contingency: Counter = Counter()
    rows: Counter = Counter()
    cols: Counter = Counter()
    members: dict[str, set[str]] = defaultdict(set)
    n = 0
    for record in read_jsonl(networks_path):
        if "error" in record:
            continue
        key = _key(record)
        true = truth_net.get(key)
        if true is None:
            continue
        pred = record.get("network_id") or f"single:{key[0]}:{key[1]}"
        contingency[(true, pred)] += 1
        rows[true] += 1
        cols[pred] += 1
        members[pred].add(true)
        n += 1
    tp = sum(comb(v, 2) for v in contingency.values())
    pred_pairs = sum(comb(v, 2) for v in cols.values())
    true_pairs = sum(comb(v, 2) for v in rows.values())
    p = _ratio(tp, pred_pairs)
    r = _ratio(tp, true_pairs)
    merges = [pred for pred, trues in members.items() if sum(1 for t in trues if true_sizes[t] >= big) > 1]
    largest = max(cols.values()) if cols else 0
    return {
        "ads": n,
        "pairwise_precision": p,
        "pairwise_recall": r,
        "pairwise_f1": _f1(p, r),
        "adjusted_rand_index": adjusted_rand_index(contingency, rows, cols, n),
        "predicted_networks": sum(1 for v in cols.values() if v > 1),
        "largest_predicted": largest,
        "networks_joining_several_large_true_networks": len(merges),
    }


def format_table(result: dict[str, Any]) -> str:
    lines = [f"ads scored: {result['ads']}  errors: {result['errors']}"]
    o = result["ordinary"]
    lines.append(
        f"ordinary ads: {o['ads']}  flagged: {o['flagged']}  false-positive rate: {_pct(o['false_positive_rate'])}"
    )
    for section, s in o["by_section"].items():
        lines.append(f"  {section:<14} {s['ads']:>7}  flagged {s['flagged']:>4}  fp {_pct(s['false_positive_rate'])}")
    lines.append("labels:            precision   recall      f1")
    for name, s in result["labels"].items():
        lines.append(f"  {name:<16} {_pct(s['precision']):>9} {_pct(s['recall']):>9} {_pct(s['f1']):>8}")
    lines.append("categories:        ads   recall  span-recall  ad-precision")
    for name, s in result["categories"].items():
        lines.append(
            f"  {name:<16} {s['ads']:>5} {_pct(s['recall']):>8} {_pct(s['span_recall']):>11}"
            f" {_pct(s['ad_precision']):>12}"
        )
    lines.append(f"AUC: trafficking {result['auc']['trafficking']}  minor {result['auc']['minor']}")
    lines.append("entities:          precision   recall      f1")
    for kind, s in result["entities"].items():
        lines.append(f"  {kind:<16} {_pct(s['precision']):>9} {_pct(s['recall']):>9} {_pct(s['f1']):>8}")
    if "networks" in result:
        nw = result["networks"]
        lines.append(
            f"networks: pairwise precision {_pct(nw['pairwise_precision'])} recall "
            f"{_pct(nw['pairwise_recall'])} f1 {_pct(nw['pairwise_f1'])} ARI {nw['adjusted_rand_index']}; "
            f"largest {nw['largest_predicted']}; joins of several large true networks: "
            f"{nw['networks_joining_several_large_true_networks']}"
        )
    return "\n".join(lines)


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.2f}%"
