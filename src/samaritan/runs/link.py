"""`samaritan link`: read ads (and optionally their verdicts), link them, write results."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from samaritan.engine.adparse import AdError
from samaritan.engine.decide import apply_network
from samaritan.engine.extract import Extractor
from samaritan.engine.policy import Policy, load_policy
from samaritan.io.graphs import write_networks
from samaritan.io.readers import read_ads
from samaritan.io.sinks import open_sink, write_all
from samaritan.io.writers import JsonlWriter
from samaritan.link.index import LinkIndex
from samaritan.link.linker import LinkConfig, Linker
from samaritan.link.records import LinkResult

log = logging.getLogger(__name__)


def _verdicts(path: str | None) -> Iterator[dict[str, Any] | None]:
    if path is None:
        while True:
            yield None
    from samaritan.runs.evaluate import read_jsonl

    yield from read_jsonl(path)
    while True:
        yield None


def link_files(
    input_path: str,
    output_path: str,
    networks_path: str | None = None,
    verdicts_path: str | None = None,
    config: LinkConfig | None = None,
    fmt: str | None = None,
    output_format: str | None = None,
    policy: Policy | None = None,
    progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None,
) -> LinkResult:
    """Link every readable ad of `input_path` (`progress` may wrap the records read, for a bar).
    Verdicts, when given, must be in input order (as
    `samaritan screen` writes them): their entities are reused, their risks feed network risk,
    and each output line carries the ad's network-adjusted decision (see `PostTimeDecisions`)."""
    linker = Linker(config)
    extractor = Extractor()
    verdicts = _verdicts(verdicts_path)
    decisions = PostTimeDecisions(config, policy) if verdicts_path else None
    skipped = 0
    records = read_ads(input_path, fmt)
    for _line, item in progress(records) if progress else records:
        verdict = next(verdicts)
        if isinstance(item, AdError):
            skipped += 1
            continue
        if verdict is not None and verdict.get("id") != item.id:
            raise ValueError(f"verdicts are not in input order: ad {item.id!r} met verdict {verdict.get('id')!r}")
        entities = (
            verdict.get("entities") if verdict and "entities" in verdict else extractor.extract(item).entities.to_dict()
        )
        linker.add(item, entities, verdict)
        if decisions is not None and verdict is not None:
            decisions.add(item, entities, verdict)
    result = linker.run()
    write_result(result, output_path, networks_path, output_format, decisions.lines if decisions else None)
    if skipped:
        log.warning("%d unreadable ads were not linked", skipped)
    return result


class PostTimeDecisions:
    """Each ad's decision with its network context, exactly as the service reaches it at post
    time: the ad attaches to a link index of the ads before it (`LinkIndex.attach`, the
    service's own path) and `engine.decide.apply_network` applies the network rules. So
    `samaritan link` and `POST /v1/screen` give one decision for one ad and network."""

    def __init__(self, config: LinkConfig | None = None, policy: Policy | None = None):
        self.index = LinkIndex(config=config or LinkConfig())
        self.policy = policy or load_policy()
        self.lines: dict[tuple[str, str], dict[str, Any]] = {}

    def add(self, ad, entities: dict[str, list] | None, verdict: dict[str, Any]) -> dict[str, Any]:
        line = self.index.attach(ad, entities, verdict)
        decided = apply_network(verdict, line, self.index.verdicts.get, self.policy)
        own = set(verdict.get("reasons", []))
        out = {
            "decision": decided["decision"],
            "priority": decided.get("priority"),
            "network_reasons": [r for r in decided["reasons"] if r not in own],
        }
        self.lines[(ad.platform, ad.id)] = out
        return out


def with_decisions(lines: list[dict[str, Any]], decisions: dict[tuple[str, str], dict[str, Any]] | None) -> None:
    """Add each line's network-adjusted decision (from `PostTimeDecisions`), when known."""
    for line in lines:
        decided = decisions.get((line["platform"], line["id"])) if decisions else None
        if decided:
            line["decision"], line["priority"] = decided["decision"], decided["priority"]
            extra = [r for r in decided["network_reasons"] if r not in line.get("reasons", [])]
            if extra:
                line["reasons"] = [*line.get("reasons", []), *extra]


def write_result(
    result: LinkResult,
    output_path: str,
    networks_path: str | None,
    output_format: str | None = None,
    decisions: dict[tuple[str, str], dict[str, Any]] | None = None,
) -> None:
    """One line per ad to `output_path` (JSONL, CSV or Parquet; with its network-adjusted
    decision, when known); the networks to `networks_path`, if given: one JSON line each, or a
    CSV summary, GraphML or GEXF by extension."""
    lines = result.per_ad()
    with_decisions(lines, decisions)
    write_all(open_sink(output_path, "links", output_format), lines)
    if not networks_path:
        return
    if networks_path.lower().endswith((".jsonl", ".jsonl.gz")):
        write_all(JsonlWriter(networks_path), result.networks)
    else:
        write_networks(networks_path, result.networks, lines)


def summary_text(result: LinkResult) -> str:
    linked = sum(1 for n in result.network_of if n)
    text = [f"{len(result.records)} ads, {len(result.networks)} networks, {linked} ads in a network"]
    if result.networks:
        top = result.networks[0]
        formed = ", ".join(f"{k} {v}" for k, v in sorted(top["formed_by"].items(), key=lambda kv: -kv[1]))
        text.append(
            f"largest network {top['network_id']}: {top['size']} ads, {len(top['cities'])} cities, formed by {formed}"
        )
    if result.generic_keys:
        shown = sorted(result.generic_keys.items(), key=lambda kv: -kv[1])[:3]
        text.append("generic keys not used for linking: " + ", ".join(f"{k} ({v} ads)" for k, v in shown))
    reposts = sum(1 for r in result.repost_of_blocked if r)
    if reposts:
        text.append(f"{reposts} re-posts of blocked ads that dropped or disguised the indicators")
    return "; ".join(text)


__all__ = ["PostTimeDecisions", "link_files", "summary_text", "write_result"]
