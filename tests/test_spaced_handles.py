"""A messenger's short alias followed by a space and a handle ("sc lexi_rose22", "add my snap
kira.b99") is a handle: the name has a digit or an underscore, a shape no word has. Without one
the alias stays a word of prose ("snap pics", "ig post"), and the aliases that are words of their
own ("of", "x", "line") still need a ':' or '@' ("of age-5", "x gf33" are prose). Handles link ads
into networks, so a word read as one would join unrelated ads; so would an email missing part of
its name."""

from __future__ import annotations

import pytest

from samaritan.engine.extract.contacts import find_emails, find_handles


def _handles(text: str) -> list[str]:
    return [h.value for h in find_handles(text)]


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("Sweet and fun. sc lexi_rose22 thanks", "snapchat:lexi_rose22"),
        ("add my snap kira.b99 for more", "snapchat:kira.b99"),
        ("IG jade_moon for pics", "instagram:jade_moon"),
        ("tg nova_7 only", "telegram:nova_7"),
    ],
)
def test_a_spaced_alias_before_a_handle_shaped_name_is_read(text: str, handle: str) -> None:
    assert _handles(text) == [handle]


@pytest.mark.parametrize(
    "text",
    [
        "snap pics tonight",
        "ig post coming soon",
        "of course I can",
        "old enough of age-5 kids",
        "x gf33 rated",
        "line cook 2 needed",
        "signal strength 5 bars",
    ],
)
def test_prose_after_a_short_alias_is_no_handle(text: str) -> None:
    assert _handles(text) == []


# An email spaced out throughout keeps its whole local part: "rose@example.com" read from "lexi .
# rose @ example . com" is another person's address, and linking on it would join unrelated ads.
@pytest.mark.parametrize(
    ("text", "email"),
    [
        ("mail me: lexi . rose @ example . com", "lexi.rose@example.com"),
        ("a . b . c @ mail . com", "a.b.c@mail.com"),
        ("kira . moon at gmail dot com", "kira.moon@gmail.com"),
        ("Call me . rose@example.com", "rose@example.com"),  # the address itself is written plainly
    ],
)
def test_a_spaced_out_email_keeps_its_whole_local_part(text: str, email: str) -> None:
    assert [e.value for e in find_emails(text)] == [email]
