"""Faux-Latin (issue #13): the "Japanese style" letters of fancy-text generators ("几乇山 丨几
ㄒㄖ山几") and CJK ornaments glued to a word ("☆彡awake") are read as the Latin text they dress,
with spans on the original; Chinese and Japanese text is left as written."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from samaritan.engine.normalize import fold
from samaritan.engine.normalize.faux import FAUX_LETTERS, read_faux
from samaritan.engine.screener import Screener

SCREENER = Screener(model="none")


def _codes(title: str, body: str, section: str = "dating") -> dict[str, str]:
    ad = {"id": "f", "category": section, "title": title, "body": body}
    verdict = SCREENER.screen(ad)
    return {i.code: ad[i.field][i.start : i.end] for i in verdict.indicators}


def test_faux_letters_read_as_the_words_they_spell() -> None:
    assert fold("几乇山 丨几 ㄒㄖ山几")[0].text == "new in town"
    assert fold("卂ᐯ卂丨ㄥ卂乃ㄥ乇 几ㄖ山")[0].text == "available now"


def test_an_indicator_in_faux_letters_is_found_and_its_span_is_the_original() -> None:
    body = "Lena, 25. 几乇山 丨几 ㄒㄖ山几 this week. Incall 200 an hour, text 555-0142."
    codes = _codes("Lena - 25", body)
    assert codes.get("MOVE_NEW_IN_TOWN") == "几乇山 丨几 ㄒㄖ山几"


def test_an_ornament_glued_to_a_word_is_a_space() -> None:
    assert fold("☆彡awake and bored")[0].text == "☆ awake and bored"
    codes = _codes("☆彡awake and bored - 25", "Incall 200 an hour. Text 555-0142.", "adult")
    assert codes.get("AVAIL_READY") == "awake and bored"


def test_chinese_and_japanese_text_stays_as_written() -> None:
    for text in ["山东省 new", "東京の山 hello", "ミルク tea", "千 yen", "川口市の几帳面な人", "山本さん 卂"]:
        assert fold(text)[0].text == text.lower(), text


def test_a_lawful_post_with_chinese_characters_gains_no_label() -> None:
    body = "Family restaurant, 山东 dumplings and noodles. Open daily 11-9, takeout welcome. Call 555-0150."
    assert SCREENER.screen({"id": "r", "category": "services", "title": "山东 Kitchen", "body": body}).labels == []


_GLYPHS = "".join(FAUX_LETTERS.values())


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from([*_GLYPHS, *"彡ミ ab.東京の山", "\n"]), max_size=40))
def test_reading_keeps_the_length_so_offsets_hold(text: str) -> None:
    assert len(read_faux(text)) == len(text)
