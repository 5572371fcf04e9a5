"""Phone reading's shortcuts answer what the checks they stand in for answer.

Each shortcut proves, more cheaply, the answer of a longer check (folding run by run, the plain
reader's sameness check, a window's atoms); these property tests build text from the pieces
that make the answers differ (emoji that fold to themselves and characters that do not, control
characters, lone surrogates, number words, look-alike letters, units, signs) and compare, from
a cold cache and a warm one.
"""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samaritan.engine.extract import phonefold, phones, phonetext, phonewindows
from samaritan.engine.extract.phonefold import phone_text
from samaritan.engine.normalize import lower_in_place

_PROPERTY = settings(derandomize=True, max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters whose phone folding is their lower case (emoji, quotes, signs) and characters
# whose folding is not (accents, look-alikes, spaces, digits of other scripts, marks that
# vanish or split, controls, a lone surrogate), and plain text around them.
_SAME = ["🔥", "💋 ", "✨", "❤", "•", "—", "“", "”", "©", "€", "👍🏽", "🇺🇸", "Ω"]
_OTHER = ["é", "É", "ñ", "…", "\xa0", "Σ", "İ", "½", "²", "➡️", "٢", "５", "’", "\u200b", "\ud83d", "\x00", "\t"]
_OTHER += ["\r", "\x0b", "\x0c", "\x7f", "\x01"]
_PLAIN = ["call ", "me", " ", "702", "-", "?", "\n", "A", "%", "&"]


@_PROPERTY
@given(
    st.lists(st.sampled_from(_SAME + _OTHER + _PLAIN), max_size=40),
    st.booleans(),
    st.sampled_from([(0, 0), (2, 1), (phonefold._FEW_RUNS, phonefold._RUNS_A_CHANGE)]),
    st.booleans(),
)
def test_folding_the_whole_text_answers_what_folding_run_by_run_does(
    pieces: list[str], cold: bool, thresholds: tuple[int, int], given_lowered: bool
) -> None:
    """`_fold_whole` (the runs met before, or each changing character replaced at once) gives
    `_fold_text`'s folding, offsets and sameness, whichever way the thresholds send it."""
    text = "".join(pieces)
    if text.isascii():
        return
    if cold:
        phonefold._SAME_RUNS.clear()
    lowered = lower_in_place(text)
    expected_text, expected_offsets = phonefold._fold_text(phonefold._marked(text), lowered)
    saved = phonefold._FEW_RUNS, phonefold._RUNS_A_CHANGE
    phonefold._FEW_RUNS, phonefold._RUNS_A_CHANGE = thresholds
    try:
        for _ in range(2):  # and with what the first call learned
            folded, offsets = phonefold._fold_whole(text, lowered if given_lowered else None)
            assert folded == expected_text
            assert list(offsets) == list(expected_offsets)
            assert isinstance(offsets, range) == isinstance(expected_offsets, range)
            if given_lowered:
                assert (folded is lowered) == (expected_text is lowered)
    finally:
        phonefold._FEW_RUNS, phonefold._RUNS_A_CHANGE = saved


def test_text_of_characters_that_fold_to_themselves_is_the_lower_cased_text() -> None:
    text = "Call ✨ 702 555 0142 🔥 Tonight"
    lowered = lower_in_place(text)
    folded, offs = phone_text(text, lowered)
    assert folded is lowered and offs == range(len(text))
    folded, offs = phone_text(text + " é", lower_in_place(text + " é"))
    assert folded.endswith(" e") and offs == range(len(text) + 2)


def _reads_plainly_group_by_group(
    text: str, folded: str, offs: Sequence[int], w_start: int, w_end: int, start: int, end: int, plus_one: bool
) -> bool:
    """`phonetext.reads_plainly` as it was: every digit group read as an atom, every token of
    the window looked at."""
    o_start, o_end = offs[start], offs[end - 1] + 1
    if o_end - o_start != end - start or phonetext._NOT_PLAIN_TEXT.search(text, o_start, o_end):
        return False
    if plus_one:
        if folded[start - 1 : start] != "+" or text[o_start - 1 : o_start] != "+":
            return False
    elif "+" in folded[max(0, start - 2) : start] or "+" in text[max(0, o_start - 2) : o_start]:
        return False
    if phonetext._ANY_DIGIT.search(folded, w_start, start) or phonetext._ANY_DIGIT.search(folded, end, w_end):
        return False
    groups = [m.span() for m in phonetext._DIGIT_GROUP.finditer(folded, start, end)]
    if [b - a for a, b in groups] not in (([1, 3, 3, 4], [1, 10], [11]) if plus_one else ([3, 3, 4], [10])):
        return False
    before: list[phonetext.Atom] = []
    for a, b in groups:
        atom = phonetext._digit_atom(folded, a, b, before)
        if atom.kind != "digits" or atom.glued:
            return False
        before.append(atom)
    for m in phonetext._TOKEN.finditer(phonetext.mask_fillers(folded[w_start:w_end])):
        token = m.group()
        if not token.isalpha():
            continue
        if phonetext._split_words(token) is not None:
            return False
        if set(token) <= phonetext._LOOKALIKE_LOWER and phonetext._written_as_digits(
            text, offs, w_start + m.start(), w_start + m.end()
        ):
            return False
    return True


# Around and inside a plainly written number: what could glue a unit, a price, a time, a sign
# or a decimal to a group, number words, look-alike letters, fillers, and the separators the
# plain pattern allows or not.
_LEADS = ["", "✨ ", "📞", "é ", "call ", "at ", "no ", "$", "# ", "12:", "1.", "-", " -", "+", "+1 ", "1-", "Ol "]
_LEADS += ["SSS ", "one ", "area code ", "5 ", "40."]
_GROUP_GAPS = ["", " ", "-", ".", ")", ") ", ").", ")-", "  ", ":", "/", ",", ") -", "$"]
_TRAILS = ["", " ok", " am", " in", " lbs", " roses", " $150", "%", "'", " 150", " two", " oh", "st", " OlO", "✨"]
_TRAILS += [" hr", ":30", ".5", " then 5", "\ufe0f", " kg", " y/o"]


@settings(_PROPERTY, max_examples=3000)
@given(
    st.sampled_from(_LEADS),
    st.sampled_from(["(702", "702", "216", "1702", "+1702", "70", "7020", "702", "102", "012", "(102"]),
    st.sampled_from(_GROUP_GAPS),
    st.sampled_from(["555", "55", "5550", "555", "555"]),
    st.sampled_from(_GROUP_GAPS),
    st.sampled_from(["0142", "014", "01425", "0142", "0142"]),
    st.sampled_from(_TRAILS),
    st.sampled_from(["", " bye", " ✨"]),
)
def test_reading_plainly_from_the_outer_groups_is_reading_every_group(
    lead: str, first: str, gap1: str, second: str, gap2: str, last: str, trail: str, after: str
) -> None:
    text = f"hi {lead}{first}{gap1}{second}{gap2}{last}{trail}{after}"
    folded, offs = phone_text(text, lower_in_place(text))
    # Any span from the first digit of the number to its last (the gaps as written), in the
    # whole text: the shortcut must hold beyond the plain pattern's matches.
    digits = [k for k, c in enumerate(folded) if c.isdigit()]
    span = (digits[0], digits[-1] + 1) if digits else (0, 0)
    if span[1] > span[0]:
        for plus in (False, True):
            expected = _reads_plainly_group_by_group(text, folded, offs, 0, len(folded), *span, plus)
            assert phonetext.reads_plainly(text, folded, offs, 0, len(folded), *span, plus) == expected
    for window in phones.candidate_windows(folded):
        w_start, w_end, core_start, core_end = window
        for m in phones._PLAIN.finditer(folded, core_start, core_end):
            plus_one = m.group(1) is not None
            one = m.start() + 1 if plus_one and m.group(1)[0] == "+" else m.start()
            if one == 0:
                continue
            for plus in {plus_one, False}:
                at = one if plus else m.start()
                expected = _reads_plainly_group_by_group(text, folded, offs, w_start, w_end, at, m.end(), plus)
                assert phonetext.reads_plainly(text, folded, offs, w_start, w_end, at, m.end(), plus) == expected


def test_reading_plainly_from_the_outer_groups_keeps_what_the_first_and_last_groups_rule_out() -> None:
    """A minus sign, a time, a decimal point, a price or an id label before the first group, a
    unit after the last: ruled out (or not) as reading every group rules them out."""
    for text, number in [
        ("hi -102-555-0142 ok", "102-555-0142"),
        ("hi -702-555-0142 ok", "702-555-0142"),
        ("at 12:702-555-0142", "702-555-0142"),
        ("at 40.702 555 0142", "702 555 0142"),
        ("hi $702-555-0142", "702-555-0142"),
        ("hi # 702.555.0142", "702.555.0142"),
        ("ad no 702-555-0142", "702-555-0142"),
        ("hi 702-555-0142 am", "702-555-0142"),
        ("hi 102-555-0142 lbs ✨", "102-555-0142"),
        ("hi 702) 555-0142 roses", "702) 555-0142"),
    ]:
        folded, offs = phone_text(text, lower_in_place(text))
        start = folded.index(number)
        args = (text, folded, offs, 0, len(folded), start, start + len(number), False)
        assert phonetext.reads_plainly(*args) == _reads_plainly_group_by_group(*args), text


# Pieces of the text around a digit group: digits, signs, labels and units, spaces of every
# kind, separators, masks, a digit of another script.
_EDGE_BITS = ["0", "7", "42", "$", "#", "%", ":", "'", '"', "’", "-", ".", "/", "(", ")", " ", "  ", "\xa0", "\u2003"]
_EDGE_BITS += ["\x1c", "\t", "\n", "\x01", "_", "٢", "é", "no", "num", "unit", "id", "a", "lbs", "in", "am"]
_EDGE_BITS += ["a.m", "y/o"]
_EDGE_BITS += ["roses", "k", "hr", "min", "st", "years", "x", "z", "mi", "usd"]


@settings(_PROPERTY, max_examples=3000)
@given(st.lists(st.sampled_from(_EDGE_BITS), max_size=6))
def test_the_prefix_shortcut_is_the_prefix_search(pieces: list[str]) -> None:
    prefix = "".join(pieces)[-6:]
    assert phonetext.prefix_excluded(prefix) == (phonetext.PREFIX_EXCLUDE.search(prefix) is not None)


@settings(_PROPERTY, max_examples=3000)
@given(st.lists(st.sampled_from(_EDGE_BITS), max_size=6), st.sampled_from(["7", "70", "702", "0142", "7025550142"]))
def test_the_suffix_shortcut_is_the_suffix_match(pieces: list[str], group: str) -> None:
    folded = "call " + group + "".join(pieces)
    start, end = 5, 5 + len(group)
    following = folded[end : end + 8]
    expected = bool(following) and (
        phonetext._SUFFIX_EXCLUDE.match(following) is not None
        or (end - start <= 2 and phonetext._QUOTE_AFTER.match(following) is not None)
    )
    if expected and end - start in (4, 10) and phonetext._PLAIN_PHONE_END.search(folded, max(0, end - 16), end):
        expected = False
    assert phonetext._tail_glued(folded, start, end) == expected


def _numbers_in_run_every_start(
    run: list[phonetext.Atom], folded: str, offs: Sequence[int], text: str, regions: tuple[str, ...]
) -> list[phones.PhoneMatch]:
    """`phones._numbers_in_run` as it was: every strong atom tried as a start."""
    found = []
    nanp_only = phones.NANP_ONLY[regions]
    for i in range(len(run)):
        if not run[i].strong:
            continue
        plus = "+" in folded[max(0, run[i].start - 2) : run[i].start]
        digits = ""
        letters = 0
        for j in range(i, len(run)):
            digits += run[j].digits
            letters += run[j].kind == "letters"
            if len(digits) > phones._MAX_RUN_DIGITS:
                break
            if not run[j].strong or len(digits) < 8:
                continue
            trunk = digits[0] == "0" and phonewindows.trunk_shaped(run, i, j, folded)
            where = phones.NANP_FIRST[regions] if phonewindows.nanp_shaped(run, i, j) else regions
            for lead, trail in phonewindows.cuts(run[i], run[j], digits):
                cut = lead + trail
                if nanp_only and not plus and not trunk and not 10 <= len(digits) - cut <= 11:
                    continue
                e164 = phones.validate(digits[lead : len(digits) - trail], where, plus and not lead, trunk and not cut)
                if e164:
                    odd = phonewindows.grouped_oddly(run, i, j, lead, len(digits) - cut, e164)
                    key = (cut > 0, odd, letters, cut, -(len(digits) - cut), run[i].start)
                    found.append((key, i, j, lead, trail, e164))
                    break
    found.sort(key=lambda f: f[0])
    taken: list[tuple[int, int]] = []
    out: list[phones.PhoneMatch] = []
    for _, i, j, lead, trail, e164 in found:
        if any(i <= b and a <= j for a, b in taken):
            continue
        taken.append((i, j))
        out.append(phones._match(run, i, j, lead, trail, e164, folded, offs, text))
    return out


_RUN_BITS = ["702", "555", "0142", "7", "0", "5550142", "7025550142", "447700900123", "0491", "570", "156", "2016"]
_RUN_BITS += ["seven", "oh", "two", "fifty", "five", "to", "for", "O", "l", "SSS", "Ol", "$", "150", "roses", "am"]
_RUN_BITS += [" ", "-", ".", " - ", "/", ":", "+", "+1 ", "(", ")", " and ", " call ", "\n", "✨"]


@settings(_PROPERTY, max_examples=2000)
@given(st.lists(st.sampled_from(_RUN_BITS), max_size=16), st.sampled_from([("US",), ("GB", "US"), ("AU",), ("IN",)]))
def test_runs_read_from_the_starts_with_eight_digits_left_read_every_start(
    pieces: list[str], regions: tuple[str, ...]
) -> None:
    text = "hi " + "".join(pieces) + " bye"
    folded, offs = phone_text(text, lower_in_place(text))
    row = phonetext.atoms(text, folded, offs, 0, len(folded))
    runs: list[list[phonetext.Atom]] = []
    for atom in row:
        if atom.digits and runs and runs[-1] and atom.joined:
            runs[-1].append(atom)
        else:
            runs.append([atom] if atom.digits else [])
    for run in runs:
        if run:
            expected = _numbers_in_run_every_start(run, folded, offs, text, regions)
            assert phones._numbers_in_run(run, folded, offs, text, regions) == expected
