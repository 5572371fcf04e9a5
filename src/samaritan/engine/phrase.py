"""Where a phrase ends: the breaks that the detector's readings may not cross, read in the
original text (the folded view the lexicon matches has no punctuation).

- A pattern describes one phrase (a clause, or a sentence for a rule `across_commas`), so a match
  that crosses a break is no hit. The regex tries its longest alternative first, and that one may
  run on past the break ("women only, aged 19-27. Apply ..." read up to "apply") while a shorter
  alternative ends before it: `within_phrase` asks the pattern again up to the break.
- A negator denies a term in its own sentence only (`negated`).
- A commercial term of several words is read within one sentence (`crosses_break`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from samaritan.engine.normalize import Folded

# Breaks are read in the original text, so their full-width and CJK forms count too ("Ｍａｒｒｉｅｄ？ Ｔｈａｔ").
CLAUSE_BREAK = re.compile(r"[,;!?\uff0c\uff1b\uff01\uff1f]\s|[.\uff0e]\s|[\u3001\u3002\uff61]|\n")
SENTENCE_BREAK = re.compile(r"[;!?\uff1b\uff01\uff1f]\s|[.\uff0e]\s|[\u3002\uff61]|\n")  # (rule `across_commas`)
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")  # (for a rule `across_sentences`)

NEGATORS = frozenset({"no", "not", "never", "non", "without", "zero", "nobody", "none", "dont", "don t"})
# Words that may stand between a negator and the term: "no under 18", "not a teen".
_NEGATION_FILLERS = frozenset({"a", "an", "any", "under", "for", "the", "real", "actual"})


def before_break(view: Folded, start: int, end: int, breaks: re.Pattern[str]) -> int | None:
    """The furthest place p (start < p < end) in `view`'s text whose span [start, p) crosses no
    break in the original text, or None where even its first character does. Asked only of a
    match that crossed one (a few an ad at most), by halving: a span's origin grows with p."""
    original = view.original
    lo, hi = start + 1, end - 1  # p = end crosses the break: that is why we ask
    best: int | None = None
    while lo <= hi:
        mid = (lo + hi) // 2
        o_start, o_end = view.span(start, mid)
        if breaks.search(original, o_start, o_end):
            hi = mid - 1
        else:
            best, lo = mid, mid + 1
    return best


def between_words(view: Folded, start: int, end: int, breaks: re.Pattern[str]) -> bool:
    """Does a break of the original text fall between two words of [start, end) of `view`'s text?
    A break inside a word the view joined ("wa-\niting", "ta\r\nking": a word split across a
    line) is none: the words around it are still one clause."""
    return any(breaks.search(view.original, before, after) for _, _, before, after in _gaps(view, start, end))


def _gaps(view: Folded, start: int, end: int) -> Iterator[tuple[int, int, int, int]]:
    """Each gap between two words of [start, end) of `view`'s text: where the word before it
    starts, where the gap is, and the original text between the two words ([before, after))."""
    text = view.text
    word = start
    space = text.find(" ", start, end)
    while space > start:
        before = view.span(space - 1, space)[1]
        after = view.span(space + 1, space + 2)[0]
        if before < after:
            yield word, space, before, after
        word = space + 1
        space = text.find(" ", word, end)


def within_phrase(
    pattern: re.Pattern[str], view: Folded, m: re.Match[str], breaks: re.Pattern[str]
) -> re.Match[str] | None:
    """The pattern's match at `m`'s start that ends before the first break `m` crossed (the
    text read as ending there), or None."""
    end = before_break(view, m.start(), m.end(), breaks)
    if end is None:
        return None
    short = pattern.match(view.text, m.start(), end)
    return short if short is not None and short.end() > short.start() else None


def negated(view: Folded, start: int) -> bool:
    """Is the term at `start` of `view`'s text negated by the word before it ("no escorts"), or by
    the one before a filler ("not a teen")? Not from the sentence before: the folded view has no
    punctuation, and "the other lady speaks none. full service ..." had read "none full service"."""
    text = view.text
    lo = max(0, start - 40)
    # (The last two words are all that is read: rsplit makes three strings, not eight.)
    before = text[lo:start].rsplit(None, 2)
    if before and before[-1] in NEGATORS:
        word = before[-1]
    elif len(before) >= 2 and before[-2] in NEGATORS and before[-1] in _NEGATION_FILLERS:
        word = before[-2]
    else:
        return False
    # (From the negator to the term's own first character: the break's space folds into the term's.)
    o_start = view.span(text.rfind(word, lo, start), start)[0]
    return not SENTENCE_BREAK.search(view.original, o_start, view.span(start, start + 1)[0])


# Where a commercial term of several words may not run on: a full stop or "!". Not a comma or "?",
# which the lexicon's terms read through ("covered, repay later"), nor a line break (posters wrap
# their lines inside a phrase, "full\nservice"). Other categories' terms read through all of them:
# ads punctuate their soft wording for show ("Hello. Gentlemen", "AVAIL. NOW").
TERM_BREAK = re.compile(r"[.!\uff0e\uff01]\s|[\u3002\uff61]")
# ... and no abbreviation's stop ("1,200 sq. ft.", "St. Louis", "Mr. Right").
_ABBREVIATIONS = frozenset(
    {"sq", "ft", "st", "mr", "mrs", "ms", "dr", "jr", "sr", "mt", "ave", "blvd", "rd", "apt", "hwy", "vs"}
    | {"approx", "etc", "min", "mins", "hr", "hrs", "yr", "yrs", "lb", "lbs", "oz", "inc", "co", "est", "ext", "no"}
)


def crosses_break(view: Folded, start: int, end: int) -> bool:
    """Does the key [start, end) of `view`'s text, a phrase of several words, have a full stop
    between two of its words in the original ("we are full. Service resumes Monday" is no "full
    service")? Only the gaps between its words are read: letters split by commas and stops
    ("b, u, s f, a, r, e") are a disguise inside a word, not a break, and so is the stop after
    a word whose own letters are split ("o. u. t. - c. a. l. l") or after an abbreviation."""
    return any(
        TERM_BREAK.search(view.original, before, after) and not _spelled_apart(view, word, space)
        for word, space, before, after in _gaps(view, start, end)
    )


def _spelled_apart(view: Folded, word: int, end: int) -> bool:
    """Is the word [word, end) of `view`'s text an abbreviation ("sq. ft."), or are its last two
    letters apart in the original ("o. u. t.")? Then the stop after it is no sentence's end."""
    if view.text[word:end] in _ABBREVIATIONS:
        return True
    if end - word < 2:
        return False
    between = view.original[view.span(end - 2, end - 1)[1] : view.span(end - 1, end)[0]]
    return bool(between.strip())


# Phrases by their first (or last) character, and those with none: an empty phrase, which every
# text starts and ends with, is in every group as well.
ByEdge = tuple[dict[str, tuple[str, ...]], tuple[str, ...]]


def by_edge(phrases: tuple[str, ...], at: int) -> ByEdge | None:
    """`phrases` grouped by their character at `at` (0: the first, -1: the last); None if none.
    A text can start (end) with a phrase only of its own first (last) character's group."""
    if not phrases:
        return None
    edges = {p[at] for p in phrases if p}
    return {edge: tuple(p for p in phrases if not p or p[at] == edge) for edge in edges}, tuple(
        p for p in phrases if not p
    )
