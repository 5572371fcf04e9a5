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
import threading
from dataclasses import dataclass, field
from itertools import compress, islice
from itertools import count as places
from operator import eq

import numpy as np

# Re-exported: the trainer, the model and the tests read the hashing from here.
from samaritan.engine.learned.hashing import _DIGIT as _DIGIT
from samaritan.engine.learned.hashing import _PRIMES as _PRIMES
from samaritan.engine.learned.hashing import DIM as DIM
from samaritan.engine.learned.hashing import DIM_BITS as DIM_BITS
from samaritan.engine.learned.hashing import TOTAL_DIM as TOTAL_DIM
from samaritan.engine.learned.hashing import _h as _h
from samaritan.engine.learned.hashing import _indices, indices_many
from samaritan.engine.learned.hashing import _mix as _mix
from samaritan.engine.learned.hashing import char_grams as char_grams
from samaritan.engine.learned.hashing import word_indices as word_indices
from samaritan.engine.learned.phones import without_phones
from samaritan.engine.learned.wording import negation_scopes, tokenize
from samaritan.engine.normalize import fold_chars

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
    # (rules_reading.rules_trafficking), in screening and in training alike.
    totals: dict[str, float] = field(default_factory=dict)
    # ... and each category's strongest single rule (policy `text_only_short_rule`: one rule that
    # says a third party books her, not a front desk and a first name adding up).
    strongest: dict[str, float] = field(default_factory=dict)
    # Each field's text as the learned stage read it, with its map to the original (reading.py),
    # for the category tagger to read the same text; and where the field has a respelled view
    # ("avlbl": "available"), its reading, which the tagger reads as well (never the model).
    readings: dict[str, tuple[str, list[int] | None]] = field(default_factory=dict)
    respelled: dict[str, tuple[str, list[int] | None]] = field(default_factory=dict)

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
        """`names()` of the indices in `wanted` only (a reason shows a few of an ad's hundreds).
        The word indices are read from the ad's hashed index, where they follow the named
        features (unigrams, then the bigrams within a clause): hashing them again for a reason
        was a dozen numpy calls."""
        tokens, scoped, clauses = self.words
        out: dict[int, str] = {}
        if tokens:
            hashed = self.index is not _UNHASHED
            at, n = len(self.named), len(tokens)
            uni, bi = (self.index[at : at + n], None) if hashed else word_indices(tokens, scoped, clauses)
            # The few tokens whose index is wanted, found in C (a Python step a token of a long
            # real post was most of a reason's cost); the first of each index names it.
            unigrams = uni.tolist()
            for i in compress(places(), map(wanted.__contains__, unigrams)):
                idx = unigrams[i]
                if idx not in out:
                    out[idx] = ("not " if scoped[i] else "") + tokens[i]
            if len(out) < len(wanted):
                pairs = list(compress(places(), map(eq, clauses, islice(clauses, 1, None))))
                if bi is None:
                    bi = self.index[at + n : at + n + len(pairs)]
                bigrams = bi.tolist()
                for k in compress(places(), map(wanted.__contains__, bigrams)):
                    idx, i = bigrams[k], pairs[k]
                    if idx not in out:
                        out[idx] = f"{tokens[i]} {tokens[i + 1]}"
        for idx, text in self.named:
            if idx in wanted:
                out.setdefault(idx, text)
        return out


# Phone numbers say nothing about wording: taken out of the text (phones.py); digits in character
# n-grams are folded to one digit so that amounts and ages generalise (hashing.py).
PRIOR_CAP = 2.0

_NAME_AGE_TITLE = re.compile(r"^[^\d]{0,40}\b(1[89]|[2-5]\d)\b")


# ASCII capitals, and every ASCII letter: what str.isupper and str.isalpha count in ASCII text.
_UPPER = bytes(range(ord("A"), ord("Z") + 1))
_LETTERS = _UPPER + _UPPER.lower()
_DIGITS = b"0123456789"
_ASCII_RUN = re.compile("[\x00-\x7f]+")


def _title_shape(t: str) -> list[str]:
    """A stripped title's name-and-age and capitals features. The ASCII letters and capitals are
    counted by deleting them in C (a Python step a character was half of `structure`), those
    outside ASCII (a few, mostly emoji) one by one; the age pattern, which reads no digit before
    the age, runs on an ASCII title only where there is a digit."""
    out: list[str] = []
    raw = t.encode("ascii", "ignore")
    size = len(raw)
    upper = size - len(raw.translate(None, _UPPER))
    letters = size - len(raw.translate(None, _LETTERS))
    if size < len(t):
        wide = _ASCII_RUN.sub("", t)
        upper += sum(map(str.isupper, wide))
        letters += sum(map(str.isalpha, wide))
    if (size < len(t) or len(raw.translate(None, _DIGITS)) < size) and _NAME_AGE_TITLE.match(t):
        out.append("s:title_has_age")
    if upper > 0.6 * max(1, letters):
        out.append("s:title_caps")
    return out


def structure(title: str, body: str, section: str, facts: dict[str, int], titled: bool = True) -> list[str]:
    """Readable structure features. `titled`: False where the title is the body's first line read
    as one (headline.py), whose shape the title features, learned from title fields, do not describe
    (a greeting, a site's page header)."""
    out = [f"sec:{section_group(section)}"]
    t = title.strip() if titled else ""
    # No feature for a missing title: platforms differ in whether ads have one (headline.py reads
    # a short first line as the title). The generator leaves it out of a few commercial ads only
    # (8 of 8,000), and the packaged model learned "s:no_title" at +2.3 logits: real personal
    # posts with no title were flagged eight times as often as with one.
    if t:
        words = len(t.split())
        out.append(f"s:title_words_{min(words, 8) // 2}")
        out += _title_shape(t)

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
    defer: bool = False,
    read: tuple[str, str] | None = None,
    titled: bool = True,
) -> AdFeatures:
    """`indicators`: (code, category, negated, weight) per lexicon hit; `facts`: named counts from the
    extraction (phones, emails, handles, urls, prices, hourly prices, ages by band). `defer`: leave
    the hashing to `hashed`, which hashes every ad deferred in this thread at once. `read`: the
    title and body already folded (reading.py), read instead of their characters folded here.
    `titled`: False where the title is a headline read from the body (structure)."""
    if read is not None:
        folded = without_phones(f"{read[0]}\n{read[1]}" if title else read[1])
    else:
        folded = without_phones(fold_chars(f"{title}\n{body}" if title else body)[0])
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
            named.append(_named(f"ni:{code}", f"negated {code}"))
            continue
        if category == "commercial_sex":
            # Carried by the fixed prior alone: a learned weight here would only learn how often
            # the generator's lawful collisions use the term, and cancel the prior.
            prior[code] = max(prior.get(code, 0.0), weight)
            continue
        named.append(_named(f"i:{code}", code))
        counts[category] = counts.get(category, 0) + 1
    for category, n in counts.items():
        named.append(_named(f"c:{category}", f"{category} wording"))
        named.append(_named(f"k:{category}:{min(n, 4)}", f"{min(n, 4)}+ {category} phrases"))
    for name in structure(title, body, section, facts, titled):
        named.append(_NAMED.get(name) or _named(name, name))
    named = list(dict(named).items())  # each named feature once (a rule may hit twice)
    totals: dict[str, float] = {}
    strongest: dict[str, float] = {}
    for category, weight in best.values():
        totals[category] = totals.get(category, 0.0) + weight
        if weight > strongest.get(category, 0.0):
            strongest[category] = weight
    prior_sum = min(PRIOR_CAP, sum(prior.values()))
    feats = AdFeatures(_UNHASHED, _NO_VALUES, prior_sum, named, (tokens, scoped, clauses), totals, strongest=strongest)
    if defer:
        _deferred().append(feats)
        return feats
    index, n_words, n_chars = _indices([i for i, _ in named], tokens, scoped, clauses)
    feats.index = index
    feats.value = _values(named, len(index), n_words, n_chars)
    return feats


# Hashes of named features by their name: the same few hundred names come back ad after ad.
_NAMED: dict[str, tuple[int, str]] = {}


def _named(key: str, name: str) -> tuple[int, str]:
    """(the hash of `key`, its readable `name`): each key has one name, remembered (bounded)."""
    got = _NAMED.get(key)
    if got is None:
        got = (_h(key), name)
        if len(_NAMED) < 50_000:
            _NAMED[key] = got
    return got


def _values(named: list[tuple[int, str]], size: int, n_words: int, n_chars: int) -> np.ndarray:
    """The value of each index: 1 for a named feature (SCALED ones less), then words and
    character n-grams at 1/sqrt(their count)."""
    value = np.empty(size, dtype=np.float32)
    value[: len(named)] = 1.0
    if scaled := [k for k, (_, name) in enumerate(named) if name in SCALED]:
        value[scaled] = [SCALED[named[k][1]] for k in scaled]
    value[len(named) : len(named) + n_words] = np.float32(1.0 / math.sqrt(max(1, n_words)))
    value[len(named) + n_words :] = np.float32(1.0 / math.sqrt(max(1, n_chars)))
    return value


# An ad whose hashing is deferred carries these (identity marks it) until `hashed`.
_UNHASHED = np.zeros(0, dtype=np.int64)
_NO_VALUES = np.zeros(0, dtype=np.float32)
_LOCAL = threading.local()


def _deferred() -> list[AdFeatures]:
    pending: list[AdFeatures] | None = getattr(_LOCAL, "pending", None)
    if pending is None:
        pending = _LOCAL.pending = []
    return pending


def hashed(feats: AdFeatures) -> AdFeatures:
    """`feats` with its index and values. One deferred (featurize(defer=True)) is hashed together
    with every other ad deferred in this thread: screen_many featurizes a chunk of ads before it
    scores any, and numpy's cost was per call, not per element."""
    if feats.index is _UNHASHED:
        batch = _deferred()
        _LOCAL.pending = []
        if not any(f is feats for f in batch):
            batch.append(feats)
        hash_many(batch)
    return feats


def hash_many(batch: list[AdFeatures]) -> None:
    """Fill in the index and values of every ad in `batch` at once: the same arrays featurize
    gives each alone (indices_many), as slices of one buffer."""
    items = [([i for i, _ in f.named], *f.words) for f in batch]
    index, at, words, chars = indices_many(items)
    sizes = [len(f.named) for f in batch]
    lengths: list[int] = []
    scales: list[float] = []
    for k, w, c in zip(sizes, words, chars, strict=True):
        lengths += (k, w, c)
        scales += (1.0, 1.0 / math.sqrt(max(1, w)), 1.0 / math.sqrt(max(1, c)))
    value = np.repeat(np.array(scales, dtype=np.float32), lengths)
    scaled = [
        (at[a] + k, SCALED[name]) for a, f in enumerate(batch) for k, (_, name) in enumerate(f.named) if name in SCALED
    ]
    if scaled:
        value[[p for p, _ in scaled]] = [v for _, v in scaled]
    for a, f in enumerate(batch):
        end = at[a] + sizes[a] + words[a] + chars[a]
        f.index, f.value = index[at[a] : end], value[at[a] : end]
