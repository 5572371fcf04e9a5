"""Scope read through a disguise: whose an age is, and whether a claim is denied, read in a
field's text and, where its first folded view undid a disguise, in that reading too.

The detector matches disguised words in folded views ("e-s-c-o-r-t", "ᴇꜱᴄᴏʀᴛ", "escor\\nts"),
but scope reads the words around a hit or an age, and in the raw text those are disguised as
well: "no hooke\\r\\nrs or escor\\nts" has a line break where its clause seems to end, "a 10 yr old
d-a~u+g~h*t*e/r" names no daughter, "s|i+n.c*e I was 12" no past. A lawful post written in any
disguise must be read as its plain text is, so a claim is denied when either reading denies it,
and an age is the person's only when both readings give it to them. Plain ASCII fields (most)
have no second reading and cost nothing more.
"""

from __future__ import annotations

from collections.abc import Mapping

from samaritan.engine.learned.reading import Reading, read
from samaritan.engine.learned.scope import age_is_persons, claim_is_denied, hit_is_negated
from samaritan.engine.normalize import Folded


class Through:
    """One field's text and its first folded view (None: the detector did not fold it)."""

    __slots__ = ("_reading", "text", "view")

    def __init__(self, text: str, view: Folded | None) -> None:
        self.text = text
        self.view = view
        self._reading: Reading | None = None

    def reading(self) -> Reading:
        """`read(text, view)`: what the learned stage reads of the field (computed once)."""
        if self._reading is None:
            self._reading = read(self.text, self.view)
        return self._reading

    def _read_span(self, start: int, end: int) -> tuple[str, int, int] | None:
        """The reading's text and span of the original's [start, end), where the view read a
        disguise (None: it read the text as it is, or folding dropped the span)."""
        if self.view is None or self.view.plain:
            return None
        reading = self.reading()
        span = reading.span(start, end)
        if span is None or reading.text == self.text:
            return None
        return reading.text, span[0], span[1]

    def age_is_persons(self, start: int, end: int) -> bool:
        if not age_is_persons(self.text, start, end):
            return False
        other = self._read_span(start, end)
        return other is None or age_is_persons(*other)

    def claim_is_denied(self, start: int, end: int, category: str | None = None) -> bool:
        if claim_is_denied(self.text, start, end, category):
            return True
        other = self._read_span(start, end)
        return other is not None and claim_is_denied(*other, category)

    def hit_is_negated(self, category: str, start: int, end: int) -> bool:
        if hit_is_negated(category, self.text, start):
            return True
        other = self._read_span(start, end)
        return other is not None and hit_is_negated(category, other[0], other[1])


def throughs(fields: Mapping[str, str | None], views: Mapping[str, Folded | None] | None) -> dict[str, Through]:
    """A Through of each of the ad's fields (`fields`: name -> text), with its view if any."""
    views = views or {}
    return {name: Through(text or "", views.get(name)) for name, text in fields.items()}
