"""Features of one ad for the learned stage: one sparse vector in a hashed space.

Four families, each its own namespace so they never share a meaning:
- word unigrams and bigrams of the folded text (`w:`, `b:`); a word inside a negation or
  exclusion scope ("no escorts", "not a sugar daddy") becomes `n:word` instead, so a denial
  never counts as the claim;
- character 3-5 grams of the folded text, which carry misspellings and disguised words;
- the lexicon's evidence: rule codes and categories, with a count per category (`i:`, `c:`,
  `k:`), negated hits as `ni:`;
- structure: title shape, emoji, contact and price presence, stated ages, length, and the
  section as one weak feature (`sec:`), whose weight the trainer bounds.

Hashing is plain arithmetic (crc32 for words, a vectorised polynomial hash for characters) so
training and screening share the exact same code and nothing is pickled.
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from samaritan.engine.normalize import EMOJI_CLASS, fold_chars

DIM_BITS = 18
DIM = 1 << DIM_BITS
TOTAL_DIM = 2 * DIM  # named features in [0, DIM), character n-grams in [DIM, 2 * DIM)
_MASK = np.uint64(DIM - 1)

_TOKEN = re.compile(rf"[a-z0-9]+(?:'[a-z]+)?|\$|{EMOJI_CLASS}")
_EMOJI = re.compile(EMOJI_CLASS)
_CLAUSE_END = re.compile(r"[.!?;:,\n()\[\]|•*~]")
_CLAUSE_CHARS = frozenset(".!?;:,\n()[]|•*~")
# A token or one clause end, in one scan (tokenize); the clause ends are single characters.
_TOKEN_OR_END = re.compile(rf"{_TOKEN.pattern}|{_CLAUSE_END.pattern}")
# Words that open a negation or exclusion scope; the scope runs to the clause end or 4 words.
NEGATORS = frozenset(
    [
        "no",
        "not",
        "never",
        "dont",
        "don't",
        "without",
        "nothing",
        "nor",
        "non",
        "isn't",
        "aren't",
        "won't",
        "cannot",
        "can't",
        "wont",
        "cant",
        "doesn't",
        "doesnt",
        "didn't",
        "didnt",
        "neither",
        "zero",
        "nope",
        "except",
    ]
)
SCOPE_WORDS = 4

# Sections grouped so that the same text gets the same features in adult, dating and personals:
# the prior separates marketplace sections from people-meeting-people sections, nothing finer.
MARKET_SECTIONS = frozenset(
    [
        "housing",
        "apartments",
        "rooms",
        "real-estate",
        "jobs",
        "gigs",
        "vehicles",
        "cars",
        "for-sale",
        "forsale",
        "marketplace",
        "electronics",
        "furniture",
        "pets",
        "services",
        "community",
        "events",
        "tickets",
    ]
)


def section_group(section: str) -> str:
    if not section:
        return "unknown"
    return "market" if section in MARKET_SECTIONS else "people"


@dataclass(slots=True)
class AdFeatures:
    """The hashed features of one ad. Indices may repeat (a repeated n-gram counts again).
    `named` and `words` let `names()` say in plain words what a feature was, for reasons."""

    index: np.ndarray  # int64 hashed indices
    value: np.ndarray  # float32, same length
    # The lexicon's own commercial evidence: the sum of the weights of the commercial_sex rules
    # that fired and were not negated (each rule once), capped. The model adds it, times a
    # fixed prior weight, to its score (see model.py), and learns the context around it.
    prior: float = 0.0
    named: list[tuple[int, str]] = field(default_factory=list)
    words: tuple[list[str], list[bool], list[int]] = ([], [], [])
    # The lexicon's strength per category as the rules count it (each rule once, at its highest
    # weight, denied hits left out): the rules' own trafficking reading is worked out from it
    # (stage.rules_trafficking), in screening and in training alike.
    totals: dict[str, float] = field(default_factory=dict)

    def names(self) -> dict[int, str]:
        """Readable name of each word-level and named feature index."""
        tokens, scoped, clauses = self.words
        out: dict[int, str] = {}
        if tokens:
            uni, bi = word_indices(tokens, scoped, clauses)
            for i, tok in enumerate(tokens):
                out.setdefault(int(uni[i]), ("not " if scoped[i] else "") + tok)
            pairs = [f"{tokens[i]} {tokens[i + 1]}" for i in range(len(tokens) - 1) if clauses[i] == clauses[i + 1]]
            for idx, text in zip(bi, pairs, strict=True):
                out.setdefault(int(idx), text)
        for idx, text in self.named:
            out.setdefault(idx, text)
        return out

    def names_of(self, wanted: set[int]) -> dict[int, str]:
        """`names()` of the indices in `wanted` only (a reason shows a few of an ad's hundreds)."""
        tokens, scoped, clauses = self.words
        out: dict[int, str] = {}
        if tokens:
            uni, bi = word_indices(tokens, scoped, clauses)
            for i, idx in enumerate(uni.tolist()):
                if idx in wanted and idx not in out:
                    out[idx] = ("not " if scoped[i] else "") + tokens[i]
            if len(out) < len(wanted):
                pairs = [i for i in range(len(tokens) - 1) if clauses[i] == clauses[i + 1]]
                for i, idx in zip(pairs, bi.tolist(), strict=True):
                    if idx in wanted and idx not in out:
                        out[idx] = f"{tokens[i]} {tokens[i + 1]}"
        for idx, text in self.named:
            if idx in wanted:
                out.setdefault(idx, text)
        return out


def _h(text: str) -> int:
    return zlib.crc32(text.encode("utf-8")) & (DIM - 1)


def _prod(values: Iterable[int]) -> int:
    out = 1
    for v in values:
        out *= v
    return out


_PRIMES = [np.uint64(p) for p in (1_000_003, 998_244_353, 2_147_483_647, 4_294_967_291, 1_099_511_628_211)]
_MIX = np.uint64(0x9E3779B97F4A7C15)
_NS_WORD, _NS_NEG, _NS_BIGRAM = np.uint64(0x51ED27), np.uint64(0xA3C59AC3), np.uint64(0x2545F491)
_TOKEN_HASHES: dict[str, int] = {}
# Per n-gram length n, its hash seed, and what extending an (n-1)-gram's hash to n must add
# first (see char_grams); plain integers modulo 2**64, computed once.
_SEEDS = {n: np.uint64(n * 0x9E3779B1) for n in range(1, 6)}
_SEED_STEP = {n: np.uint64(0x9E3779B1 * _prod(int(p) for p in _PRIMES[: n - 1]) % (1 << 64)) for n in range(2, 6)}


def _token_hash(tok: str) -> int:
    h = _TOKEN_HASHES.get(tok)
    if h is None:
        h = zlib.crc32(tok.encode("utf-8"))
        if len(_TOKEN_HASHES) < 200_000:  # a bounded cache: ad vocabulary is mostly a few thousand words
            _TOKEN_HASHES[tok] = h
    return h


def _mix(h: np.ndarray) -> np.ndarray:
    h = h * _MIX
    mixed: np.ndarray = (h ^ (h >> np.uint64(31))) & _MASK
    return mixed


def word_indices(tokens: list[str], scoped: list[bool], clauses: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Hashed indices of the word unigrams (negated ones in their own namespace) and of the
    bigrams within one clause."""
    cache = _TOKEN_HASHES
    hashes = [cache.get(t) for t in tokens]  # one dict lookup per token; misses hashed below
    if None in hashes:
        hashes = [h if h is not None else _token_hash(t) for h, t in zip(hashes, tokens, strict=True)]
    th = np.array(hashes, dtype=np.uint64)
    ns = np.where(np.asarray(scoped, dtype=bool), _NS_NEG, _NS_WORD)
    uni = _mix(th ^ ns)
    same = np.asarray(clauses[1:], dtype=np.int64) == np.asarray(clauses[:-1], dtype=np.int64)
    bi = _mix((th[:-1] * _PRIMES[0] + th[1:]) ^ _NS_BIGRAM)[same] if len(th) > 1 else th[:0]
    return uni.astype(np.int64), bi.astype(np.int64)


def char_grams(text: str, low: int = 3, high: int = 5) -> np.ndarray:
    """Hashed indices of every character n-gram (low..high) of `text` (repeats kept).

    The hash of an n-gram is ((seed_n * P0 + c0) * P1 + c1) ... * P(n-1) + c(n-1) in uint64. The
    hash of an (n+1)-gram extends that of its first n characters once the seed difference is
    added: (h_n + (seed_(n+1) - seed_n) * P0 ... P(n-1)) * Pn + cn, the same value modulo 2**64, so
    each length costs one multiply-add instead of n."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    size = len(codes)
    if size < low:
        return np.zeros(0, dtype=np.int64)
    with np.errstate(over="ignore"):
        h = np.full(size - low + 1, _SEEDS[low], dtype=np.uint64)
        for k in range(low):
            h = h * _PRIMES[k] + codes[k : size - low + 1 + k]
        out = [h]
        for n in range(low + 1, min(high, size) + 1):
            h = (h[:-1] + _SEED_STEP[n]) * _PRIMES[n - 1] + codes[n - 1 :]
            out.append(h)
    return _mix(np.concatenate(out) if len(out) > 1 else h).astype(np.int64)


# Digits folded to 0 in the character n-grams' text, by one bytes.translate where it is ASCII.
_DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")
_NS_FLIP = _NS_NEG ^ _NS_WORD


def _indices(
    named: list[int], tokens: list[str], scoped: list[bool], clauses: list[int]
) -> tuple[np.ndarray, int, int]:
    """The index array featurize gives: `named`, then word_indices' unigrams and bigrams, then
    char_grams of the digit-folded tokens (+ DIM); and the counts of words and of characters.
    The same values in the same places, from one buffer mixed once in place (the cost was some
    thirty small numpy calls and their temporaries, not the arithmetic)."""
    n = len(tokens)
    cache = _TOKEN_HASHES
    hashes = list(map(cache.get, tokens))  # one dict lookup per token; misses hashed below
    if None in hashes:
        hashes = [h if h is not None else _token_hash(t) for h, t in zip(hashes, tokens, strict=True)]
    th = np.array(hashes, dtype=np.uint64)
    joined = " ".join(tokens)
    if joined.isascii():
        codes = np.frombuffer(joined.encode("ascii").translate(_DIGITS_TO_ZERO), dtype=np.uint8).astype(np.uint64)
    else:
        codes = np.frombuffer(_DIGIT.sub("0", joined).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    size = len(codes)
    # Bigrams within one clause: clause numbers never decrease, so all pairs are within one
    # clause exactly when the first token's clause is the last's.
    same = None if n < 2 or clauses[0] == clauses[-1] else np.diff(np.array(clauses, dtype=np.int64)) == 0
    n_bi = max(0, n - 1) if same is None else int(np.count_nonzero(same))
    n_chars = sum(size - k + 1 for k in range(3, min(5, size) + 1))
    at_words, at_chars = len(named), len(named) + n + n_bi
    buf = np.empty(at_chars + n_chars, dtype=np.uint64)
    buf[:at_words] = named
    if n:
        uni = buf[at_words : at_words + n]
        np.bitwise_xor(th, _NS_WORD, out=uni)
        if True in scoped:
            uni[[i for i, s in enumerate(scoped) if s]] ^= _NS_FLIP  # ^ _NS_WORD ^ _NS_FLIP == ^ _NS_NEG
    if n_bi:
        with np.errstate(over="ignore"):
            pairs = (th[:-1] * _PRIMES[0] + th[1:]) ^ _NS_BIGRAM
        buf[at_words + n : at_chars] = pairs if same is None else pairs[same]
    if n_chars:
        with np.errstate(over="ignore"):
            h = np.full(size - 2, _SEEDS[3], dtype=np.uint64)
            for k in range(3):
                h = h * _PRIMES[k] + codes[k : size - 2 + k]
            buf[at_chars : at_chars + len(h)] = h
            at = at_chars + len(h)
            for k in range(4, min(5, size) + 1):
                h = (h[:-1] + _SEED_STEP[k]) * _PRIMES[k - 1] + codes[k - 1 :]
                buf[at : at + len(h)] = h
                at += len(h)
    mixed = buf[at_words:]
    with np.errstate(over="ignore"):
        np.multiply(mixed, _MIX, out=mixed)
    np.bitwise_xor(mixed, mixed >> np.uint64(31), out=mixed)
    np.bitwise_and(mixed, _MASK, out=mixed)
    buf[at_chars:] |= np.uint64(DIM)  # the upper half: never collides with words or rules
    return buf.view(np.int64), n + n_bi, n_chars


def negation_scopes(tokens: list[str], breaks: list[int]) -> list[bool]:
    """For each token, whether a negator earlier in its clause (at most SCOPE_WORDS before)
    governs it. `breaks[i]` is the clause number of token i."""
    scoped = [False] * len(tokens)
    left = 0
    clause = -1
    for i, tok in enumerate(tokens):
        if breaks[i] != clause:
            clause, left = breaks[i], 0
        if tok in NEGATORS:
            left = SCOPE_WORDS
            continue
        if left:
            scoped[i] = True
            left -= 1
    return scoped


def tokenize(folded: str) -> tuple[list[str], list[int]]:
    """Tokens of folded text and the clause number of each (the number of clause ends before it).

    One scan finds the tokens and the clause ends together: no token character is a clause end,
    so no token crosses one, and the tokens are those of each clause found apart (as the trainer
    always read them), at a fifth of the cost of a split and a findall per clause."""
    tokens: list[str] = []
    clauses: list[int] = []
    number = 0
    ends = _CLAUSE_CHARS
    for tok in _TOKEN_OR_END.findall(folded):
        if tok in ends:
            number += 1
        else:
            tokens.append(tok)
            clauses.append(number)
    return tokens, clauses


def is_negated(text: str, start: int) -> bool:
    """Is the phrase at `start` of `text` inside a negation or exclusion scope?"""
    window = text[max(0, start - 60) : start]
    folded = fold_chars(window)[0]
    clause = _CLAUSE_END.split(folded)[-1]
    words = _TOKEN.findall(clause)[-SCOPE_WORDS:]
    return any(w in NEGATORS for w in words)


# Phone numbers (every synthetic one is 555-01xx) say nothing about wording; digits in character
# n-grams are folded to one digit so that amounts and ages generalise.
_PHONE_LIKE = re.compile(r"\+?\d[\d\s().-]{7,}\d")
_DIGIT = re.compile(r"\d")
PRIOR_CAP = 2.0

_NAME_AGE_TITLE = re.compile(r"^[^\d]{0,40}\b(1[89]|[2-5]\d)\b")


def structure(title: str, body: str, section: str, facts: dict[str, int]) -> list[str]:
    """Readable structure features."""
    out = [f"sec:{section_group(section)}"]
    t = title.strip()
    if not t:
        out.append("s:no_title")
    else:
        words = len(t.split())
        out.append(f"s:title_words_{min(words, 8) // 2}")
        if _NAME_AGE_TITLE.match(t):
            out.append("s:title_has_age")
        if sum(ch.isupper() for ch in t) > 0.6 * max(1, sum(ch.isalpha() for ch in t)):
            out.append("s:title_caps")

    # No emoji or length features: in generated ads their presence or absence says more about the
    # generator than about ads (the emoji themselves are word tokens). A listed phone is the one
    # contact feature, entered at a reduced value (SCALED below).
    for key, count in facts.items():
        if count:
            out.append(f"s:{key}")
    return out


# Named features entered at a value under 1, so that the trainer's one L2 penalty binds their
# weight 1/value**2 as hard: structure that real ads share with the generator's commercial ads but
# whose rate in the generator's ordinary ads is not the real one. A phone number: almost every
# commercial ad lists one, real personals and housing ads almost never (under 3% on the real
# development halves), the generator's ordinary personal ads often (11-31% per family). At full
# value the model leaned on it (families held out in cross-validation: ordinary flagged 0.09% ->
# 0.26%; at 0.3 real personals gained 6 false flags); at this value it tips short invitations with
# no lexicon word over (held-out families' commercial recall +1.4 to +1.8 points) and flags no more
# of those held-out ordinary ads.
SCALED = {"s:phone": 0.2}
# Named features only the commercial_sex label learns from (the trainer hides them from the other
# labels): every generated trafficking and minor ad lists a phone, so trafficking learned a listed
# phone as its own evidence (held-out trafficking precision 0.971 -> 0.915).
COMMERCIAL_ONLY = ("s:phone",)


def featurize(
    title: str,
    body: str,
    section: str,
    indicators: list[tuple[str, str, bool, float]],
    facts: dict[str, int],
) -> AdFeatures:
    """`indicators`: (code, category, negated, weight) per lexicon hit; `facts`: named counts from the
    extraction (phones, emails, handles, urls, prices, hourly prices, ages by band)."""
    folded = _PHONE_LIKE.sub(" ", fold_chars(f"{title}\n{body}" if title else body)[0])
    tokens, clauses = tokenize(folded)
    scoped = negation_scopes(tokens, clauses)
    named: list[tuple[int, str]] = []
    counts: dict[str, int] = {}
    prior: dict[str, float] = {}
    best: dict[str, tuple[str, float]] = {}
    for code, category, negated, weight in indicators:
        if not negated and weight > best.get(code, ("", -1.0))[1]:
            best[code] = (category, weight)
        if category == "obscured_contact":
            continue  # the generator disguises contacts in commercial ads only: not a learnable cue
        if negated:
            named.append((_h(f"ni:{code}"), f"negated {code}"))
            continue
        if category == "commercial_sex":
            # Carried by the fixed prior alone: a learned weight here would only learn how often
            # the generator's lawful collisions use the term, and cancel the prior.
            prior[code] = max(prior.get(code, 0.0), weight)
            continue
        named.append((_h(f"i:{code}"), code))
        counts[category] = counts.get(category, 0) + 1
    for category, n in counts.items():
        named.append((_h(f"c:{category}"), f"{category} wording"))
        named.append((_h(f"k:{category}:{min(n, 4)}"), f"{min(n, 4)}+ {category} phrases"))
    for name in structure(title, body, section, facts):
        named.append((_h(name), name))
    named = list(dict(named).items())  # each named feature once (a rule may hit twice)

    index, n_words, n_chars = _indices([i for i, _ in named], tokens, scoped, clauses)
    wscale = np.float32(1.0 / math.sqrt(max(1, n_words)))
    cscale = np.float32(1.0 / math.sqrt(max(1, n_chars)))
    value = np.empty(len(index), dtype=np.float32)
    value[: len(named)] = 1.0
    if scaled := [k for k, (_, name) in enumerate(named) if name in SCALED]:
        value[scaled] = [SCALED[named[k][1]] for k in scaled]
    value[len(named) : len(named) + n_words] = wscale
    value[len(named) + n_words :] = cscale
    totals: dict[str, float] = {}
    for category, weight in best.values():
        totals[category] = totals.get(category, 0.0) + weight
    prior_sum = min(PRIOR_CAP, sum(prior.values()))
    return AdFeatures(index, value, prior_sum, named, (tokens, scoped, clauses), totals)
