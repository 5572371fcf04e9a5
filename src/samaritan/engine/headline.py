"""An ad with no title is read with its body's first line as the title (its headline).

Platforms differ in whether an ad has a title field: dating profiles, one-box classifieds and
feeds that join the two hand over the body alone, headline first. Ads say much in their title
(a name and an age, "new in town", a decorated headline), and the rules and the learned stage
read a title as a title: measured on the real development halves with each title moved into the
first line of its body, the rule path recognised 78% of the dating-section ads it recognises at
98% with the title as a field, and the learned stage flagged 152 personal posts instead of 18
(its only title feature for a missing title came from a few generated commercial ads). The same
ad must get the same verdict however its platform stores the headline, so the first line stands
in for the missing title while the ad is read, and every span is given back in the body, where
the text is.
"""

from __future__ import annotations

from dataclasses import replace

from samaritan.engine.model import Ad, Indicator

# A first line longer than this is prose, not a headline (classified sites cap titles at 70-100
# characters).
HEADLINE_MAX = 120


class Moved:
    """Where the headline and the rest of the body sit in the original body."""

    __slots__ = ("rest", "title")

    def __init__(self, title: int, rest: int) -> None:
        self.title = title
        self.rest = rest

    def back(self, indicators: list[Indicator]) -> list[Indicator]:
        """The indicators with their spans in the original body."""
        out = []
        for ind in indicators:
            shift = self.title if ind.field == "title" else self.rest
            out.append(
                Indicator(ind.code, ind.category, "body", ind.start + shift, ind.end + shift, ind.text, ind.weight)
            )
        return out


def headed(ad: Ad) -> tuple[Ad, Moved | None]:
    """The ad as read: with no title, the body's first line as title when it reads as one (short,
    and followed by more text); otherwise the ad itself. `Moved` maps spans back (None: none moved)."""
    if ad.title.strip():
        return ad, None
    body = ad.body
    start = len(body) - len(body.lstrip())
    end = body.find("\n", start)
    if end < 0 or end - start > HEADLINE_MAX:
        return ad, None
    rest = end + 1
    if not body[rest:].strip():
        return ad, None
    line_end = end
    while line_end > start and body[line_end - 1].isspace():  # "\r" and trailing blanks stay in the body
        line_end -= 1
    return replace(ad, title=body[start:line_end], body=body[rest:]), Moved(start, rest)
