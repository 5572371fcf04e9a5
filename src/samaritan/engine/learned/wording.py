"""Words of folded ad text for the learned stage: tokens with their clause numbers, and negation
or exclusion scopes ("no escorts", "not a sugar daddy"), so that a denial never counts as the claim.
features.py hashes what this reads; the scope checks of the rule path (is_negated) share it."""

from __future__ import annotations

import itertools
import re

from samaritan.engine.normalize import EMOJI_CLASS, fold_chars

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


def negation_scopes(tokens: list[str], breaks: list[int]) -> list[bool]:
    """For each token, whether a negator earlier in its clause (at most SCOPE_WORDS before)
    governs it. `breaks[i]` is the clause number of token i.

    A token is governed by the last negator before it, when that one is in its clause and at most
    SCOPE_WORDS tokens back; a negator itself is not governed (it opens its own scope). Only the
    tokens after each negator are visited (a third of ads have none), and an ad with none costs one
    set test in C; the negators are found in C too (tokenize and scope: 3% fewer instructions)."""
    scoped = [False] * len(tokens)
    if NEGATORS.isdisjoint(tokens):
        return scoped
    negators = list(itertools.compress(itertools.count(), map(NEGATORS.__contains__, tokens)))
    ends = [*negators[1:], len(tokens)]
    for i, stop in zip(negators, ends, strict=True):
        clause = breaks[i]
        for j in range(i + 1, min(stop, i + SCOPE_WORDS + 1)):
            if breaks[j] != clause:
                break
            scoped[j] = True
    return scoped


def tokenize(folded: str) -> tuple[list[str], list[int]]:
    """Tokens of folded text and the clause number of each (the number of clause ends before it).

    The tokens are those of each clause found apart (as the trainer always read them): no token
    character is a clause end, so no token crosses one. ASCII text (most generated ads once
    folded) is cut by str methods (_ascii_tokens); other text is made ASCII first (_wide_tokens)."""
    if folded.isascii():
        return _ascii_tokens(folded, _ASCII_ROLE)
    if _PLACEHOLDER in folded:
        return _scanned_tokens(folded)
    return _wide_tokens(folded)


def _scanned_tokens(folded: str) -> tuple[list[str], list[int]]:
    """tokenize's tokens from one scan of the token and clause-end pattern, a Python step each."""
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


# Outside ASCII the token pattern reads emoji, each a token of its own, and the clause end "•";
# every other character there is a separator. An emoji stands in the ASCII text as a placeholder
# token (a control character, which folded text never holds: fold_chars drops it).
_PLACEHOLDER = "\x02"
_OTHER_WIDE = re.compile(f"[^\\x00-\\x7f{EMOJI_CLASS[1:-1]}•]")


def _wide_tokens(folded: str) -> tuple[list[str], list[int]]:
    """tokenize's tokens of text outside ASCII (nine real dating posts in ten, with their emoji):
    the text made ASCII, each emoji a spaced placeholder, "•" a full stop and the other characters
    spaces, then cut as ASCII text is, and each placeholder given back its emoji, in order. (A
    Python step a token and clause end cost up to twice as much.)"""
    emoji = _EMOJI.findall(folded)
    # "?" and "•" are clause ends as "." is; then each "?" of the ASCII bytes is a character
    # outside ASCII, one for one. Where those are all emoji (two such posts in three), that is
    # the text, by three str methods in C; else the other characters are found by a pattern.
    marked = folded.replace("?", ".").replace("•", ".").encode("ascii", "replace")
    if marked.count(b"?") == len(emoji):
        text = (marked.replace(b"?", b" \x02 ") if emoji else marked).decode("ascii")
    else:
        text = _OTHER_WIDE.sub(" ", folded)
        if emoji:
            text = _EMOJI.sub(" \x02 ", text)
        text = text.replace("•", ".")
    tokens, clauses = _ascii_tokens(text, _WIDE_ROLE)
    at = -1
    for mark in emoji:
        at = tokens.index(_PLACEHOLDER, at + 1)
        tokens[at] = mark
    return tokens, clauses


# ASCII characters as _ascii_tokens reads them: token characters as they are, a clause end as
# \x01, every other character as a space.
_ASCII_TOKEN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789'$")
# (A bytes table: bytes.translate is several times faster than str.translate with a dict.)
_ASCII_ROLE = bytes(
    c if chr(c) in _ASCII_TOKEN_CHARS else 1 if chr(c) in _CLAUSE_CHARS else 32 for c in range(128)
) + bytes(range(128, 256))
# The same, with the placeholder of an emoji (_wide_tokens) a token character.
_WIDE_ROLE = _ASCII_ROLE[:2] + b"\x02" + _ASCII_ROLE[3:]


def _ascii_tokens(folded: str, role: bytes) -> tuple[list[str], list[int]]:
    """tokenize's tokens of ASCII text, from one str.translate and splits in C instead of a regex
    match a token and a Python step a part (a third of the instructions): the text cut into
    clauses at their ends, each clause into runs of token characters at the rest. A run is a
    token but where "$" (a token of its own) or an apostrophe (part of a token only between
    letters or digits and letters) is in it: "$" is spaced apart, and an apostrophe no token can
    hold is a separator like a space, so it becomes one in the whole text at once (two thirds of
    ads hold an apostrophe; a findall a clause that did cost 15% of tokenizing). What is left is
    a run of one token each but where a run chains two ("rock'n'roll", "x'y9"): those texts are
    read run by run with the token pattern, which finds in a run what it finds there in the
    whole text, since no token holds a separator."""
    text = folded.encode("ascii").translate(role).decode("ascii")
    if "$" in text:
        text = text.replace("$", " $ ")
    if "'" in text:
        text = _LONE_APOSTROPHE.sub(" ", text)
        if "'" in text and _APOSTROPHE_CHAIN.search(text):
            return _chained_tokens(text)
    tokens: list[str] = []
    clauses: list[int] = []
    for number, clause in enumerate(text.split("\x01")):
        words = clause.split()
        if words:
            tokens += words
            clauses += [number] * len(words)
    return tokens, clauses


# An apostrophe no token holds: not after a letter or digit, or not before a letter. (Opening on
# the apostrophe itself, so `re` skips to each one in C: the look-behind comes second.)
_LONE_APOSTROPHE = re.compile(r"'(?:(?![a-z])|(?<![a-z0-9]'))")
# Where a run of token characters holds more than one token once lone apostrophes are spaces: the
# letters after an apostrophe end a token, so a digit or another apostrophe after them opens one.
_APOSTROPHE_CHAIN = re.compile(r"'[a-z]+[0-9']")


def _chained_tokens(text: str) -> tuple[list[str], list[int]]:
    """_ascii_tokens of a translated text whose runs may chain tokens: each run with an
    apostrophe read by the token pattern."""
    tokens: list[str] = []
    clauses: list[int] = []
    for number, clause in enumerate(text.split("\x01")):
        words = clause.split()
        if "'" in clause:
            words = [tok for word in words for tok in (_TOKEN.findall(word) if "'" in word else (word,))]
        tokens += words
        clauses += [number] * len(words)
    return tokens, clauses


# A negator that opens an avowal, not a denial: "not gonna lie, I need ...", "no lie", "I won't
# lie", "not kidding" say that what follows is true; "a man who doesn't mind leaving ..." that he
# will. (The rule path only: the model's own negation features, negation_scopes, are what it was
# trained on.)
AVOWAL = r"(?:gonna|going to|gon|gunna) lie|to lie|lie|lying|kidding|joking|mind"
_AVOWED = re.compile(rf"\b(?:not|no|wont|won't|dont|don't|doesnt|doesn't|wouldnt|wouldn't|aint|ain't) (?:{AVOWAL})\b")


def is_negated(text: str, start: int) -> bool:
    """Is the phrase at `start` of `text` inside a negation or exclusion scope?"""
    window = text[max(0, start - 60) : start]
    folded = fold_chars(window)[0]
    clause = _CLAUSE_END.split(folded)[-1]
    words = _TOKEN.findall(clause)[-SCOPE_WORDS:]
    if not any(w in NEGATORS for w in words):
        return False
    # (Only a clause with a negator is read again, the avowals taken out.)
    return any(w in NEGATORS for w in _TOKEN.findall(_AVOWED.sub(" ", " ".join(_TOKEN.findall(clause))))[-SCOPE_WORDS:])
