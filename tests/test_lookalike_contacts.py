"""An address or a handle written with look-alike or fancy-text letters ("ѕnαp: ѕωєєтgιяl22",
"jane@ехаmple.com" with Cyrillic letters) is extracted with the value it spells, so that linking
joins it to the same contact written plainly; a disguised address is also reported as disguised
(OBS_EMAIL_SPELLED). Offsets are the original's. Clinical synthetic text written for these tests;
phone numbers use the 555-01xx range."""

from __future__ import annotations

import pytest

from samaritan.engine.normalize.fancy import letters_in_place
from samaritan.engine.screener import Screener


def _entities(screener: Screener, body: str) -> dict:
    return screener.screen({"id": "c", "category": "dating", "title": "", "body": body}).to_dict()["entities"]


@pytest.mark.parametrize(
    ("disguised", "plain"),
    [
        ("ѕnαp: ѕωєєтgιяl22", "snap: sweetgirl22"),  # Cyrillic, Greek and Latin letters in one word
        ("kik: lexі_rose", "kik: lexi_rose"),  # a Cyrillic i
        ("snap: ᏚᎳᎬᎬᎢ_ᎪᏴᏴᎽ", "snap: sweet_abby"),  # Cherokee capitals
    ],
)
def test_a_handle_in_look_alike_letters_is_the_plain_handle(
    rules_screener: Screener, disguised: str, plain: str
) -> None:
    handles = _entities(rules_screener, disguised).get("handles")
    assert handles and handles == _entities(rules_screener, plain).get("handles")


def test_an_address_in_look_alike_letters_is_the_plain_address_and_disguised(rules_screener: Screener) -> None:
    verdict = rules_screener.screen({"id": "e", "category": "dating", "title": "", "body": "write to jane@ехаmple.com"})
    assert verdict.to_dict()["entities"]["emails"] == ["jane@example.com"]
    assert "OBS_EMAIL_SPELLED" in {i.code for i in verdict.indicators}


def test_reading_keeps_every_offset_and_leaves_plain_text_alone() -> None:
    text = "ѕnαp: ѕωєєтgιяl22 💋 call"
    read = letters_in_place(text)
    assert len(read) == len(text) and read.startswith("snap: sweetgirl22")
    plain = "snap: sweetgirl22"
    assert letters_in_place(plain) is plain


def test_a_phone_spelled_in_fancy_text_letters_is_read(rules_screener: Screener) -> None:
    # Number words in a fancy-text font ("ѕєνєи zєяσ тωσ ..."): the same number as plain words,
    # and disguised.
    fancy = "call ѕєνєи zєяσ тωσ fινє fινє fινє zєяσ σиє fσυя тωσ"
    plain = "call seven zero two five five five zero one four two"
    verdict = rules_screener.screen({"id": "p", "category": "dating", "title": "", "body": fancy})
    assert verdict.to_dict()["entities"]["phones"] == _entities(rules_screener, plain)["phones"] == ["+17025550142"]
    assert "OBS_PHONE_DISGUISED" in {i.code for i in verdict.indicators}
