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

import re
from bisect import bisect_left
from collections.abc import Mapping

from samaritan.engine.learned.reading import Reading, chars_reading, read
from samaritan.engine.learned.scope import age_is_persons, claim_is_denied, hit_is_negated
from samaritan.engine.normalize import Folded

# Characters that fold to a letter or a digit: letters and digits outside ASCII (styled, other
# scripts), and the enclosed and regional-indicator ones, which Unicode files as symbols; and
# typographic apostrophes and quotes, which fold to ASCII ones ("don’t" is a negation).
_FOLDED_LETTERS = re.compile(
    r"(?=[^\x00-\x7f])[^\W_]|[\u2460-\u24ff\u2776-\u2793\U0001f100-\U0001f1ff\u2018-\u201f\u2032\u00b4\uff02\uff07]"
)


class Through:
    """One field's text and its first folded view (None: the detector did not fold it)."""

    __slots__ = ("_chars", "_differ", "_reading", "text", "view")

    def __init__(self, text: str, view: Folded | None) -> None:
        self.text = text
        self.view = view
        self._reading: Reading | None = None
        self._chars: Reading | None = None
        self._differ: bool | None = None

    def reading(self) -> Reading:
        """`read(text, view)`: what the learned stage reads of the field (computed once)."""
        if self._reading is None:
            self._reading = read(self.text, self.view)
        return self._reading

    def _scope_reading(self) -> Reading:
        """The reading scope needs: `reading`, or where the view read no word anew and no run
        backwards (letters of other scripts or styled ones only: most disguised real posts),
        the characters folded alone, which read the same words at a fraction of the cost."""
        view = self.view
        if self._reading is not None or view is None or view.words_read or view.reads_backwards:
            return self.reading()
        if isinstance(view.reading, Reading):
            return view.reading
        if self._chars is None:
            self._chars = chars_reading(self.text)
        return self._chars

    def _differs(self) -> bool:
        """Does the field read otherwise through its view (worked out once a field)? Not where
        the view is the text lower-cased, nor where it only has emoji or symbols outside ASCII
        and read no word anew (most real posts)."""
        if self._differ is None:
            view = self.view
            if view is None or view.plain or not (view.words_read or _FOLDED_LETTERS.search(self.text)):
                self._differ = False
            else:
                reading = self._scope_reading()
                self._differ = not (reading.where is None and reading.text == self.text.lower())
        return self._differ

    def _read_span(self, start: int, end: int) -> tuple[str, int, int] | None:
        """The reading's text and span of the original's [start, end), where the view read a
        disguise (None: it read the text as it is, or folding dropped the span)."""
        view = self.view
        if view is None or not self._differs():
            return None
        reading = self._scope_reading()
        where = reading.where
        if where is None or not view.reads_backwards:
            # Offsets rise with position except inside a run read backwards (Folded): bisection,
            # where a scan of the map for every hit cost more than the checks.
            span = (start, end) if where is None else (bisect_left(where, start), bisect_left(where, end))
            if span[0] >= min(span[1], len(reading.text)):
                return None  # folding dropped the span
        elif (found := reading.span(start, end)) is not None:  # upside-down runs: read backwards
            span = found
        else:
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
        if hit_is_negated(category, self.text, start, end):
            return True
        other = self._read_span(start, end)
        return other is not None and hit_is_negated(category, *other)


def throughs(fields: Mapping[str, str | None], views: Mapping[str, Folded | None] | None) -> dict[str, Through]:
    """A Through of each of the ad's fields (`fields`: name -> text), with its view if any."""
    views = views or {}
    return {name: Through(text or "", views.get(name)) for name, text in fields.items()}
