"""An ad's text as its page shows it: HTML markup read as the breaks it draws, not as words, and
text whose encoding broke on its way (mojibake) repaired.

Platforms and scrapers hand over bodies as HTML (`<br>`, `<p>`, `<div>`). Read as text, a tag is
a word of its own beside the ad's words ("br", "div" to the learned stage) and glues lines
together: measured on the real development halves with each body's lines written as `<div>`
elements, the learned stage recognised 4 fewer dating-section posts and, with `<br>` tags, flagged
3 more personal posts. Tags are taken out of the text read (a line break where one breaks a line),
and every span is given back, with its quote, in the ad as it was sent. Entities (`&amp;`) are
decoded where disguises are (normalize/decode.py). UTF-8 read as Windows-1252 on its way ("donâ€™t",
an emoji as "ðŸ’‹") had been repaired only in the folded views: emoji cues and extraction read the
raw text (real dating posts so written: trafficking_risk 285 instead of 336). It is repaired here
first (normalize/mojibake.py), its way back composed with the tags'.
"""

from __future__ import annotations

import re
from dataclasses import replace

from samaritan.engine.model import Ad, Indicator
from samaritan.engine.normalize.mojibake import repaired
from samaritan.engine.normalize.offsets import compose

# Elements that break a line where they open or close; the rest are inline (taken out, no break).
_BLOCK = "br|p|div|li|ul|ol|tr|td|th|table|h[1-6]|hr|center|blockquote|section|article|header|footer|pre"
_INLINE = "span|b|i|u|em|strong|small|big|font|a|img|sup|sub|s|strike|tt|mark|label|tbody|thead|wbr|nobr"
# A tag of a known element (attributes within one tag, no nesting): "<3" or "<<Mia>>" are no tags.
_TAG = re.compile(rf"<(?:/?(?:{_BLOCK}|{_INLINE})\b(?:\s[^<>]{{0,400}})?/?|!--[^<>]{{0,400}}?--)>", re.IGNORECASE)
_BLOCK_TAG = re.compile(rf"</?(?:{_BLOCK})\b", re.IGNORECASE)


def unmarked(text: str) -> tuple[str, list[int]] | None:
    """`text` with each HTML tag taken out (a line break where it breaks a line), and for each
    character left the index of the character of `text` it is; None if it holds no tag."""
    if "<" not in text or not _TAG.search(text):
        return None
    pieces: list[str] = []
    offs: list[int] = []
    pos = 0
    started = False  # a break before any text is none: a pattern reading the field's start must not meet it
    for m in _TAG.finditer(text):
        piece = text[pos : m.start()]
        pieces.append(piece)
        offs.extend(range(pos, m.start()))
        started = started or (piece != "" and not piece.isspace())
        if started and _BLOCK_TAG.match(m.group()):
            pieces.append("\n")
            offs.append(m.start())
        pos = m.end()
    pieces.append(text[pos:])
    offs.extend(range(pos, len(text)))
    return "".join(pieces), offs


class Unmarked:
    """Where each character of the fields as read sits in the fields as sent."""

    __slots__ = ("maps", "sent")

    def __init__(self, sent: Ad, maps: dict[str, list[int]]) -> None:
        self.sent = sent
        self.maps = maps

    def back(self, indicators: list[Indicator]) -> list[Indicator]:
        """The indicators with their spans, and their quotes, in the ad as sent."""
        out = []
        for ind in indicators:
            offs = self.maps.get(ind.field)
            start, end = ind.start, ind.end
            if offs is not None and start < end <= len(offs):
                start, end = offs[start], offs[end - 1] + 1
            text = (self.sent.title if ind.field == "title" else self.sent.body)[start:end]
            out.append(Indicator(ind.code, ind.category, ind.field, start, end, text, ind.weight))
        return out


def _read(text: str) -> tuple[str, list[int]] | None:
    """The field as its page shows it, and each character's index in `text` (None: as sent)."""
    fixed = repaired(text) if not text.isascii() else None
    source = text if fixed is None else fixed[0]
    tags = unmarked(source)
    if tags is None:
        return fixed
    offsets = compose(None if fixed is None else fixed[1], tags[1])
    assert offsets is not None
    return tags[0], offsets


def unmarked_ad(ad: Ad) -> tuple[Ad, Unmarked | None]:
    """The ad as read: its title and body with mojibake repaired and HTML tags taken out, and the
    way back (None: neither)."""
    title, body = _read(ad.title), _read(ad.body)
    if title is None and body is None:
        return ad, None
    maps = {name: read[1] for name, read in (("title", title), ("body", body)) if read is not None}
    read_ad = replace(ad, title=ad.title if title is None else title[0], body=ad.body if body is None else body[0])
    return read_ad, Unmarked(ad, maps)
