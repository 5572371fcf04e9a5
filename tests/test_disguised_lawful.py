"""A lawful post written in a disguise reads as its plain text does (issue #13: the folding that
reads disguises must add no label to ordinary ads). Tried on real posts with a third of their
words disguised, each transform alone, styled letters had been counted as a decorated title,
split letters spelling a rarer word had been read as a lexicon acronym inside it, and scope (a
child's age, a denied claim) had been read in the raw text, where the disguised words around a
hit or an age say nothing. These tests hold the fixes with the project's own ads and phrases."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samaritan.engine.detect import Detector
from samaritan.engine.learned.reading import read
from samaritan.engine.lexicon import load_lexicon
from samaritan.engine.normalize import fold
from samaritan.engine.screener import Screener
from samaritan.engine.shape import ShapeCues
from samaritan.generate import obfuscate
from samaritan.generate.corpus import SiteGenerator

VOCABULARY = Detector(load_lexicon()).vocabulary
RULES = Screener(model="none")
MODEL = Screener()
_WORD = re.compile(r"\S+")
# Letter-level disguises a poster may set a lawful post in, word by word. Emoji between letters
# add symbols of their own (a kiss or a flame is a cue); dropped vowels or phonetic respellings
# are read only into the lexicon's words, so a lawful word so written can read as one of them;
# and flip generators turn whole sentences, not single words (the reading of a sentence turned
# word by word is not yet that of its plain text): those are left to test_evasion.py.
STYLES = ["small_caps", "enclosed", "regional_indicator", "faux_latin", "html_entities", "percent_encoding",
          "mixed_separators",
          "line_break", "capital_lookalikes", "fancy_letters"]  # fmt: skip


def _ordinary(n: int = 400) -> list[tuple[str, str]]:
    return [
        (ad.get("title", ""), ad["body"])
        for ad, truth in SiteGenerator(n, seed=21)
        if truth["label"] == "benign" and len(ad["body"].split()) >= 12
    ]


ORDINARY = _ordinary()


def _disguised(text: str, style: str, rng: random.Random, share: float = 1 / 3) -> str:
    transform = obfuscate.EVASION_TRANSFORMS[style]

    def one(m: re.Match[str]) -> str:
        word = m.group(0)
        return transform(word, rng) if sum(c.isalpha() for c in word) >= 3 and rng.random() < share else word

    return _WORD.sub(one, text)


@pytest.mark.parametrize("screener", [RULES, MODEL], ids=["rules", "model"])
@settings(max_examples=60, deadline=None, derandomize=True)
@given(ad=st.sampled_from(ORDINARY), style=st.sampled_from(STYLES), seed=st.integers(0, 999))
def test_a_third_of_a_lawful_posts_words_disguised_adds_no_label(
    screener: Screener, ad: tuple[str, str], style: str, seed: int
) -> None:
    title, body = ad
    rng = random.Random(seed)
    plain = screener.screen({"id": "o", "title": title, "body": body}).labels
    disguised = {"id": "o", "title": _disguised(title, style, rng), "body": _disguised(body, style, rng)}
    verdict = screener.screen(disguised)
    assert set(verdict.labels) <= set(plain), (style, disguised, [(i.code, i.text) for i in verdict.indicators])


def _decorated(title: str, body: str = "") -> bool:
    return ShapeCues._decorated((("title", title), ("body", body))) is not None


def test_styled_letters_are_words_not_decoration() -> None:
    for title in ["ɢᴜᴀʀᴀɴᴛᴇᴇᴅ ᴄʟᴇᴀɴ ᴄᴏᴍꜰᴏʀᴛᴀʙʟᴇ ʀᴏᴏᴍꜱ", "𝐁𝐫𝐢𝐠𝐡𝐭 𝐬𝐭𝐮𝐝𝐢𝐨 𝐧𝐞𝐚𝐫 𝐭𝐡𝐞 𝐩𝐚𝐫𝐤", "ⓢⓤⓝⓝⓨ ⓢⓣⓤⓓⓘⓞ ⓝⓞⓦ",
                  "🅑🅘🅚🅔 🅕🅞🅡 🅢🅐🅛🅔", "🇧🇮🇰🇪 🇫🇴🇷 🇸🇦🇱🇪", "Phòng trọ giá rẻ gần chợ, đầy đủ tiện nghi"]:  # fmt: skip
        assert not _decorated(title), title
    # Symbols between a word's letters split it (folding reads the word): no decoration either.
    assert not _decorated("S✨A✨L✨E: kids' b⭐i⭐k⭐e")
    # Decoration is still symbols set about a title, or letters borrowed from other scripts.
    assert _decorated("★★★ Sweet Mia ★★★")
    assert _decorated("Sweet ✨ Mia ✨ here ✨✨")
    assert _decorated("ᏚᏔEET ᎷIA ᏒEAL ᏢICS")


def _read(text: str) -> str:
    return fold(text, VOCABULARY)[0].text


def test_split_letters_spelling_a_word_read_as_that_word() -> None:
    # Not a lexicon acronym carved out of a rarer word, nor one joined across a comma and space.
    assert _read("just a g/l_i/m_p_s/e of who you are") == "just a glimpse of who you are"
    assert _read("some extra p|a~d+d/i_n*g•, f-e•m|m-e") == "some extra padding femme"
    # Words the lexicon holds are still read through any mix of separators.
    assert _read("y.o-u_n*g and n-e~w") == "young and new"
    assert _read("ask for g.f-e") == "ask for gfe"


def test_an_english_word_broken_across_a_line_is_joined_and_two_words_stay_two() -> None:
    assert _read("I have loved it si\nnce I was small") == "i have loved it since i was small"
    assert _read("please be ser\nious") == "please be serious"
    assert _read("bots, don't both\ner") == "bots don t bother"
    assert _read("call me\nnow") == "call me now"
    assert _read("sweet and\nkind") == "sweet and kind"


def _codes(screener: Screener, body: str, title: str = "Mia - 25") -> set[str]:
    return {i.code for i in screener.screen({"id": "o", "title": title, "body": body}).indicators}


@pytest.mark.parametrize("screener", [RULES, MODEL], ids=["rules", "model"])
def test_a_childs_age_stays_the_childs_when_the_words_around_it_are_disguised(screener: Screener) -> None:
    offer = "Incall now, $150 half hour, call 702-555-0142. "
    for child in ["a 10 yr old daughter", "a 10 yr old d-a~u+g~h*t*e/r", "a 10 yr old ᴅᴀᴜɢʜᴛᴇʀ"]:
        assert "YOUTH_STATED_MINOR_AGE" not in _codes(screener, offer + f"Single mom of {child}."), child
    # Disguise around a stated age does not hide the person's own.
    assert "YOUTH_STATED_MINOR_AGE" in _codes(screener, offer + "I am 16 years old, n-e~w in town.")


@pytest.mark.parametrize("screener", [RULES, MODEL], ids=["rules", "model"])
def test_a_denied_claim_stays_denied_across_words_broken_over_lines(screener: Screener) -> None:
    post = "Divorced guy looking for a kind woman to share dinners with. Please no {}, just a real date."
    plain = screener.screen({"id": "o", "title": "Dinner date", "body": post.format("hookers or escorts")})
    broken = screener.screen({"id": "o", "title": "Dinner date", "body": post.format("hooke\nrs or escor\nts")})
    assert plain.labels == [] and broken.labels == []
    assert not {i.code for i in broken.indicators if i.category == "commercial_sex"}


def test_the_symbol_splitting_a_words_letters_is_dropped_at_its_ends_too() -> None:
    # Left at a word's end against punctuation ("w✨o✨r✨k✨."), an emoji read as an emoji of the
    # text: a word of its own to the learned model, which had learned emoji from commercial ads.
    text = "I love (✨h✨i✨k✨i✨n✨g✨) and w⭐o⭐r⭐k⭐. Sweet ✨ day"
    view = fold(text, VOCABULARY)[0]
    assert view.text == "i love hiking and work sweet ✨ day"
    assert read(text, view).text == "i love (hiking) and work. sweet ✨ day"
    # The text's own punctuation between letters stays: "e.t.c." ends its sentence.
    assert read("e.t.c. Then", fold("e.t.c. Then", VOCABULARY)[0]).text == "etc. then"


def test_a_view_says_whether_it_read_words_anew_and_keeps_its_reading() -> None:
    # Scope reads a field a second time only where folding read a word anew or a letter folds:
    # most real posts (emoji, plain words) are read once.
    assert fold("Sunny room ✨ near the park", VOCABULARY)[0].words_read is False
    for disguised in ["a s.u_n-n*y room", "sun\nny room", "&#115;unny room"]:
        assert fold(disguised, VOCABULARY)[0].words_read is True, disguised
    text = "I love (✨h✨i✨k✨i✨n✨g✨)"
    view = fold(text, VOCABULARY)[0]
    assert read(text, view) is read(text, view)
