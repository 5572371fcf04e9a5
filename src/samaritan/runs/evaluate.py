"""Score verdicts (and networks) against a generator truth file.

Metrics: false-positive rate on ordinary ads (overall and per section), recall and precision
per label, recall per contract category (ad level, and span overlap), AUC of the two risks,
entity precision/recall/F1 by kind, and for networks pairwise precision/recall/F1 and the
adjusted Rand index.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
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


def wanted_labels(t: dict[str, Any]) -> set[str]:
    """The labels an ad should get: from a generator truth record's class (`label`), or from a
    labelled ad's own `labels` array (the format `samaritan train` reads; empty: an ordinary ad)."""
    if "label" in t:
        return {name for name, classes in EXPECTED.items() if t["label"] in classes}
    if isinstance(t.get("labels"), list):
        return {str(name) for name in t["labels"]}
    raise ValueError(
        f"truth record {t.get('id')!r} has neither a generator `label` nor a `labels` array "
        "(give a generator truth file or labelled ads, as for `samaritan train`)"
    )


def evaluate_verdicts(truth_path: str, verdicts_path: str) -> dict[str, Any]:
    """Verdicts scored against a generator truth file, or against labelled ads (each ad with a
    `labels` array): labels and ordinary ads for both, categories and entities where the truth
    records them."""
    truth = {_key(t): t for t in read_jsonl(truth_path)}
    tally = _Tally()
    for verdict in read_jsonl(verdicts_path):
        if "error" in verdict:
            tally.errors += 1
            continue
        t = truth.get(_key(verdict))
        if t is None:
            tally.missing += 1
            continue
        tally.count(verdict, t)
    return tally.result()


_CATEGORY_COUNTS = ("present", "found", "spans", "spans_found", "predicted", "right")


@dataclass
class _Tally:
    """Counts over verdicts matched to their truth; `result` turns them into the report."""

    seen: int = 0
    errors: int = 0
    missing: int = 0
    benign: Counter = field(default_factory=Counter)
    benign_flagged: Counter = field(default_factory=Counter)
    label: dict[str, Counter] = field(default_factory=lambda: {k: Counter() for k in ("tp", "fp", "fn")})
    cat: dict[str, Counter] = field(default_factory=lambda: {k: Counter() for k in _CATEGORY_COUNTS})
    entity: dict[str, Counter] = field(default_factory=lambda: {k: Counter() for k in ENTITY_KINDS})
    risk_t: list[float] = field(default_factory=list)
    risk_m: list[float] = field(default_factory=list)
    is_traff: list[bool] = field(default_factory=list)
    is_minor: list[bool] = field(default_factory=list)

    def count(self, verdict: dict[str, Any], t: dict[str, Any]) -> None:
        self.seen += 1
        wanted = wanted_labels(t)
        labels = set(verdict.get("labels", []))
        if not wanted:  # an ordinary ad
            section = t.get("section") or t.get("category") or "unknown"
            self.benign[section] += 1
            if labels or verdict.get("decision") != "allow":
                self.benign_flagged[section] += 1
        for name in EXPECTED:
            want, got = name in wanted, name in labels
            if want or got:
                self.label["tp" if want and got else "fp" if got else "fn"][name] += 1
        if "indicators" in t:  # (labelled ads carry no spans: their categories are not scored)
            self._count_categories(verdict.get("indicators", []), t["indicators"])
        ents = verdict.get("entities", {})
        for kind in ENTITY_KINDS:
            if kind not in t:
                continue  # the truth does not record them (labelled ads)
            want_set = _entity_set(kind, t.get(kind, []))
            got_set = _entity_set(kind, ents.get(kind, []))
            self.entity[kind]["tp"] += len(want_set & got_set)
            self.entity[kind]["fp"] += len(got_set - want_set)
            self.entity[kind]["fn"] += len(want_set - got_set)
        risk = verdict.get("risk", {})
        self.risk_t.append(risk.get("trafficking", 0.0))
        self.risk_m.append(risk.get("minor", 0.0))
        self.is_traff.append("trafficking_risk" in wanted)
        self.is_minor.append("minor_risk" in wanted)

    def _count_categories(self, verdict_inds: list[dict[str, Any]], truth_spans: list[dict[str, Any]]) -> None:
        truth_cats: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for span in truth_spans:
            truth_cats[span["category"]].append(span)
        verdict_cats: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for ind in verdict_inds:
            verdict_cats[ind["category"]].append(ind)
        c = self.cat
        for cat, spans in truth_cats.items():
            c["present"][cat] += 1
            c["found"][cat] += bool(verdict_cats.get(cat))
            for span in spans:
                c["spans"][cat] += 1
                c["spans_found"][cat] += any(_overlaps(span, ind) for ind in verdict_inds)
        for cat in verdict_cats:
            c["predicted"][cat] += 1
            c["right"][cat] += cat in truth_cats

    def result(self) -> dict[str, Any]:
        result: dict[str, Any] = {"ads": self.seen, "errors": self.errors, "verdicts_without_truth": self.missing}
        benign, flagged = self.benign, self.benign_flagged
        n_benign = sum(benign.values())
        result["ordinary"] = {
            "ads": n_benign,
            "flagged": sum(flagged.values()),
            "false_positive_rate": _ratio(sum(flagged.values()), n_benign),
            "by_section": {
                s: {"ads": benign[s], "flagged": flagged[s], "false_positive_rate": _ratio(flagged[s], benign[s])}
                for s in sorted(benign)
            },
        }
        tp, fp, fn = self.label["tp"], self.label["fp"], self.label["fn"]
        result["labels"] = {}
        for name in EXPECTED:
            p = _ratio(tp[name], tp[name] + fp[name])
            r = _ratio(tp[name], tp[name] + fn[name])
            result["labels"][name] = {
                "precision": p, "recall": r, "f1": _f1(p, r), "tp": tp[name], "fp": fp[name], "fn": fn[name]
            }  # fmt: skip
        c = self.cat
        result["categories"] = {
            cat: {
                "ads": c["present"][cat],
                "recall": _ratio(c["found"][cat], c["present"][cat]),
                "span_recall": _ratio(c["spans_found"][cat], c["spans"][cat]),
                "ad_precision": _ratio(c["right"][cat], c["predicted"][cat]),
            }
            for cat in CATEGORIES
            if c["present"][cat] or c["predicted"][cat]
        }
        result["auc"] = {"trafficking": auc(self.risk_t, self.is_traff), "minor": auc(self.risk_m, self.is_minor)}
        result["entities"] = {}
        for kind, e in self.entity.items():
            p = _ratio(e["tp"], e["tp"] + e["fp"])
            r = _ratio(e["tp"], e["tp"] + e["fn"])
            result["entities"][kind] = {"precision": p, "recall": r, "f1": _f1(p, r), **dict(e)}
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
