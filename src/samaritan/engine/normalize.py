"""Fold ad text into a canonical form for matching, keeping a map back to the original.

Evasion lives in spelling, not meaning: styled or look-alike letters, zero-width characters,
leetspeak, letters split apart ("y.o.u.n.g") and stretched ("youuung"). Each step below undoes
one of those while recording, for every character of the folded text, the index of the
original character it came from, so an indicator found in folded text is reported on the
exact original span (contract §2: offsets are never into a normalised copy).

The folded text is for matching only. It is never shown, stored or used to rewrite an ad.
"""

from __future__ import annotations

import json
import re
import unicodedata
from bisect import bisect_left
from functools import lru_cache
from importlib import resources
from itertools import accumulate

import ftfy

from samaritan.engine.cues import CueSet, Fired, fired

# Emoji are kept as tokens: several are indicator codes in their own right.
_EMOJI = (
    "\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff\u2190-\u21ff"
    "\u3030\u303d\u3297\u3299\u00a9\u00ae\u203c\u2049\u2122\u2139"
)
EMOJI_CLASS = f"[{_EMOJI}]"
_EMOJI_RE = re.compile(EMOJI_CLASS)

# Characters that carry leetspeak letters inside a word.
_LEET = str.maketrans(
    {
        "0": "o",
        "1": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "8": "b",
        "9": "g",
        "@": "a",
        "$": "s",
        "!": "i",
        "|": "l",
    }
)
# A letter touching a leet character ("y0ung", "t33n", "$exy"); the whole token is then folded.
_LEET_SPOT = re.compile(r"[a-z][0-9@$!|]|[0-9@$!|][a-z]")
_LEET_TOKEN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789@$!|")
# Digits then a unit or suffix ("19yo", "2br", "4th", "100roses"), or letters then digits ("b4"),
# are not leet. One leet digit before letters is ("1n", "7own", "0ur").
_UNITS = (
    "yo|y|yr|yrs|yrold|br|ba|bd|th|st|nd|rd|pm|am|hr|hrs|h|hh|hhr|min|mins|k|lbs|lb|kg|ft|in|x|s|ish|qv|"
    "qk|m|mi|mph|cm|mm|oz|g|gb|tb|mb|p|d|day|days|wk|wks|mo|ct|pc|pcs|pk|ml|l|v|w"
)
_UNIT_TOKEN = re.compile(rf"[1-9][0-9]*(?:{_UNITS})|[0-9]{{2,}}[a-z]{{3,}}|[a-z]+[0-9]{{2,}}|\$[0-9]+[a-z]*")

# Three or more single characters split by one separator, used throughout and perhaps doubled
# where a zero-width character was removed: "y o u n g", "y.o.u.n.g", "y_o_u", not "7. b . i".
_SPLIT = re.compile(
    r"(?<![^\W_])[a-z0-9@$]([\s._\-*~/|+•·,'\"]{1,3}?)(?:\1)*[a-z0-9@$](?![^\W_])"
    r"(?:(?:\1)+[a-z0-9@$](?![^\W_])){1,}"
)
_SPLIT_SEP = re.compile(r"[\s._\-*~/|+•·,'\"]+")
# A letter repeated three or more times ("youuung").
_STRETCH = re.compile(r"([a-z])\1{2,}")
# Anything that is not a word character, '$' or an emoji becomes a space.
_NONWORD_CHAR = re.compile(rf"[^\w${_EMOJI}]|_")


class _NonwordTable(dict):
    """str.translate table: a character that is not a word character, '$' or an emoji -> space."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        value = " " if _NONWORD_CHAR.match(char) else char
        self[code] = value
        return value


_NONWORD_TABLE = _NonwordTable()
# Mojibake (ftfy) is made of some 400 Latin-1, Greek, Cyrillic and symbol characters. Text whose
# only non-ASCII characters are emoji, styled or full-width letters, keycaps or zero-width marks
# cannot hold any, so the costly check is skipped for it (tests/test_normalize.py holds ftfy to it).
MOJIBAKE_FREE_RANGES = (
    "\U0001f000-\U0001faff\U0001d400-\U0001d7ff\uff00-\uffef\u200b-\u200f\u2060-\u2064\ufe00-\ufe0f\u20e3\u2600-\u27bf"
)
_MAYBE_MOJIBAKE = re.compile(f"[^\x00-\x7f{MOJIBAKE_FREE_RANGES}]")
# ASCII fast path: punctuation -> space one for one, then only runs of spaces need rewriting.
_ASCII_PUNCT = str.maketrans({c: " " for c in map(chr, range(128)) if not (c.isalnum() or c == "$")})
_SPACE_RUN = re.compile(r"  +")
_SPACE_RUN_SPLIT = re.compile(r"(  +)")
# A whole number of two or three digits between words: may be leet for a short word ("70").
# (The look-behind sits after the first digit so `re` can skip ahead to digits.)
_DIGIT_WORD = re.compile(r"[0-9](?<![\w$.,/:][0-9])[0-9]{1,2}(?![\w.,/:%])")

_ZERO_WIDTH_CATEGORIES = {"Cf", "Cc", "Mn", "Me", "Cs", "Co", "Cn"}

# What each step of `fold` needs, for the one-pass RE2 cue scan (samaritan.engine.cues) of lower-cased
# ASCII text: its pattern with the look-arounds written as the characters they allow.
_SPLIT_SEP_CLASS = r"[\t\n\x0b\x0c\r \x1c-\x1f._\-*~/|+•·,'\"]"
CUES = {
    "fold.split": rf"(?:^|[^a-z0-9])[a-z0-9@$]{_SPLIT_SEP_CLASS}+[a-z0-9@$]{_SPLIT_SEP_CLASS}+[a-z0-9@$]"
    r"(?:[^a-z0-9]|$)",
    "fold.leet": _LEET_SPOT.pattern,
    "fold.digits": r"(?:^|[^a-z0-9_$.,/:])[0-9]{2,3}(?:[^a-z0-9_.,/:%]|$)",
    "fold.stretch": "|".join(letter * 3 for letter in "abcdefghijklmnopqrstuvwxyz"),
}


@lru_cache(maxsize=1)
def _skeleton_map() -> dict[str, str]:
    """Look-alike character -> ASCII letter or digit, from Unicode's confusables data."""
    import confusable_homoglyphs

    raw = resources.files(confusable_homoglyphs).joinpath("confusables.json").read_text("utf-8")
    table: dict[str, str] = {}
    for ascii_char, lookalikes in json.loads(raw).items():
        if len(ascii_char) == 1 and ascii_char.isascii() and ascii_char.isalnum():
            for entry in lookalikes:
                glyph = entry["c"]
                if len(glyph) == 1 and not glyph.isascii():
                    table.setdefault(glyph, ascii_char.lower())
    return table


def load_tables() -> None:
    """Read the look-alike table now (~0.2 s) rather than on the first non-ASCII ad."""
    _skeleton_map()


@lru_cache(maxsize=65536)
def fold_char(ch: str) -> str:
    """One original character -> zero or more canonical characters (lower case, ASCII where a
    look-alike exists). Zero-width, control and combining marks fold to nothing."""
    if ch.isascii():
        if ch in "\t\n\r\f\v":
            return " "
        return "" if unicodedata.category(ch) == "Cc" else ch.lower()
    if _EMOJI_RE.match(ch):
        return ch
    out = []
    for part in unicodedata.normalize("NFKD", ch):
        cat = unicodedata.category(part)
        if cat in _ZERO_WIDTH_CATEGORIES:
            continue
        if cat.startswith("Z"):
            out.append(" ")
            continue
        # Lower-case first: capital look-alikes ("І", "Ѕ") map to their small letters.
        part = part.lower()
        out.append(_skeleton_map().get(part, part).lower())
    return "".join(out)


class _InPlaceLower(dict):
    """str.translate table: each character to its lower case when that is one character."""

    def __missing__(self, code: int) -> str:
        lowered = chr(code).lower()
        value = lowered if len(lowered) == 1 else chr(code)
        self[code] = value
        return value


_IN_PLACE_LOWER = _InPlaceLower()


class _FoldTable(dict):
    """str.translate table of fold_char, filled as characters are first seen."""

    def __missing__(self, code: int) -> str:
        value = fold_char(chr(code))
        self[code] = value
        if len(value) != 1:
            _RESIZING.add(chr(code))
        return value


_RESIZING: set[str] = set()  # characters that fold to nothing or to several characters
_FOLD_TABLE = _FoldTable()


def fold_chars(text: str) -> tuple[str, list[int] | None]:
    """fold_char over all of `text`, and for each folded character the index of the original
    one it came from (None: the same index, nothing changed length). One C-level translate; the
    offsets are only worked out for text holding a character that folds to 0 or 2+ characters."""
    folded = text.translate(_FOLD_TABLE)
    if len(folded) == len(text) and _RESIZING.isdisjoint(text):
        return folded, None
    # Only the resizing characters need a loop; the runs between them are ranges.
    offsets: list[int] = []
    done = 0
    for i, ch in enumerate(text):
        if ch in _RESIZING:
            offsets.extend(range(done, i))
            offsets.extend([i] * len(_FOLD_TABLE[ord(ch)]))
            done = i + 1
    offsets.extend(range(done, len(text)))
    return folded, offsets


def lower_in_place(text: str) -> str:
    """`text` lower-cased character for character, so every offset still points at the same
    character of the original ("İ".lower() is two characters; here it stays one). Extractors
    match this instead of using IGNORECASE, which makes `re` several times slower."""
    if text.isascii():
        return text.lower()
    return text.translate(_IN_PLACE_LOWER)


class _Collapsed:
    """Where each character of a text came from after runs of spaces in `pre` became one space.
    Worked out only when an indicator needs a span (most folded text never does), and then as
    run boundaries searched by bisection rather than one offset per character."""

    __slots__ = ("_base", "_pre", "_removed", "_starts")

    def __init__(self, pre: str, base: list[int] | None):
        self._pre = pre
        self._base = base
        self._starts: list[int] | None = None  # each run's position in the collapsed text
        self._removed: list[int] = [0]  # characters removed by the runs before run k

    def origin(self, position: int) -> int:
        starts = self._starts
        if starts is None:
            # One C-level split into text, run, text, run, ... and their lengths, rather than a
            # match object per run: where each run starts, before and after collapsing.
            lengths = list(map(len, _SPACE_RUN_SPLIT.split(self._pre)))
            ends = list(accumulate(lengths))
            runs = lengths[1::2]
            self._removed = removed = list(accumulate((n - 1 for n in runs), initial=0))
            starts = self._starts = [at - before for at, before in zip(ends[0::2], removed, strict=False)]
        position += self._removed[bisect_left(starts, position)]  # runs strictly before it
        return self._base[position] if self._base is not None else position


class Folded:
    """Folded text plus the way back from each of its characters to the original character."""

    __slots__ = ("_map", "original", "text")

    def __init__(self, original: str, text: str, offsets: list[int] | _Collapsed | None):
        self.original = original
        self.text = text
        self._map = offsets  # None: identity (same length, same positions)

    def origin(self, position: int) -> int:
        """Index of the original character that folded character `position` came from."""
        mapping = self._map
        if mapping is None:
            return position
        if type(mapping) is _Collapsed:
            return mapping.origin(position)
        return mapping[position]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of folded text onto the original text."""
        mapping = self._map
        if mapping is None:
            return start, end
        if type(mapping) is _Collapsed:
            return mapping.origin(start), mapping.origin(end - 1) + 1
        return mapping[start], mapping[end - 1] + 1


def _rewrite(text: str, offs: list[int], edits: list[tuple[int, int, str, list[int]]]):
    """Apply non-overlapping, ordered edits (start, end, replacement, replacement offsets)."""
    pieces: list[str] = []
    new_offs: list[int] = []
    pos = 0
    for start, end, repl, repl_offs in edits:
        pieces.append(text[pos:start])
        new_offs.extend(offs[pos:start])
        pieces.append(repl)
        new_offs.extend(repl_offs)
        pos = end
    pieces.append(text[pos:])
    new_offs.extend(offs[pos:])
    return "".join(pieces), new_offs


def _fold_chars(original: str) -> tuple[str, list[int]]:
    """Per-character folding for text that is not plain ASCII (repairs mojibake first)."""
    source = original
    coarse: list[int] | None = None
    if _MAYBE_MOJIBAKE.search(original) and ftfy.is_bad(original):
        # Broken encodings change length in ways with no per-character map: repair each
        # word on its own and map its characters onto that word's original span.
        pieces, coarse = [], []
        for m in re.finditer(r"\S+|\s+", original):
            fixed = ftfy.fix_text(m.group()) if not m.group().isspace() else m.group()
            pieces.append(fixed)
            if len(fixed) == len(m.group()):
                coarse.extend(range(m.start(), m.end()))
            else:
                last = m.end() - 1
                coarse.extend(min(m.start() + i, last) for i in range(len(fixed)))
        source = "".join(pieces)
    text, offs = fold_chars(source)
    if offs is None:
        offs = list(range(len(text)))
    if coarse is not None:
        offs = [coarse[i] for i in offs]
    return text, offs


@lru_cache(maxsize=1)
def _fold_cues() -> CueSet:
    return CueSet(CUES)


def fold(original: str, vocabulary: frozenset[str] = frozenset(), cues: Fired = None) -> list[Folded]:
    """Canonical views of `original` for matching.

    Usually one view. When the text stretches letters, a second view keeps doubled letters
    ("teeeen" -> "teen" as well as "youuung" -> "young"). `vocabulary` (the lexicon's words)
    settles ambiguous spellings: three spaced letters are joined only into a known word ("a s k",
    not "a b c"), and a token shaped like a unit or a name with digits is read as leetspeak only
    when that gives a known word ("ju57" -> "just", but "mia22" and "2br" stay). `cues` is the
    ad's one-pass cue scan (samaritan.engine.cues, `CUES` below): steps whose cue did not fire are
    skipped. It only speaks for the lower-cased original, so once a step has changed the text
    the later steps run in full.
    """
    if original.isascii():
        text = original.lower()
        offs = None
    else:
        text, offs = _fold_chars(original)
        cues = None  # the ad's cues spoke for the original, not for its folded homoglyphs
    if cues is None:
        # These cues hold for any folded text (whitespace is folded to ASCII, and the rest
        # only names ASCII characters), so they need no ASCII-only guard.
        cues = _fold_cues().scan(text)

    # Letters split apart by separators -> joined.
    edits = []
    if fired(cues, "fold.split"):
        for m in _SPLIT.finditer(text):
            seps = list(_SPLIT_SEP.finditer(m.group()))
            if (
                not any(s.group().strip(" ") for s in seps)
                and len(seps) < 3
                and _SPLIT_SEP.sub("", m.group()) not in vocabulary
            ):
                continue  # "a b c"-like short runs of spaced words are ordinary text
            kept = [i for i in range(m.start(), m.end()) if not _SPLIT_SEP.fullmatch(text[i])]
            edits.append((m.start(), m.end(), "".join(text[i] for i in kept), kept))
    if edits:
        cues = None
        base = offs if offs is not None else list(range(len(text)))
        if offs is not None:
            edits = [(s, e, r, [base[k] for k in ko]) for s, e, r, ko in edits]
        text, offs = _rewrite(text, base, edits)

    # Leetspeak inside words; same length, so offsets are untouched. (A fired cue already says
    # what a search would: go straight to the work.)
    if (cues is not None and "fold.leet" in cues) or (cues is None and _LEET_SPOT.search(text)):
        leet = _fold_leet(text, vocabulary)
        if leet != text:
            text, cues = leet, None

    # Whole numbers that spell a lexicon word ("70" for "to") get a view of their own, so
    # prices such as "70 roses" stay numbers in the first view.
    texts = [text]
    # Most numbers spell nothing ("150"): list them in C and only rewrite when one does.
    if (
        vocabulary
        and (cues is None or "fold.digits" in cues)
        and not _spellable(vocabulary).isdisjoint(_DIGIT_WORD.findall(text))
    ):
        texts.append(_DIGIT_WORD.sub(lambda m: _spelled_digits(m.group(), vocabulary), text))
    views = []
    for base_text in texts:
        stretched = (base_text is not text or fired(cues, "fold.stretch")) and _STRETCH.search(base_text) is not None
        for keep in (1, 2) if stretched else (0,):
            views.append(_view(original, base_text, offs, keep))
    return views


def _view(original: str, text: str, offs: list[int] | None, keep: int) -> Folded:
    """One view: stretched letters squeezed to `keep` (0: none), punctuation to single spaces."""
    if keep:
        base = offs if offs is not None else list(range(len(text)))
        edits = [
            (m.start(), m.end(), m.group(1) * keep, base[m.start() : m.start() + keep]) for m in _STRETCH.finditer(text)
        ]
        text, offs = _rewrite(text, base, edits)
    # Punctuation to spaces one for one, then runs of spaces to one space.
    spaced = text.translate(_ASCII_PUNCT if text.isascii() else _NONWORD_TABLE)
    collapsed = _SPACE_RUN.sub(" ", spaced)
    if len(collapsed) == len(spaced):
        return Folded(original, collapsed, offs)
    return Folded(original, collapsed, _Collapsed(spaced, offs))


@lru_cache(maxsize=8)
def _spellable(vocabulary: frozenset[str]) -> frozenset[str]:
    """The two- and three-digit numbers that read as a lexicon word in leetspeak ("70": "to")."""
    numbers = (str(n).zfill(width) for width in (2, 3) for n in range(10**width))
    return frozenset(n for n in numbers if n.translate(_LEET) in vocabulary)


def _spelled_digits(token: str, vocabulary: frozenset[str]) -> str:
    word = token.translate(_LEET)
    return word if word in vocabulary else token


def _fold_leet(text: str, vocabulary: frozenset[str]) -> str:
    chars = list(text)
    done_until = -1
    for m in _LEET_SPOT.finditer(text):
        if m.start() < done_until:
            continue
        start, end = m.start(), m.end()
        while start > 0 and text[start - 1] in _LEET_TOKEN_CHARS:
            start -= 1
        while end < len(text) and text[end] in _LEET_TOKEN_CHARS:
            end += 1
        done_until = end
        token = text[start:end]
        core = token.rstrip("!|@$")  # trailing "!!" is punctuation, not letters
        if not any(c.isalpha() for c in core):
            continue
        folded = core.translate(_LEET)
        if _UNIT_TOKEN.fullmatch(core) and not _known(folded, vocabulary):
            continue  # "19yo", "2br", "mia22" are units and names, not leet
        chars[start : start + len(core)] = folded
    return "".join(chars)


def _known(word: str, vocabulary: frozenset[str]) -> bool:
    """Is `word`, or `word` with stretched letters squeezed ("diiiiscreet"), a lexicon word?"""
    return word in vocabulary or _STRETCH.sub(r"\1", word) in vocabulary or _STRETCH.sub(r"\1\1", word) in vocabulary


def fold_term(term: str) -> str:
    """Fold a lexicon term exactly as ad text is folded, so both meet in the same form."""
    return fold(term)[0].text.strip()
