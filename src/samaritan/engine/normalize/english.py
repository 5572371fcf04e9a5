"""English as wordfreq counts it, for telling a disguise from a word: how common a spelling
is (`frequency`), and which words a spelling without vowels may stand for ("prsn": "person"
before "persian")."""

from __future__ import annotations

import gzip
import importlib.util
import math
from functools import lru_cache

import msgpack


def dropped_key(word: str) -> str:
    """The first letter, then every letter but a, e, i, o, u ("ready" -> "rdy", "call" ->
    "cll"): what a word becomes with its vowels dropped, and the same for every partial drop."""
    return word[0] + word[1:].translate(_NO_VOWELS)


_NO_VOWELS = str.maketrans("", "", "aeiou")


def drops_vowels(token: str, word: str) -> bool:
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
DROPPED_VOWELS_MAX_ZIPF = 3.0
SOUND_ALIKE_MAX_ZIPF = 3.5


def frequency(token: str) -> float:
    """Zipf frequency of `token` (lower-case ASCII letters) as an English word, from wordfreq's
    packaged small list: the same value as `wordfreq.zipf_frequency`, read from the list's
    table of values rather than through its tokeniser (~20 us a word, paid by every new word)."""
    freqs, zipf = _frequency_table()
    value = freqs.get(token)
    if value is None:
        return 0.0  # not in the list: wordfreq's minimum
    known_zipf = zipf.get(value)
    return known_zipf if known_zipf is not None else _zipf_of(value)


def listed(word: str, lang: str) -> bool:
    """Is `word` (lower case) in wordfreq's small list of the language `lang` ("el", "ru")?"""
    return word in _frequency_table(lang)[0]


@lru_cache(maxsize=8)
def _frequency_table(lang: str = "en") -> tuple[dict[str, float], dict[float, float]]:
    """wordfreq's small list of `lang` (word -> frequency) and, for each of its few hundred
    distinct (quantised) frequencies, the Zipf value wordfreq gives a plain word of it. The
    list is read from wordfreq's data file without importing wordfreq, whose import (langcodes'
    tables) cost every command ~1 s of start-up; the values are wordfreq's (tested)."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("wordfreq is not installed")
    path = f"{next(iter(spec.submodule_search_locations))}/data/small_{lang}.msgpack.gz"
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
    """Read the word-frequency list and index it by vowel-less form now (~0.07 s) rather than
    on the first respelled word."""
    english_by_dropped_key()


@lru_cache(maxsize=1)
def english_words() -> tuple[str, ...]:
    """wordfreq's English words of lower-case ASCII letters (two or more), most common first."""
    return tuple(w for w in _frequency_table()[0] if w.isascii() and w.isalpha() and w.islower() and len(w) >= 2)


@lru_cache(maxsize=1)
def english_by_dropped_key() -> dict[str, list[str]]:
    """wordfreq's English words (lower-case ASCII letters) by `dropped_key`, most common first
    (the list's order: its buckets run from the most common words down)."""
    by_key: dict[str, list[str]] = {}
    for word in english_words():
        by_key.setdefault(word[0] + word[1:].translate(_NO_VOWELS), []).append(word)
    return by_key


def likeliest(token: str, word: str, margin: float) -> bool:
    """Is `word` (which `token` drops vowels of) the English word `token` most likely stands for,
    within `margin` on the Zipf scale? A lexicon word is not read where a much commoner word
    fits the same letters ("prsn": "person", not "persian")."""
    return shortfall(token, word) <= margin


def shortfall(token: str, word: str) -> float:
    """How much less common (Zipf) `word` is than the commonest English word `token` drops the
    vowels of (0 or less: `word` is that word)."""
    top = next((w for w in english_by_dropped_key().get(dropped_key(token), ()) if drops_vowels(token, w)), None)
    return (frequency(top) if top is not None else 0.0) - frequency(word)


# Margins for `likeliest`. A spelling read on its own is rare (not a word of its own), and
# its lexicon word may be less common than another of the same letters, but not by much: "dscrt"
# is "discreet" beside "discrete" (0.13 points), "mtl" "motel" beside "metal" (1.21), but "prsn"
# is "person" (1.72 above "persian"). In a phrase the spelling may be a common word or a
# two-letter one ("ds", "tm"), so the lexicon word must be nearly the likeliest: "tr" is "tour"
# beside "true" (0.41), "plc" still "police" beside "place" (0.38) where a phrase says so.
ALONE_MARGIN = 1.25
PHRASE_MARGIN = 0.5
