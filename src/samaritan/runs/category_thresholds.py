"""The category tagger's span thresholds, chosen on phrasing families held out of its first fits
(runs/train_categories.py: held_out_tables gives the span tables read here)."""

from __future__ import annotations

import numpy as np

from samaritan.engine.learned.categories_text import NEVER, SHORT_LEVELS

MIN_EVIDENCE = 20
THRESHOLDS = np.round(np.arange(0.3, 0.96, 0.05), 2)
# Below the precision target, the lowest share of held-out spans right at which a category is
# kept. Span scores sit at 0.9-1.0, so the choice is on or off; venue's held-out spans are 62-65%
# right (beside, not on, their truth span) and at 0.75 it was off in three of three 15k-ad
# corpora: at 0.6, venue 81 -> 92% of held-out test ads (ad precision 88 -> 83%), the rest
# unchanged or up, over three training seeds (docs/learned-model.md, session 13).
FLOOR = 0.6

# Per category, the (score, right) of every span found on held-out families.
Table = dict[str, list[tuple[float, bool]]]


def choose_short(table: Table, categories: tuple[str, ...], precision: float) -> np.ndarray:
    """Per category, the lowest SHORT_LEVELS probability at which held-out spans of one short word
    (`table`) are at least `precision` right, or NEVER (none kept) where no level is or too few
    (MIN_EVIDENCE) are found to judge. A single short word ("new", "safe", "now") was the whole
    run in about a third of the held-out ads whose movement or availability the tagger missed,
    but only 58-66% of such spans lie on a truth span of their category (docs/learned-model.md)."""
    out = np.full(len(categories), NEVER, dtype=np.float32)
    for j, c in enumerate(categories):
        for level in SHORT_LEVELS:
            kept = [right for score, right in table[c] if score >= level]
            if len(kept) < MIN_EVIDENCE:
                break
            if sum(kept) / len(kept) >= precision:
                out[j] = level
                break
    return out


def choose_thresholds(table: Table, categories: tuple[str, ...], precision: float) -> np.ndarray:
    """Per category, the lowest threshold whose held-out spans (`table`) are at least `precision`
    right; where none is, the lowest at which at least FLOOR of them are right (a category whose
    held-out spans never reach the target is kept, not lost), else off. A
    category with fewer than MIN_EVIDENCE spans found there (its families may all have fallen in
    the fit) gets the lowest threshold: one stray span must not switch it off."""
    out = np.full(len(categories), 1.0, dtype=np.float32)
    for j, c in enumerate(categories):
        if len(table[c]) < MIN_EVIDENCE:  # too few held-out spans to judge (a rare category): the lowest
            out[j] = THRESHOLDS[0]
            continue
        fallback = None
        for t in THRESHOLDS:
            kept = [right for score, right in table[c] if score >= t]
            if not kept:
                break
            share = sum(kept) / len(kept)
            if share >= precision:
                out[j] = t
                break
            if share >= FLOOR and fallback is None:
                fallback = t
        if out[j] == 1.0 and fallback is not None:
            out[j] = fallback
    return out
