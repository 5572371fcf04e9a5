"""The extractors' shortcuts read exactly what the long way reads.

Each shortcut (phone folding by runs, the plain phone reader in ads with emoji, the place gate)
skips work only where the full reader would find the same thing; these property tests build
text from the pieces that make the readers disagree (emoji, variation selectors, digits of other
scripts, entities, number words, look-alike letters, units, signs, state names) and compare.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samaritan.engine.extract import ages, ages_context, phonefold, phones, phonetext, places, prices
from samaritan.engine.extract.phonefold import phone_text
from samaritan.engine.normalize import lower_in_place

_PROPERTY = settings(derandomize=True, max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces that fold differently: emoji with and without variation selectors and keycaps, digits
# of other scripts, enclosed and full-width digits, accented and look-alike letters, zero-width
# and control characters, curly quotes, tabs and carriage returns.
_ODD = [
    "📱",
    "☎️",
    "❤️",
    "7️⃣",
    "✨",
    "٢",
    "३",
    "➋",
    "①",
    "５",
    "é",
    "Ｏ",
    "ο",
    "\u200b",
    "\x00",
    "’",
    "\t",
    "\r",
    "ß",
    "İ",
]
_PLAIN_BITS = ["call ", "text ", "me ", "at ", " ", "-", ".", "(", ")", "+1 ", "$", "?", "\n", "A", "Z"]


def _reference(text: str) -> tuple[str, list[int]]:
    """phone_text the long way: every character through the table, one at a time (an all-ASCII
    text is read as it is, lower-cased)."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    folded, offs = [], []
    for k, char in enumerate(text):
        value = char.translate(phonefold._TABLE)
        folded.append(value)
        offs.extend([k] * len(value))
    return "".join(folded), offs


@_PROPERTY
@given(st.lists(st.sampled_from(_ODD + _PLAIN_BITS + ["702", "555", "0142", "Ol23"]), max_size=30))
def test_phone_folding_by_runs_is_folding_every_character(pieces: list[str]) -> None:
    text = "".join(pieces)
    if "&#" in text or "%3" in text:
        return
    folded, offs = phone_text(text, lower_in_place(text))
    expected, expected_offs = _reference(text)
    assert folded == expected
    assert list(offs) == expected_offs
    # A range means every character folded to one: only then may readers skip the offsets.
    assert isinstance(offs, range) == (len(expected) == len(text) and expected_offs == list(range(len(text))))


def test_phone_folding_keeps_the_lower_cased_text_when_nothing_else_changes() -> None:
    """Emoji fold to themselves: the folded text is the ad's lower-cased text itself, so the
    phone and age readers reuse the ad's cue scan (they rescan only other text)."""
    text = "Call ✨ 702 555 0142 ✨ Tonight"
    lowered = lower_in_place(text)
    assert phone_text(text, lowered)[0] is lowered
    assert phone_text("Call ٧٠٢ 555 0142", lower_in_place("Call ٧٠٢ 555 0142"))[0] == "call 702 555 0142"


# Around a plainly written number: what the full reader treats otherwise (a sign, a unit, a
# time, a price, a number word, look-alike letters, a leading 1) and what it ignores.
_BEFORE = [
    "",
    " ",
    "call ",
    "-",
    " -",
    ".",
    "+",
    "+ ",
    "1 ",
    "1-",
    "+1 ",
    "+1-",
    "+1",
    "+ 1 ",
    "📞",
    "📞+1 ",
    "☎️ ",
    "＋1 ",
    "$",
    "#",
    "no ",
    "12:",
    "one ",
    "to ",
    "Ol ",
    "SSS ",
]
_AFTER = [
    "",
    "\ufe0f",
    "\u20e3",
    "✨",
    " ✨",
    " now",
    " am",
    " pm",
    " in",
    " lbs",
    " hr",
    " roses",
    "%",
    "'",
    " 150",
    " two",
    " oh",
    "st",
    " OlO",
]
_NUMBERS = [
    "702-555-0142",
    "702 555 0142",
    "702.555.0142",
    "(702) 555-0142",
    "7025550142",
    "702 5550142",
    "216-555-0100",
]


@_PROPERTY
@given(
    st.sampled_from([*_ODD, "🔥", "💋 "]),
    st.sampled_from(_BEFORE),
    st.sampled_from(_NUMBERS),
    st.sampled_from(_AFTER),
    st.sampled_from([*_ODD, " ", "\n"]),
    st.booleans(),
    st.sampled_from([("US",), ("GB", "US"), ("AU",)]),
)
def test_the_plain_reader_in_an_ad_with_emoji_reads_what_the_full_reader_does(
    lead: str, before: str, number: str, after: str, tail: str, odd_first: bool, regions: tuple[str, ...]
) -> None:
    text = f"{lead}hi {before}{number}{after}{tail} bye" if odd_first else f"hi {before}{number}{after}{tail} {lead}"
    folded, offs = phone_text(text, lower_in_place(text))
    for window in phones.candidate_windows(folded):
        plain = phones._plain_if_same(text, folded, offs, window, regions)
        if plain is None:
            continue
        full = phones._phones_in_window(text, folded, offs, window[0], window[1], regions)
        assert full == [plain], (text, window)


def test_the_plain_reader_takes_a_plus_one_number_or_an_emoji_touching_it_in_an_ad_with_emoji() -> None:
    """ "+1" before the number, an emoji right before it or a variation selector after it: still
    plainly written, read by the plain reader (the full one costs 30-90 us a window), as the
    full reader reads it."""
    for text, span in [
        ("✨ call +1 702 555 0142 ok", "+1 702 555 0142"),
        ("call 📞702-555-0142 ok", "702-555-0142"),
        ("✨ call (702) 555-0142☎️ ok", "(702) 555-0142"),
        ("✨ call 702.555.0142\ufe0f ok", "702.555.0142\ufe0f"),
        ("✨ text me at 702 555 0142 ok", "702 555 0142"),
    ]:
        folded, offs = phone_text(text, lower_in_place(text))
        (window,) = phones.candidate_windows(folded)
        plain = phones._plain_if_same(text, folded, offs, window, ("US",))
        assert plain is not None and plain.e164 == "+17025550142", text
        assert text[plain.start : plain.end] == span
        assert phones.find_phones(text) == [plain]


def test_the_plain_reader_is_not_taken_where_the_full_reader_reads_otherwise() -> None:
    """A number word or capitals that look like digits before the number: the full reader
    decides (it reads a longer one)."""
    for text in ["✨ at one 7025550142", "✨ call ZA 7025550142"]:
        folded, offs = phone_text(text, lower_in_place(text))
        for start, end, core_start, core_end in phones.candidate_windows(folded):
            m = phones._PLAIN.search(folded, core_start, core_end)
            assert m is not None
            assert not phonetext.reads_plainly(text, folded, offs, start, end, *m.span())


@pytest.mark.parametrize("text", ["-702-555-0142 ok", "call !! -702-555-0142", "702-555-0142 am", "702 555 0142 in"])
@pytest.mark.parametrize("lead", ["", "✨ "])
@pytest.mark.parametrize("after", ["", " $150"])
def test_a_dash_before_or_a_unit_word_after_a_plain_number_keeps_it(text: str, lead: str, after: str) -> None:
    """The two readers read a plainly written number the same: a dash run on before it is no
    minus sign, a word after it that reads as a unit ("am", "in") makes it no measure. So the
    number is read with or without an emoji in the ad, and with a price after it (which sends
    the window to the full reader)."""
    assert [p.e164 for p in phones.find_phones(lead + text + after)] == ["+17025550142"]


@pytest.mark.parametrize("text", ["-74.0060", "40.7128, -74.0060", "-702 ok", "5 ft 6 in", "150 roses", "5550142 in"])
def test_a_minus_sign_or_a_measure_is_still_no_phone(text: str) -> None:
    assert phones.find_phones(f"at {text} now") == []


_CITIES = [
    "Dallas",
    "Kansas City",
    "Phoenix",
    "Springfield",
    "Mobile",
    "Normal",
    "New York",
    "Austin",
    "Salem",
    "Aurora",
]
_STATES = ["TX", "MO", "AZ", "IL", "NY", "Tx", "Texas", "New York", "Missouri", "IN", "OK", "ME", "ZZ"]
_GLUE = [" ", ", ", ",", " , ", "\n", "\u00a0", "", " in ", " near ", " Visiting ", "in ", "IN ", " to  ", "-", ". "]


@_PROPERTY
@given(st.lists(st.sampled_from(_CITIES + _STATES + _GLUE + ["Call", "me", "tonight", "✨"]), max_size=12))
def test_the_place_gate_never_hides_a_place(pieces: list[str]) -> None:
    text = "".join(pieces)
    gated = places.find_places(text)
    gate = places._gate
    try:
        places._gate = lambda: places._Gate("")  # every text passes
        assert places.find_places(text) == gated
    finally:
        places._gate = gate


# Pieces of the age patterns' text, and characters outside ASCII: symbols (read as the ASCII
# patterns read them), and letters, digits and spaces of other scripts (which are not).
_AGE_BITS = str.split(
    "19 25 37 2o l9 nineteen twenty-one treinta y dos yo y/o years old age: i'm she's turned about me here hi "
    "lexi Lexi Mia guy f , . ! - | ~ : ) my son kids under 18-35 between and looking for una mujer de años tengo"
)
_SYMBOLS = ["♥", "✨", "😀", "’", "“", "–", "—", "•", "·", "«", "×", "°", "❤️", "\u200b", "\u0301"]
_CLASSED = ["é", "ñ", "ß", "Ж", "\xa0", "\u2003", "\x85", "ª", "µ", "²"]
_AGE_SEPARATORS = [" ", "", ", ", ". ", "\n", " - ", "\t", "\x1c"]


def _ages_the_unicode_way(text: str, title_end: int) -> list[ages.AgeMatch]:
    """find_ages with the symbols-only shortcut off: Unicode patterns and `re` windows."""
    shortcut = ages._symbols_only
    ages._symbols_only = lambda _text: False
    try:
        return ages.find_ages(text, title_end=title_end)
    finally:
        ages._symbols_only = shortcut


@_PROPERTY
@given(
    parts=st.lists(st.tuples(st.sampled_from(_AGE_BITS + _SYMBOLS), st.sampled_from(_AGE_SEPARATORS)), max_size=25),
    title_end=st.integers(0, 40),
)
def test_ages_in_text_with_symbols_read_the_ascii_way_are_the_unicode_way(
    parts: list[tuple[str, str]], title_end: int
) -> None:
    text = "".join(bit + sep for bit, sep in parts)
    folded = phone_text(text, lower_in_place(text))[0]
    if not folded.isascii():
        assert ages._symbols_only(folded) == all(not (c.isalnum() or c.isspace()) for c in folded if ord(c) > 127)
    assert ages.find_ages(text, title_end=title_end) == _ages_the_unicode_way(text, title_end)


@_PROPERTY
@given(st.lists(st.tuples(st.sampled_from(_AGE_BITS + _SYMBOLS), st.sampled_from(_AGE_SEPARATORS)), max_size=25))
def test_age_windows_of_symbol_text_from_re2_are_those_of_re(parts: list[tuple[str, str]]) -> None:
    # Every age pattern runs only in its windows: RE2 must give the very windows `re` gives.
    text = "".join(bit + sep for bit, sep in parts).lower()
    if not ages._symbols_only(text):
        return
    data = ages._symbol_bytes(text)
    assert len(data) == len(text)
    for key, cue, _ in ages._COMPILED:
        assert ages._WINDOW_RE2[key].windows(data, ages._BEFORE, ages._AFTER) == ages._windows(cue, text), key


@_PROPERTY
@given(st.lists(st.tuples(st.sampled_from(_AGE_BITS + _SYMBOLS), st.sampled_from(_AGE_SEPARATORS)), max_size=25))
def test_the_whole_ad_age_gate_never_leaves_out_a_pattern_that_matches(parts: list[tuple[str, str]]) -> None:
    # find_ages skips a cued pattern (its windows and candidates) when the gate leaves it out.
    written = "".join(bit + sep for bit, sep in parts)
    text = phone_text(written, lower_in_place(written))[0]
    if not ages._symbols_only(text) and not text.isascii():
        return
    possible = ages._ANYWHERE.matching(ages._symbol_bytes(text))
    for key, _, pattern in ages._COMPILED_ASCII:
        if pattern.search(text):
            assert key in possible, key


def test_the_whole_ad_age_gate_leaves_out_the_patterns_that_cannot_match() -> None:
    possible = ages._ANYWHERE.matching(b"rooms from 25 a night, call after 6")
    assert "age.yo" not in possible and "age.about" not in possible
    assert "age.yo" in ages._ANYWHERE.matching(b"hi, 25 yo and new here")


@pytest.mark.parametrize("char", _CLASSED)
def test_a_letter_digit_or_space_of_another_script_keeps_the_unicode_patterns(char: str) -> None:
    assert not ages._symbols_only(f"lexi{char} 25")
    assert ages._symbols_only("lexi ♥ 25 ✨")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lexi, 25 ♥ new in town ✨", [25]),
        ("guy, 31 😀", [31]),
        ("tengo 30 años ♥", [30]),
        ("Bi guy, 26 • discreet", [26]),
        ("♥ 25 yo ♥", [25]),
        ("my son ♥ is 12", []),
        ("a 10 year old tabby ♥", []),
        ("between 18 and 21 ✨", []),
    ],
)
def test_ages_beside_symbols(text: str, expected: list[int]) -> None:
    found = ages.find_ages(text)
    assert [a.age for a in found] == expected
    assert found == _ages_the_unicode_way(text, 0)


def _unit_the_long_way(match: re.Match[str]) -> str | None:
    for i, (_, name) in enumerate(prices._UNIT_WORDS):
        if match.group(f"u{i}"):
            return name
    return None


_UNIT_TEXT = str.split(
    "hh hhr half hour an 30 min mins minutes qv qk qkv quick visit short stay 15 20 quickie overnight all night on "
    "1 hr hrs /hr 60 ph per hourly 2 two hours evening week wk weekly month mo monthly day daily each for a : - $"
)


@_PROPERTY
@given(st.lists(st.sampled_from(_UNIT_TEXT), min_size=1, max_size=6), st.sampled_from([" ", "", "  "]))
def test_a_price_unit_read_from_the_last_group_is_the_unit_read_group_by_group(words: list[str], sep: str) -> None:
    text = sep.join(words)
    for m in (prices._UNIT_AFTER.match(text), prices._UNIT_BEFORE.search(text)):
        if m:
            assert prices._unit_of(m) == _unit_the_long_way(m) is not None


_ROOM_BITS = ["2", "3", "10", " bed", " bath", " br", " ba", "SSS", "Ol", " two", " fifty", " hundred", " and ", ", "]
_ROOM_BITS += [" to", " is", " at", "-", " 1", "Z", " lots", " oil", " 555", "0142", "(", ")", " O"]


@_PROPERTY
@given(st.lists(st.sampled_from(_ROOM_BITS), max_size=20), st.sampled_from(["", "✨ "]))
def test_a_window_that_cannot_hold_eight_digits_is_skipped_only_where_the_full_reader_finds_none(
    pieces: list[str], lead: str
) -> None:
    text = lead + "".join(pieces)
    folded, offs = phone_text(text, lower_in_place(text))
    for start, end, _, _ in phones.candidate_windows(folded):
        if not phonetext.may_hold_phone(text, folded, offs, start, end):
            assert phones._numbers_in_window_unchecked(text, folded, offs, start, end, ("US",)) == []


def test_rooms_and_baths_are_not_read_as_a_phone_but_a_number_in_words_is() -> None:
    text = "2 bed 2 bath, 1 car, 10 min to the lake, one pet ok"
    folded, offs = phone_text(text, lower_in_place(text))
    assert not any(
        phonetext.may_hold_phone(text, folded, offs, s, e) for s, e, _, _ in phones.candidate_windows(folded)
    )
    assert [p.e164 for p in phones.find_phones("call seven oh two five five five zero one four two")] == [
        "+17025550142"
    ]


@_PROPERTY
@given(st.text(st.sampled_from(["a", "?", "ÿ", "é", "«", "♥", "😀", "\u200b", " ", "\x00", "\xfe", "–"]), max_size=40))
def test_symbol_bytes_from_the_codecs_replace_are_those_of_the_handler(text: str) -> None:
    # The C-level "replace" (with "?" swapped back) writes what the 0xff handler writes.
    assert ages._symbol_bytes(text) == text.encode("latin-1", "samaritan.xff")


# Pieces of titles: ages after dashes, and what the title's blanking and labels read.
_TITLE_BITS = str.split(
    "25 - – — | ~ 702-555-0142 555-0199 $ 200 roses 5'8 6 ft 9pm 10:30 2-27-16 24/7 <3 2024 90210 1 ( ) + "
    "suite ste apt room # no box gate hwy lexi fun hi new in town 18 35 between and my son is 12"
)


@_PROPERTY
@given(st.lists(st.tuples(st.sampled_from(_TITLE_BITS + _SYMBOLS), st.sampled_from(_AGE_SEPARATORS)), max_size=20))
def test_the_title_blanking_gate_never_hides_a_number_to_blank(parts: list[tuple[str, str]]) -> None:
    title = "".join(bit + sep for bit, sep in parts).lower()
    if not ages._symbols_only(title):
        return
    if ages._TITLE_CHECKS[True][1].search(title):
        assert ages_context.NOT_AN_AGE_GATE.may_search(ages._symbol_bytes(title))


@_PROPERTY
@given(
    st.lists(
        st.tuples(st.sampled_from(_TITLE_BITS + _SYMBOLS + ["\n", "\t", "\xa0"]), st.sampled_from(_AGE_SEPARATORS)),
        max_size=10,
    )
)
def test_a_label_before_a_title_suffix_always_ends_the_text_before_it(parts: list[tuple[str, str]]) -> None:
    text = "".join(bit + sep for bit, sep in parts).lower()
    for label in ages._TITLE_CHECKS:
        if label[3].search(text):
            assert text.rstrip().endswith(ages_context.LABEL_ENDS)


@_PROPERTY
@given(
    title=st.lists(
        st.tuples(st.sampled_from(_TITLE_BITS + _AGE_BITS + _SYMBOLS), st.sampled_from(_AGE_SEPARATORS)), max_size=10
    ),
    body=st.lists(
        st.tuples(st.sampled_from(_AGE_BITS + _SYMBOLS + _CLASSED), st.sampled_from(_AGE_SEPARATORS)), max_size=15
    ),
)
def test_a_title_of_symbols_is_read_the_ascii_way_whatever_the_body_holds(
    title: list[tuple[str, str]], body: list[tuple[str, str]]
) -> None:
    # The title's patterns read the ASCII way where only the body (past the 30 characters the
    # title's checks read) holds a letter, digit or space of another script.
    head = "".join(bit + sep for bit, sep in title)
    text = head + "\n" + "".join(bit + sep for bit, sep in body)
    assert ages.find_ages(text, title_end=len(head)) == _ages_the_unicode_way(text, len(head))


@_PROPERTY
@given(st.lists(st.sampled_from(_AGE_BITS + _SYMBOLS + ["one", "ninety", "dos", "treinta", "x", "e"]), max_size=6))
def test_a_text_ends_with_a_number_word_of_its_last_character_where_it_ends_with_any(words: list[str]) -> None:
    tail = " ".join(words).rstrip()
    by_last = ages_context._NUMBER_ENDS_BY_LAST.get(tail[-1:], ())
    assert tail.endswith(by_last) == tail.endswith(ages_context._NUMBER_ENDS)
