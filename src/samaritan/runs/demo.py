"""`samaritan demo`: generate a small synthetic site, screen it, link it, and explain the result."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import TextIO

from samaritan.engine.screener import Screener
from samaritan.generate.corpus import SiteGenerator
from samaritan.io.readers import read_jsonl
from samaritan.io.writers import JsonlWriter
from samaritan.runs.batch import Summary, screen_records
from samaritan.runs.evaluate import evaluate_networks, evaluate_verdicts
from samaritan.runs.link import link_files, summary_text


def run_demo(data_dir: Path, n: int = 2000, seed: int = 42, out: TextIO = sys.stdout) -> dict:
    data_dir.mkdir(parents=True, exist_ok=True)
    ads_path, truth_path = data_dir / "demo-ads.jsonl", data_dir / "demo-truth.jsonl"
    verdicts_path = data_dir / "demo-verdicts.jsonl"

    print(f"1. Generating a synthetic classified site: {n} ads (seed {seed}) ...", file=out)
    with JsonlWriter(str(ads_path)) as ads, JsonlWriter(str(truth_path)) as truth:
        for ad, t in SiteGenerator(n, seed=seed):
            ads.write(ad)
            truth.write(t)

    print("2. Screening every ad ...", file=out)
    screener = Screener()
    summary = Summary()
    verdicts: list[dict] = []
    with JsonlWriter(str(verdicts_path)) as writer:
        for record in screen_records(read_jsonl(str(ads_path)), screener, summary):
            writer.write(record)
            verdicts.append(record)
    print(f"   {summary.text()}", file=out)

    print("3. Linking ads into networks ...", file=out)
    linked = link_files(
        str(ads_path),
        str(data_dir / "demo-links.jsonl"),
        str(data_dir / "demo-networks.jsonl"),
        verdicts_path=str(verdicts_path),
    )
    print(f"   {summary_text(linked)}", file=out)

    _explain(verdicts, out)
    _show_networks(linked.networks, out)
    result = evaluate_verdicts(str(truth_path), str(verdicts_path))
    o = result["ordinary"]
    labels = result["labels"]
    print("\nHow it did against the generator's truth:", file=out)
    print(f"   ordinary ads wrongly flagged: {o['flagged']} of {o['ads']}", file=out)
    for name in ("commercial_sex", "trafficking_risk", "minor_risk"):
        s = labels[name]
        print(f"   {name:<17} recall {_pct(s['recall'])}, precision {_pct(s['precision'])}", file=out)
    network_scores = evaluate_networks(str(truth_path), str(data_dir / "demo-links.jsonl"))
    print(
        f"   networks: pairwise F1 {_pct(network_scores['pairwise_f1'])}, false joins of large networks: "
        f"{network_scores['networks_joining_several_large_true_networks']}",
        file=out,
    )
    print(f"\nFiles are in {data_dir}/ (ads, truth, verdicts, links, networks). Synthetic data only.", file=out)
    return result


def _explain(verdicts: list[dict], out: TextIO) -> None:
    flagged = [v for v in verdicts if v.get("labels")]
    print(f"\nWhat was flagged: {len(flagged)} of {len(verdicts)} ads", file=out)
    by_priority = Counter(v["priority"] for v in flagged)
    for priority in ("urgent", "high", "medium", "low"):
        if by_priority[priority]:
            print(f"   {priority:<7} {by_priority[priority]}", file=out)
    shown = set()
    print("\nExamples, with the reasons a reviewer sees:", file=out)
    for priority in ("urgent", "high", "low"):
        example = next((v for v in flagged if v["priority"] == priority and v["id"] not in shown), None)
        if example is None:
            continue
        shown.add(example["id"])
        print(f"   [{priority}] ad {example['id']}: {', '.join(example['labels'])}", file=out)
        for reason in example["reasons"][:4]:
            print(f"      - {reason}", file=out)
        phones = example["entities"].get("phones", [])
        if phones:
            print(f"      contacts: {', '.join(phones)}", file=out)


def _show_networks(networks: list[dict], out: TextIO) -> None:
    ranked = sorted(networks, key=lambda n: (-(n["risk"].get("network_trafficking") or 0), -n["size"]))[:3]
    if not ranked:
        return
    print("\nTop networks (by risk, then size):", file=out)
    for net in ranked:
        path = " -> ".join(step["city"] for step in net["movement"]) or "no location"
        formed = ", ".join(f"{k} {v}" for k, v in sorted(net["formed_by"].items(), key=lambda kv: -kv[1])[:3])
        print(
            f"   {net['network_id']}: {net['size']} ads, {len(net['phones'])} phones, {len(net['accounts'])} "
            f"accounts; moved {path}; linked by {formed}",
            file=out,
        )


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"
