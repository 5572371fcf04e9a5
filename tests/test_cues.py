"""The one-pass cue scan only skips work: with it, every ad gets exactly the verdict, entities and
folded views it gets with every stage run in full."""

from __future__ import annotations

import random

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import DATA
from samaritan.engine import extract, normalize
from samaritan.engine.cues import CueSet, fired
from samaritan.engine.detect import Detector, needs_digit
from samaritan.engine.extract import Extractor
from samaritan.engine.lexicon import load_lexicon
from samaritan.engine.model import Ad
from samaritan.engine.normalize import fold
from samaritan.generate.corpus import Mix, SiteGenerator

CUES = CueSet({**normalize.CUES, **extract.CUES})
EVERY_FOLD_STEP = frozenset(normalize.CUES)  # "all fired": every step of fold runs
VOCABULARY = Detector(load_lexicon())._vocabulary
EXTRACTOR = Extractor(cues=CUES)


def _ads() -> list[Ad]:
    ads = []
    for seed, obfuscation in ((3, 0.0), (4, 0.5), (6, 1.0)):
        for ad, _ in SiteGenerator(700, seed=seed, mix=Mix(obfuscation=obfuscation)):
            ads.append(Ad(id=ad["id"], platform=ad["platform"], title=ad.get("title", ""), body=ad["body"]))
    suite = yaml.safe_load((DATA / "phones.yaml").read_text("utf-8"))
    texts = [t for t in suite["positive"] + suite["negative"] if isinstance(t, str)]
    traps = yaml.safe_load((DATA / "traps.yaml").read_text("utf-8"))
    texts += [t for section in traps.values() for t in section]
    ads += [Ad(id=f"t{i}", platform="p", title="", body=t) for i, t in enumerate(texts)]
    return ads


ADS = _ads()


def _entities(ad: Ad, cues) -> tuple:
    result = EXTRACTOR.extract(ad, cues=cues)
    return result.entities.to_dict(), result.disguised, result.ages


def test_gated_extraction_equals_full_extraction() -> None:
    scans = [CUES.scan(normalize.lower_in_place(extract.ad_text(ad))) for ad in ADS]
    gated = sum(1 for cues in scans if len(set(extract.CUES) - cues) >= len(extract.CUES) // 2)
    assert gated > len(ADS) // 2  # on most ads most extraction cues stay quiet: the gates are in use
    for ad in ADS:
        assert _entities(ad, True) == _entities(ad, False), ad.body


def test_gated_folding_equals_full_folding() -> None:
    for ad in ADS:
        cues = CUES.scan(normalize.lower_in_place(extract.ad_text(ad)))
        for _, text in ad.fields():
            gated = [(v.text, [v.origin(i) for i in range(len(v.text))]) for v in fold(text, VOCABULARY, cues)]
            full = [
                (v.text, [v.origin(i) for i in range(len(v.text))]) for v in fold(text, VOCABULARY, EVERY_FOLD_STEP)
            ]
            assert gated == full, text


# Text made of the pieces the cues are about: digits, number words, units, currency, mail and
# handle words, single letters and separators, stretched letters and leetspeak.
_PIECES = [
    "7",
    "02",
    "555",
    "0123",
    "1",
    "24",
    "150",
    "$",
    "usd",
    "roses",
    "hh",
    "hr",
    "hour",
    "qv",
    "per",
    "an",
    "for",
    "overnight",
    "donation",
    "rate",
    "age",
    "aged",
    "yo",
    "y/o",
    "years",
    "old",
    "i'm",
    "im",
    "only",
    "turned",
    "nineteen",
    "twenty",
    "one",
    "two",
    "five",
    "oh",
    "o",
    "l",
    "i",
    "six02",
    "@",
    "at",
    "dot",
    "com",
    "(at)",
    "gmail",
    "jane",
    "snap",
    "ig",
    "of",
    "x",
    ":",
    "kik",
    "$tag",
    "www.",
    "http://a.co/x",
    "y",
    "u",
    "n",
    "g",
    "youuung",
    "t33n",
    "b4",
    "70",
    "7o2",
    ".",
    ",",
    "-",
    "_",
    "/",
    "|",
    " ",
    "  ",
    "\n",
    "'",
    '"',
    "(",
    ")",
    # Unicode, where Python's classes and RE2's differ: digits, spaces, letters, emoji.
    "７",
    "٣",
    "\u00a0",
    "\u2003",
    "\u3000",
    "é",
    "Ä",
    "ß",
    "İ",
    "ｈｈ",
    "🌹",
    "📞",
    "\u200b",
    "５５５",
]


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=40))
def test_cues_never_hide_a_match(pieces: list[str]) -> None:
    text = "".join(pieces)
    ad = Ad(id="h", platform="p", title="", body=text)
    assert _entities(ad, True) == _entities(ad, False)
    cues = CUES.scan(normalize.lower_in_place(text))
    gated = [v.text for v in fold(text, VOCABULARY, cues)]
    assert gated == [v.text for v in fold(text, VOCABULARY, EVERY_FOLD_STEP)]


def test_scan_names_what_fired() -> None:
    cues = CUES.scan("call 702 555 0123, $150 hh")
    assert {"phone.run", "price.0"} <= cues
    assert "email" not in cues
    assert fired(None, "email") and fired(cues, "email", "price.0") and not fired(cues, "email")
    # Cues follow Python's classes, not RE2's ASCII ones: a full-width digit is a digit.
    assert "price.1" in CUES.scan("ｃａｌｌ, ７０２ dollars")


def test_a_bad_cue_is_named() -> None:
    with pytest.raises(ValueError, match="broken"):
        CueSet({"broken": "(?<=x)y"})  # RE2 has no look-behind


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\d", True),
        (r"x?\d+ roses", True),
        (r"[0-9]{2}", True),
        (r"(?:a\d|\db)c", True),
        (r"a|\d", False),
        (r"\d*", False),
        (r"[0-9a]", False),
        (r"(?=\d)", False),
    ],
)
def test_needs_digit(pattern: str, expected: bool) -> None:
    assert needs_digit(pattern) is expected


def test_pattern_rules_skipped_without_a_digit_still_fire_with_one() -> None:
    detector = Detector(load_lexicon())
    assert {h.rule.code for h in detector.find("body", "150 roses for the hour")} >= {"CS_RATE_EUPHEMISM"}
    assert not {h.rule.code for h in detector.find("body", "a dozen roses for the table")} & {"CS_RATE_EUPHEMISM"}


def test_random_ads_fold_the_same_with_and_without_cues() -> None:
    rng = random.Random(5)
    words = ["Young", "fresh", "n3w", "in", "t o w n", "hh", "150", "70", "roses", "sooo", "Virginia", "🌹"]
    for _ in range(300):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 12)))
        cues = CUES.scan(text.lower())
        assert [v.text for v in fold(text, VOCABULARY, cues)] == [
            v.text for v in fold(text, VOCABULARY, EVERY_FOLD_STEP)
        ]


def test_the_grouped_sets_find_what_each_cue_finds_alone() -> None:
    """The cues are split over several RE2 Sets for speed; together they answer as one Set
    would: every cue that matches on its own, and no other."""
    names = {**normalize.CUES, **extract.CUES}
    alone = {name: CueSet({name: pattern}) for name, pattern in names.items()}
    for ad in ADS[::7]:
        text = normalize.lower_in_place(extract.ad_text(ad))
        assert CUES.scan(text) == {name for name, cue in alone.items() if cue.scan(text)}, text
