"""Word-level undoing: letters split apart, words split across lines, leetspeak, and words
respelled the way they sound or without their vowels ("yung", "twn", "avlbl").

The lexicon's vocabulary settles every ambiguous case, so ordinary text is left as it is.
Every scan is linear: no pattern here can backtrack over more than a few characters.
"""

from __future__ import annotations

import gzip
import importlib.util
import itertools
import math
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

import jellyfish
import msgpack

from samaritan.engine.budget import EDITS_PER_STEP
from samaritan.engine.normalize.chars import EMOJI_CLASS
from samaritan.engine.normalize.offsets import Edit
from samaritan.engine.tokens import LETTER_WORD, Words

# Characters that carry leetspeak letters inside a word.
LEET = str.maketrans("01345789@$!|", "oieastbgasil")
# A letter touching a leet character ("y0ung", "t33n", "$exy"); the whole token is then folded.
# A letter before "!" (or "|@$") only counts when more of the word follows ("fr!ends"): at a
# word's end it is punctuation, which folding strips anyway, and nearly every ad has one.
LEET_SPOT = re.compile(r"[a-z][0-9]|[a-z][!|@$]+[a-z0-9]|[0-9@$!|][a-z]")
# The same spots found from their digit or symbol: a match wherever LEET_SPOT has one, inside
# the same token, but opening with a class of rarer characters, so `re` skips the letters in C
# (LEET_SPOT itself could start at nearly every character: ~4x slower). LEET_SPOT stays the
# RE2 cue (no look-behind there) and the definition the tests hold this one to.
LEET_SPOT_SCAN = re.compile(r"[0-9@$!|](?:(?<=[a-z][0-9])|(?=[a-z])|(?<=[a-z][!|@$])[!|@$]*[a-z0-9])")
_LEET_TOKEN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789@$!|")
# Digits then a unit or suffix ("19yo", "2br", "4th", "100roses"), or letters then digits ("b4"),
# are not leet. One leet digit before letters is ("1n", "7own", "0ur").
_UNITS = (
    "yo|y|yr|yrs|yrold|br|ba|bd|th|st|nd|rd|pm|am|hr|hrs|h|hh|hhr|min|mins|k|lbs|lb|kg|ft|in|x|s|ish|qv|"
    "qk|m|mi|mph|cm|mm|oz|g|gb|tb|mb|p|d|day|days|wk|wks|mo|ct|pc|pcs|pk|ml|l|v|w"
)
_UNIT_TOKEN = re.compile(rf"[1-9][0-9]*(?:{_UNITS})|[0-9]{{2,}}[a-z]{{3,}}|[a-z]+[0-9]{{2,}}|\$[0-9]+[a-z]*")
# A bust size: a band of 28 to 44 and a cup ("34c", "36dd", "32aa"). Never leetspeak, even where
# the letters would read as a word: the measurement is what the poster wrote.
_CUP_SIZE = re.compile(r"(?:2[89]|3[0-9]|4[0-4])(?:a{1,2}|b|c|d{1,4}|e|f{1,2}|g{1,2}|h)")

# What may stand between the letters of a split word: punctuation, spaces and emoji, in any mix
# ("y.o-u_n*g", "y✨o✨u").
SEPARATOR_CHARS = r"\s._\-*~/|+•·,'\"" + EMOJI_CLASS[1:-1]
_SEP = f"[{SEPARATOR_CHARS}]"
# Three or more single characters each split from the next by one to six separators (three,
# perhaps doubled where a zero-width character was removed: "b . \u2060 . y").
_SPLIT = re.compile(rf"(?<![^\W_])[a-z0-9@$](?:{_SEP}{{1,6}}[a-z0-9@$](?![^\W_])){{2,}}")
_SPLIT_SEP = re.compile(f"{_SEP}+")
# Two pieces of one word around a line break (perhaps after a hyphen). A piece starts a word,
# so each word is tried once, and is at most 24 letters (no lexicon word is longer).
_BROKEN_WORD = re.compile(r"(?<![a-z0-9])([a-z0-9]{1,24})-?[ \t]*\r?\n\s*([a-z0-9]{1,24})(?![a-z0-9])")
STRETCH = re.compile(r"([a-z])\1{2,}")


class Vocabulary(frozenset[str]):
    """The lexicon's words (a frozenset of them, as `fold` takes them) and its phrases, the
    folded terms, which let a respelled word be read in the phrase around it: "ds" alone could
    be "does" or "days", "ds not spk" only "does not speak" (see `respell`)."""

    phrases: tuple[str, ...]

    def __new__(cls, terms: Iterable[str]) -> Vocabulary:
        phrases = tuple(dict.fromkeys(terms))
        self = super().__new__(cls, (w for t in phrases for w in t.split(" ") if w.isalpha()))
        self.phrases = phrases
        return self

    def __reduce__(self) -> tuple[type[Vocabulary], tuple[tuple[str, ...]]]:
        return Vocabulary, (self.phrases,)


def join_split_letters(text: str, vocabulary: frozenset[str]) -> list[tuple[int, int, str, list[int]]]:
    """Edits joining letters split apart. One separator used throughout ("y.o.u.n.g") is
    joined whatever it spells, unless it is a short run of spaced letters ("a b c"); a mix of
    separators, emoji among them, only into a lexicon word (leetspeak read); otherwise each
    stretch of one separator is taken on its own ("n . i . g . h . t. s_e" -> "night", "s_e")."""
    edits: list[tuple[int, int, str, list[int]]] = []
    for m in _SPLIT.finditer(text):
        letters = [i for i in range(m.start(), m.end()) if not _SPLIT_SEP.fullmatch(text[i])]
        seps = [text[a + 1 : b] for a, b in itertools.pairwise(letters)]
        joined = "".join(text[i] for i in letters)
        if len(set(seps)) > 1 and not (joined in vocabulary or joined.translate(LEET) in vocabulary):
            start = 0  # stretches of one separator, each on its own, never sharing a letter
            for k in range(1, len(seps) + 1):
                if k == len(seps) or seps[k] != seps[k - 1]:
                    joined_run = _join(text, letters[start : k + 1], seps[start:k], vocabulary, edits)
                    start = k + 1 if joined_run else k
        else:
            _join(text, letters, seps, vocabulary, edits)
        if len(edits) >= EDITS_PER_STEP:
            break
    return edits


def _join(text: str, letters: list[int], seps: list[str], vocabulary: frozenset[str], edits: list[Edit]) -> bool:
    """One edit joining `letters` (indices into text), split by `seps`, if it reads as a word."""
    if len(letters) < 3:
        return False
    joined = "".join(text[i] for i in letters)
    known = joined in vocabulary or joined.translate(LEET) in vocabulary
    if len(set(seps)) > 1 and not known:
        return False
    if not any(s.strip(" ") for s in seps) and len(seps) < 3 and not known:
        return False  # "a b c"-like short runs of spaced words are ordinary text
    edits.append((letters[0], letters[-1] + 1, joined, letters))
    return True


def join_line_breaks(text: str, vocabulary: frozenset[str]) -> list[tuple[int, int, str, list[int]]]:
    """Edits joining a word split across a line break ("yo\\nung"), when the two pieces make a
    lexicon word and were not two lexicon words already."""
    edits: list[tuple[int, int, str, list[int]]] = []
    for (l_start, l_end), (r_start, r_end) in broken_words(text):
        left, right = text[l_start:l_end], text[r_start:r_end]
        joined = left + right
        if joined in vocabulary and not (left in vocabulary and right in vocabulary):
            kept = list(range(l_start, l_end)) + list(range(r_start, r_end))
            edits.append((l_start, r_end, joined, kept))
            if len(edits) >= EDITS_PER_STEP:
                break
    return edits


_AFTER_BREAK = re.compile(r"\s*([a-z0-9]{1,24})(?![a-z0-9])")
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def broken_words(text: str) -> Iterator[tuple[tuple[int, int], tuple[int, int]]]:
    """The spans of the two pieces of each `_BROKEN_WORD` match, as its `finditer` gives them,
    found from the line breaks (one C-level `find` each) rather than by trying the pattern at
    every word, which cost ~25 character steps a word. Every character is stepped over at
    most twice: linear."""
    done = 0  # where the last match ended: matches never overlap
    k = text.find("\n")
    while k != -1:
        # Backwards from the break, as the pattern reads forwards: word, "-"?, [ \t]*, "\r"?.
        j = k
        if j and text[j - 1] == "\r":
            j -= 1
        while j and text[j - 1] in " \t":
            j -= 1
        if j and text[j - 1] == "-":
            j -= 1
        end = j
        while j and text[j - 1] in _WORD_CHARS and end - j <= 24:
            j -= 1
        if 0 < end - j <= 24 and j >= done and not (j and text[j - 1] in _WORD_CHARS):
            right = _AFTER_BREAK.match(text, k + 1)
            if right:
                yield (j, end), right.span(1)
                done = right.end(1)
        k = text.find("\n", k + 1)


def fold_leet(text: str, vocabulary: frozenset[str]) -> str:
    """Leetspeak inside words read as letters; same length, so offsets are untouched."""
    chars: list[str] | None = None
    done_until = -1
    n = len(text)
    # Each token holding a spot is folded once, whichever of its spots is found first.
    for m in LEET_SPOT_SCAN.finditer(text):
        if m.start() < done_until:
            continue
        start, end = m.start(), m.end()
        while start > 0 and start > done_until and text[start - 1] in _LEET_TOKEN_CHARS:
            start -= 1
        while end < n and text[end] in _LEET_TOKEN_CHARS:
            end += 1
        done_until = end
        folded = _leet_token(text[start:end], vocabulary)
        if folded is not None:
            if chars is None:
                chars = list(text)
            chars[start : start + len(folded)] = folded
    return text if chars is None else "".join(chars)


@lru_cache(maxsize=1 << 15)
def _leet_token(token: str, vocabulary: frozenset[str]) -> str | None:
    """A token's letters read through leetspeak (None: it stays as it is). Tokens repeat across
    ads ("150hh", "2br"), so each is worked out once."""
    core = token.rstrip("!|@$")  # trailing "!!" is punctuation, not letters
    if not any(c.isalpha() for c in core):
        return None
    folded = core.translate(LEET)
    if folded == core or _CUP_SIZE.fullmatch(core) or (_UNIT_TOKEN.fullmatch(core) and not known(folded, vocabulary)):
        return None  # "19yo", "2br", "mia22" are units and names, not leet
    return folded


def known(word: str, vocabulary: frozenset[str]) -> bool:
    """Is `word`, or `word` with stretched letters squeezed ("diiiiscreet"), a lexicon word?"""
    return word in vocabulary or STRETCH.sub(r"\1", word) in vocabulary or STRETCH.sub(r"\1\1", word) in vocabulary


# ---------------------------------------------------------------- words as they sound
_VOWELS = frozenset("aeiouy")
_ALPHA_WORD = LETTER_WORD


def _skeleton(word: str) -> str:
    """The first letter, then the consonants, doubles squeezed ("available" -> "avlbl")."""
    out = [word[0]]
    for c in word[1:]:
        if c not in _VOWELS and c != out[-1]:
            out.append(c)
    return "".join(out)


def _vowels_kept(token: str, word: str) -> bool:
    """Are the token's vowels (after its first letter) the word's, in order, some left out?"""
    it = iter(word[1:])
    return all(v in it for v in token[1:] if v in _VOWELS)


def _dropped_key(word: str) -> str:
    """The first letter, then every letter but a, e, i, o, u ("ready" -> "rdy", "call" ->
    "cll"): what a word becomes with its vowels dropped, and the same for every partial drop."""
    return word[0] + word[1:].translate(_NO_VOWELS)


_NO_VOWELS = str.maketrans("", "", "aeiou")


def _drops_vowels(token: str, word: str) -> bool:
    """Is `token` `word` with some of its vowels after the first letter left out ("rdy",
    "evry": "ready", "every")? Only vowels: "rdy" is not "rudely"."""
    if len(token) >= len(word) or token[0] != word[0]:
        return False
    i, n = 1, len(token)
    for c in word[1:]:
        if i < n and token[i] == c:
            i += 1
        elif c in "aeiou":
            continue
        else:
            return False
    return i == n


# How common (wordfreq's Zipf scale: 3 is once per million words) a spelling may be and still
# be read as a disguise. "yung" (3.1) is slang for young; "incl" (3.2) an abbreviation of its own.
_DROPPED_VOWELS_MAX_ZIPF = 3.0
_SOUND_ALIKE_MAX_ZIPF = 3.5


def _frequency(token: str) -> float:
    """Zipf frequency of `token` (lower-case ASCII letters) as an English word, from wordfreq's
    packaged small list: the same value as `wordfreq.zipf_frequency`, read from the list's
    table of values rather than through its tokeniser (~20 us a word, paid by every new word)."""
    freqs, zipf = _frequency_table()
    value = freqs.get(token)
    if value is None:
        return 0.0  # not in the list: wordfreq's minimum
    known_zipf = zipf.get(value)
    return known_zipf if known_zipf is not None else _zipf_of(value)


@lru_cache(maxsize=1)
def _frequency_table() -> tuple[dict[str, float], dict[float, float]]:
    """wordfreq's small English list (word -> frequency) and, for each of its few hundred
    distinct (quantised) frequencies, the Zipf value wordfreq gives a plain word of it. The
    list is read from wordfreq's data file without importing wordfreq, whose import (langcodes'
    tables) cost every command ~1 s of start-up; the values are wordfreq's (tested)."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("wordfreq is not installed")
    path = f"{next(iter(spec.submodule_search_locations))}/data/small_en.msgpack.gz"
    with gzip.open(path, "rb") as handle:
        data = msgpack.load(handle, raw=False)
    header = data[0]
    if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
        raise ValueError(f"{path}: not a wordfreq cBpack list")
    freqs: dict[str, float] = {}
    for index, bucket in enumerate(data[1:]):
        value = 10 ** (-index / 100)  # wordfreq.cB_to_freq: the bucket's index is -centibels
        for word in bucket:
            freqs[word] = value
    return freqs, {value: _zipf_of(value) for value in set(freqs.values())}


def _zipf_of(value: float) -> float:
    """wordfreq.zipf_frequency of a one-token word listed at frequency `value`, step for step
    (its float operations in its order, so the same value to the last bit)."""
    freq = 1.0 / (0.0 + 1.0 / value)
    unrounded = max(freq, 10**0 / 1e9)  # minimum=0 on the Zipf scale
    rounded = round(unrounded, math.floor(-math.log(unrounded, 10)) + 3)
    return round(math.log(rounded, 10) + 9, 2)


def load_words() -> None:
    """Read the word-frequency list now (~0.05 s) rather than on the first respelled word."""
    _frequency_table()


@lru_cache(maxsize=8)
def _sound_index(vocabulary: frozenset[str]) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """Lexicon words of four or more letters by consonant skeleton (words sharing one: the
    shortest, "frsh" is "fresh" before "freshie") and by Metaphone key (every word of a key:
    "teen" and "town" are both TN, and a respelling must be closer to one than to the other)."""
    by_skeleton: dict[str, str] = {}
    by_sound: dict[str, list[str]] = {}
    for word in sorted(vocabulary, key=lambda w: (len(w), w)):
        if len(word) < 4 or not word.isalpha():
            continue
        by_skeleton.setdefault(_skeleton(word), word)
        by_sound.setdefault(jellyfish.metaphone(word), []).append(word)
    return (
        {k: w for k, w in by_skeleton.items() if len(k) >= 3},
        {k: tuple(ws) for k, ws in by_sound.items() if len(k) >= 2},
    )


@lru_cache(maxsize=1 << 16)
def _respelled(token: str, vocabulary: frozenset[str]) -> str | None:
    """The lexicon word `token` is a respelling of, if any: its vowels dropped ("avlbl",
    "twn") or spelled as it sounds ("yung", "tean"): one edit from exactly one word of the
    same sound, starting alike."""
    if token in vocabulary:
        return None
    by_skeleton, by_sound = _sound_index(vocabulary)
    word = by_skeleton.get(_skeleton(token))
    # (A common word or abbreviation of its own, "incl" or "txt", is not a disguise.)
    if (
        word is not None
        and _vowels_kept(token, word)
        and len(token) < len(word) <= 2 * len(token)
        and _frequency(token) < _DROPPED_VOWELS_MAX_ZIPF
        and _likeliest(token, word, _ALONE_MARGIN)
    ):
        return word
    if len(token) < 4 or _frequency(token) >= _SOUND_ALIKE_MAX_ZIPF:
        return None  # "ten" is a word of its own, not "teen"; "Tina" a name, "sweat" a word
    close = [
        w
        for w in by_sound.get(jellyfish.metaphone(token), ())
        if w[0] == token[0] and jellyfish.levenshtein_distance(token, w) <= 1
    ]
    if len(close) == 1 and (len(token) >= 5 or _vowel_pair_edit(token, close[0])):
        return close[0]
    return None


def _vowel_pair_edit(token: str, word: str) -> bool:
    """Is the one edit from `word` to `token` inside a pair of vowels ("teen" -> "tean", "young"
    -> "yung")? Short names differ from short words by one letter too ("Tina", "tiny"), but not
    there."""
    if len(token) not in (len(word), len(word) - 1):
        return False
    i = next((k for k in range(len(token)) if token[k] != word[k]), len(token))
    pair = word[max(0, i - 1) : i + 2]
    if sum(c in "aeiou" for c in pair) < 2 or word[i] not in _VOWELS:
        return False
    if len(token) == len(word):
        return token[i] in _VOWELS and token[i + 1 :] == word[i + 1 :]
    return token[i:] == word[i + 1 :]  # a vowel of the pair left out


class _Respellings:
    """Every word seen so far: `plain`, those read as no lexicon word, and `found`, those read
    as one (or "", see `_read_as`), so an ad whose words are all plain costs one C-level probe
    of each. `found` (replaced, never changed) has a new word before `plain` does, which grows
    in place by one C-level update: under the GIL a thread sharing the engine sees a word in
    `plain` only when it has no reading. (A small `recent` set merged into `seen` every few
    thousand words had left every ad with a word of the last few thousand on a slow path of set
    copies.) Past `_SEEN_MAX` words the table starts again from the lexicon (a word read before
    is then looked up in `_read_as`'s cache), so what a new word costs, and the memory held,
    stay the same however many ads have been read."""

    def __init__(self, vocabulary: frozenset[str]):
        self.vocabulary = vocabulary
        self.plain: set[str] = set(vocabulary)
        self.found: dict[str, str] = {}

    def of(self, words: Iterable[str]) -> dict[str, str]:
        """The respellings among `words` (any iterable of str; a list is not copied)."""
        plain = self.plain
        if plain.issuperset(words):
            return {}  # (most ads)
        rest = set(words).difference(plain)
        found = self.found
        new = rest.difference(found.keys())
        if new:
            more = {w: r for w in new if (r := _read_as(w, self.vocabulary)) is not None}
            if more:
                self.found = found = {**found, **more}
            unread = new.difference(more.keys())
            if len(plain) + len(found) + len(unread) > _SEEN_MAX:
                # A full table starts again from the lexicon and these words; respellings of
                # words no longer listed go too, as those words will be looked up again.
                plain = set(self.vocabulary)
                plain |= unread
                self.found = found = {w: r for w, r in found.items() if w in rest}
                self.plain = plain
            else:
                plain |= unread
        return {w: found[w] for w in rest if w in found}

    def reading(self, word: str) -> str | None:
        """`word`'s reading (see `_read_as`), looked up once."""
        if word in self.plain:
            return None
        return self.found.get(word) if word in self.found else self.of((word,)).get(word)


_SEEN_MAX = 1 << 16


@lru_cache(maxsize=8)
def _plain_respellings(vocabulary: frozenset[str]) -> _Respellings:
    return _Respellings(vocabulary)


def _respellings(vocabulary: frozenset[str]) -> _Respellings:
    """The table of words seen with `vocabulary`; a `Vocabulary` keeps its own (its phrases
    decide which words are read in context, and it equals a plain set of the same words)."""
    if isinstance(vocabulary, Vocabulary):
        table: _Respellings | None = vocabulary.__dict__.get("_respellings")
        if table is None:
            table = vocabulary.__dict__["_respellings"] = _Respellings(vocabulary)
        return table
    return _plain_respellings(vocabulary)


@lru_cache(maxsize=8)
def _dropped_index(vocabulary: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """Lexicon words of four or more letters by `_dropped_key` ("rdy": "ready")."""
    by_key: dict[str, list[str]] = {}
    for word in sorted(vocabulary):
        if len(word) >= 4 and word.isalpha():
            by_key.setdefault(_dropped_key(word), []).append(word)
    return {k: tuple(ws) for k, ws in by_key.items()}


@lru_cache(maxsize=1)
def _english_by_dropped_key() -> dict[str, tuple[tuple[float, str], ...]]:
    """wordfreq's English words (lower-case ASCII letters) by `_dropped_key`, most common first."""
    by_key: dict[str, list[tuple[float, str]]] = {}
    for word in _frequency_table()[0]:
        if len(word) >= 2 and word.isascii() and word.isalpha() and word.islower():
            by_key.setdefault(_dropped_key(word), []).append((_frequency(word), word))
    return {k: tuple(sorted(v, reverse=True)) for k, v in by_key.items()}


def _likeliest(token: str, word: str, margin: float) -> bool:
    """Is `word` (which `token` drops vowels of) the English word `token` most likely stands for,
    within `margin` on the Zipf scale? A lexicon word is not read where a much commoner word
    fits the same letters ("prsn": "person", not "persian")."""
    top = next((z for z, w in _english_by_dropped_key().get(_dropped_key(token), ()) if _drops_vowels(token, w)), 0.0)
    return _frequency(word) >= top - margin


# Margins for `_likeliest`. A spelling read on its own is rare (not a word of its own), and
# its lexicon word may be less common than another of the same letters, but not by much: "dscrt"
# is "discreet" beside "discrete" (0.13 points), "mtl" "motel" beside "metal" (1.21), but "prsn"
# is "person" (1.72 above "persian"). In a phrase the spelling may be a common word or a
# two-letter one ("ds", "tm"), so the lexicon word must be nearly the likeliest: "tr" is "tour"
# beside "true" (0.41), "plc" still "police" beside "place" (0.38) where a phrase says so.
_ALONE_MARGIN = 1.25
_PHRASE_MARGIN = 0.5


# A phrase slot: the phrase's words and the position of one of them.
_Slot = tuple[tuple[str, ...], int]


def _phrase_slots(vocabulary: Vocabulary) -> dict[str, tuple[_Slot, ...]]:
    """For each `_dropped_key`, the places in the lexicon's phrases of two or more words where a
    word of that key stands, each word of four or more letters (shorter words, "on", "the",
    "her", must be written out)."""
    slots: dict[str, tuple[_Slot, ...]] | None = vocabulary.__dict__.get("_slots")
    if slots is None:
        found: dict[str, list[_Slot]] = {}
        for phrase in vocabulary.phrases:
            parts = tuple(phrase.split(" "))
            if len(parts) < 2 or not all(p.isalpha() and p.isascii() for p in parts):
                continue
            for k, part in enumerate(parts):
                if len(part) >= 4:
                    found.setdefault(_dropped_key(part), []).append((parts, k))
        slots = vocabulary.__dict__["_slots"] = {key: tuple(v) for key, v in found.items()}
    return slots


# Dropped vowels read without context: the token's vowel-less form is one lexicon word's alone,
# at least three letters long, and not a common word of its own ("rdy", "bdy": "ready", "body").
_MIN_DROPPED_KEY = 3


def _read_as(token: str, vocabulary: frozenset[str]) -> str | None:
    """The lexicon word `token` reads as on its own (see `_respelled`), "" when it may read as a
    lexicon word only inside one of the lexicon's phrases ("ds", "tm", "txt": respell decides
    from the words around it), None when it is no respelling."""
    word = _respelled(token, vocabulary)
    if word is not None or token in vocabulary or len(token) < 2:
        return word
    key = _dropped_key(token)
    if len(key) >= _MIN_DROPPED_KEY:
        words = [w for w in _dropped_index(vocabulary).get(key, ()) if _drops_vowels(token, w)]
        if (
            len(words) == 1
            and len(words[0]) <= 2 * len(token)
            and _frequency(token) < _DROPPED_VOWELS_MAX_ZIPF
            and _likeliest(token, words[0], _ALONE_MARGIN)
        ):
            return words[0]
    # Only read in a phrase: a word without vowels after its first letter ("ds", "txt"), or a
    # rare one with some ("evry"); "ten", "met", "son" are words of their own.
    if isinstance(vocabulary, Vocabulary) and (key == token or _frequency(token) < _DROPPED_VOWELS_MAX_ZIPF):
        for parts, k in _phrase_slots(vocabulary).get(key, ()):
            if _drops_vowels(token, parts[k]):
                return ""
    return None


_TOKEN = re.compile(r"[^\W_]+")


def respell(
    text: str, vocabulary: frozenset[str], ad_words: Words | None = None
) -> list[tuple[int, int, str, list[int]]]:
    """Edits replacing words respelled by sound or without vowels with the lexicon's word.
    A word that only some of the lexicon's phrases can explain ("ds", "tr") is replaced only
    where the words around it complete such a phrase ("she ds", "on tr"), each either written
    out or with vowels dropped. `ad_words`: the words of a text holding every word of `text`
    (the ad's lower-cased text, when folding left this field as it was): looked up once for
    all the ad's fields. (Its letter runs may include runs that `_ALPHA_WORD` would not read
    whole: those are looked up too, but only a whole word of 2-16 letters is ever rewritten.)"""
    if not vocabulary:
        return []
    # Most ads respell nothing: look each distinct word up once, and only then walk the text.
    if ad_words is None:
        words = _respellings(vocabulary).of(Words(text).letters)
    else:
        if ad_words.respelled is None:
            ad_words.respelled = _respellings(vocabulary).of(ad_words.letters)
        words = ad_words.respelled
    if not words:
        return []
    # A word read only in a phrase ("ds", "txt": common on their own) is read so only beside
    # evidence that the text drops vowels: a rare word read as a lexicon word, alone or not.
    alone = any(words.values())
    phrases = isinstance(vocabulary, Vocabulary) and (
        alone or any(_frequency(w) < _DROPPED_VOWELS_MAX_ZIPF for w in words)
    )
    if not phrases and not alone:
        return []
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    chosen: dict[int, str] = {}  # token index -> lexicon word
    if phrases:
        slots = _phrase_slots(vocabulary)  # type: ignore[arg-type]  # a Vocabulary (isinstance above)
        table = _respellings(vocabulary)
        for i, (_, _, token) in enumerate(tokens):
            # (Words on text with emoji are its runs of 3-16 letters: two-letter ones are read here.)
            if token in words or (len(token) == 2 and table.reading(token) is not None):
                for parts, k in slots.get(_dropped_key(token), ()):
                    _read_phrase(tokens, i - k, parts, chosen)
    for i, (_, _, token) in enumerate(tokens):
        word = words.get(token)
        if word and i not in chosen and 3 <= len(token) <= 16:
            chosen[i] = word
    edits = []
    for i in sorted(chosen):
        start, end, _ = tokens[i]
        word = chosen[i]
        edits.append((start, end, word, [min(start + k, end - 1) for k in range(len(word))]))
        if len(edits) >= EDITS_PER_STEP:
            break
    return edits


def _read_phrase(
    tokens: list[tuple[int, int, str]], first: int, parts: tuple[str, ...], chosen: dict[int, str]
) -> None:
    """Choose `parts` for the tokens from `first` on if they spell that phrase, each word
    written out or (four or more letters) with vowels dropped, at least one of them dropped."""
    if first < 0 or first + len(parts) > len(tokens):
        return
    dropped = []
    for k, part in enumerate(parts):
        token = tokens[first + k][2]
        if token == part:
            continue
        if len(part) < 4 or not _drops_vowels(token, part) or not _likeliest(token, part, _PHRASE_MARGIN):
            return
        dropped.append(first + k)
    for i in dropped:
        chosen[i] = parts[i - first]
