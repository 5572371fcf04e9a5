"""Reading the digits of a phone number in any written form.

`atoms` reads a window of the text `phonefold.phone_text` folds as a row of digit groups: real
digits, number words (English and Spanish, teens, tens and hundreds), homophones and letters
written for digits, and the words that break a number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from samaritan.engine.extract.numbers import LOOKALIKE_DIGITS, WORD_ALTERNATION, WORD_VALUES, compose
from samaritan.engine.extract.phoneatom import Atom
from samaritan.engine.extract.phonebreaks import break_dates, break_measurements

# Folding lives in phonefold; the age reader imports it from here.
from samaritan.engine.extract.phonefold import phone_text as phone_text

# Words between the groups of one number ("area code 213, then 555, last four 0142"): read as
# separators. Masked in the window with \x01, which counts as a separator of no length.
FILLER_WORDS = (
    r"area\s+code|code|then|and|last\s+(?:four|4|digits?)|first\s+(?:three|3)|next\s+(?:three|3|four|4)|"
    r"followed\s+by|dash|dot|hyphen|space|y|guion|punto|luego|despues|ext"
)
_FILLER = re.compile(rf"\b(?:{FILLER_WORDS})\b")
_TOKEN = re.compile(r"[a-z]+|[0-9]+")
_WORDS = re.compile(WORD_ALTERNATION)
_WORDS_FULL = re.compile(rf"(?:{WORD_ALTERNATION})+")
# A price sign or an id label before a number; "$" between digits is a separator ("773$240").
PREFIX_EXCLUDE = re.compile(
    r"(?<![0-9a-z])[$#]\s*$|\b(?:no|num|ad|id|ref|order|item|sku|lot|zip|apt|unit|vin|room)\W{0,2}$"
)
# A unit after a number makes it a measure, not a phone group. A rate's unit followed by a
# number is that number's ("0142 roses 150"), and leaves the one before alone.
_SUFFIX_EXCLUDE = re.compile(
    r"^\s*(?:%|lbs?\b|kg\b|cm\b|mm\b|in\b(?!\s*[a-z])|inch|ft\b|am\b|pm\b|a\.m|p\.m|miles?\b|mi\b|"
    r"sq|st\b|nd\b|rd\b|th\b|yo\b|y/?o\b|years?|:[0-9]|"
    r"(?:\$|hrs?\b|hours?\b|min|k\b|roses|usd|dollars?|bucks)(?!\s*\$?\s*[0-9]))"
)
_TIME_BEFORE = re.compile(r"[0-9]:$")
# Feet and inches ("5'6", 34"): a quote after one or two digits; after more it is a separator.
_QUOTE_AFTER = re.compile(r"\s*['\"’”]")
# Between two groups of one number: separators and at most a few junk characters.
GAP_MAX = 6


# Printable ASCII and the line break: where the original text is only these, the folded text is
# the lower-cased text itself.
_NOT_PLAIN_TEXT = re.compile(r"[^\n\x20-\x7e]")
_DIGIT_GROUP = re.compile(r"[0-9]+")
_ANY_DIGIT = re.compile(r"[0-9]")


def reads_plainly(
    text: str, folded: str, offs: Sequence[int], w_start: int, w_end: int, start: int, end: int, plus_one: bool = False
) -> bool:
    """Would `atoms` and the full reader read the window folded[w_start:w_end] as one ten-digit
    number folded[start:end], written plainly (three groups or one run), and nothing else? Then
    the plain reader (phones._plain_number) finds what the full one does, as it does in an
    all-ASCII ad. Any rule of the full reader that could read the window otherwise sends it
    there: other than printable ASCII in the number, a "+" just before it in the original text
    (which the full reader reads there), a leading 1 or "+", another digit in the window, a
    group the full reader would not take as a digit group (a decimal, a time, a price or a unit
    glued on), a number word or a word of look-alike letters. With `plus_one` the number is
    "+1" and ten digits, folded[start] the "1" right after the "+" (in both texts)."""
    o_start, o_end = offs[start], offs[end - 1] + 1
    # Characters around the number (emoji, keycap marks after it) are read alike by both readers:
    # the plain one takes the marks after the last digit as the full one does (phones._plain_number).
    if o_end - o_start != end - start or _NOT_PLAIN_TEXT.search(text, o_start, o_end):
        return False
    if plus_one:
        if folded[start - 1 : start] != "+" or text[o_start - 1 : o_start] != "+":
            return False
    elif "+" in folded[max(0, start - 2) : start] or "+" in text[max(0, o_start - 2) : o_start]:
        return False
    if _ANY_DIGIT.search(folded, w_start, start) or _ANY_DIGIT.search(folded, end, w_end):
        return False
    grouped = None if plus_one else _GROUPED.fullmatch(folded, start, end)
    if grouped is not None:
        # Three groups apart by these separators are each read as digits with nothing glued on
        # (`_digit_atom`) unless the first has a prefix, a time or a minus before it, or the last
        # a unit after it: no prefix, unit, time or decimal reads digits beside these separators.
        at = grouped.start(1)
        prefix = folded[max(0, at - 6) : at]
        if prefix_excluded(prefix) or _read_otherwise(folded, at, prefix, []):
            return False
        if _tail_glued(folded, *grouped.span(3)):
            return False
    else:
        groups = [m.span() for m in _DIGIT_GROUP.finditer(folded, start, end)]
        if [b - a for a, b in groups] not in (([1, 3, 3, 4], [1, 10], [11]) if plus_one else ([3, 3, 4], [10])):
            return False
        before: list[Atom] = []
        for a, b in groups:
            atom = _digit_atom(folded, a, b, before)
            if atom.kind != "digits" or atom.glued:
                return False
            before.append(atom)
    # Letter tokens (runs of a-z; fillers masked): none may be number words, and look-alike
    # letters only as written: "at" is a word that breaks a number, as "call" is (`_letter_atom`
    # reads it so), "SSS" may be digits.
    window = mask_fillers(folded[w_start:w_end])
    lookalike = False
    for token in _LETTER_TOKEN.findall(window):
        if _split_words(token) is not None:
            return False
        lookalike = lookalike or set(token) <= _LOOKALIKE_LOWER
    if lookalike:
        for m in _LETTER_TOKEN.finditer(window):
            if set(m.group()) <= _LOOKALIKE_LOWER and _written_as_digits(
                text, offs, w_start + m.start(), w_start + m.end()
            ):
                return False
    return True


# A number in three groups as `phones._PLAIN` writes them (the separators it allows).
_GROUPED = re.compile(r"([0-9]{3})(?:\)[ .\-]?|[ .\-])([0-9]{3})[ .\-]([0-9]{4})")


def _written_as_digits(text: str, offs: Sequence[int], start: int, end: int) -> bool:
    return all(text[offs[k]] in LOOKALIKE_DIGITS for k in range(start, end))


_LETTER_TOKEN = re.compile(r"[a-z]+")
_NO_DIGITS = str.maketrans("", "", "0123456789")
_FEWEST_DIGITS = 8  # the full reader asks `phonenumbers` about no shorter run (phones._numbers_in_run)


def may_hold_phone(text: str, folded: str, offs: Sequence[int], w_start: int, w_end: int) -> bool:
    """Could the atoms of folded[w_start:w_end] write the eight digits the shortest number
    needs? An upper bound, far cheaper than reading them ("2 bed 2 bath ... 1 car" cannot): its
    digits, at most three a number word ("two hundred fifty five" writes 255) and one a letter
    of a word whose every letter, as written, looks like a digit. Filler words are left in:
    they only add to the bound."""
    window = folded[w_start:w_end]
    count = len(window) - len(window.translate(_NO_DIGITS))
    if count >= _FEWEST_DIGITS:
        return True
    for m in _LETTER_TOKEN.finditer(window):
        token = m.group()
        split = _split_words(token)
        bound = 3 * len(split) if split is not None else 0
        # `_letter_atom` reads the letters as written: "at" is no digits, "SSS" is three.
        if (
            len(token) > bound
            and set(token) <= _LOOKALIKE_LOWER
            and _written_as_digits(text, offs, w_start + m.start(), w_start + m.end())
        ):
            bound = len(token)
        count += bound
        if count >= _FEWEST_DIGITS:
            return True
    return False


def mask_fillers(window: str) -> str:
    return _FILLER.sub(lambda m: "\x01" * len(m.group()), window) if _FILLER.search(window) else window


def atoms(text: str, folded: str, offs: Sequence[int], w_start: int, w_end: int) -> list[Atom]:
    """The window folded[w_start:w_end] as a row of atoms (words composed: "fifty five" is one)."""
    window = mask_fillers(folded[w_start:w_end])
    out: list[Atom] = []
    words = False
    for m in _TOKEN.finditer(window):
        start, end = m.start() + w_start, m.end() + w_start
        token = m.group()
        if token.isdigit():
            out.append(_digit_atom(folded, start, end, out))
            continue
        split = _split_words(token)
        if split is not None and not _glued_lookalike(text, offs, folded, start, end):
            words = True
            for value, kind, a, b in split:
                out.append(Atom(str(value), start + a, start + b, kind != "weak", "word:" + kind))
        elif set(token) <= _LOOKALIKE_LOWER:
            out.append(_letter_atom(text, offs, start, end, token, folded))
        else:
            out.append(Atom("", start, end, False, "break"))
    row = _compose_words(out, window, w_start) if words else out
    if not words:
        strengthen(row)
    for k in range(1, len(row)):
        row[k].joined = gap_ok(window, row[k - 1].end - w_start, row[k].start - w_start, GAP_MAX)
    if len(row) >= 3:
        break_dates(row)
        break_measurements(row, folded, w_start, w_end)
    return row


_SPLITS: dict[str, tuple[tuple[int, str, int, int], ...] | None] = {}


def _split_words(token: str) -> tuple[tuple[int, str, int, int], ...] | None:
    """A token made only of number words ("fiftyfive") -> (value, kind, start, end) of each;
    None if it is anything else. Tokens repeat across ads, so each is worked out once."""
    split = _SPLITS.get(token, ())
    if split != ():
        return split
    if _WORDS_FULL.fullmatch(token):
        split = tuple((*WORD_VALUES.get(w.group(), (0, "hundred")), w.start(), w.end()) for w in _WORDS.finditer(token))
    else:
        split = None
    if len(_SPLITS) < 100_000:
        _SPLITS[token] = split
    return split


# A ten-digit North American number written plainly (3-3-4 or one run), as the plain reader
# (phones._PLAIN) takes it: ending at a group, or starting at one.
_PLAIN_PHONE_END = re.compile(r"(?<![0-9])\(?[2-9][0-9]{2}\)?[ .\-]?[0-9]{3}[ .\-]?[0-9]{4}$")
_PLAIN_PHONE_START = re.compile(r"[2-9][0-9]{2}\)?[ .\-]?[0-9]{3}[ .\-]?[0-9]{4}(?![0-9])")


def _digit_atom(folded: str, start: int, end: int, before: list[Atom]) -> Atom:
    prefix = folded[max(0, start - 6) : start]
    head = prefix_excluded(prefix)
    tail = _tail_glued(folded, start, end)
    if _read_otherwise(folded, start, prefix, before) or ((head or tail) and end - start < 6):
        return Atom("", start, end, False, "break")
    # A long run with a price or unit glued on ("$1507025550142", "7025550142150roses"): the
    # number may be inside it, but not at the glued end.
    return Atom(folded[start:end], start, end, True, "digits", glued="head" if head else "tail" if tail else "")


def _read_otherwise(folded: str, start: int, prefix: str, before: list[Atom]) -> bool:
    """The digit group at `start` (`prefix` the six characters before it) is a time's minutes, a
    decimal's fraction or a negative number."""
    return bool(prefix[-1:] == ":" and _TIME_BEFORE.search(prefix)) or (
        prefix[-1:] in ".-" and _is_decimal_part(folded, start, before)
    )


def prefix_excluded(prefix: str) -> bool:
    """`PREFIX_EXCLUDE.search(prefix)`, without the search where a digit sits second to last (as
    before the middle and last groups of "702-555-0142"): neither a sign (its look-behind) nor a
    label (followed by at most two non-word characters) can end there."""
    if "0" <= prefix[-2:-1] <= "9":
        return False
    return PREFIX_EXCLUDE.search(prefix) is not None


# The characters `_SUFFIX_EXCLUDE` may read first after its leading spaces.
_SUFFIX_FIRST = frozenset("%:$abcdefghijklmnopqrstuvwxyz")


def _tail_glued(folded: str, start: int, end: int) -> bool:
    """A unit, a rate or a quote after the digit group folded[start:end] (a measure, not a phone group)."""
    following = folded[end : end + 8]
    # The suffix pattern is asked only where what follows the spaces may start it (most groups
    # are followed by a separator and digits).
    tail = bool(following) and (
        (following.lstrip()[:1] in _SUFFIX_FIRST and _SUFFIX_EXCLUDE.match(following) is not None)
        or (end - start <= 2 and _QUOTE_AFTER.match(following) is not None)
    )
    if tail and end - start in (4, 10) and _PLAIN_PHONE_END.search(folded, max(0, end - 16), end):
        # The last group of a plainly written number: a word after it that reads as a unit
        # ("... 0142 in", "... 0142 mi") does not make the group a measure.
        return False
    return tail


def _glued_lookalike(text: str, offs: Sequence[int], folded: str, start: int, end: int) -> bool:
    """Letters glued to a digit that all look like digits ("TO2", "Ol23"): read as digits, not
    as the words they happen to spell ("to", "ol")."""
    touches = (start > 0 and folded[start - 1].isdigit()) or (end < len(folded) and folded[end].isdigit())
    return touches and all(text[offs[k]] in LOOKALIKE_DIGITS for k in range(start, end))


def _letter_atom(text: str, offs: Sequence[int], start: int, end: int, token: str, folded: str) -> Atom:
    original = [text[offs[k]] for k in range(start, end)]
    digits = [LOOKALIKE_DIGITS.get(c) for c in original]
    if None in digits or not _all_lookalike_run(folded, start, end):
        return Atom("", start, end, False, "break")
    # A whole group of letters ("SSS", "OlAZ") is a disguise when written in capitals or as a
    # run of O/l/I no word makes; a lone lower-case word ("is", "so") only counts where it
    # touches a digit (worked out in `strengthen`).
    strong = (len(token) >= 3 and not "".join(original).islower()) or (len(token) >= 4 and set(token) <= set("oli"))
    touches = (start > 0 and folded[start - 1].isdigit()) or (end < len(folded) and folded[end].isdigit())
    if not strong and not touches and len(token) >= 3:  # a word apart: "duo 500, solo 280" holds no 5010
        return Atom("", start, end, False, "break")
    return Atom("".join(digits), start, end, strong, "letters")  # type: ignore[arg-type]


_LOOKALIKE_LOWER = frozenset(c.lower() for c in LOOKALIKE_DIGITS)


def _all_lookalike_run(folded: str, start: int, end: int) -> bool:
    """The letters of the whole word around folded[start:end] all look like digits: "1hgcm826"
    (an id) holds letters that do not, so none of its letters is a digit."""
    lo, hi = start, end
    while lo > 0 and folded[lo - 1].isalnum():
        lo -= 1
    while hi < len(folded) and folded[hi].isalnum():
        hi += 1
    return all(c.isdigit() or c in _LOOKALIKE_LOWER for c in folded[lo:hi])


def _is_decimal_part(folded: str, start: int, before: list[Atom]) -> bool:
    """A negative number ("-74") or the fraction of a decimal ("40.7128"): not a phone group. A
    dash before a plainly written number ("- 702-555-0142" run together) is no minus sign."""
    if start >= 1 and folded[start - 1] == "-" and (start == 1 or folded[start - 2].isspace()):
        return _PLAIN_PHONE_START.match(folded, start) is None
    if start >= 2 and folded[start - 1] == "." and folded[start - 2].isdigit() and before:
        previous = before[-1]
        fraction = next((i for i, c in enumerate(folded[start:]) if not c.isdigit()), len(folded) - start)
        return previous.end == start - 1 and previous.end - previous.start < 3 and fraction >= 2
    return False


def _compose_words(row: list[Atom], window: str, w_start: int) -> list[Atom]:
    """Number words next to each other become the groups they write ("fifty five" -> "55")."""
    out: list[Atom] = []
    i = 0
    while i < len(row):
        if not row[i].kind.startswith("word:"):
            out.append(row[i])
            i += 1
            continue
        j = i + 1
        while (
            j < len(row)
            and row[j].kind.startswith("word:")
            and _word_gap(window[row[j - 1].end - w_start : row[j].start - w_start])
        ):
            j += 1
        words = row[i:j]
        for digits, a, b in compose([(int(w.digits), w.kind[5:]) for w in words]):
            strong = any(w.strong for w in words[a:b])
            kind = "word" if digits else "break"
            out.append(Atom(digits, words[a].start, words[b - 1].end, strong and bool(digits), kind))
        i = j
    strengthen(out)
    return out


def _word_gap(gap: str) -> bool:
    """Words of one number: run together, or apart by spaces, a hyphen or a filler ("y", "and")."""
    return len(gap.replace("\x01", "")) <= 2 and all(c in " -\x01" for c in gap)


def strengthen(row: list[Atom]) -> None:
    """Letters for digits touching a real digit ("7O2", "Zl3"), and a homophone run together
    with a number ("zerofor"), are as strong as what they touch."""
    for k, atom in enumerate(row):
        if atom.kind not in ("letters", "word") or atom.strong or not atom.digits:
            continue
        near = ("digits",) if atom.kind == "letters" else ("digits", "word")
        before = k > 0 and row[k - 1].end == atom.start and row[k - 1].kind in near and row[k - 1].strong
        after = k + 1 < len(row) and row[k + 1].start == atom.end and row[k + 1].kind in near and row[k + 1].strong
        atom.strong = before or after


def gap_ok(window: str, start: int, end: int, gap_max: int) -> bool:
    """Between two groups of one number: separators only, at most `gap_max` of them (fillers free)."""
    gap = window[start:end]
    if _ALNUM.search(gap):
        return False
    return len(gap) - gap.count("\x01") <= gap_max


_ALNUM = re.compile(r"[^\W_]")
