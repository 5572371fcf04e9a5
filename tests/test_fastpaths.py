"""The fast forms of the matchers' patterns and prefilters give exactly what their plain forms
give: each is written for speed (a leading character class that `re` can skip to in C, a check
in C before a Python loop), never for a different answer."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from samaritan.engine import shape
from samaritan.engine.detect import Detector
from samaritan.engine.lexicon import load_lexicon
from samaritan.engine.normalize import fold, leet, words
from samaritan.engine.tokens import Words, split_words

VOCABULARY = Detector(load_lexicon()).vocabulary
_PROPERTY = settings(derandomize=True, max_examples=400, deadline=None)

# The listed-phone shape as first written: a look-behind first, so `re` tried it at every character.
_PLAIN_PHONE = re.compile(r"(?<!\d)\(?\d{3}\)?[\s.\-]{0,3}\d{3}[\s.\-]{0,3}\d{4}(?!\d)")


@_PROPERTY
@given(st.text(alphabet="0123456789٣(() -.\n\tx", max_size=40))
def test_the_listed_phone_pattern_finds_what_its_plain_form_finds(text: str) -> None:
    fast, plain = shape._PHONE.search(text), _PLAIN_PHONE.search(text)
    assert (fast and fast.span()) == (plain and plain.span())


def _leet_tokens(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """The tokens fold_leet rewrites when it looks for spots with `pattern`."""
    tokens = []
    for m in pattern.finditer(text):
        start, end = m.start(), m.end()
        while start and text[start - 1] in "abcdefghijklmnopqrstuvwxyz0123456789@$!|":
            start -= 1
        while end < len(text) and text[end] in "abcdefghijklmnopqrstuvwxyz0123456789@$!|":
            end += 1
        if not tokens or tokens[-1] != (start, end):
            tokens.append((start, end))
    return tokens


@_PROPERTY
@given(st.text(alphabet="ab19!|@$ .\n", max_size=30))
def test_leet_spots_are_found_in_the_same_tokens_as_the_cue_pattern_finds_them(text: str) -> None:
    assert _leet_tokens(leet.LEET_SPOT_SCAN, text) == _leet_tokens(leet.LEET_SPOT, text)
    assert bool(leet.LEET_SPOT_SCAN.search(text)) == bool(leet.LEET_SPOT.search(text))


def _plain_lookalikes(text: str) -> int:
    count = found_words = 0
    for word in text.split():
        odd = [ch for ch in word if shape._is_lookalike(ch)]
        if not odd:
            continue
        scripts = {unicodedata.name(ch, "?").split(" ")[0] for ch in odd}
        latin = any("a" <= ch.lower() <= "z" for ch in word)
        if latin or len(scripts) > 1 or not scripts <= shape._ORDINARY_SCRIPTS:
            count += len(odd)
            found_words += 1
    return count if found_words >= shape._LOOKALIKE_WORDS else 0


# Latin, Greek, Cyrillic, Cherokee and letter-like look-alikes, emoji, symbols and numerals.
_SHAPE_CHARS = "aeSTw ṡé ωο оеѕ ᏚᏔᎬ ℮ℓ ①Ⅻ½٣ ★♥🌸💗✨ ©°"


@_PROPERTY
@given(st.text(alphabet=_SHAPE_CHARS, max_size=40))
def test_lookalike_and_symbol_counts_are_those_of_the_plain_loops(text: str) -> None:
    assert shape._lookalikes(text) == _plain_lookalikes(text)
    assert shape._symbols(text) == sum(1 for ch in text if shape._is_symbol(ch))


@_PROPERTY
@given(st.text(alphabet="ab yz19é_-.\n✨$", max_size=40))
def test_words_are_the_alphanumeric_runs(text: str) -> None:
    assert split_words(text) == [w for w in re.split(r"[\W_]+", text) if w]


@_PROPERTY
@given(st.lists(st.sampled_from(["yung", "avlbl", "twn", "young", "hello", "2br", "x1", "gr8"]), max_size=8))
def test_respellings_read_from_the_ads_words_are_those_read_field_by_field(picked: list[str]) -> None:
    title = " ".join(picked[: len(picked) // 2])
    body = ", ".join(picked[len(picked) // 2 :]) + "!"
    shared = Words(f"{title}\n\n|_break_|\n\n{body}")
    for text in (title, body):
        alone = [(v.text, v.span(0, len(v.text))) for v in fold(text, VOCABULARY)]
        assert [(v.text, v.span(0, len(v.text))) for v in fold(text, VOCABULARY, None, shared)] == alone


# Words of every length around the 24-letter limit, joined by what may sit around a line break.
_PIECES = st.lists(
    st.sampled_from(
        ["a", "b9", "a" * 23, "a" * 24, "a" * 25, "\n", "-\n", " \n", "\r\n", " - \n", "\n\n ", " ", "é", "-"]
    ),
    max_size=10,
)


@_PROPERTY
@given(_PIECES)
def test_words_broken_across_lines_are_found_as_the_pattern_finds_them(pieces: list[str]) -> None:
    text = "".join(pieces)
    expected = [(m.span(1), m.span(2)) for m in words._BROKEN_WORD.finditer(text)]
    assert list(words.broken_words(text)) == expected


@_PROPERTY
@given(st.text(alphabet="a b", max_size=60))
def test_runs_of_spaces_become_one_space(text: str) -> None:
    from samaritan.engine.normalize.fold import _SPACE_RUN, _single_spaces

    assert _single_spaces(text) == _SPACE_RUN.sub(" ", text)


@_PROPERTY
@given(st.text(alphabet="aAİIΣσςΑé ẞ\u1e9eÅǅ𝐀", max_size=30))
def test_lowering_keeps_every_character_in_its_place(text: str) -> None:
    from samaritan.engine.normalize import lower_in_place

    expected = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    assert lower_in_place(text) == expected


_PLAIN_MEASURES = re.compile(r"(?<![\w.])(?:2[89]|3\d|4[0-6]) ?(?:dd+|[a-h])? ?[-/] ?[2-4]\d ?[-/] ?[2-5]\d(?![\w.])")


@_PROPERTY
@given(st.text(alphabet="234569-/ dcx.٣", max_size=24))
def test_the_measurements_pattern_finds_what_its_plain_form_finds(text: str) -> None:
    assert [m.span() for m in shape._BUST_WAIST_HIP.finditer(text)] == [
        m.span() for m in _PLAIN_MEASURES.finditer(text)
    ]
