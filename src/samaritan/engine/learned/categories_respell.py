"""The category tagger's own words, read through respelling: "trvlng", "pht", "b o s nia n".

The detector respells a word without its vowels, or written as it sounds, only into a lexicon
word ("avlbl": "available"); the tagger was trained on many more words than the lexicon holds,
and in an ad that drops its vowels it read none of them. Here each field of an ad the tagger
reads, as the lexicon's fold read it (its respellings included), is respelled once more with
the tagger's training words; a field still spelling out single letters is folded
again with them first, which joins the letters. The tagger reads that text beside the plain
one (CategoryTagger.indicators_many keeps a span of it only where no span of the same category
overlaps). Respelling's own guards stay: a word is read as another only where its spelling is
rare in English and the other word is the likeliest of its letters.

The tagger keeps its vocabulary as word hashes; its words are recovered by hashing the English
word list respelling already uses (wordfreq's), so nothing new is stored beside the model.
"""

from __future__ import annotations

import re
import zlib
from typing import Any

from samaritan.engine.learned.categories_text import Read
from samaritan.engine.learned.reading import read
from samaritan.engine.normalize import fold
from samaritan.engine.normalize.english import english_words
from samaritan.engine.normalize.respell import respell

# Shorter words are mostly function words and already the likeliest reading of their letters.
SHORTEST = 4
# Three single letters in a row, one or two other characters apart: a word split letter by letter.
_SPLIT_LETTERS = re.compile(r"(?<![a-z0-9'])[a-z](?:[^a-z0-9'\n]{1,2}[a-z]){2}(?![a-z0-9'])")
_SENTENCE = re.compile(r"[^.!?\n]*[.!?\n]*")
_VOCABULARIES: dict[int, tuple[Any, frozenset[str]]] = {}


def tagger_words(known: Any) -> list[str]:
    """English words (wordfreq's list) of at least SHORTEST letters whose hash is among `known`,
    the tagger's sorted training-vocabulary hashes."""
    have = {int(h) for h in known}
    return [w for w in english_words() if len(w) >= SHORTEST and zlib.crc32(w.encode()) in have]


def vocabulary_for(tagger: Any) -> frozenset[str] | None:
    """The tagger's words, as respelling reads them (built once per tagger); None when the tagger
    has no vocabulary. The lexicon's own respellings, read in its phrases, are in the reading
    already; these words are read alone (a plain set, not a respell.Vocabulary of phrases: the
    stricter reading, and cheaper on long real posts)."""
    if not len(tagger.known):
        return None
    entry = _VOCABULARIES.get(id(tagger))
    if entry is None or entry[0] is not tagger.known:
        entry = (tagger.known, frozenset(tagger_words(tagger.known)))
        _VOCABULARIES[id(tagger)] = entry
    return entry[1]


def respelled_again(
    ad: Any, readings: dict[str, Read] | None, respelled: dict[str, Read] | None, vocabulary: frozenset[str]
) -> dict[str, Read]:
    """An ad's respelled readings for the tagger: the lexicon's (`respelled`), each field where
    the tagger's words read otherwise replaced by that reading (`respelled_fields` of the
    lexicon's respelled reading, or else of the plain one)."""
    base = {**(readings or {}), **(respelled or {})}
    originals = {"title": ad.title or "", "body": ad.body or ""}
    return {**(respelled or {}), **respelled_fields(originals, base, vocabulary, keep=set(respelled or ()))}


def respelled_fields(
    originals: dict[str, str],
    readings: dict[str, Read],
    vocabulary: frozenset[str],
    keep: set[str] | frozenset[str] = frozenset(),
) -> dict[str, Read]:
    """Each field's reading (`readings`: the field as the lexicon's fold read it, respelled or
    plain, with its map back to `originals`) with its respelled words read as the vocabulary's,
    where respelling read any; the map back takes each new letter to the original characters of
    its word. Only the sentences holding a respelled word keep their words (the rest are blanked:
    the tagger already read them as they are, and a long post would be read twice), but in the
    fields named in `keep`, whose reading is the lexicon's respelled one (its respellings are
    sentences the tagger has not read either). A field
    that still spells out single letters ("b o s nia n": split by separators around a word the
    lexicon does not hold) is folded again with the vocabulary first, which joins them."""
    out: dict[str, Read] = {}
    for name, (text, where) in readings.items():
        original = originals.get(name) or ""
        if _SPLIT_LETTERS.search(text) and original:
            views = fold(original, vocabulary)
            if views:
                joined = read(original, views[0])
                text, where = joined.text, joined.where
        edits = respell(text, vocabulary)
        if not edits:
            if text != readings[name][0]:  # joined letters, nothing respelled
                out[name] = (text, where)
            continue
        pieces: list[str] = []
        mapped: list[int] = []
        respelled: list[tuple[int, int]] = []  # the new words' bounds in the new text
        at = size = 0
        for start, end, word, offsets in edits:
            pieces.append(text[at:start])
            mapped.extend(range(at, start))
            size += start - at
            pieces.append(word)
            mapped.extend(offsets)
            respelled.append((size, size + len(word)))
            size += len(word)
            at = end
        pieces.append(text[at:])
        mapped.extend(range(at, len(text)))
        new = "".join(pieces) if name in keep else _blank_other_sentences("".join(pieces), respelled)
        out[name] = (new, mapped if where is None else [where[i] for i in mapped])
    return out


def _blank_other_sentences(text: str, words: list[tuple[int, int]]) -> str:
    """`text` with every sentence that holds none of `words` blanked, its end kept (the same
    length, so the map back holds)."""
    pieces: list[str] = []
    at = 0
    for m in _SENTENCE.finditer(text):
        start, end = m.span()
        if start == end:
            continue
        pieces.append(text[at:start])
        body = text[start:end]
        if not any(a < end and start < b for a, b in words):
            tail = len(body) - len(body.rstrip(".!?\n"))
            body = " " * (len(body) - tail) + body[len(body) - tail :]
        pieces.append(body)
        at = end
    pieces.append(text[at:])
    return "".join(pieces)
