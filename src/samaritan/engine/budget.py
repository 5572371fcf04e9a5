"""Bounded work per ad: how much of each field the matchers read.

Every matcher is linear, but an ad of megabytes would still hold the screener (and, in the
service, everyone waiting on it) for long. So each text field is matched over its first
`FIELD_BUDGET` characters only. The ad itself is never cut: it is stored and returned whole as
evidence, spans still point into it, and the verdict says, in its reasons, which fields were
screened only in part. Repeated work is capped too: the hundredth "$100 hh" adds nothing to the
score or the evidence but its cost (`HITS_PER_RULE`, `ENTITIES_PER_KIND`, `EDITS_PER_STEP`).
"""

from __future__ import annotations

from dataclasses import replace

from samaritan.engine.model import Ad

FIELD_BUDGET = 16_384  # characters of each of title and body that are matched
HITS_PER_RULE = 25  # hits of one rule kept per field
ENTITIES_PER_KIND = 100  # prices (and the like) read per ad
EDITS_PER_STEP = 256  # words one normalising step (joining, respelling) rewrites per field


def within_budget(ad: Ad) -> tuple[Ad, list[str]]:
    """The ad as the matchers read it, and a reason for each field that was cut."""
    reasons = []
    title, body = ad.title, ad.body
    if len(title) > FIELD_BUDGET:
        reasons.append(budget_reason("title", len(title)))
        title = title[:FIELD_BUDGET]
    if len(body) > FIELD_BUDGET:
        reasons.append(budget_reason("body", len(body)))
        body = body[:FIELD_BUDGET]
    if not reasons:
        return ad, reasons
    return replace(ad, title=title, body=body), reasons


def budget_reason(field: str, length: int) -> str:
    return (
        f"only the first {FIELD_BUDGET:,} of the {length:,} characters of the {field} were screened "
        "(the work budget per field); the whole ad is kept as evidence"
    )
