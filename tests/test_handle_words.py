"""A messenger's name followed by a common word is the sentence going on, not a handle ("reply with
your kik username", "our Facebook page", "WhatsApp calls only", "Skype chats"); a "$word" is no
Cash App tag where it is a word in a price's or a spelling's place ("$RENT set by income", "keep
your $MONEY$", "$exy" for "sexy"), unless Cash App is named before it. Read as contacts,
they joined unrelated ads: one housing company's "$RENT" put the same "cashapp:rent" on 54 posts.
Real handles - names with digits, after a separator, after "@" - are read as before."""

from __future__ import annotations

import pytest

from samaritan.engine.extract.contacts import find_handles
from samaritan.engine.screener import Screener


def _handles(text: str) -> list[str]:
    return [h.value for h in find_handles(text.lower())]


@pytest.mark.parametrize(
    "text",
    [
        "Reply with a photo and your kik username",
        "Join our Kik group for updates",
        "See the Twitter page or the Facebook link for updates",
        "We offer WhatsApp verification on request",
        "Weekly Skype sessions for students",
        "Scat: open to anything",
        "Studio: $RENT set by income limits; 1 bed: $RENT set by income limits",
        "Cook at home and keep your $MONEY$ in your pocket",
        "no $ugar daddy games, just coffee",
        "great for a $working professional",
    ],
)
def test_words_after_a_messenger_or_a_dollar_sign_are_no_handle(text: str) -> None:
    assert _handles(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kik: amber", ["kik:amber"]),
        ("snapchat lexi_rose22", ["snapchat:lexi_rose22"]),
        ("add me on IG @sweetlexi", ["instagram:sweetlexi"]),
        ("cashapp $jessica for the deposit", ["cashapp:jessica"]),
        ("deposit to $lexi22 first", ["cashapp:lexi22"]),
        ("kik misterfun77 or snap jewels.milli22", ["kik:misterfun77", "snapchat:jewels.milli22"]),
    ],
)
def test_a_handle_is_still_read(text: str, expected: list[str]) -> None:
    assert _handles(text) == expected


def test_housing_posts_that_say_rent_in_capitals_share_no_contact(rules_screener: Screener) -> None:
    ads = [
        {
            "id": f"h{i}",
            "category": "housing",
            "title": f"{i}BR apartments, income restricted",
            "body": f"Waitlist open. {i} bed: $RENT set by income. Follow our Twitter page. Call 702-555-01{40 + i}",
        }
        for i in (1, 2, 3)
    ]
    for verdict in rules_screener.screen_many(ads):
        assert verdict.to_dict()["entities"]["handles"] == []
