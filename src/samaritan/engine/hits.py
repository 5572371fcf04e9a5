"""A lexicon rule found in one field of an ad, and the hits of a field kept: one per rule and
place, a span inside a longer span of the same rule dropped."""

from __future__ import annotations

from collections.abc import Sequence

from samaritan.engine.lexicon import Rule
from samaritan.engine.normalize import Folded


class Hit:
    """A rule found in one field. `start`/`end` (offsets into the ORIGINAL field text) and `text`
    are worked out from the folded view when first read: most hits on an ordinary ad only count
    towards its scores and are never reported, and mapping spans back is much of their cost."""

    __slots__ = ("_span", "_view", "field", "order", "rule")

    def __init__(self, rule: Rule, field: str, view: Folded, start: int, end: int, span: tuple[int, int] | None):
        self.rule = rule
        self.field = field
        self._view = view
        self._span = span
        # Sorts and nests like the original span: the folded one maps onto it in order.
        self.order = span if span is not None else (start, end)

    def _original(self) -> tuple[int, int]:
        if self._span is None:
            self._span = trimmed(self._view, *self.order)
        return self._span

    @property
    def start(self) -> int:
        return self._original()[0]

    @property
    def end(self) -> int:
        return self._original()[1]

    @property
    def text(self) -> str:
        start, end = self._original()
        return self._view.original[start:end]

    def __repr__(self) -> str:
        return f"Hit({self.rule.code}, {self.field}, {self.start}, {self.end}, {self.text!r})"


# Hits so far in one field, keyed by rule code and span.
Found = dict[tuple[str, int, int], Hit]

# A rule's code, category, weight and whether it is negatable, as plain values.
Facts = tuple[str, str, float, bool]


class RuleFacts:
    """Each rule's Facts, looked up by the rule object's id: an attribute of a pydantic Rule
    costs ~380 instructions (its `__getattr__` keeps the interpreter from specialising the
    look-up), and a verdict read some 70 of them. Holds the rules, so their ids stay theirs."""

    __slots__ = ("_rules", "by_id")

    def __init__(self, rules: Sequence[Rule]) -> None:
        self._rules = list(rules)
        self.by_id: dict[int, Facts] = {id(r): facts(r) for r in self._rules}

    def of(self, rule: Rule) -> Facts:
        """`facts(rule)`, known or worked out (a rule of another lexicon)."""
        return self.by_id.get(id(rule)) or facts(rule)


def facts(rule: Rule) -> Facts:
    return (rule.code, rule.category, rule.weight, rule.negatable)


def trimmed(view: Folded, start: int, end: int) -> tuple[int, int]:
    """A folded span as an original span, without whitespace it may have picked up at its edges."""
    o_start, o_end = view.span(start, end)
    original = view.original
    while o_start < o_end and original[o_start].isspace():
        o_start += 1
    while o_end > o_start and original[o_end - 1].isspace():
        o_end -= 1
    return o_start, o_end


def keep(found: Found, rule: Rule, field: str, view: Folded, start: int, end: int, lazy: bool) -> None:
    if lazy:
        key = (rule.code, start, end)
        if key not in found:
            found[key] = Hit(rule, field, view, start, end, None)
        return
    span = trimmed(view, start, end)
    key = (rule.code, *span)
    if key not in found:
        found[key] = Hit(rule, field, view, start, end, span)


def drop_nested(hits: list[Hit]) -> list[Hit]:
    """Keep one hit per place per rule: a span inside a longer span of the same rule (one of
    the last eight kept) goes."""
    # (`order` is the folded span for every hit of a one-view field, else the original span.)
    hits.sort(key=lambda h: (h.field, h.order[0], h.order[0] - h.order[1]))
    if len({hit.rule.code for hit in hits}) == len(hits):
        return hits  # no rule hit twice (most fields): nothing can nest
    kept: list[Hit] = []
    # Each rule's kept spans, with their place in `kept`: a hit is compared with its own rule's.
    spans: dict[tuple[str, str], list[tuple[int, int, int]]] = {}
    for hit in hits:
        start, end = hit.order
        key = (hit.rule.code, hit.field)
        same = spans.get(key)
        if same is None:
            spans[key] = [(len(kept), start, end)]
        else:
            recent = len(kept) - 8
            if any(at >= recent and k_start <= start and end <= k_end for at, k_start, k_end in same):
                continue
            same.append((len(kept), start, end))
        kept.append(hit)
    return kept
