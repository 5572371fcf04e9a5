"""Plain words for what Samaritan found in an ad: labels, reasons and each indicator with its span."""

from __future__ import annotations

from samaritan.report.evidence import AdCase


def ad_summary(ad: AdCase) -> str:
    verdict = ad.verdict
    rev = ad.latest
    lines = [
        f"Ad {ad.platform}/{ad.id}, revision {rev['revision']}, received {rev['received_at']}, sha256 {rev['sha256']}.",
        f"Samaritan decision: {verdict.get('decision', 'unknown')}; labels: "
        f"{', '.join(verdict.get('labels', [])) or 'none'}; priority: {verdict.get('priority', 'none')}.",
    ]
    lines += [f"Reason: {reason}" for reason in verdict.get("reasons", [])]
    for ind in verdict.get("indicators", []):
        lines.append(
            f"Indicator {ind['code']} ({ind['category']}): '{ind.get('text', '')}' in the "
            f"{ind['field']} at characters {ind['start']}-{ind['end']}."
        )
    for decision in ad.decisions:
        note = f" Note: {decision['note']}" if decision.get("note") else ""
        lines.append(
            f"Reviewer {decision['reviewer']} decided {decision['decision']} on revision "
            f"{decision['revision']} at {decision['created_at']}.{note}"
        )
    return "\n".join(lines)
