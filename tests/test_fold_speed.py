"""The folding fast paths (issue #13) give exactly what their plain definitions give: each
shortcut is held here to the slower code it replaced, on text built to exercise its edge cases."""

from __future__ import annotations

import importlib
import re
from re import _constants as sre_constants  # type: ignore[attr-defined]  # stdlib, no stubs
from re import _parser as sre_parse  # type: ignore[attr-defined]

import ftfy
import re2
from hypothesis import given, settings
from hypothesis import strategies as st

from samaritan.engine.detect import Detector
from samaritan.engine.extract import pricetext
from samaritan.engine.lexicon import load_lexicon
from samaritan.engine.normalize import chars, decode, fancy, fold_char, words
from samaritan.engine.normalize.chars import EMOJI_CLASS
from samaritan.engine.tokens import LETTER_WORD, Words

fold_module = importlib.import_module("samaritan.engine.normalize.fold")
mojibake = importlib.import_module("samaritan.engine.normalize.mojibake")
VOCABULARY = Detector(load_lexicon()).vocabulary
SETTINGS = settings(max_examples=400, deadline=None, derandomize=True)

# Characters that meet each fast path's edge: ASCII punctuation and controls, mojibake-prone
# Latin-1 and Cyrillic, emoji and their joiners, characters that fold to nothing or to several,
# a lone surrogate, regional indicators and upside-down glyphs.
_EDGE = [
    *"aby5 0._-*~/|+,'\"\n\r\t\x0b\x0c\x00\x1f\x7f$@!%:",
    "é", "Ã", "©", "â", "€", "™", "•", "·", "\xa0", "Â", "Ø", "×", "²", "œ", "Ð", "ñ",
    "а", "е", "о", "ѕ", "Σ", "İ", "ﬁ", "⒴", "①", "ｙ", "𝐲",
    "\u200b", "\u200d", "\ufe0f", "\u0301", "\u2028", "\ud800",
    "✨", "❤", "😀", "💋", "🇾", "🇴", "🇺", "🇸", "ʎ", "ɹ", "ǝ", "ʇ", "_",
]  # fmt: skip
_TEXT = st.lists(st.sampled_from(_EDGE), max_size=40).map("".join)


@SETTINGS
@given(_TEXT)
def test_folding_characters_gives_each_characters_folding_and_its_origin(text: str) -> None:
    folded, offsets = chars.fold_chars(text)
    assert folded == "".join(fold_char(c) for c in text)
    expected = [i for i, c in enumerate(text) for _ in fold_char(c)]
    if offsets is None:
        assert expected == list(range(len(text)))
    else:
        assert offsets == expected


@SETTINGS
@given(_TEXT)
def test_spacing_non_ascii_text_treats_each_character_as_its_class_says(text: str) -> None:
    """`_view` on text that is not plain ASCII: every character that is not a word character,
    '$' or an emoji becomes a space, then runs of spaces become one."""
    folded = chars.fold_chars(text)[0]
    nonword = re.compile(rf"[^\w${EMOJI_CLASS[1:-1]}]|_")
    expected = re.sub("  +", " ", "".join(" " if nonword.match(c) else c for c in folded))
    view = fold_module._view(folded, folded, None, 0, False)
    assert view.text == expected
    assert all(view.origin(i) < len(folded) for i in range(len(view.text)))


@SETTINGS
@given(_TEXT)
def test_the_windowed_mojibake_check_is_ftfys(text: str) -> None:
    assert mojibake._windowed(text) == ftfy.is_bad(text)


# Characters ftfy's pattern names (its categories and alternatives), ASCII around them, spaces
# and word characters its `\\s` and `\\w` read, and characters it does not name.
_MOJIBAKE_EDGE = [
    *"aZ .,?!_\n\t5", "\xa0", "\x85", "\u2003", "Ã", "Â", "Ð", "Î", "Ø", "Ù", "œ", "Œ", "€", "¢", "£", "©", "®", "°",
    "²", "³", "µ", "»", "«", "·", "¡", "¿", "¦", "¤", "¨", "¬", "¯", "ƒ", "†", "‡", "‰", "™", "•", "–", "—",
    "’", "“", "”", "‚", "„", "´", "×", "÷", "±", "√", "≈", "∂", "≠", "≤", "≥", "¥", "ø", "à", "ä", "ê",
    "ì", "î", "π", "é", "ñ", "ß", "Ä", "Ç", "É", "В", "Г", "Р", "С", "Ђ", "ў", "в", "Β", "Γ", "Ξ", "Ο",
    "β", "ā", "─", "│", "═", "▀", "░", "\x80", "\x9f", "\ufffd", "\uf8ff", "✨", "𝐲", "ʎ", "а",
]  # fmt: skip


@SETTINGS
@given(st.lists(st.sampled_from(_MOJIBAKE_EDGE), max_size=12).map("".join))
def test_the_mojibake_check_is_ftfys(text: str) -> None:
    """RE2's relaxation of ftfy's pattern rules text out only where ftfy finds nothing."""
    assert mojibake.is_bad(text) == ftfy.is_bad(text)
    if ftfy.is_bad(text):
        assert mojibake._gate()(text.encode("utf-8"))


def test_the_mojibake_check_reads_ftfys_examples_as_ftfy_does() -> None:
    for text in ("sÃ³", "voilÃ le travail", "âœ” No problems", "Ã ", "the café’s menu", "ГўВЂВњa"):
        assert mojibake.is_bad(text) == ftfy.is_bad(text)
    assert mojibake.is_bad("sÃ³") and not mojibake.is_bad("the café’s menu")


_WORDS = st.text(st.characters(max_codepoint=127), min_size=1, max_size=12) | st.sampled_from(["a&amp;b", "x\x1b[0m"])


@SETTINGS
@given(_WORDS)
def test_a_word_is_fixed_as_ftfy_fixes_it(word: str) -> None:
    assert mojibake._fixed(word) == (word if word.isspace() else ftfy.fix_text(word))


def test_ftfys_mojibake_pattern_still_has_the_shape_the_windowed_check_needs() -> None:
    """Every alternative of ftfy's pattern holds a character `_MAYBE_MOJIBAKE` finds, is at most
    `_BADNESS_WIDTH` characters long, and the only anchor is `^`: a newer ftfy that breaks this
    fails here rather than letting mojibake through."""
    tree = sre_parse.parse(ftfy.badness.BADNESS_RE.pattern, ftfy.badness.BADNESS_RE.flags)
    assert tree.getwidth()[1] <= mojibake._BADNESS_WIDTH
    assert not ftfy.badness.BADNESS_RE.flags & re.MULTILINE
    [(op, (_, branches))] = tree.data
    assert op is sre_constants.BRANCH

    def chars_of(item: tuple[object, object]) -> set[int] | None:
        kind, value = item
        if kind is sre_constants.LITERAL:
            return {value}  # type: ignore[set-item]
        if kind is sre_constants.IN:
            found: set[int] = set()
            for k, v in value:  # type: ignore[attr-defined]
                if k is sre_constants.LITERAL:
                    found.add(v)
                elif k is sre_constants.RANGE:
                    found.update(range(v[0], v[1] + 1))
                else:
                    return None
            return found
        return None

    for branch in branches:
        for kind, value in branch.data:
            assert kind is not sre_constants.AT or value is sre_constants.AT_BEGINNING
            assert kind not in (sre_constants.ASSERT, sre_constants.ASSERT_NOT)
        sure = [chars_of(item) for item in branch.data]
        assert any(s and all(mojibake._MAYBE_MOJIBAKE.match(chr(c)) for c in s) for s in sure), branch


_DIGITS = st.lists(st.sampled_from([*"0123456789 .,/:%$ab-\n", "70", "15", "907", "080"]), max_size=20).map("".join)


@SETTINGS
@given(_DIGITS)
def test_the_spelled_number_search_finds_what_listing_every_number_finds(text: str) -> None:
    listed = fold_module._DIGIT_WORD.findall(text)
    assert (fold_module._spelled_number(VOCABULARY)(text) is not None) == (
        not fold_module._spellable(VOCABULARY).isdisjoint(listed)
    )


_SPLIT_AS_WRITTEN = re.compile(
    rf"(?<![^\W_])[a-z0-9@$](?:{words._SEP}{{1,6}}[a-z0-9@$](?![^\W_])){{2,}}"
)  # the pattern's definition, look-behind first


@SETTINGS
@given(_TEXT)
def test_the_split_letter_pattern_matches_as_written(text: str) -> None:
    text = chars.fold_chars(text)[0]
    assert [m.span() for m in words._SPLIT.finditer(text)] == [m.span() for m in _SPLIT_AS_WRITTEN.finditer(text)]


@SETTINGS
@given(st.lists(st.sampled_from([*_EDGE, "ab", "a b", "a.b", " i ", "x"]), max_size=40).map("".join))
def test_split_letters_found_from_their_separators_are_the_patterns_matches(text: str) -> None:
    text = chars.fold_chars(text)[0]
    assert list(words.split_runs(text)) == [m.span() for m in words._SPLIT.finditer(text)]


@SETTINGS
@given(_TEXT)
def test_regional_letters_are_read_only_where_the_pattern_finds_them(text: str) -> None:
    if not decode._REGIONAL_RUN.search(text):
        assert decode.regional_letters(text) is text
    assert len(decode.regional_letters(text)) == len(text)


@SETTINGS
@given(st.lists(st.sampled_from([*_EDGE, "aa", "aaa", "bb", "bbbb", "A"]), max_size=30).map("".join))
def test_the_stretch_check_finds_what_the_stretch_pattern_finds(text: str) -> None:
    assert words.has_stretch(text) == (words.STRETCH.search(text) is not None)


_LETTER_RUNS = [*_EDGE, "ab", "young", "abcdefghijklmnopq", "abcdefghijklmnopqrs", "A"]


@SETTINGS
@given(st.lists(st.sampled_from(_LETTER_RUNS), max_size=30).map("".join))
def test_an_ads_letter_words_are_the_patterns_matches(text: str) -> None:
    """The respeller's words of text that is not plain ASCII are what `LETTER_WORD` finds."""
    text += "é"
    assert Words(text).letters == LETTER_WORD.findall(text)


_SPLIT_PIECES = [*_EDGE, "ab", "a b", "a.b", " i ", "x", "\u3000", "\u2003", "\x1c"]


@SETTINGS
@given(st.lists(st.sampled_from(_SPLIT_PIECES), max_size=40).map("".join))
def test_the_split_letter_gate_passes_every_field_with_split_letters(text: str) -> None:
    text = chars.fold_chars(text)[0]
    if list(words.split_runs(text)):
        assert words.may_split(text)


@SETTINGS
@given(
    st.lists(st.sampled_from([*_EDGE, "A", "Z", "ε", "я", "т", "δ", "∂", "ᔕ", "Ꮪ", "Ⓐ", "€"]), max_size=40).map("".join)
)
def test_reading_letters_in_place_is_the_translate_it_replaced(text: str) -> None:
    read = fancy.read_fancy(text).translate(fancy._ONE_LETTER)
    assert fancy.letters_in_place(text) == (text if text.isascii() or read == text else read)


_PRICE_DECOR = re2.compile(pricetext.CUES["price.decor"])
_DECOR_PIECES = [
    "1",
    "5",
    "0",
    "٣",
    " ",
    "h",
    "hr",
    "per",
    "a",
    "an",
    "hour",
    "x",
    "$",
    "💋",
    "🔥",
    "🌹",
    "\ufe0f",
    "\u200d",
]


@SETTINGS
@given(st.lists(st.sampled_from(_DECOR_PIECES), max_size=16).map("".join))
def test_the_price_decoration_cue_fires_wherever_a_decorated_form_matches(text: str) -> None:
    if any(form.search(text) for form in pricetext._DECORATED):
        assert _PRICE_DECOR.search(text) is not None


_GAP_PIECES = [*_DECOR_PIECES, "12", "150", "2O0", "٣٣", ".", ",", "/", "-", "_", "💰", "©", "é", "overnight"]
_GAP_PIECES += ["donations", "roses", "minutes", "qv", "each", "hh", "hrs", "\n", "💋 💋", " 💋 ", "🔥🌹"]


@settings(SETTINGS, max_examples=3000)
@given(st.lists(st.sampled_from(_GAP_PIECES), max_size=24).map("".join))
def test_decorated_gaps_found_beside_runs_of_emoji_are_the_whole_text_scans(text: str) -> None:
    expected = [m.span("gap") for form in pricetext._DECORATED for m in form.finditer(text)]
    assert pricetext.decorated_gaps(text) == expected


def test_the_decorated_forms_read_no_further_than_their_windows_allow() -> None:
    # Before a run: an amount of up to four digits or the longest unit word, and a space. After
    # it: a space, the longest unit word (or an amount and two characters) and one character.
    longest = sre_parse.parse(pricetext._UNIT_WORDS).getwidth()[1]
    assert longest == 9 and max(longest, 4) + 1 <= pricetext._REACH_BEFORE
    assert 1 + max(longest, 4 + 2) + 1 <= pricetext._REACH_AFTER


_FANCY_PIECES = [*"ab1_ .-", "ε", "я", "т", "α", "δ", "∂", "ᔕ", "Ꮪ", "€", "£", "¥", "§", "¡", "∈", "²", "\u0483", "💋"]


@SETTINGS
@given(st.lists(st.sampled_from(_FANCY_PIECES), max_size=30).map("".join))
def test_reading_fancy_text_is_the_two_whole_text_substitutions_it_replaced(text: str) -> None:
    assert fancy.read_fancy(text) == _read_fancy_as_before(text)


def _read_fancy_as_before(text: str) -> str:
    """What `fancy.read_fancy` replaced: two substitutions over the whole text, each word read by
    `_read_word_as_before`."""
    if text.isascii() or not fancy._ANY_FANCY.search(text):
        return text
    text = fancy._SYMBOL.sub(lambda m: fancy._latin(m.group()), text)
    return fancy._WORD.sub(_read_word_as_before, text)


def _read_word_as_before(m: re.Match[str]) -> str:
    """`fancy._read_word` before its translate tables (session 45): a `_script` call a character."""
    word = m.group()
    scripts = {fancy._script(ch) for ch in word}
    if "OTHER" in scripts:
        return word
    if len(scripts) < 2 and scripts.isdisjoint(fancy._ALONE) and not fancy._english_by_look(word, next(iter(scripts))):
        return word
    return "".join(fancy._latin(ch) if fancy._script(ch) in fancy._BORROWED else ch for ch in word)


# Letters of every script a word is read by (Greek, Cyrillic, Cherokee, Canadian syllabics,
# Armenian, Coptic, Georgian), Latin ones plain, accented, styled and small-capital, a letter of
# another script, Greek and Cyrillic words alone (one reads as English: "τθρ"), non-letters the
# borrowed blocks hold (a combining titlo, the Greek question mark), signs, digits, separators.
_WORD_PIECES = [*"abxyT_1 ", "ε", "я", "т", "α", "δ", "∂", "ᔕ", "Ꮪ", "Ꭺ", "ᗩ", "ս", "ⲁ", "ა", "é", "の", "𝐲", "ᴀ"]
_WORD_PIECES += ["Σ", "ѕ", "Т", "²", "\u0483", "\u037e", "€", "§", "τθρ", "καλη", "мир", "💋", "\u200d"]


@SETTINGS
@given(st.lists(st.sampled_from(_WORD_PIECES), max_size=24).map("".join))
def test_reading_words_through_the_script_tables_is_the_reading_a_character_at_a_time(text: str) -> None:
    assert fancy.read_fancy(text) == _read_fancy_as_before(text)
    for m in fancy._WORD.finditer(text):
        assert fancy._read_word(m) == _read_word_as_before(m)
