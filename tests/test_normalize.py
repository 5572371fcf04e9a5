"""The normaliser undoes evasion and every span maps back onto the original text."""

from __future__ import annotations

import itertools
import random
import re

import ftfy
import pytest
import wordfreq
from hypothesis import given, settings
from hypothesis import strategies as st

from samaritan.engine.detect import Detector
from samaritan.engine.lexicon import load_lexicon
from samaritan.engine.normalize import MOJIBAKE_FREE_RANGES, english, fold, leet, respell, words
from samaritan.generate import vocab
from samaritan.generate.obfuscate import TEXT_TRANSFORMS, obfuscate_phrase

DETECTOR = Detector(load_lexicon())


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Y.O.U.N.G and fresh", "young and fresh"),
        ("y o u n g", "young"),
        ("y_o_u_n_g", "young"),
        ("t33n l0l1ta $exy", "teen lolita sexy"),
        ("ｙｏｕｎｇ", "young"),  # full width
        ("𝐲𝐨𝐮𝐧𝐠", "young"),  # mathematical bold
        ("уоung", "young"),  # Cyrillic look-alikes
        ("LАЅT nIGht ІN TOwN", "last night in town"),  # capital Cyrillic look-alikes
        ("yo\u200bung", "young"),  # zero width space
        ("new-in-town!!", "new in town "),
        ("19yo 2br 4th 10am 24hrs mia22", "19yo 2br 4th 10am 24hrs mia22"),  # units and names are not leet
        ("34C-24-34, 36DD 32aa", "34c 24 34 36dd 32aa"),  # bust sizes are measurements, not leet
        ("a b c", "a b c"),  # ordinary spaced letters stay apart
        ("CafÃ© open", "cafe open"),  # broken encoding repaired
    ],
)
def test_fold_undoes_evasion(text: str, folded: str) -> None:
    assert fold(text, DETECTOR._vocabulary)[0].text == folded


def test_stretched_letters_give_single_and_double_views() -> None:
    views = [v.text for v in fold("youuuung teeeen")]
    assert "young ten" in views and "youung teen" in views


def test_emoji_are_kept_as_tokens() -> None:
    assert "🌹" in fold("150🌹 hh")[0].text


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(min_size=0, max_size=200))
def test_offsets_always_point_into_the_original(text: str) -> None:
    for view in fold(text):
        offsets = [view.origin(i) for i in range(len(view.text))]
        assert all(0 <= o < len(text) for o in offsets)
        if not view._reversed:  # upside-down runs read backwards
            assert list(offsets) == sorted(offsets)  # order is preserved


def test_hits_report_original_spans() -> None:
    text = "Hi! Y.O.U.N.G and ｆｒｅｓｈ, 150 r0ses hh"
    hits = DETECTOR.find("body", text)
    assert hits
    for hit in hits:
        assert text[hit.start : hit.end] == hit.text
    assert {h.text for h in hits} >= {"Y.O.U.N.G", "ｆｒｅｓｈ", "150 r0ses"}


PHRASES = (
    [("movement", p) for p in vocab.MOVEMENT]
    + [("availability", p) for p in vocab.AVAILABILITY]
    + [("screening", p) for p in vocab.SCREENING]
    + [("payment", p) for p in vocab.PAYMENT]
    + [("reassurance", p) for p in vocab.REASSURANCE]
    + [("venue", p) for p in vocab.VENUE]
    + [("youth", p) for p in vocab.YOUTH]
    + [("ethnicity", p) for p in vocab.ETHNICITY]
    + [("commercial_sex", p) for p in vocab.COMMERCIAL_CORE]
)


@pytest.mark.parametrize("transform", sorted(TEXT_TRANSFORMS))
@pytest.mark.parametrize(("category", "phrase"), PHRASES)
def test_each_transform_alone_keeps_the_category(category: str, phrase: str, transform: str) -> None:
    disguised = TEXT_TRANSFORMS[transform](phrase, random.Random(f"{phrase}:{transform}"))
    found = {h.rule.category for h in DETECTOR.find("body", f"Hello. {disguised}. Text me.")}
    assert category in found, f"{phrase!r} -> {disguised!r}"


def test_the_combined_disguise_that_was_flaky_is_read() -> None:
    assert "commercial_sex" in {h.rule.category for h in DETECTOR.find("body", "Call now. G F 3. No scams.")}


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.sampled_from(PHRASES), st.integers(min_value=0, max_value=2**32))
def test_random_combined_disguises_keep_the_category(item: tuple[str, str], seed: int) -> None:
    category, phrase = item
    disguised = obfuscate_phrase(phrase, random.Random(seed))
    found = {h.rule.category for h in DETECTOR.find("body", f"Call now. {disguised}. No scams.")}
    assert category in found, f"{phrase!r} -> {disguised!r}"


def _from_ranges(ranges: str) -> list[str]:
    chars = []
    for start, end in re.findall(r"(.)(?:-(.))?", ranges):
        chars.extend(chr(c) for c in range(ord(start), ord(end or start) + 1))
    return chars


_MOJIBAKE_FREE = _from_ranges(MOJIBAKE_FREE_RANGES)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_MOJIBAKE_FREE) | st.characters(max_codepoint=127), min_size=1, max_size=30))
def test_text_the_mojibake_check_skips_is_never_mojibake(chars: list[str]) -> None:
    # fold skips ftfy's check for text whose only non-ASCII characters lie in these ranges;
    # this holds ftfy (whatever its version) to that.
    assert not ftfy.is_bad("".join(chars))


def _leet_by_word(text: str) -> str:
    """Leetspeak folding as specified, word by word: each run of letters and leet characters
    holding a letter is read through LEET (trailing "!|@$" kept as punctuation), unless it is a
    unit or a name with digits that gives no lexicon word."""
    vocabulary = DETECTOR.vocabulary

    def one(m: re.Match[str]) -> str:
        token = m.group()
        core = token.rstrip("!|@$")
        if not any(c.isalpha() for c in core):
            return token
        sides = [side.translate(words.LEET) for side in re.split(r"!+", core)]
        whole = re.sub(r"!+", lambda g: "i" * len(g.group()), core).translate(words.LEET)

        def word(w: str) -> bool:
            return words.known(w, vocabulary) or english.frequency(w) >= words.ENGLISH_WORD_ZIPF

        if (
            len(sides) > 1
            and all(side.isalpha() and len(side) > 1 and word(side) for side in sides)
            and not word(whole)
        ):
            # words glued by "!" ("pics!!call"): the marks are spaces, each side read through LEET
            return (
                re.sub(r"[^!]+", lambda g: g.group().translate(words.LEET), core).replace("!", " ") + token[len(core) :]
            )
        if re.fullmatch(r"[1-9][0-9o]{2,5}", core) and "o" in core:
            return core.replace("o", "0") + token[len(core) :]  # "1oo": a number with O for zero
        if re.fullmatch(r"(?:2[89]|3[0-9]|4[0-4])(?:a|aa|b|c|d|dd|ddd|dddd|e|f|ff|g|gg|h)", core):
            return token  # a bust size ("34c", "36dd") even where its leet reading is a word
        folded = core.translate(words.LEET)
        if "1" in core and len(core) > 2 and not words.known(folded, vocabulary):
            # each "1" read as "i" or "l": a lexicon word first, else the commonest English word
            choices = [("i", "l") if c == "1" else (f,) for c, f in zip(core, folded, strict=True)]
            readings = ["".join(r) for r in itertools.product(*choices)]
            lexical = [r for r in readings if words.known(r, vocabulary)] if len(readings) <= 16 else []
            if lexical:
                folded = next(r for r in readings if r in lexical)
            elif len(readings) <= 16:
                folded = max(readings, key=lambda r: (english.frequency(r) if r.isalpha() else 0.0, r == folded))
        common = re.fullmatch(r"[a-z]+1+", core) and english.frequency(folded) >= words.ENGLISH_WORD_ZIPF
        if leet._UNIT_TOKEN.fullmatch(core) and not (words.known(folded, vocabulary) or common):
            return token
        return folded + token[len(core) :]

    return re.sub(r"[a-z0-9@$!|]+", one, text)


@settings(derandomize=True, max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "y0",
                "ung",
                "t3",
                "3n",
                "!",
                "!!",
                "|",
                "@",
                "$",
                "ex",
                "y",
                " ",
                ".",
                "19",
                "yo",
                "2",
                "br",
                "mia",
                "22",
                "fr",
                "ends",
                "hi",
                "34",
                "c",
                "dd",
            ]
        ),
        max_size=12,
    )
)
def test_leet_folding_reads_every_word_it_should_and_only_those(pieces: list[str]) -> None:
    """fold_leet visits only words with a leet character inside them (a closing "!" is none)."""
    text = "".join(pieces)
    assert leet.fold_leet(text, DETECTOR.vocabulary) == _leet_by_word(text)


def test_word_final_exclamation_marks_are_not_leet_spots() -> None:
    assert not leet.LEET_SPOT.search("call me! great!! ok|")
    assert leet.fold_leet("fr!ends", DETECTOR.vocabulary) == "friends"


def test_word_frequencies_are_wordfreqs_own() -> None:
    """The respelling guard reads wordfreq's list from its data file (not through the package,
    whose import is slow): the same frequencies, and the same Zipf value for every plain word."""
    freqs, _ = english._frequency_table()
    assert freqs == wordfreq.get_frequency_dict("en", wordlist="small")
    plain = sorted(w for w in freqs if re.fullmatch(r"[a-z]{3,16}", w))
    rng = random.Random(5)
    sample = plain + ["".join(rng.choice("aeioutnsrly") for _ in range(6)) for _ in range(300)]
    for word in sample:
        assert english.frequency(word) == wordfreq.zipf_frequency(word, "en", wordlist="small"), word


def test_respellings_are_found_before_and_after_many_new_words() -> None:
    vocabulary = DETECTOR.vocabulary
    table = respell._Respellings(vocabulary)
    assert table.of({"yung", "hello"}) == {"yung": "young"}
    for k in range(40):  # thousands of new words, some ads repeating earlier ones
        table.of([f"zq{k}x{i}".translate(str.maketrans("0123456789", "abcdefghij")) for i in range(100)] + ["hello"])
    assert "hello" in table.plain
    assert table.of(["yung", "hello", "avlbl", "yung"]) == {"yung": "young", "avlbl": "available"}


def test_the_respelling_table_stays_bounded_and_keeps_reading_respellings() -> None:
    # A long run reads ever more distinct words: the table must not grow with them, and must
    # still read respellings, those it had read before the table started again among them.
    vocabulary = DETECTOR.vocabulary
    table = respell._Respellings(vocabulary)
    assert table.of(["avlbl"]) == {"avlbl": "available"}
    letters = str.maketrans("0123456789", "bcdfghjklm")
    for k in range(respell._SEEN_MAX // 500 + 20):
        table.of({f"qx{k}z{i}".translate(letters) for i in range(500)})
        assert len(table.plain) + len(table.found) <= respell._SEEN_MAX + 500
    assert len(table.plain) + len(table.found) < respell._SEEN_MAX // 2  # it did start again
    assert table.of({"yung", "hello", "avlbl"}) == {"yung": "young", "avlbl": "available"}
