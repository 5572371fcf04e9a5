"""Words respelled the way they sound or without their vowels ("yung", "twn", "avlbl", "ds not
spk"), read as the lexicon's words: alone when the spelling is rare and one lexicon word's, in the
lexicon's phrases when the words around it say so. Ordinary text is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import jellyfish

from samaritan.engine.budget import EDITS_PER_STEP
from samaritan.engine.normalize.english import (
    ALONE_MARGIN,
    DROPPED_VOWELS_MAX_ZIPF,
    PHRASE_MARGIN,
    SOUND_ALIKE_MAX_ZIPF,
    dropped_key,
    drops_vowels,
    frequency,
    likeliest,
    shortfall,
)
from samaritan.engine.tokens import LETTER_WORD, Words


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


_VOWELS = frozenset("aeiouy")
_ALPHA_WORD = LETTER_WORD


# Spellings that sound alike, written one way before two words are compared: "buk" is "book",
# "chuse" "choose", "bak" "back", "fone" "phone", "weak" "week" (`sounds_like`).
_SOUND_FORMS = (("ck", "k"), ("ph", "f"), ("oo", "u"), ("ou", "u"), ("ee", "i"), ("ea", "i"))


def sound_form(word: str) -> str:
    """`word` with its sound-alike letter pairs written one way ("choose" -> "chuse")."""
    for old, new in _SOUND_FORMS:
        if old in word:
            word = word.replace(old, new)
    return word


def sounds_like(token: str, word: str) -> bool:
    """Is `token` `word` respelled as it sounds, one spelling of a vowel pair or digraph for
    another ("tur" tour, "buk" book, "afternun" afternoon)? Starting alike, never equal."""
    return token != word and token[0] == word[0] and sound_form(token) == sound_form(word)


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
        and frequency(token) < DROPPED_VOWELS_MAX_ZIPF
        and likeliest(token, word, ALONE_MARGIN)
    ):
        return word
    if len(token) < 4 or frequency(token) >= SOUND_ALIKE_MAX_ZIPF:
        return None  # "ten" is a word of its own, not "teen"; "Tina" a name, "sweat" a word
    close = [
        w
        for w in by_sound.get(jellyfish.metaphone(token), ())
        if w[0] == token[0] and jellyfish.levenshtein_distance(token, w) <= 1
    ]
    # ... and never a word commoner than the one it would become: a disguise is spelled rarer than
    # its word ("yung", "tean"); "wilder" is no respelling of the trade word "welder".
    if (
        len(close) == 1
        and (len(token) >= 5 or _vowel_pair_edit(token, close[0]))
        and frequency(token) <= frequency(close[0])
    ):
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
    """Lexicon words of four or more letters by `dropped_key` ("rdy": "ready")."""
    by_key: dict[str, list[str]] = {}
    for word in sorted(vocabulary):
        if len(word) >= 4 and word.isalpha():
            by_key.setdefault(dropped_key(word), []).append(word)
    return {k: tuple(ws) for k, ws in by_key.items()}


# A phrase slot: the phrase's words and the position of one of them.
_Slot = tuple[tuple[str, ...], int]


def _phrase_slots(vocabulary: Vocabulary) -> dict[str, tuple[_Slot, ...]]:
    """For each `dropped_key`, the places in the lexicon's phrases of two or more words where a
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
                    found.setdefault(dropped_key(part), []).append((parts, k))
                    # Under its sound-alike spelling's key too, where that differs ("bak": back).
                    sound_key = dropped_key(sound_form(part))
                    if sound_key != dropped_key(part):
                        found.setdefault(sound_key, []).append((parts, k))
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
    key = dropped_key(token)
    if len(key) >= _MIN_DROPPED_KEY:
        words = [w for w in _dropped_index(vocabulary).get(key, ()) if drops_vowels(token, w)]
        if (
            len(words) == 1
            and len(words[0]) <= 2 * len(token)
            and frequency(token) < DROPPED_VOWELS_MAX_ZIPF
            and likeliest(token, words[0], ALONE_MARGIN)
        ):
            return words[0]
    # Only read in a phrase: a word without vowels after its first letter ("ds", "txt"), or a
    # rare one with some ("evry"); "ten", "met", "son" are words of their own.
    if isinstance(vocabulary, Vocabulary) and (key == token or frequency(token) < DROPPED_VOWELS_MAX_ZIPF):
        for parts, k in _phrase_slots(vocabulary).get(key, ()):
            if drops_vowels(token, parts[k]) or (
                frequency(token) < DROPPED_VOWELS_MAX_ZIPF and sounds_like(token, parts[k])
            ):
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
        alone or any(frequency(w) < DROPPED_VOWELS_MAX_ZIPF for w in words)
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
                for parts, k in slots.get(dropped_key(token), ()):
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
    written out or (four or more letters) with vowels dropped or respelled as it sounds (a rare
    spelling: "on tur"), at least one of them not written out,
    each the likeliest English word of its letters within `PHRASE_MARGIN`; or, where another
    dropped word of the phrase is the likeliest outright ("bdy" body), within twice that ("rbs"
    rubs beside ribs)."""
    if first < 0 or first + len(parts) > len(tokens):
        return
    dropped = []
    short = []  # how far each dropped word falls short of the likeliest word of its letters
    for k, part in enumerate(parts):
        token = tokens[first + k][2]
        if token == part:
            continue
        if len(part) < 4:
            return
        if drops_vowels(token, part):
            short.append(shortfall(token, part))
        elif sounds_like(token, part) and frequency(token) < DROPPED_VOWELS_MAX_ZIPF:
            short.append(0.0)  # a rare spelling that sounds like the phrase's word ("on tur")
        else:
            return
        dropped.append(first + k)
    if not short or max(short) > (2 * PHRASE_MARGIN if len(short) > 1 and min(short) <= 0 else PHRASE_MARGIN):
        return
    for i in dropped:
        chosen[i] = parts[i - first]
