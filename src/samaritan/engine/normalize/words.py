"""Word-level undoing: letters split apart and words split across lines (leetspeak: `leet`;
words respelled or without their vowels: `respell`).

The lexicon's vocabulary settles every ambiguous case, so ordinary text is left as it is.
Every scan is linear: no pattern here can backtrack over more than a few characters.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from functools import lru_cache

import re2

from samaritan.engine.budget import EDITS_PER_STEP
from samaritan.engine.cues import WS, utf8_gate
from samaritan.engine.normalize.chars import EMOJI_CLASS
from samaritan.engine.normalize.english import frequency
from samaritan.engine.normalize.offsets import Edit

# How common (Zipf) a word spelled by letters split with mixed separators must be to be joined
# whole though the lexicon does not hold it: about once in a million words ("glimpse" 3.8,
# "padding" 3.2). At 4.0 (ten in a million) the lexicon's acronyms were carved out of rarer words
# ("g/l_i/m_p_s/e" read "g l i m pse") and lawful posts so disguised read as service terms.
ENGLISH_WORD_ZIPF = 3.0
# Characters that carry leetspeak letters inside a word.
LEET = str.maketrans("01345789@$!|", "oieastbgasil")
# What may stand between the letters of a split word: punctuation, spaces and emoji, in any mix
# ("y.o-u_n*g", "y✨o✨u").
SEPARATOR_CHARS = r"\s._\-*~/|+•·,'\"" + EMOJI_CLASS[1:-1]
# Separators that are symbols, not the text's own punctuation (see _with_outer_separators).
_OUTER_SEPARATOR = frozenset("*~|+•·")
_SEP = f"[{SEPARATOR_CHARS}]"
# Three or more single characters each split from the next by one to six separators (three,
# perhaps doubled where a zero-width character was removed: "b . \u2060 . y").
# (The first character, then a separator, are matched before the look-behind, so `re` tries the
# pattern only at a character that could start it; the look-behind's meaning is the same.)
_SPLIT = re.compile(rf"[a-z0-9@$](?={_SEP})(?<![^\W_][a-z0-9@$])(?:{_SEP}{{1,6}}[a-z0-9@$](?![^\W_])){{2,}}")
# `_SPLIT` less its first character, opening on the separator after it: `re` skips in C to each
# separator, where `_SPLIT` tried its look-ahead at every letter (~150 instructions a letter).
# The look-behinds read the first character and the one before it as `_SPLIT` does; the first
# of the repeated groups is written out (one separator, then up to five more), in the same order.
_SPLIT_FROM_SEP = re.compile(
    rf"{_SEP}(?<=[a-z0-9@$]{_SEP})(?<![^\W_][a-z0-9@$]{_SEP}){_SEP}{{0,5}}[a-z0-9@$](?![^\W_])"
    rf"(?:{_SEP}{{1,6}}[a-z0-9@$](?![^\W_]))+"
)
_SPLIT_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789@$")  # `_SPLIT`'s [a-z0-9@$]
# `_SPLIT` relaxed for RE2 (Python's `\s` written out; the character before the first letter and
# after the last not an ASCII letter or digit, where `_SPLIT` wants no Unicode one): on text that
# is not plain ASCII, where the ASCII cue `fold.split` cannot speak for emoji between letters,
# one linear pass rules out most fields (the search stops at every space and emoji).
_SPLIT_SEP_RE2 = f"[{WS[1:-1]}._\\-*~/|+•·,'\"{EMOJI_CLASS[1:-1]}]"
_MAY_SPLIT = (
    f"(?:^|[^a-zA-Z0-9])[a-z0-9@$]{_SPLIT_SEP_RE2}{{1,6}}[a-z0-9@$]{_SPLIT_SEP_RE2}{{1,6}}[a-z0-9@$](?:[^a-zA-Z0-9]|$)"
)
# Two pieces of one word around a line break (perhaps after a hyphen). A piece starts a word,
# so each word is tried once, and is at most 24 letters (no lexicon word is longer).
_BROKEN_WORD = re.compile(r"(?<![a-z0-9])([a-z0-9]{1,24})-?[ \t]*\r?\n\s*([a-z0-9]{1,24})(?![a-z0-9])")
STRETCH = re.compile(r"([a-z])\1{2,}")
# Whether STRETCH occurs at all, by RE2 (linear, in C): `re` tries the back-reference at every
# letter, ~350 instructions a character of text.
_STRETCH_ANYWHERE = re2.compile("|".join(letter * 3 for letter in "abcdefghijklmnopqrstuvwxyz"))


def has_stretch(text: str) -> bool:
    """Does `STRETCH.search(text)` find a letter written three or more times in a row?"""
    try:
        return _STRETCH_ANYWHERE.search(text) is not None
    except UnicodeEncodeError:  # a lone surrogate, which RE2's UTF-8 cannot hold
        return STRETCH.search(text) is not None


@lru_cache(maxsize=1)
def _may_split_match() -> Callable[[bytes], list[int]]:
    return utf8_gate(_MAY_SPLIT)


def may_split(text: str) -> bool:
    """False only where `split_runs(text)` finds nothing (RE2, `_MAY_SPLIT`)."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, which RE2's UTF-8 cannot hold
        return True
    return bool(_may_split_match()(data))


def join_split_letters(text: str, vocabulary: frozenset[str]) -> list[tuple[int, int, str, list[int]]]:
    """Edits joining letters split apart. One separator used throughout ("y.o.u.n.g") is
    joined whatever it spells, unless it is a short run of spaced letters ("a b c"); a mix of
    separators, emoji among them, only into a lexicon word (leetspeak read); otherwise each
    stretch of one separator is taken on its own ("n . i . g . h . t. s_e" -> "night", "s_e")."""
    edits: list[tuple[int, int, str, list[int]]] = []
    for at, end in split_runs(text):
        # A match is letters and separators only, and the two never share a character: each
        # letter found by a set look-up (a regex call a character cost several times more).
        letters = [at + k for k, char in enumerate(text[at:end]) if char in _SPLIT_LETTERS]
        seps = [text[a + 1 : b] for a, b in itertools.pairwise(letters)]
        words = _words_of_run(text, letters, seps, vocabulary)
        # In a sentence split letter by letter ("s.o w.e g.o u.p t.o t.h.e l.a.k.e") its two-letter words
        # are split too: read where a longer word of the run is ("a.m. t.o p.m." stays as written).
        sentence = len(words) > 1 and any(len(group) >= 3 for group, _ in words)
        for group, group_seps in words:
            if len(group) == 2 and sentence:
                _join_short(text, group, group_seps, vocabulary, edits)
            else:
                _join_run(text, group, group_seps, vocabulary, edits)
        if len(edits) >= EDITS_PER_STEP:
            break
    return edits


def _join_run(text: str, letters: list[int], seps: list[str], vocabulary: frozenset[str], edits: list[Edit]) -> None:
    if len(set(seps)) > 1 and not _is_word("".join(text[i] for i in letters), vocabulary):
        # A lexicon word inside the run, with single letters or another split word beside
        # it ("i c.o_m|e", "h*o|s/t_i+n_g.. i"); around and between such words, stretches of
        # one separator, each on its own, never sharing a letter.
        done = 0
        for a, b in _known_pieces(text, letters, vocabulary):
            _one_separator_stretches(text, letters[done:a], seps[done : max(done, a - 1)], vocabulary, edits)
            _join(text, letters[a:b], seps[a : b - 1], vocabulary, edits)
            done = b
        _one_separator_stretches(text, letters[done:], seps[done:], vocabulary, edits)
    else:
        _join(text, letters, seps, vocabulary, edits)


# Two-letter words a sentence is made of: "my", "to", "on", "me" split apart ("m.y", "o.n").
_SHORT_WORDS = frozenset(
    {"my", "me", "on", "to", "in", "at", "up", "us", "so", "no", "do", "go", "he", "we", "it", "is", "be", "by"}
    | {"or", "of", "an", "as", "if", "am", "hi", "ok", "ur", "im"}
)


def _join_short(text: str, letters: list[int], seps: list[str], vocabulary: frozenset[str], edits: list[Edit]) -> None:
    """One edit joining a two-letter word split by a separator other than a space ("m.y")."""
    joined = text[letters[0]] + text[letters[1]]
    if seps[0].strip() and (joined in _SHORT_WORDS or joined in vocabulary):
        edits.append((letters[0], letters[1] + 1, joined, letters))


def _words_of_run(
    text: str, letters: list[int], seps: list[str], vocabulary: frozenset[str]
) -> list[tuple[list[int], list[str]]]:
    """A run of split letters as the words it spells: the whole run, or, where a mix of
    separators joins into no word, its pieces between the separators that hold a space (where
    the others hold none), each read on its own ("p|a~d+d/i_n*g•, f-e•m|m-e": two words, not a
    lexicon acronym carved out across the comma; "r+e-h|o+m-i_n*g f-e_e": none across the
    space)."""
    whole = "".join(text[i] for i in letters)
    spaced = [" " in s for s in seps]
    if len(set(seps)) < 2 or _is_word(whole, vocabulary) or not any(spaced) or all(spaced):
        return [(letters, seps)]  # (spaced letters throughout, "d o n ' t": one run)
    cuts = [k + 1 for k, s in enumerate(seps) if " " in s]
    return [(letters[a:b], seps[a : b - 1]) for a, b in itertools.pairwise([0, *cuts, len(letters)])]


def _is_word(joined: str, vocabulary: frozenset[str]) -> bool:
    """A lexicon word (leetspeak read) or an English word of four letters or more."""
    if joined in vocabulary or joined.translate(LEET) in vocabulary:
        return True
    return len(joined) >= 4 and frequency(joined.lower()) >= ENGLISH_WORD_ZIPF


def _common_word(joined: str) -> bool:
    """A whole run of split letters spelling an English word ("e*v_e.r•y.o/n+e", "g/l_i/m_p_s/e")
    reads as that word, not as the lexicon words inside it ("every one", "g l i m pse")."""
    return len(joined) >= 4 and frequency(joined.lower()) >= ENGLISH_WORD_ZIPF


def split_runs(text: str) -> Iterator[tuple[int, int]]:
    """The spans `_SPLIT.finditer(text)` gives, found from each match's first separator."""
    done = 0  # where the last match ended (matches are never empty)
    while (m := _SPLIT_FROM_SEP.search(text, done + 1)) is not None:
        yield m.start() - 1, m.end()
        done = m.end()


def _known_pieces(text: str, letters: list[int], vocabulary: frozenset[str]) -> list[tuple[int, int]]:
    """Left to right, the longest stretches of `letters` (index ranges into it, three to 24
    letters) that join into a lexicon word, leetspeak read; never overlapping."""
    pieces: list[tuple[int, int]] = []
    a, n = 0, len(letters)
    while a <= n - 3:
        chars = "".join(text[i] for i in letters[a : a + 24])
        b = next(
            (
                a + k
                for k in range(len(chars), 2, -1)
                if chars[:k] in vocabulary or chars[:k].translate(LEET) in vocabulary
            ),
            None,
        )
        if b is None:
            a += 1
            continue
        pieces.append((a, b))
        a = b
    return pieces


def _one_separator_stretches(
    text: str, letters: list[int], seps: list[str], vocabulary: frozenset[str], edits: list[Edit]
) -> None:
    """`_join` of each stretch of `letters` split by one separator throughout, never sharing a letter."""
    start = 0
    for k in range(1, len(seps) + 1):
        if k == len(seps) or seps[k] != seps[k - 1]:
            joined_run = _join(text, letters[start : k + 1], seps[start:k], vocabulary, edits)
            start = k + 1 if joined_run else k


def _join(text: str, letters: list[int], seps: list[str], vocabulary: frozenset[str], edits: list[Edit]) -> bool:
    """One edit joining `letters` (indices into text), split by `seps`, if it reads as a word."""
    if len(letters) < 3:
        return False
    joined = "".join(text[i] for i in letters)
    known = joined in vocabulary or joined.translate(LEET) in vocabulary
    if len(set(seps)) > 1 and not (known or _common_word(joined)):
        return False
    if not any(s.strip(" ") for s in seps) and len(seps) < 3 and not known:
        return False  # "a b c"-like short runs of spaced words are ordinary text
    start, end = _with_outer_separators(text, letters[0], letters[-1] + 1, seps)
    edits.append((start, end, joined, letters))
    return True


def _with_outer_separators(text: str, start: int, end: int, seps: list[str]) -> tuple[int, int]:
    """The span of a joined run with the symbol that split its letters taken in where it also
    stands at either end, against punctuation, a space or the text's end ("w✨o✨r✨k✨.",
    "(✨h✨i✨k✨e✨)"): it belongs to the disguise, and left behind it read as an emoji of the
    text (an emoji is a word of its own to the learned model). Only one separator throughout,
    and not plain punctuation, which is the text's own ("e.t.c.")."""
    sep = seps[0] if seps and len(set(seps)) == 1 else ""
    if not sep or not any(c in _OUTER_SEPARATOR or not c.isascii() for c in sep):
        return start, end
    size = len(sep)
    if text.startswith(sep, end) and not text[end + size : end + size + 1].isalnum():
        end += size
    if start >= size and text.startswith(sep, start - size) and not text[start - size - 1 : start - size].isalnum():
        start -= size
    return start, end


def join_line_breaks(text: str, vocabulary: frozenset[str]) -> tuple[list[Edit], list[Edit]]:
    """Edits joining a word split across a line break ("yo\\nung"), when the two pieces make a
    lexicon word and were not two lexicon words already, or an English word (`_broken_english`);
    and, found in the same pass, edits joining breaks whose pieces are two lexicon words that also
    make one ("out\\ncall"), which `fold` reads in a view of its own beside the text as written."""
    edits: list[Edit] = []
    two_words: list[Edit] = []
    for (l_start, l_end), (r_start, r_end) in broken_words(text):
        left, right = text[l_start:l_end], text[r_start:r_end]
        joined = left + right
        if joined in vocabulary or _broken_english(left, right, joined):
            kept = list(range(l_start, l_end)) + list(range(r_start, r_end))
            found = two_words if left in vocabulary and right in vocabulary else edits
            found.append((l_start, r_end, joined, kept))
            if len(edits) + len(two_words) >= EDITS_PER_STEP:
                break
    return edits, two_words


def _broken_english(left: str, right: str, joined: str) -> bool:
    """An English word broken across a line ("hooke\\nrs", "si\\nnce", "wi-\\nth", "both\\ner"): the
    joined word is one (ENGLISH_WORD_ZIPF) and likelier than its two pieces as two words. Scope
    reads the words around a hit through this (learned.through): a broken word otherwise ends its
    clause at the line break."""
    if len(joined) < 4:
        return False
    # As a unigram model segments text: one word beats two when it is likelier than both together
    # (a Zipf value is log10 of a word's frequency per billion words, so their product is their sum
    # less nine): "both\ner" -> "bother" (4.0 against 6.0 + 4.2 - 9), not "me\nnow".
    common = frequency(joined)
    return common >= ENGLISH_WORD_ZIPF and common > frequency(left) + frequency(right) - 9


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


def known(word: str, vocabulary: frozenset[str]) -> bool:
    """Is `word`, or `word` with stretched letters squeezed ("diiiiscreet"), a lexicon word?"""
    return word in vocabulary or STRETCH.sub(r"\1", word) in vocabulary or STRETCH.sub(r"\1\1", word) in vocabulary
