"""Learned indicator categories: a linear token tagger that finds, in wording the lexicon does
not hold, the spans of each contract category (movement, reassurance, screening, ...).

The lexicon finds its own words; ads say the same things in endless other words. This tagger is
trained by `samaritan train` on the generator's truth spans (runs/train_categories.py) and reads
each token with its neighbours: the token, its neighbours by position, the words around it
without position, word pairs, and the token's prefixes and suffixes, all hashed into one space.
Tagged tokens of one category next to each other make one span, which is reported only when its
mean probability clears the category's threshold (chosen in training on phrasing families held
out of the fit).

Its indicators inform; they never decide: weight 0, added after the label probabilities, the
labels and the risks are set (engine/learned/stage.py), and only on an ad already labelled
commercial, as the rule indicators are. The file is plain arrays (`categories.npz`, read with
`allow_pickle=False`) beside the model's own files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from samaritan.engine.learned.categories_fast import Vocab, field_spans
from samaritan.engine.learned.categories_respell import respelled_again, vocabulary_for
from samaritan.engine.learned.categories_text import (
    _END,
    _WORD,
    DIM,
    DIM_BITS,
    HIGH,
    LOW,
    NEVER,
    LexWords,
    Read,
    Span,
    _sentences,
    features,
    tokens,
    word_hashes,
)
from samaritan.engine.lexicon import CATEGORIES
from samaritan.engine.model import Indicator
from samaritan.engine.normalize.decode import reference_end
from samaritan.engine.normalize.english import frequency

# An ad as the tagger reads it: title, body, and each field as the learned stage read it and as
# respelled (AdFeatures.readings and .respelled; None: the characters folded alone).
TaggedAd = tuple[str, str, dict[str, Read] | None, dict[str, Read] | None]
FILE = "categories.npz"
FORMAT = "samaritan-categories/1"
# Categories the tagger learns. Disguised contacts are the extractor's (already found in full);
# `other` is the project's own catch-all, with no truth spans.
LEARNED = tuple(c for c in CATEGORIES if c not in ("obscured_contact", "other"))
PLAIN = {
    "commercial_sex": "commercial-sex wording",
    "youth": "youth wording",
    "movement": "travel or newness",
    "third_party": "a third party",
    "availability": "unrestricted availability",
    "venue": "a venue",
    "pricing": "rates",
    "screening": "client screening",
    "ethnicity": "ethnicity",
    "payment": "a payment method",
    "reassurance": "reassurance",
}


@dataclass(slots=True)
class CategoryTagger:
    categories: tuple[str, ...]
    weights: np.ndarray  # (DIM, categories) float32
    bias: np.ndarray  # (categories,)
    thresholds: np.ndarray  # (categories,) mean token probability a span must clear
    known: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint64))  # sorted word hashes
    meta: dict[str, Any] = field(default_factory=dict)
    lex: LexWords | None = None  # the lexicon words it was trained with (None: a tagger without them)
    cache: Any = field(default=None, repr=False, compare=False)  # categories_fast.Vocab, built on use
    # (categories,) probability a span of one short word must reach (None: never kept, as before)
    short: np.ndarray | None = None
    # word classes learned from the training corpus without labels (None: a tagger without them)
    classes: LexWords | None = None
    grams: bool = False  # character trigrams are features (categories_text.char_grams)
    # Categories that only a word of the training vocabulary may seed (a span of them still takes
    # in unknown words around its seed). Empty: any token, as before.
    known_seeds: tuple[str, ...] = ()

    def seed_columns(self) -> np.ndarray:
        """Indices of known_seeds' categories (empty without a vocabulary to check words against)."""
        if not self.known_seeds or not len(self.known):
            return np.zeros(0, dtype=np.intp)
        return np.asarray([self.categories.index(c) for c in self.known_seeds], dtype=np.intp)

    def short_thresholds(self) -> np.ndarray:
        if self.short is None:
            return np.full(len(self.categories), NEVER, dtype=np.float32)
        return self.short

    def vocab(self) -> Any:
        if self.cache is None:
            self.cache = Vocab(self.known, self.weights, self.lex, self.classes)
        return self.cache

    def scores(self, feats: np.ndarray) -> np.ndarray:
        """Per token and category, the probability that the token is in a span of it."""
        if not len(feats):
            return np.zeros((0, len(self.categories)), dtype=np.float32)
        raw = np.clip(self.weights[feats].sum(axis=1) + self.bias, -30.0, 30.0)
        out: np.ndarray = 1.0 / (1.0 + np.exp(-raw))
        return out

    def spans(self, text: str, field_name: str) -> list[Span]:
        """Spans by hysteresis: a run of tokens each at least LOW likely in a category, holding
        one token at least HIGH likely in it, cut at sentence ends; a run over at least half of a
        body sentence's words is that whole sentence (ads state one thing per sentence; titles
        are phrases and stay as found). Kept when its words' mean clears the category's
        threshold and it says something (two words, one of five letters or more, or a shorter
        one at least the category's `short` likely). A token may seed two categories: truth
        nests (a service inside a venue phrase) and the tagger is trained so (token_labels);
        seeding only a token's likeliest category lost the inner one."""
        toks = tokens(text)
        p = self.scores(features(toks, field_name, self.known, lex=self.lex, classes=self.classes, grams=self.grams))
        if not len(p):
            return []
        words = np.fromiter((bool(_WORD.match(t)) for t in toks.norms), dtype=bool, count=len(toks.norms))
        sentence = _sentences(text, toks)
        seeds = p >= HIGH
        columns = self.seed_columns()
        if len(columns):
            hashes = word_hashes(toks.norms)
            at = np.minimum(np.searchsorted(self.known, hashes), len(self.known) - 1)
            seeds[:, columns] &= (self.known[at] == hashes)[:, None]
        short = self.short_thresholds()
        out: dict[tuple[str, int, int], float] = {}
        for c in np.flatnonzero(seeds.any(axis=0)).tolist():
            inside = np.concatenate(([0], (p[:, c] >= LOW).astype(np.int8), [0]))
            cuts = np.concatenate(([0], (np.diff(sentence) != 0).astype(np.int8)))  # runs cut at sentence ends
            starts = np.flatnonzero((inside[1:-1] == 1) & ((inside[:-2] == 0) | (cuts == 1)))
            for i in starts.tolist():
                j = i + 1
                while j < len(words) and inside[j + 1] and sentence[j] == sentence[i]:
                    j += 1
                run = np.flatnonzero(words[i:j]) + i
                if not seeds[i:j, c].any() or not len(run):
                    continue
                score = float(p[run, c].mean())
                if len(run) == 1 and len(toks.norms[run[0]]) < 5 and score < short[c]:
                    continue
                if score < self.thresholds[c]:
                    continue
                first, last = int(run[0]), j - 1
                whole = np.flatnonzero(sentence == sentence[i])
                if field_name != "title" and len(run) * 2 >= words[whole].sum():
                    first, last = int(whole[words[whole]][0]), int(whole[-1])
                while not words[last] and not _END.match(toks.norms[last]):
                    last -= 1  # ends at a word or a sentence end, never at a comma, dash or emoji
                key = (self.categories[c], toks.starts[first], toks.ends[last])
                out[key] = max(score, out.get(key, 0.0))
        return [Span(c, a, b, sc) for (c, a, b), sc in sorted(out.items(), key=lambda kv: (kv[0][1], kv[0][2]))]

    def indicators(
        self, title: str, body: str, readings: dict[str, Read] | None = None, respelled: dict[str, Read] | None = None
    ) -> list[Indicator]:
        """`readings`: each field as the learned stage read it (AdFeatures.readings), if any;
        `respelled`: fields read with their respelled words as the lexicon's (AdFeatures.respelled),
        tagged too: their spans are added where no span of the same category overlaps."""
        return self.indicators_many([(title, body, readings, respelled)])[0]

    def indicators_many(self, ads: Sequence[TaggedAd]) -> list[list[Indicator]]:
        """`indicators` of each (title, body, readings, respelled), the fields of every ad and
        their respelled readings scored at once (categories_fast.field_spans)."""
        fields: list[tuple[str, str, Read | None]] = []
        whose: list[tuple[int, bool]] = []  # per field: its ad, and whether a respelled reading
        for a, (title, body, readings, respelled) in enumerate(ads):
            texts = {"title": title, "body": body}
            fields += [(name, text, (readings or {}).get(name)) for name, text in texts.items()]
            more = [(name, text, read) for name, text in texts.items() if (read := (respelled or {}).get(name))]
            fields += more
            whose += [(a, False)] * len(texts) + [(a, True)] * len(more)
        out: list[list[Indicator]] = [[] for _ in ads]
        for (a, again), (name, text, _), spans in zip(whose, fields, field_spans(self, fields), strict=True):
            have = out[a]
            for s in spans:
                if again and any(
                    o.category == s.category and o.field == name and o.start < s.end and s.start < o.end for o in have
                ):
                    continue
                end = reference_end(text, s.end)  # a span ending in an encoded letter ends after it
                have.append(Indicator(code_of(s.category), s.category, name, s.start, end, text[s.start : end], 0.0))
        return out

    def save(self, directory: str | Path) -> Path:
        rows = np.flatnonzero(np.abs(self.weights).max(axis=1) > 1e-4).astype(np.int32)
        doc = {"format": FORMAT, "dim_bits": DIM_BITS, "categories": list(self.categories), "meta": self.meta}
        if self.grams:
            doc["grams"] = True
        if self.known_seeds:
            doc["known_seeds"] = list(self.known_seeds)
        path = Path(directory) / FILE
        arrays: dict[str, np.ndarray] = {
            "doc": np.array(json.dumps(doc, sort_keys=True)),
            "rows": rows,
            "W": self.weights[rows].astype(np.float16),
            "bias": self.bias.astype(np.float32),
            "thresholds": self.thresholds.astype(np.float32),
            "known": self.known.astype(np.uint64),
        }
        if self.short is not None:
            arrays["short"] = self.short.astype(np.float32)
        if self.lex is not None:  # lexicon words, with the hash of their categories (a newer tagger)
            arrays["lexwords"], arrays["lexsets"] = self.lex.words, self.lex.sets
        if self.classes is not None:  # word classes (a newer tagger still)
            arrays["classwords"], arrays["classids"] = self.classes.words, self.classes.sets
        with open(path, "wb") as handle:
            np.savez_compressed(handle, allow_pickle=False, **arrays)
        return path


def code_of(category: str) -> str:
    return f"LEARNED_{category.upper()}"


class CategoryError(ValueError):
    pass


def load_tagger(path: str | Path) -> CategoryTagger:
    """The tagger in `path` (a categories.npz file); plain arrays, nothing executed."""
    try:
        with np.load(path, allow_pickle=False) as npz:
            doc = json.loads(str(npz["doc"]))
            rows, packed = npz["rows"], npz["W"]
            bias, thresholds = npz["bias"].astype(np.float32), npz["thresholds"].astype(np.float32)
            known = np.sort(npz["known"].astype(np.uint64))
            lex = classes = None
            short = npz["short"].astype(np.float32) if "short" in npz.files else None
            if "lexwords" in npz.files:
                lex = LexWords(npz["lexwords"].astype(np.uint64), npz["lexsets"].astype(np.uint64))
            if "classwords" in npz.files:
                classes = LexWords(npz["classwords"].astype(np.uint64), npz["classids"].astype(np.uint64))
    except (OSError, ValueError, KeyError) as exc:
        raise CategoryError(f"{path}: not a readable categories file ({exc})") from exc
    cats = tuple(doc.get("categories", ()))
    if doc.get("format") != FORMAT or doc.get("dim_bits") != DIM_BITS:
        raise CategoryError(f"{path}: format {doc.get('format')}/{doc.get('dim_bits')} is not {FORMAT}")
    if packed.shape != (len(rows), len(cats)) or bias.shape != thresholds.shape != (len(cats),):
        raise CategoryError(f"{path}: array shapes do not match its {len(cats)} categories")
    if short is not None and short.shape != (len(cats),):
        raise CategoryError(f"{path}: short-word thresholds do not match its {len(cats)} categories")
    if len(rows) and (rows.min() < 0 or rows.max() >= DIM):
        raise CategoryError(f"{path}: feature rows out of range")
    weights = np.zeros((DIM, len(cats)), dtype=np.float32)
    weights[rows] = packed
    for table in (lex, classes):
        if table is not None and (
            table.words.shape != table.sets.shape or bool(np.any(table.words[1:] < table.words[:-1]))
        ):
            raise CategoryError(f"{path}: a word table (lexicon words or word classes) is not sorted pairs")
    meta, grams = doc.get("meta", {}), bool(doc.get("grams", False))
    known_seeds = tuple(doc.get("known_seeds", ()))
    if not set(known_seeds) <= set(cats):
        raise CategoryError(f"{path}: known_seeds {list(known_seeds)} are not among its categories")
    return CategoryTagger(
        cats, weights, bias, thresholds, known, meta, lex, short=short, classes=classes, grams=grams,
        known_seeds=known_seeds,
    )  # fmt: skip


_LOADED: dict[tuple[str, str], CategoryTagger | None] = {}


def tagger_for(model: Any) -> CategoryTagger | None:
    """The tagger shipped beside a learned model (its `source` directory), or None when the model
    has none (trained from reviewer decisions alone, or built in memory). Read once per model."""
    source = getattr(model, "source", None)
    if source is None:
        return None
    key = (str(source), str(getattr(model, "version", "")))
    if key not in _LOADED:
        path = Path(source) / FILE
        _LOADED[key] = load_tagger(path) if path.is_file() else None
    return _LOADED[key]


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f"'{text}'" if len(text) <= limit else f"'{text[: limit - 3].rstrip()}...'"


def annotate(
    model: Any,
    ad: Any,
    assessment: Any,
    readings: dict[str, Read] | None = None,
    respelled: dict[str, Read] | None = None,
) -> None:
    """Add the learned category spans to an assessment labelled commercial, with one reason.
    Weight 0 and added last: the decision, labels and risks are already set and stay.
    `readings`, `respelled`: as CategoryTagger.indicators takes them."""
    annotate_many(model, [(ad, assessment, readings, respelled)])


def annotate_many(
    model: Any,
    items: Sequence[tuple[Any, Any, dict[str, Read] | None, dict[str, Read] | None]],
) -> None:
    """`annotate` of each (ad, assessment, readings, respelled), the tagger reading every ad
    labelled commercial at once (CategoryTagger.indicators_many). Each field is also read with
    respelled words as the tagger's own (categories_respell): the lexicon's respelled reading (or
    else the plain one) respelled again, in its place."""
    tagger = tagger_for(model)
    if tagger is None:
        return
    commercial = [item for item in items if item[1].is_commercial]
    spelled = vocabulary_for(tagger)
    if spelled is not None:
        commercial = [(ad, a, read, respelled_again(ad, read, again, spelled)) for ad, a, read, again in commercial]
    tags = tagger.indicators_many(
        [(ad.title, ad.body, readings, respelled) for ad, _, readings, respelled in commercial]
    )
    for (_, assessment, _, _), tagged in zip(commercial, tags, strict=True):
        _add(assessment, tagged)


# Categories left to the lexicon alone. Youth: on the generator's held-out families the tagger's
# youth spans found no ad the lexicon missed (3 beside a lexicon youth cue, 2 in ads without
# youth), and on real dating-section posts they were mostly ordinary words ("patient",
# "personality", "before"): a youth mark on an adult's ad misleads the reviewer it is meant to
# help. The lexicon's youth terms (disguised spellings included) stay.
LEXICON_ONLY = frozenset({"youth"})

# A learned span made only of the commonest English words ("i can", "in the", "about", "with
# me": Zipf >= COMMONEST_ZIPF, some hundred words) names no intent a reviewer could check: on real
# dating-section posts a sample of them read as cut-off fragments, and leaving them out costs the
# generator's held-out families one movement ad of 454 (docs/learned-model.md, session 16). A
# span with a digit, an emoji or any less common word stays ("100% me", "my place only").
COMMONEST_ZIPF = 6.0
_SPAN_WORDS = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


def says_nothing(text: str) -> bool:
    """Whether every word of `text` is among the commonest English words (and it has one)."""
    words = _SPAN_WORDS.findall(text.lower())
    return bool(words) and all(
        w.isascii() and w.replace("'", "").isalpha() and frequency(w) >= COMMONEST_ZIPF for w in words
    )


def _add(assessment: Any, tagged: list[Indicator]) -> None:
    """The tagger's spans that no indicator of the same category overlaps, and their reason."""
    have = assessment.indicators
    found = [
        i
        for i in tagged
        if i.category not in LEXICON_ONLY
        and not says_nothing(i.text)
        and not any(
            h.category == i.category and h.field == i.field and h.start < i.end and i.start < h.end for h in have
        )
    ]
    if not found:
        return
    assessment.indicators = sorted(have + found, key=lambda i: (i.field != "title", i.start, i.end, i.code))
    shown: dict[str, list[str]] = {}
    for ind in found:
        shown.setdefault(ind.category, []).append(_quote(ind.text))
    parts = [f"{PLAIN.get(c, c)} ({', '.join(q[:2])})" for c, q in shown.items()]
    assessment.reasons.append(f"Learned wording, for review (not scored): {'; '.join(parts)}.")
