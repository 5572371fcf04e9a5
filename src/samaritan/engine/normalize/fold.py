"""Fold ad text into canonical views for matching, keeping a map back to the original.

Evasion lives in spelling, not meaning: encoded, styled, enclosed, upside-down or look-alike
letters, zero-width characters, leetspeak, letters split apart ("y.o-u_n*g", "y✨o✨u") or
across lines, stretched ("youuung"), respelled ("yung") or without vowels ("avlbl"). Each
step below undoes one of those while recording, for every character of the folded text, the
index of the original character it came from, so an indicator found in folded text is reported
on the exact original span (contract §2: offsets are never into a normalised copy).

The folded text is for matching only. It is never shown, stored or used to rewrite an ad.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from samaritan.engine.cues import CueSet, Fired, to_re2
from samaritan.engine.normalize import chars, decode, english, fancy, leet, respell, shorthand, words
from samaritan.engine.normalize.chars import _EMOJI, fold_chars
from samaritan.engine.normalize.fancy import read_fancy
from samaritan.engine.normalize.faux import read_faux
from samaritan.engine.normalize.mojibake import repaired
from samaritan.engine.normalize.offsets import Edit, Folded, _Collapsed, compose, rewrite
from samaritan.engine.tokens import Words

# Non-ASCII characters that are not word characters or emoji: a space in `_view`, as ASCII
# punctuation is (_ASCII_PUNCT below; '$' is kept).
_NON_ASCII_NONWORD = re.compile(rf"[^\x00-\x7f\w{_EMOJI}]")
# Emoji standing between two words ("no🚫police", "new 🌹 in 🌹 town"): a reader reads the words
# as one phrase, the lexicon's phrases need them side by side. On the real development halves
# 1,617 dating-section words were glued to the next by emoji alone.
_EMOJI_BETWEEN = re.compile(rf"\w ?[{_EMOJI}][{_EMOJI} ]*\w")
_EMOJI_CHAR = re.compile(rf"[{_EMOJI}]")
# ASCII fast path: punctuation -> space one for one, then only runs of spaces need rewriting.
# (As a bytes table: bytes.translate is several times faster than str.translate with a dict.)
_ASCII_PUNCT = bytes(c if chr(c).isalnum() or chr(c) == "$" else 32 for c in range(128)) + bytes(range(128, 256))
_SPACE_RUN = re.compile(r"  +")
# A whole number of two or three digits between words: may be leet for a short word ("70").
# (The look-behind sits after the first digit so `re` can skip ahead to digits.)
_DIGIT_WORD = re.compile(r"[0-9](?<![\w$.,/:][0-9])[0-9]{1,2}(?![\w.,/:%])")

# What each step of `fold` needs, for the one-pass RE2 cue scan (samaritan.engine.cues) of lower-cased
# ASCII text: its pattern with the look-arounds written as the characters they allow.
_SPLIT_SEP_CLASS = r"[\t\n\x0b\x0c\r \x1c-\x1f._\-*~/|+•·,'\"]"
CUES = {
    "fold.split": rf"(?:^|[^a-z0-9])[a-z0-9@$]{_SPLIT_SEP_CLASS}+[a-z0-9@$]{_SPLIT_SEP_CLASS}+[a-z0-9@$]"
    r"(?:[^a-z0-9]|$)",
    "fold.leet": leet.LEET_SPOT.pattern,
    "fold.digits": r"(?:^|[^a-z0-9_$.,/:])[0-9]{2,3}(?:[^a-z0-9_.,/:%]|$)",
    "fold.stretch": "|".join(letter * 3 for letter in "abcdefghijklmnopqrstuvwxyz"),
    "fold.encoded": r"&#|&[a-z]+;|%[0-9a-f]{2}",
    "fold.linebreak": to_re2(r"[a-z0-9]-?[ \t]*\r?\n\s*[a-z0-9]"),
    "fold.shorthand": shorthand.CUE,
}


def _fold_chars(original: str) -> tuple[str, list[int] | None, bool]:
    """Per-character folding for text that is not plain ASCII: mojibake repaired, upside-down
    and regional-indicator runs read, then every character folded. True: a run was reversed."""
    source = original
    coarse: list[int] | None = None
    fixed = repaired(original)
    if fixed is not None:
        source, coarse = fixed
    turned, flipped = decode.unflip(source)
    if flipped:
        coarse = compose(coarse, decode.reversed_offsets(source, turned))
    text, offs = fold_chars(read_fancy(read_faux(decode.regional_letters(turned))))
    return text, compose(coarse, offs), flipped


def load_tables() -> None:
    """Read the look-alike table and word frequencies now (~0.3 s) rather than on the first ad
    that needs them."""
    chars.load_tables()
    english.load_words()
    fancy.load_words()


@lru_cache(maxsize=1)
def _fold_cues() -> CueSet:
    return CueSet(CUES)


def _apply(text: str, offs: list[int] | None, edits: list[Edit]) -> tuple[str, list[int]]:
    base = offs if offs is not None else list(range(len(text)))
    if offs is not None:
        edits = [(s, e, r, [base[k] for k in ko]) for s, e, r, ko in edits]
    return rewrite(text, base, edits)


def fold(
    original: str, vocabulary: frozenset[str] = frozenset(), cues: Fired = None, ad_words: Words | None = None
) -> list[Folded]:
    """Canonical views of `original` for matching. Usually one; a second where letters are
    stretched keeps doubled letters ("teeeen" -> "teen", "youuung" -> "young"); where a number
    spells a word or a word is respelled ("yung"), a view reads it as the lexicon word.
    `vocabulary` (the lexicon's words) settles ambiguous spellings: spaced letters join only into a
    known word ("a s k", not "a b c"), a token like a unit or a name with digits is leetspeak only
    when that gives one ("ju57" -> "just"; "mia22", "2br" stay). `cues`: the ad's one-pass cue
    scan (samaritan.engine.cues, `CUES` below), for the lower-cased original: steps whose cue did
    not fire are skipped, and run in full once a step changed the text. `ad_words`: the words of
    the ad's lower-cased text (engine.tokens), for respellings looked up once an ad."""
    offs: list[int] | None = None
    source = original
    shorthand_cue = cues is None or "fold.shorthand" in cues  # (the ad's words as written)
    # (Cue tests are written out, `cues is None or name in cues`, as `fired` would answer: a
    # call each cost more than the test on most fields, where nothing fires.)
    if (cues is None or "fold.encoded" in cues) and ("&" in original or "%" in original):
        source, offs = decode.decode_encodings(original)
        if offs is not None:
            cues = None
    flipped = False
    lowered: str | None = None  # the original, lower-cased: what a plain view reads
    if source.isascii():
        text = lowered = source.lower()
        if offs is not None:
            ad_words = None
    else:
        ad_words = None
        text, char_offs, flipped = _fold_chars(source)
        offs = compose(offs, char_offs)
        cues = None  # the ad's cues spoke for the original, not for its folded homoglyphs
    if cues is None:
        # These cues hold for any folded text (whitespace is folded to ASCII, and the rest
        # only names ASCII characters), so they need no ASCII-only guard.
        cues = _fold_cues().scan(text)
        # (Letters of other scripts can fold into shorthand the original's scan did not see:
        # Cherokee capitals "ᏢᏞᏚ" are "pls".)
        shorthand_cue = shorthand_cue or "fold.shorthand" in cues
    characters = text  # folded character by character: the steps below read words anew

    # Letters split apart by separators or emoji, and words split across lines -> joined.
    split = cues is None or "fold.split" in cues or (not text.isascii() and words.may_split(text))
    edits = words.join_split_letters(text, vocabulary) if split else []
    if edits:
        cues = ad_words = None
        text, offs = _apply(text, offs, edits)
    two_words: list[Edit] = []
    if vocabulary and "\n" in text and (cues is None or "fold.linebreak" in cues):
        joined, offs, two_words = _line_breaks(text, offs, vocabulary)
        if joined is not text:
            text, cues, ad_words = joined, None, None

    # Leetspeak inside words; same length, so offsets are untouched. (A fired cue already says
    # what a search would: go straight to the work.)
    if (cues is not None and "fold.leet" in cues) or (cues is None and leet.LEET_SPOT_SCAN.search(text)):
        leeted = leet.fold_leet(text, vocabulary)
        if leeted != text:
            text, cues, ad_words = leeted, None, None

    seconds, spaced = _second_texts(text, offs, vocabulary, cues, two_words)
    texts = [(text, offs), *seconds]
    # The category tagger's own reading (Folded.respelled): respelled words read, on the text with
    # emoji between words as spaces where it has some. (An ad whose words were looked up and hold
    # no respelling: most ads, no call.)
    respelled_text = spaced
    respelled = _respellings(text, vocabulary, ad_words, shorthand_cue)
    if respelled and not original.isascii():
        respelled = _native_respellings(respelled, original, offs)
    if respelled:
        texts.append(_apply(spaced or text, offs, respelled))
        respelled_text = texts[-1][0]
    plain = offs is None and text is lowered
    if len(texts) == 1 and cues is not None and "fold.stretch" not in cues:
        views = [_view(original, text, offs, 0, flipped, plain)]  # one view (most fields)
    else:
        views = _views(original, texts, cues, flipped, respelled_text, plain)
    views[0].words_read = source is not original or text is not characters
    return views


def _second_texts(
    text: str, offs: list[int] | None, vocabulary: frozenset[str], cues: Fired, two_words: list[Edit]
) -> tuple[list[tuple[str, list[int] | None]], str | None]:
    """The folded texts read beside the first (each a view of its own): whole numbers that spell
    a lexicon word ("70" for "to"), so that prices such as "70 roses" stay numbers in the first
    view; two lexicon words a line break joins; words joined by emoji, the emoji as spaces (also
    returned alone, or None)."""
    texts: list[tuple[str, list[int] | None]] = []
    joined: str | None = None
    # Most numbers spell nothing ("150"): list them in C and only rewrite when one does.
    if vocabulary and (cues is None or "fold.digits" in cues) and _spelled_number(vocabulary)(text):
        texts.append((_DIGIT_WORD.sub(lambda m: _spelled_digits(m.group(), vocabulary), text), offs))
    if two_words:  # (leetspeak keeps the length: the edits still hold)
        texts.append(_apply(text, offs, two_words))
    if not text.isascii() and _EMOJI_BETWEEN.search(text):
        # One for one (the first view keeps the emoji: a kiss or a candy is a cue of its own).
        joined = _EMOJI_CHAR.sub(" ", text)
        texts.append((joined, offs))
    return texts, joined


def emoji_spaced(text: str) -> str:
    """`text` with its emoji as spaces, one for one, where one stands between two words (the text
    itself where none does): the words the category tagger reads beside the first view."""
    if text.isascii() or _EMOJI_BETWEEN.search(text) is None:
        return text
    return _EMOJI_CHAR.sub(" ", text)


def _native_respellings(edits: list[Edit], original: str, offs: list[int] | None) -> list[Edit]:
    """The respellings of words written without accented letters. A word folded from accented
    letters is another language's own word, not an English one respelled: Vietnamese "trống"
    (vacant) folds to "trong", whose consonants are those of "touring" (a lawful room for rent
    written apart from the project was read as a touring escort's)."""
    kept = []
    for edit in edits:
        start, end = edit[0], edit[1]
        lo, hi = (offs[start], offs[end - 1] + 1) if offs is not None else (start, end)
        if not any(_accented(ch) for ch in original[lo:hi]):
            kept.append(edit)
    return kept


def _accented(ch: str) -> bool:
    """A letter written with a diacritic (its canonical decomposition adds a combining mark)."""
    if ch.isascii():
        return False
    parts = unicodedata.decomposition(ch)
    return bool(parts) and not parts.startswith("<")


def _respellings(text: str, vocabulary: frozenset[str], ad_words: Words | None, shorthand_cue: bool) -> list[Edit]:
    """Edits of the respelled view: respelled words ("yung", "avlbl"; none in most ads, whose
    words were looked up once) and text-message shorthand ("u", "pls") where the ad's own words
    hold some (folding other scripts seldom makes one, and the search costs more)."""
    edits: list[Edit] = []
    if ad_words is None or ad_words.respelled is None or ad_words.respelled:
        edits = respell.respell(text, vocabulary, ad_words)
    if vocabulary and shorthand_cue:
        edits = shorthand.merged(edits, shorthand.shorthand_edits(text))
    return edits


def _views(
    original: str,
    texts: list[tuple[str, list[int] | None]],
    cues: Fired,
    flipped: bool,
    respelled: str | None,
    plain: bool = False,
) -> list[Folded]:
    """A view of each folded text, twice where letters are stretched (with and without doubles);
    the first text is the plain fold, `respelled` the one read with respellings (if any).
    `plain`: the first text is the original lower-cased (Folded.plain of its unsqueezed view)."""
    text = texts[0][0]
    views: list[Folded] = []
    for base_text, base_offs in texts:
        stretched = (base_text is not text or cues is None or "fold.stretch" in cues) and words.has_stretch(base_text)
        for keep in (1, 2) if stretched else (0,):
            view = _view(original, base_text, base_offs, keep, flipped, plain and not views and not keep)
            view.respelled = base_text is respelled
            views.append(view)
    return views


def _line_breaks(
    text: str, offs: list[int] | None, vocabulary: frozenset[str]
) -> tuple[str, list[int] | None, list[Edit]]:
    """Words split across line breaks joined; and the edits joining breaks between two lexicon
    words that also make one ("out\\ncall"), which `fold` reads in a view of its own."""
    edits, two_words = words.join_line_breaks(text, vocabulary)
    if not edits:
        return text, offs, two_words
    text, new_offs = _apply(text, offs, edits)
    if two_words:  # found on the text before these edits: find them again
        two_words = words.join_line_breaks(text, vocabulary)[1]
    return text, new_offs, two_words


def _view(original: str, text: str, offs: list[int] | None, keep: int, flipped: bool, plain: bool = False) -> Folded:
    """One view: stretched letters squeezed to `keep` (0: none), punctuation to single spaces.
    `plain`: `text` is the original lower-cased (Folded.plain)."""
    if keep:
        base = offs if offs is not None else list(range(len(text)))
        edits = [
            (m.start(), m.end(), m.group(1) * keep, base[m.start() : m.start() + keep])
            for m in words.STRETCH.finditer(text)
        ]
        text, offs = rewrite(text, base, edits)
    # Punctuation to spaces one for one, then runs of spaces to one space.
    if text.isascii():
        spaced = text.encode("ascii").translate(_ASCII_PUNCT).decode("ascii")
    else:
        # ASCII punctuation in one bytes.translate of the UTF-8 text, then the few non-ASCII
        # characters that are not word characters or emoji (a dict translate of the whole
        # text cost ~400 instructions a character).
        spaced = text.encode("utf-8", "surrogatepass").translate(_ASCII_PUNCT).decode("utf-8", "surrogatepass")
        if _NON_ASCII_NONWORD.search(spaced):
            spaced = _NON_ASCII_NONWORD.sub(" ", spaced)
    collapsed = spaced
    while "  " in collapsed:  # `_single_spaces`, written out: a call a view
        collapsed = collapsed.replace("  ", " ")
    view = Folded(original, collapsed, offs if len(collapsed) == len(spaced) else _Collapsed(spaced, offs), flipped)
    view.plain = plain
    return view


def _single_spaces(text: str) -> str:
    """Every run of spaces as one space (what `_SPACE_RUN.sub(" ", text)` gives): each pass of
    C-level replaces halves the runs, so a few passes do what the regex did with one Python
    match object per run; a run of n spaces takes log2(n) passes."""
    while "  " in text:
        text = text.replace("  ", " ")
    return text


@lru_cache(maxsize=8)
def _spellable(vocabulary: frozenset[str]) -> frozenset[str]:
    """The two- and three-digit numbers that read as a lexicon word in leetspeak ("70": "to")."""
    numbers = (str(n).zfill(width) for width in (2, 3) for n in range(10**width))
    return frozenset(n for n in numbers if n.translate(words.LEET) in vocabulary)


@lru_cache(maxsize=8)
def _spelled_number(vocabulary: frozenset[str]) -> Callable[[str], object]:
    """A search for a whole number that spells a lexicon word: what `_DIGIT_WORD.findall` finds,
    narrowed to `_spellable` in one pattern, so `re` skips in C to the few digits such a number
    starts with rather than listing every number of the text."""
    by_first: dict[str, list[str]] = {}
    for number in sorted(_spellable(vocabulary), key=lambda n: (-len(n), n)):
        by_first.setdefault(number[0], []).append(number[1:])
    if not by_first:
        return lambda text: None
    # As in _DIGIT_WORD, the look-behind sits after the first digit.
    branches = "|".join(rf"{d}(?<![\w$.,/:]{d})(?:{'|'.join(rest)})" for d, rest in sorted(by_first.items()))
    return re.compile(rf"(?:{branches})(?![\w.,/:%])").search


def _spelled_digits(token: str, vocabulary: frozenset[str]) -> str:
    word = token.translate(words.LEET)
    return word if word in vocabulary else token


def fold_term(term: str) -> str:
    """Fold a lexicon term exactly as ad text is folded, so both meet in the same form."""
    return fold(term)[0].text.strip()
