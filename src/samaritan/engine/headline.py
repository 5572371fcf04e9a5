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
the text is. A title that the body's first line repeats is read once: twice, its cues counted
twice (trafficking_risk on 414 real dating posts instead of 336).
"""

from __future__ import annotations

from dataclasses import replace

from samaritan.engine.model import Ad, Indicator

# A first line longer than this is prose, not a headline (classified sites cap titles at 70-100
# characters).
HEADLINE_MAX = 120


class Moved:
    """Where the headline and the rest of the body sit in the original body. `title` None: the
    ad has its title, and the body's first line, which repeats it, is not read twice."""

    __slots__ = ("rest", "title")

    def __init__(self, title: int | None, rest: int) -> None:
        self.title = title
        self.rest = rest

    @property
    def headline(self) -> bool:
        """Whether the title read is the body's first line (the ad had none)."""
        return self.title is not None

    def back(self, indicators: list[Indicator]) -> list[Indicator]:
        """The indicators with their spans in the ad as sent."""
        out = []
        for ind in indicators:
            if ind.field == "title":
                if self.title is None:
                    out.append(ind)
                    continue
                shift = self.title
            else:
                shift = self.rest
            out.append(
                Indicator(ind.code, ind.category, "body", ind.start + shift, ind.end + shift, ind.text, ind.weight)
            )
        return out


def _first_line(body: str) -> tuple[int, int, int] | None:
    """Start and end of the body's first line and the start of the rest, when the line is short
    and more text follows it (None: it reads as no headline)."""
    start = len(body) - len(body.lstrip())
    end = body.find("\n", start)
    if end < 0 or end - start > HEADLINE_MAX:
        return None
    rest = end + 1
    if not body[rest:].strip():
        return None
    line_end = end
    while line_end > start and body[line_end - 1].isspace():  # "\r" and trailing blanks stay in the body
        line_end -= 1
    return start, line_end, rest


def headed(ad: Ad) -> tuple[Ad, Moved | None]:
    """The ad as read: with no title, the body's first line as title when it reads as one (short,
    and followed by more text); with a title that the body's first line repeats (scraped pages,
    feeds that prepend it), the body after that line; otherwise the ad itself. `Moved` maps spans
    back (None: none moved)."""
    line = _first_line(ad.body)
    if line is None:
        return ad, None
    start, end, rest = line
    if ad.title.strip():
        if " ".join(ad.body[start:end].split()).casefold() != " ".join(ad.title.split()).casefold():
            return ad, None
        return replace(ad, body=ad.body[rest:]), Moved(None, rest)
    return replace(ad, title=ad.body[start:end], body=ad.body[rest:]), Moved(start, rest)
