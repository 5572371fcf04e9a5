"""The learned category tagger's reading of text: tokens with their offsets in the original,
their normal forms, and the hashed features of each token (engine/learned/categories.py holds
the tagger; categories_fast.py its vectorised inference). Shared by both, and by training."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

import numpy as np

from samaritan.engine.normalize import EMOJI_CLASS, fold_chars
from samaritan.engine.normalize.english import frequency

DIM_BITS = 18
DIM = 1 << DIM_BITS
_MASK = np.uint64(DIM - 1)

# Letters spelled apart ("c-a-r-i-b", "b.o.o.k"), read as one word.
_SPELLED = re.compile(r"(?<![a-z0-9])[a-z0-9](?:[.\-_*~][a-z0-9]){3,}(?![a-z0-9])")
_TOKEN = re.compile(rf"[a-z0-9]+(?:'[a-z]+)?|[.!?;:,]+|[$%/+&@#*~()\-]|{EMOJI_CLASS}+")
_REPEAT = re.compile(r"([a-z])\1{2,}")
_DIGIT = re.compile(r"[0-9]")
_WORD = re.compile(r"[a-z0-9]")
_LEET = str.maketrans("4310758", "aeiotsb")
_LETTER_AND_DIGIT = re.compile(r"(?=.*[a-z])(?=.*[0-9])")
HIGH, LOW = 0.4, 0.2
# A span of one word under five letters ("new", "safe", "now") is kept only when that word is at
# least its category's `short` likely, chosen in training on held-out families (SHORT_LEVELS);
# NEVER is the old rule (no such span), the default of a tagger saved without the array.
NEVER = 2.0
SHORT_LEVELS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
# A field's text already folded (engine/learned/reading.py) and the original index of each of
# its characters (None: the same index).
Read = tuple[str, list[int] | None]


@dataclass(slots=True)
class Tokens:
    """The tokens of one field: spans in the ORIGINAL text and a normalised form each."""

    starts: list[int]
    ends: list[int]
    norms: list[str]


_NORMS: dict[str, str] = {}


def _normal(token: str) -> str:
    norm = token.translate(_LEET) if _LETTER_AND_DIGIT.match(token) else token  # "w4n7": digits as letters
    norm = _DIGIT.sub("0", _REPEAT.sub(r"\1", norm))
    if len(_NORMS) < 200_000:  # a bounded cache: ad vocabulary is mostly a few thousand words
        _NORMS[token] = norm
    return norm


def original_spans(where: list[int], starts: list[int], ends: list[int]) -> tuple[list[int], list[int]]:
    """Token spans of folded text as spans of the original. Upside-down text reads backwards, so
    a token's first character may come after its last: its span is the one holding both."""
    lo = [where[s] for s in starts]
    hi = [where[e - 1] for e in ends]
    return [min(a, b) for a, b in zip(lo, hi, strict=True)], [max(a, b) + 1 for a, b in zip(lo, hi, strict=True)]


def tokens(text: str, read: Read | None = None) -> Tokens:
    """The tokens of `text`; `read`: the text already folded, with its map back (else folded here)."""
    folded, where = read if read is not None else fold_chars(text)
    out = Tokens([], [], [])
    spelled = {m.start(): m.end() for m in _SPELLED.finditer(folded)}
    pos = 0
    for m in _TOKEN.finditer(folded):
        if m.start() < pos:
            continue
        start, end, norm = m.start(), m.end(), m.group()
        if start in spelled:
            end = spelled[start]
            norm = re.sub(r"[^a-z0-9]", "", folded[start:end])
        pos = end
        norm = _NORMS.get(norm) or _normal(norm)
        if where is not None:  # offsets of the folded copy back into the original
            a, b = where[start], where[end - 1]
            start, end = min(a, b), max(a, b) + 1
        out.starts.append(start)
        out.ends.append(end)
        out.norms.append(norm)
    return out


_HASHES: dict[str, int] = {}
_AFFIXES: dict[str, tuple[int, int, int, int]] = {}
_MIX = np.uint64(0x9E3779B97F4A7C15)
_P = np.uint64(1_000_003)
_PAD = zlib.crc32(b"<edge>")
_UNK = np.uint64(zlib.crc32(b"<unknown>"))
_WINDOW: tuple[int, ...] = (-3, -2, -1, 1, 2, 3)
_BAG = 6


def _crc(text: str) -> int:
    h = _HASHES.get(text)
    if h is None:
        h = zlib.crc32(text.encode("utf-8"))
        if len(_HASHES) < 200_000:
            _HASHES[text] = h
    return h


def _affixes(norm: str) -> tuple[int, int, int, int]:
    got = _AFFIXES.get(norm)
    if got is None:
        got = (_crc("<" + norm[:3]), _crc(norm[-3:] + ">"), _crc("<<" + norm[:5]), _crc(norm[-5:] + ">>"))
        if len(_AFFIXES) < 200_000:
            _AFFIXES[norm] = got
    return got


def _mix(h: np.ndarray) -> np.ndarray:
    h = h * _MIX
    mixed: np.ndarray = (h ^ (h >> np.uint64(29))) & _MASK
    return mixed


def word_hashes(norms: list[str]) -> np.ndarray:
    return np.fromiter((_crc(t) for t in norms), dtype=np.uint64, count=len(norms))


# Lexicon words: a word of the lexicon's terms says which categories it serves there (a word in
# more than LEX_MOST of them, or shorter than LEX_SHORTEST letters, says nothing). The tagger
# keeps the table it was trained with (word hashes and the hash of their category set); each
# token's own set and its two neighbours' are features (LEX_COLUMNS), read also for a word
# outside the tagger's vocabulary: knowledge written apart from its training ads.
LEX_MOST, LEX_SHORTEST = 2, 3
# How common (wordfreq Zipf) a word of a longer lexicon term may be and still be a lexicon word.
LEX_COMMON_ZIPF = 5.5
LEX_NONE = np.uint64(zlib.crc32(b"<no lexicon category>"))
LEX_COLUMNS = (0, -1, 1)
_LEX_XOR = tuple(np.uint64(0x510E527F + k) for k in LEX_COLUMNS)


@dataclass(slots=True)
class LexWords:
    """Sorted word hashes of lexicon terms and, for each, the hash of its categories."""

    words: np.ndarray  # uint64, sorted
    sets: np.ndarray  # uint64

    def of(self, words: np.ndarray) -> np.ndarray:
        """The category-set hash of each word hash (LEX_NONE when not a lexicon word)."""
        if not len(self.words) or not len(words):
            return np.full(len(words), LEX_NONE, dtype=np.uint64)
        at = np.minimum(np.searchsorted(self.words, words), len(self.words) - 1)
        return np.where(self.words[at] == words, self.sets[at], LEX_NONE).astype(np.uint64)


def lex_words(terms: list[tuple[str, str]], categories: tuple[str, ...]) -> LexWords:
    """The lexicon-word table from (term, category) pairs, for the tagger's categories."""
    cats: dict[str, set[str]] = {}
    for term, category in terms:
        if category not in categories:
            continue
        norms = tokens(term.rstrip("*")).norms
        for norm in norms:
            # A common word inside a longer term ("very", "before", "have") says nothing of the
            # term's category on its own: as a feature it taught the tagger to tag it anywhere.
            if (
                _WORD.match(norm)
                and len(norm) >= LEX_SHORTEST
                and (len(norms) == 1 or frequency(norm) < LEX_COMMON_ZIPF)
            ):
                cats.setdefault(norm, set()).add(category)
    kept = sorted(
        (_crc(w), zlib.crc32(("lex:" + "|".join(sorted(c))).encode())) for w, c in cats.items() if len(c) <= LEX_MOST
    )
    words = np.array([w for w, _ in kept], dtype=np.uint64)
    sets = np.array([c for _, c in kept], dtype=np.uint64)
    return LexWords(words, sets)


# Word classes: groups of words that stand in the same places across the training corpus, learned
# there without labels (runs/word_classes.py), kept in the tagger's file as a word table like
# the lexicon's (class hashes in place of category sets, LEX_NONE for a word in no class). The
# classes of the token and of its two neighbours each side, and two class pairs, are features:
# a known word met in a new combination still brings what its class learned in others.
CLASS_COLUMNS = (-2, -1, 0, 1, 2)
_CLASS_XOR = tuple(np.uint64(0x9B05688C + k) for k in CLASS_COLUMNS)
_CLASS_PAIR_XOR = (np.uint64(0x1F83D9AB), np.uint64(0x5BE0CD19))


def class_table(words: list[str], classes: list[int]) -> LexWords:
    """The word-class table of `words` (normal forms), each in its class number."""
    pairs = sorted({_crc(w): zlib.crc32(f"class:{c}".encode()) for w, c in zip(words, classes, strict=True)}.items())
    return LexWords(np.array([w for w, _ in pairs], dtype=np.uint64), np.array([c for _, c in pairs], dtype=np.uint64))


def class_columns(cs: np.ndarray, n: int) -> list[np.ndarray]:
    """The word-class feature columns of `n` tokens from their class hashes `cs`, padded with
    LEX_NONE by two each side (n + 4 values): the classes at -2..2, then the pairs (-1, 0), (0, 1)."""
    cols = [cs[2 + k : 2 + k + n] ^ xor for k, xor in zip(CLASS_COLUMNS, _CLASS_XOR, strict=True)]
    cols.append((cs[1 : n + 1] * _P + cs[2 : n + 2]) ^ _CLASS_PAIR_XOR[0])
    cols.append((cs[2 : n + 2] * _P + cs[3 : n + 3]) ^ _CLASS_PAIR_XOR[1])
    return cols


# Character trigrams of a word, up to GRAMS, as one bag (its prefixes and suffixes are features
# already): a word the tagger never saw (a demonym, an app name) still shares pieces with words
# it did. A tagger trained with them says so in its file (CategoryTagger.grams).
GRAMS = 6
_GRAMS: dict[str, tuple[int, ...]] = {}
_NO_GRAM = zlib.crc32(b"<no gram>")
_GRAM_XOR = np.uint64(0x3141592)


def char_grams(norm: str) -> tuple[int, ...]:
    """The hashes of the first GRAMS trigrams of a normal form, padded with one "no gram" hash."""
    got = _GRAMS.get(norm)
    if got is None:
        inner = [_crc("#" + norm[i : i + 3]) for i in range(len(norm) - 2)][:GRAMS]
        got = (*inner, *[_NO_GRAM] * (GRAMS - len(inner)))
        if len(_GRAMS) < 200_000:
            _GRAMS[norm] = got
    return got


def features(
    toks: Tokens,
    field_name: str,
    known: np.ndarray | None = None,
    drop: np.ndarray | None = None,
    lex: LexWords | None = None,
    classes: LexWords | None = None,
    grams: bool = False,
) -> np.ndarray:
    """Hashed feature indices, one row per token (int64, tokens x features). A word outside
    `known` (the training vocabulary, sorted hashes), or marked in `drop`, is read as one unknown
    word: the tagger learns, from words hidden in training, to judge an unseen word by the words
    around it and by its prefixes and suffixes, the way it meets held-out wording. With `lex`,
    the lexicon categories of the word and of its neighbours are features too (LEX_COLUMNS);
    with `classes`, the word classes around it (class_columns), read before words are hidden;
    with `grams`, its character trigrams (char_grams)."""
    n = len(toks.norms)
    if not n:
        return np.zeros((0, 0), dtype=np.int64)
    pad = _BAG
    h = np.full(n + 2 * pad, _PAD, dtype=np.uint64)
    words = word_hashes(toks.norms)
    sets = lex.of(words) if lex is not None else None  # before unknown words are hidden
    cs = None
    if classes is not None:
        cs = np.full(n + 4, LEX_NONE, dtype=np.uint64)
        cs[2 : n + 2] = classes.of(words)
    if known is not None and len(known):
        at = np.minimum(np.searchsorted(known, words), len(known) - 1)
        words[known[at] != words] = _UNK
    if drop is not None:
        words[drop] = _UNK
    h[pad : pad + n] = words
    mid = h[pad : pad + n]
    cols = [mid ^ np.uint64(0x51ED27), mid ^ np.uint64(0x7F4A7C15 if field_name == "title" else 0x2545F491)]
    for k in _WINDOW:
        cols.append(h[pad + k : pad + k + n] * _P + np.uint64(1000 + k))
    for a, b in ((-1, 0), (0, 1), (-2, -1), (1, 2)):
        cols.append((h[pad + a : pad + a + n] * _P + h[pad + b : pad + b + n]) ^ np.uint64(0xA3C59AC3 + a))
    for k in range(-_BAG, _BAG + 1):
        if k:
            cols.append(h[pad + k : pad + k + n] ^ np.uint64(0x6A09E667))
    aff = np.asarray([_affixes(t) for t in toks.norms], dtype=np.uint64)
    for j in range(aff.shape[1]):
        cols.append(aff[:, j] ^ np.uint64(0xBB67AE85 + j))
    cols.append(np.full(n, 0x3C6EF372, dtype=np.uint64))  # a bias per category
    if sets is not None:
        ls = np.full(n + 2, LEX_NONE, dtype=np.uint64)
        ls[1 : n + 1] = sets
        for k, xor in zip(LEX_COLUMNS, _LEX_XOR, strict=True):
            cols.append(ls[1 + k : 1 + k + n] ^ xor)
    if cs is not None:
        cols.extend(class_columns(cs, n))
    if grams:
        g = np.asarray([char_grams(t) for t in toks.norms], dtype=np.uint64)
        cols.extend(g[:, j] ^ _GRAM_XOR for j in range(GRAMS))
    return _mix(np.stack(cols, axis=1)).astype(np.int64)


def token_labels(
    toks: Tokens, spans: list[tuple[int, int, str]], categories: tuple[str, ...], nested: bool = True
) -> np.ndarray:
    """Per token and category (tokens x categories, bool), whether a truth span of the category
    holds the token. Truth nests ("new girls every week" is movement inside a third-party span,
    a service inside a venue phrase): with `nested`, a token is an example of every category
    whose span holds it; without, only of the shortest span's (the old labels, which taught the
    outer category that its inner words are not its own and cut its spans there)."""
    out = np.zeros((len(toks.norms), len(categories)), dtype=bool)
    width = np.full(len(toks.norms), 1 << 30)
    index = {c: i for i, c in enumerate(categories)}
    for start, end, category in sorted(spans, key=lambda s: s[0] - s[1]):  # widest first
        if category not in index:
            continue
        for i, (s, e) in enumerate(zip(toks.starts, toks.ends, strict=True)):
            if s >= start and e <= end and end - start < width[i]:
                if not nested:
                    out[i] = False
                out[i, index[category]], width[i] = True, end - start
    return out


_END = re.compile(r"[.!?]")


def one_short_word(text: str) -> bool:
    """Whether a span's text is one word of fewer than five letters (kept only above its
    category's `short` level)."""
    words = [t for t in tokens(text).norms if _WORD.match(t)]
    return len(words) == 1 and len(words[0]) < 5


def _sentences(text: str, toks: Tokens) -> np.ndarray:
    """The sentence number of each token: a new sentence after . ! ? or a line break."""
    out = np.zeros(len(toks.norms), dtype=np.int64)
    number = 0
    for k in range(1, len(toks.norms)):
        if _END.match(toks.norms[k - 1]) or "\n" in text[toks.ends[k - 1] : toks.starts[k]]:
            number += 1
        out[k] = number
    return out


@dataclass(slots=True)
class Span:
    category: str
    start: int
    end: int
    score: float
