"""One ad through the rules path, as the rules tests read it: labels, rule codes, categories."""

from __future__ import annotations

from samaritan import Screener


def screen_full(
    screener: Screener, title: str, body: str, section: str = "dating"
) -> tuple[list[str], set[str], set[str]]:
    verdict = screener.screen({"id": "t", "category": section, "title": title, "body": body})
    return verdict.labels, {i.code for i in verdict.indicators}, {i.category for i in verdict.indicators}


def screen(screener: Screener, title: str, body: str, section: str = "dating") -> tuple[list[str], set[str]]:
    labels, codes, _ = screen_full(screener, title, body, section)
    return labels, codes
