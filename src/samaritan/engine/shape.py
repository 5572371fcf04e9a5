"""Soft commercial cues read from an ad's shape rather than its words.

Real commercial-sex ads often say little: a title, a phone number and one line. What marks them
is their structure: a phone number given openly, body measurements written as a catalogue, a
title decorated with rows of symbols or with look-alike letters from other scripts (written to
slip past word filters). Each is common enough alone in ordinary ads, so each is a cue KIND like
the lexicon's soft cues (cues.yaml): it counts only together with other kinds (weights.yaml
`commercial.cues`). The lexicon names each shape with a rule whose `extracted:` is the shape's
name, which gives it its code, category and kind. (An age closing the title is the age reader's.)
An invitation to call written beside the listed phone is read with it (its rule's `extracted:` is
phone_listed too, its kind `invite`): the shortest ads presenting a person say no more than a name
and age in the title, a line and "call" beside the number.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from samaritan.engine.cues import DIGIT, WS, Fired, fired, to_re2
from samaritan.engine.extract import Extraction
from samaritan.engine.lexicon import Lexicon, Rule
from samaritan.engine.model import Ad, Indicator
from samaritan.engine.relaxed import FirstAt

SHAPES = ("phone_listed", "body_measures", "decorated")

# Ten digits in the usual groupings: "(702) 555-0142", "702.555.0142", "7025550142". That is
# `(?<!\d)\(?\d{3}\)?[\s.\-]{0,3}\d{3}[\s.\-]{0,3}\d{4}(?!\d)`, written to open with a character
# class (the look-behind checked once its first character is read) so that `re` skips to the
# next "(" or digit in C instead of trying the pattern at every character: ~3x faster.
_PHONE = re.compile(r"[(\d](?<!\d.)(?:(?<=\()\d{3}|(?<=\d)\d{2})\)?[\s.\-]{0,3}\d{3}[\s.\-]{0,3}\d{4}(?!\d)")
# Bust-waist-hip: "34c-24-36" ("36 24 36" is too common a number run to count).
# (`(?<![\w.])(?:2[89]|3\d|4[0-6]) ...`, the look-behind moved after each band's first digit so
# that `re` skips to a 2, 3 or 4 in C.)
_BUST_WAIST_HIP = re.compile(
    r"(?:2(?<![\w.]2)[89]|3(?<![\w.]3)\d|4(?<![\w.]4)[0-6]) ?(?:dd+|[a-h])? ?[-/] ?[2-4]\d ?[-/] ?[2-5]\d(?![\w.])"
)
# Where a listed phone can first be, found by RE2 in the ad's lower-cased text (cues.FirstAt),
# so that `re` runs only from there: it tried each digit before the number, most often at the
# end of the body. Lowering changes no character of a phone number, nor makes one.
_SEP = f"[{WS[1:-1]}.\\-]{{0,3}}"  # `[\s.\-]{0,3}`
_PHONE_AT = FirstAt(rf"[({DIGIT}]{DIGIT}{{2,3}}\)?{_SEP}{DIGIT}{{3}}{_SEP}{DIGIT}{{4}}")
# The ad's one-pass cue scan (samaritan.engine.cues) says whether measurements can be there:
# the pattern less its look-arounds, on the lower-cased ad. Most ads hold none.
CUES = {"shape.measures": to_re2(r"(?:2[89]|3\d|4[0-6]) ?(?:dd+|[a-h])? ?[-/] ?[2-4]\d ?[-/] ?[2-5]\d")}
# An invitation to call or text the listed number, written right beside it: "call 702-555-0142",
# "text me at (702) 555-0142", "call! Mia, 702-555-0142", "702-555-0142 call or text". (Words
# before the number end within a few characters of it, or of one word (a name) before it; words
# after it open within a few. "Phone:" labels a number, it does not invite a call.)
_INVITE_BEFORE = re.compile(
    r"\b(?P<invite>(?:call|text|txt|ring|dial)(?: me| us)?(?: (?:at|on))?)(?:[\W_]{1,4}[^\W\d_]+)?[\W_]{0,4}$",
    re.IGNORECASE,
)
_INVITE_AFTER = re.compile(r"^[\W_]{0,4}(?P<invite>call|text|txt)\b", re.IGNORECASE)
_INVITE_REACH = 20
# A title with at least this many pictographic symbols, or a title or body with this many
# letters borrowed from other scripts inside Latin-script words, is decorated.
_TITLE_SYMBOLS = 4
_LOOKALIKES = 5
_LOOKALIKE_WORDS = 3


# Symbols that ordinary text uses as text: marks, degrees, numero.
_PLAIN_SYMBOLS = frozenset("©®™℠°№℃℉")


# Styled letters are text, not decoration: a lawful post set in small capitals, bold or circled
# letters, upside down or in regional-indicator letters reads as its words (folding reads them),
# and counting them as decoration flagged such posts (real housing and personals posts with a
# third of their words styled: 45 and 106 labelled on the rule path). Decoration is symbols
# beside the words and letters borrowed from other scripts (Cherokee, Canadian syllabics,
# Armenian...) inside them. By their Unicode names: every styled form of a Latin letter or digit
# is named after it.
_STYLED_NAMES = ("LATIN ", "MATHEMATICAL ", "FULLWIDTH ", "MODIFIER LETTER ", "SUPERSCRIPT ", "SUBSCRIPT ",
                 "DOUBLE-STRUCK ", "SCRIPT ", "BLACK-LETTER ", "REGIONAL INDICATOR ")  # fmt: skip


def _styled(ch: str) -> bool:
    """A styled form of a Latin letter or a digit (small capital, bold, circled, turned...)."""
    name = unicodedata.name(ch, "")
    return name.startswith(_STYLED_NAMES) or " LATIN " in name or "DIGIT " in name


def _is_symbol(ch: str) -> bool:
    return unicodedata.category(ch) == "So" and ch not in _PLAIN_SYMBOLS and not _styled(ch)


class _SymbolsOnly(dict[int, str]):
    """str.translate table keeping only symbols: one C-level pass counts them, where a Python
    loop over an emoji title's characters cost several microseconds."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        value = char if _is_symbol(char) else ""
        self[code] = value
        return value


_SYMBOLS_ONLY = _SymbolsOnly()


# Every ASCII byte: deleted from UTF-8 text, it leaves the other characters' whole sequences.
_ASCII_BYTES = bytes(range(128))


# A symbol between two letters splits a word ("S✨A✨L✨E"): a disguise the folding reads, not
# decoration set about the title (real housing posts with emoji between their title's letters
# were labelled by the dozen on the rule path). Symbols that are cues of their own, a kiss or a
# flame, are read as such by the lexicon.
_BETWEEN_LETTERS = re.compile(r"(?<=[^\W\d_])[^\w\s](?=[^\W\d_])")


def _set_about(title: str) -> str:
    """The title without the symbols that split a word's letters (`_BETWEEN_LETTERS`)."""
    return title if title.isascii() else _BETWEEN_LETTERS.sub("", title)


def _symbols(text: str) -> int:
    if text.isascii():  # no ASCII character is a symbol (So)
        return 0
    # Only the characters outside ASCII go through the table: a translate through a dict looks up
    # every character of a text that is not all ASCII (~450 instructions each, ~33,000 a real
    # post's title), where the UTF-8 bytes lose their ASCII ones in C.
    rest = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")
    return len(rest.translate(_SYMBOLS_ONLY))


_ORDINARY_SCRIPTS = frozenset(
    {"CYRILLIC", "ARABIC", "HEBREW", "CJK", "HIRAGANA", "KATAKANA", "HANGUL", "THAI", "DEVANAGARI"}
)


_ABOVE_LATIN = re.compile(r"[^\x00-\u024f]")
# A letter above U+024F outside Greek (what `_is_lookalike` counts), or a numeric character
# that is not a decimal digit: a text with none holds no lookalike, whatever its emoji.
_MAYBE_LOOKALIKE = re.compile(r"[^\W\d_\x00-\u024f\u0370-\u03ff]")


def _is_lookalike(ch: str) -> bool:
    return ch.isalpha() and ord(ch) > 0x24F and not "\u0370" <= ch <= "\u03ff" and not _styled(ch)


class _LookalikesOnly(dict[int, str]):
    """str.translate table keeping only the letters `_is_lookalike` counts (as _SymbolsOnly)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        value = char if _is_lookalike(char) else ""
        self[code] = value
        return value


_LOOKALIKES_ONLY = _LookalikesOnly()


def _lookalikes(text: str) -> int:
    """Letters from other scripts (Cherokee, Canadian syllabics, Armenian, letter-like symbols...)
    standing in for Latin ones: "ᏚᏔEET". A word written wholly in one ordinary script
    (Cyrillic, Arabic, CJK...) is a word, not a disguise; and one disguised word is evasion
    (folding reads it), not decoration: the letters count only when several words carry them."""
    count = words = 0
    # Only a character above U+024F can be a lookalike: most ads and words hold none, which one
    # C-level search finds without a Python loop over every character.
    if text.isascii() or not _MAYBE_LOOKALIKE.search(text):
        return 0
    for word in text.split():
        if word.isascii() or not _ABOVE_LATIN.search(word):
            continue
        odd = word.translate(_LOOKALIKES_ONLY)
        if not odd:
            continue
        scripts = {unicodedata.name(ch, "?").split(" ")[0] for ch in odd}
        latin = any("a" <= ch.lower() <= "z" for ch in word)
        if latin or len(scripts) > 1 or not scripts <= _ORDINARY_SCRIPTS:
            count += len(odd)
            words += 1
    return count if words >= _LOOKALIKE_WORDS else 0


# No ASCII character is a symbol (So) or a lookalike: only the others are asked about.
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _first_decoration(text: str) -> int:
    return next((m.start() for m in _NON_ASCII.finditer(text) if _is_symbol(m[0]) or _is_lookalike(m[0])), 0)


def _measures(text: str) -> Iterator[tuple[int, int]]:
    # A cup size alone ("38d") is as common in personal ads describing the poster: only the
    # catalogue form counts. Its two dashes or slashes are counted first, without the regex.
    if text.count("-") + text.count("/") < 2:
        return
    for m in _BUST_WAIST_HIP.finditer(text.lower()):
        yield m.start(), m.end()


class ShapeCues:
    """The lexicon's shape rules, applied to one ad at a time. Build once; thread-safe."""

    def __init__(self, lexicon: Lexicon):
        self.rules: dict[str, Rule] = {}
        for name in SHAPES:
            found = lexicon.extracted(name)
            if found:
                self.rules[name] = found[0]
        # The invitation beside the listed phone is read with it: its rule is the one whose
        # `extracted:` is phone_listed and whose cue kind is `invite` (the phone's is `phone`).
        listed = lexicon.extracted("phone_listed")
        for rule in listed:
            if rule.cue == "invite":
                self.rules["call_invite"] = rule
        self._title_age_codes = frozenset(rule.code for rule in lexicon.extracted("title_age"))
        phone = [rule for rule in listed if rule.cue != "invite"]
        if phone:
            self.rules["phone_listed"] = phone[0]
        elif "phone_listed" in self.rules:
            del self.rules["phone_listed"]

    def find(
        self, ad: Ad, extraction: Extraction, found: list[Indicator], cues: Fired = None, lowered: str | None = None
    ) -> list[Indicator]:
        """Shape cues of `ad`. `found`: the indicators extraction already gave. (An age closing
        the title is the age reader's, phone or no phone in the title: extract/ages.py.)
        `cues`: the ad's one-pass cue scan, if any; `lowered`: its lower-cased text
        (`lower_in_place(ad_text(ad))`), if at hand. Either only saves work."""
        out: list[Indicator] = []
        fields = (("title", ad.title or ""), ("body", ad.body or ""))
        rule = self.rules.get("phone_listed")
        if rule is not None and extraction.entities.phones:
            listed = self._phone_span(fields, lowered)
            if listed is None:  # a disguised number is a number to call all the same
                texts = dict(fields)
                spots = (d for d in extraction.disguised if d.kind == "phone")
                listed = next(((d.field, d.start, d.end, texts[d.field]) for d in spots), None)
            if listed is not None:
                out.append(_indicator(rule, *listed))
                invite = self.rules.get("call_invite")
                if invite is not None and self._age_set_off(ad.title or "", found):
                    span = _invitation(*listed)
                    if span is not None:
                        out.append(_indicator(invite, listed[0], *span, listed[3]))
        rule = self.rules.get("body_measures")
        if rule is not None and fired(cues, "shape.measures"):
            for name, text in fields:
                span = next(_measures(text), None)
                if span is not None:
                    out.append(_indicator(rule, name, *span, text))
                    break
        rule = self.rules.get("decorated")
        if rule is not None:
            decorated = self._decorated(fields)
            if decorated is not None:
                out.append(_indicator(rule, *decorated))
        return out

    def _age_set_off(self, title: str, found: list[Indicator]) -> bool:
        """Whether the title states the person's age set off from its words, as a name-and-age
        title does ("Mia, 23", "Sweet Mia ★ - 23", "Mia | 23 | in town"), rather than inside a
        sentence ("room for a 19 year old student", "I am 18 and looking for work")."""
        for ind in found:
            if ind.field == "title" and ind.code in self._title_age_codes:
                before = title[: ind.start].rstrip()
                if before and not before[-1].isalnum():
                    return True
        return False

    @staticmethod
    def _phone_span(
        fields: tuple[tuple[str, str], ...], lowered: str | None = None
    ) -> tuple[str, int, int, str] | None:
        """A phone number written plainly. (A disguised one is reported as obscured contact too;
        `find` falls back to it, still gated by `cues.requires` to ads presenting a person.)
        `lowered`: the title and body lower-cased as one text (extract.ad_text), the body last."""
        at = 0
        if lowered is not None:
            at = _PHONE_AT.first(lowered)  # no match of _PHONE in either field starts before it
            if at < 0:
                return None
        title = fields[0][1]
        for name, text in fields:
            if name == "title":
                if at >= len(title):
                    continue
                start = at
            else:  # (the field break holds no digit: a number starting in the title ends there)
                start = max(0, at - (len(lowered) - len(text))) if lowered is not None else 0
            m = _PHONE.search(text, start)
            if m:
                return name, m.start(), m.end(), text
        return None

    @staticmethod
    def _decorated(fields: tuple[tuple[str, str], ...]) -> tuple[str, int, int, str] | None:
        title, body = fields[0][1], fields[1][1]
        if title and (_symbols(_set_about(title)) >= _TITLE_SYMBOLS or _lookalikes(title) >= _LOOKALIKES):
            at = _first_decoration(title)
            return "title", at, at + 1, title
        # Lookalike letters anywhere; symbols only in the title: a body's emoji are as often a
        # friendly personal post's.
        if body and _lookalikes(body) >= _LOOKALIKES:
            at = _first_decoration(body)
            return "body", at, at + 1, body
        return None


def _invitation(name: str, start: int, end: int, text: str) -> tuple[int, int] | None:
    """The span of an invitation to call or text the number at text[start:end], written beside
    it (a short ad presenting a person often says no more than that). Counted only beside a
    name-and-age title (weights.yaml `cues.requires`): sellers and tutors invite calls too."""
    before = _INVITE_BEFORE.search(text, max(0, start - _INVITE_REACH), start)
    if before is not None:
        return before.span("invite")
    after = _INVITE_AFTER.search(text[end : end + _INVITE_REACH])
    if after is not None:
        return end + after.start("invite"), end + after.end("invite")
    return None


def _indicator(rule: Rule, name: str, start: int, end: int, text: str) -> Indicator:
    return Indicator(rule.code, rule.category, name, start, end, text[start:end], rule.weight)
