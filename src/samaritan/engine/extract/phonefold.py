"""Folding an ad for phone reading, with a map back to the original.

`phone_text` folds digits of every script and dingbat or enclosed digits to 0-9
(`unicodedata.digit` knows them all), decodes HTML entities and percent-encoded digits, reads
fancy-text letters by their look (`normalize.fancy.read_fancy`: number words so written), and
folds everything else as `normalize.fold_char` has it. Printable ASCII folds to its lower case,
so only the runs of other characters are looked up, each run once.
"""

from __future__ import annotations

import html
import re
import unicodedata
from array import array
from collections.abc import Iterator, Sequence
from itertools import repeat
from typing import NamedTuple

from samaritan.engine.normalize import fold_char, lower_in_place
from samaritan.engine.normalize.fancy import read_fancy

# "&#55;", "&#x37;", "%37": digits hidden in markup.
# Numeric character references, and percent-escapes of printable ASCII: a digit's (%30-%39) is
# read as the digit; a letter's or a sign's is decoded too, so that its hex digits ("%72" is "r")
# are never read as a number (an age range out of "...%72 - 27").
_ENTITY = re.compile(r"&#(?:[0-9]{1,7}|[xX][0-9a-fA-F]{1,6});?|%[2-7][0-9a-fA-F]")
ENTITY_CUE = r"&#|%3[0-9]"


class _PhoneTable(dict[int, str]):
    """str.translate table: a digit of any script -> 0-9, anything else as fold_char has it."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        digit = unicodedata.digit(char, None)
        if digit is None and "DIGIT" in unicodedata.name(char, ""):
            number = unicodedata.numeric(char, None)  # dingbat digit zero has a value, not a digit
            digit = int(number) if number is not None and number in range(10) else None
        value = str(digit) if digit is not None and not char.isascii() else fold_char(char)
        if char in _APOSTROPHES:
            value = "'"  # "I’m 19" is read as "I'm 19": phones and ages alike see one apostrophe
        self[code] = value
        if len(value) != 1:
            _RESIZING.add(char)
        return value


# Apostrophe look-alikes that keyboards and phones put in "I’m" and "she’s" (right single
# quotation mark, modifier letter apostrophe, left quote, prime, acute accent).
_APOSTROPHES = frozenset("\u2019\u02bc\u2018\u2032\u00b4")
_RESIZING: set[str] = set()
_TABLE = _PhoneTable()


def phone_text(text: str, lowered: str | None = None) -> tuple[str, Sequence[int]]:
    """`text` folded for phone matching, and for each folded character its original index.
    `lowered` is `lower_in_place(text)` when the caller has it."""
    entities = ("&#" in text or "%" in text) and _ENTITY.search(text) is not None
    if text.isascii() and not entities:
        return (lowered if lowered is not None else text.lower()), range(len(text))
    if not text.isascii() and (fancy := read_fancy(text)) != text:
        # Number words in fancy-text letters ("ѕєνєи zєяσ тωσ"): read by their look, one for one.
        text, lowered = fancy, None
    if not entities:
        return _fold_whole(text, lowered)
    if lowered is None:
        lowered = lower_in_place(text)
    marked = _marked(text)
    pieces: list[str] = []
    offs: list[int] = []
    done = 0
    for m in _ENTITY.finditer(text) if entities else ():
        _fold_span(marked, lowered, done, m.start(), pieces, offs)
        entity = m.group()
        char = chr(int(entity[1:], 16)) if entity[0] == "%" else html.unescape(entity.rstrip(";") + ";")
        value = char.translate(_TABLE) if len(char) == 1 else ""
        pieces.append(value)
        offs.extend([m.start()] * len(value))
        done = m.end()
    _fold_span(marked, lowered, done, len(text), pieces, offs)
    return "".join(pieces), offs


# Characters whose phone folding is not their lower case are everything but printable ASCII
# and the line break (fold_char turns a tab into a space, a carriage return into a line break
# and drops other control characters). `_marked` finds them in C: the text as ASCII bytes, one
# "?" for each of them. A "?" of the text itself is marked too, and folds to itself.
_MARK = bytes(63 if (b < 32 and b != 10) or b == 127 else b for b in range(256))
_MARKED_RUN = re.compile(rb"\?\?*")  # a literal first, so `re` skips ahead to it


# The UTF-8 text with printable ASCII and the line break made spaces, and the control
# characters bytes.split() would split at (tab, carriage return, vertical tab, form feed) made
# NUL, which never folds to itself: split(), its runs are those `_marked` marks (no byte of a
# multi-byte UTF-8 sequence is ASCII), each as its UTF-8 (NUL for those four).
_SPACED = bytes(32 if b == 10 or 32 <= b < 127 else 0 if b in b"\t\r\x0b\x0c" else b for b in range(256))
# Such runs whose phone folding is their in-place lower case, learned as they are met.
_SAME_RUNS: set[bytes] = set()


def _fold_whole(text: str, lowered: str | None) -> tuple[str, Sequence[int]]:
    """`phone_text` of a non-ASCII text with no entities: `_fold_text`'s answer. Most such ads
    hold only emoji, quotes and letters that fold to their lower case: the lower-cased text,
    proved from the runs met before. Else, in a long post, each distinct character that changes
    is replaced in C (`_replaced`), where `_fold_text` looks up every run in Python."""
    data = text.encode("utf-8", "surrogatepass")
    runs = data.translate(_SPACED).split()
    if _SAME_RUNS.issuperset(runs):
        return (lowered if lowered is not None else lower_in_place(text)), range(len(text))
    if lowered is None:
        lowered = lower_in_place(text)
    # A few runs are cheaper folded one by one; many (a long post with emoji), all at once.
    found = _replaced(text, data, runs) if len(runs) > _FEW_RUNS else None
    offsets: Sequence[int]
    if found is None:
        folded, offsets = _fold_text(_marked(text), lowered)
    elif found[1] is not None:
        return found[0], found[1]
    else:
        folded, offsets = (lowered if found[0] == lowered else found[0]), range(len(text))
    if folded is lowered and len(_SAME_RUNS) + len(runs) <= _RUNS_MAX:
        _SAME_RUNS.update(runs)  # every character folds to its lower case: so does every run
    return folded, offsets


# Measured (callgrind): folding run by run is cheaper for a text of up to a dozen runs, or with
# more distinct characters that change than half its runs (generated ads' styled words); all at
# once for long real posts with emoji (dating-section posts: 205k -> 183k instructions each).
_FEW_RUNS = 12
_RUNS_A_CHANGE = 2
# fold of each ASCII character as a bytes table (a UTF-8 sequence of another character holds
# no ASCII byte), and those that fold to nothing (`_replaced` leaves such text to `_fold_text`).
_ASCII_FOLD = bytes(ord(_TABLE[c]) if len(_TABLE[c]) == 1 else c for c in range(128)) + bytes(range(128, 256))
_ASCII_DROPPED = bytes(c for c in range(128) if len(_TABLE[c]) != 1)


def _replaced(text: str, data: bytes, runs: list[bytes]) -> tuple[str, array[int] | None] | None:
    """`_fold_text`'s folding of `text` (`text.translate(_TABLE)`), and each folded character's
    index in `text` (None: one for one): the UTF-8 with ASCII folded by a bytes table and each
    distinct other character that changes replaced, in C. None where it cannot say so (an ASCII
    character that folds to nothing; a folding that holds another character replaced, which
    replacing in turn would change again) or where run by run is cheaper."""
    chars = set(b"".join(set(runs)).decode("utf-8", "surrogatepass"))  # (no printable ASCII in a run)
    changes = {ch: value for ch in chars if ch >= "\x80" and (value := _TABLE[ord(ch)]) != ch}
    if len(runs) < _RUNS_A_CHANGE * len(changes) or any(
        not value.isascii() and not changes.keys().isdisjoint(value) for value in changes.values()
    ):
        return None
    folded = data.translate(_ASCII_FOLD, _ASCII_DROPPED)
    if len(folded) != len(data):
        return None
    resized: list[str] = []
    for ch, value in changes.items():
        folded = folded.replace(ch.encode("utf-8", "surrogatepass"), value.encode("utf-8", "surrogatepass"))
        if len(value) != 1:
            resized.append(ch)
    out = folded.decode("utf-8", "surrogatepass")
    if not resized:
        return out, None
    # Offsets as `_fold_run` gives them: each folded character's original index, from the
    # positions of the characters that resize (one Python step an occurrence), the stretches
    # between them copied from a counting array (a list made an int object apiece).
    spots = sorted((at, len(changes[ch])) for ch in resized for at in _positions(text, ch))
    if len(_COUNTING) < len(text):
        _COUNTING.extend(range(len(_COUNTING), 2 * len(text)))
    offsets = array("q")
    done = 0
    for at, size in spots:
        offsets += _COUNTING[done:at]
        offsets.extend(repeat(at, size))
        done = at + 1
    offsets += _COUNTING[done : len(text)]
    return out, offsets


_COUNTING = array("q", range(4096))  # 0, 1, 2, ...: grown to the longest text met


def _positions(text: str, ch: str) -> Iterator[int]:
    at = text.find(ch)
    while at != -1:
        yield at
        at = text.find(ch, at + 1)


class _Marked(NamedTuple):
    text: str
    marks: bytes


def _marked(text: str) -> _Marked:
    return _Marked(text, text.encode("ascii", "replace").translate(_MARK))


class _Run(NamedTuple):
    folded: str
    offsets: tuple[int, ...] | None  # each folded character's index in the run; None: one each


# Runs repeat from ad to ad (the same emoji, quotes, accented letters): each is folded once.
_RUNS: dict[str, _Run] = {}
_RUNS_MAX = 65_536


def _fold_run(run: str) -> _Run:
    found = _RUNS.get(run)
    if found is None:
        folded = run.translate(_TABLE)
        if len(folded) == len(run) and _RESIZING.isdisjoint(run):
            found = _Run(folded, None)
        else:
            found = _Run(folded, tuple(k for k, char in enumerate(run) for _ in _TABLE[ord(char)]))
        if len(_RUNS) < _RUNS_MAX:
            _RUNS[run] = found
    return found


def _fold_text(marked: _Marked, lowered: str) -> tuple[str, Sequence[int]]:
    """`phone_text` of a text with no entities, built from the lower-cased text with only the
    runs of other characters folded: an ad with a few emoji costs a few look-ups instead of one
    per character (a per-character regex or translate over the whole text cost 10-20 us an
    ad). The offsets are a list only once a run changes length: one for one, built in C, with
    the runs that change length spliced in (the last first, so the others' indices hold)."""
    pieces: list[str] = []
    resized: list[tuple[int, int, tuple[int, ...]]] = []
    done = 0
    text = marked.text
    for m in _MARKED_RUN.finditer(marked.marks):
        start, end = m.span()
        run = text[start:end]
        folded, offsets = _RUNS.get(run) or _fold_run(run)
        pieces.append(lowered[done:start])
        pieces.append(folded)
        if offsets is not None:
            resized.append((start, end, offsets))
        done = end
    pieces.append(lowered[done:])
    if not resized:
        # Emoji and the like fold to themselves: the text is the lower-cased one (compared once,
        # in C, rather than run by run), and the phone and age readers take the ad's own cue
        # scan instead of scanning it again.
        folded = "".join(pieces)
        return (lowered if folded == lowered else folded), range(len(text))
    offs = list(range(len(text)))
    for start, end, offsets in reversed(resized):
        offs[start:end] = map(start.__add__, offsets)
    return "".join(pieces), offs


def entity_end(text: str, start: int) -> int:
    """The end of the entity that starts at `start` (start + 1 if none does)."""
    m = _ENTITY.match(text, start)
    return m.end() if m else start + 1


def _fold_span(marked: _Marked, lowered: str, start: int, end: int, pieces: list[str], offs: list[int]) -> None:
    """text[start:end] folded onto `pieces`, each folded character's original index onto `offs`.
    Printable ASCII folds to its lower case; only the runs of other characters are folded."""
    done = start
    for m in _MARKED_RUN.finditer(marked.marks, start, end):
        run_start, run_end = m.span()
        pieces.append(lowered[done:run_start])
        offs.extend(range(done, run_start))
        folded, offsets = _fold_run(marked.text[run_start:run_end])
        pieces.append(folded)
        offs.extend(range(run_start, run_end) if offsets is None else map(run_start.__add__, offsets))
        done = run_end
    pieces.append(lowered[done:end])
    offs.extend(range(done, end))
