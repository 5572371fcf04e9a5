"""The verdict's fast paths only skip work: a listed phone found from where RE2 says it can
start, measurements gated by the one-pass cue scan, and ordinary ads assessed once per what
their assessment depends on each give exactly what the full path gives. Generated ads and
synthetic text only; phone numbers use the 555-01xx range."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from samaritan import Screener
from samaritan.engine import shape
from samaritan.engine.adparse import parse_ad
from samaritan.engine.extract import ad_text
from samaritan.engine.model import Ad
from samaritan.engine.normalize import lower_in_place
from samaritan.engine.score import assess
from samaritan.generate.corpus import Mix, SiteGenerator

# Pieces phone numbers and measurements are made of, and what stands around them: other digits
# (Arabic-Indic among them), spaces of other kinds, letters either case, "İ" (two characters
# once lower-cased), emoji.
_PIECES = st.sampled_from(
    [
        "702", "555", "0142", "0199", "(702)", "555-0142", "555.0101", " ", "-", ".", "/", "(", ")", "\n",
        "\u00a0", "\u2003", "٧٠٢", "34", "24", "36", "dd", "C", "d", "38d-24-36", "x", "Call", "İ", "🌹", "ok",
    ]
)  # fmt: skip
_TEXTS = st.lists(_PIECES, max_size=14).map("".join)


def _ads(n: int = 300) -> list[Ad]:
    ads = []
    for seed, obfuscation in ((5, 0.3), (8, 1.0)):
        ads += [parse_ad(ad) for ad, _ in SiteGenerator(n, seed=seed, mix=Mix(obfuscation=obfuscation))]
    return ads


@settings(derandomize=True, max_examples=400, deadline=None)
@given(title=_TEXTS, body=_TEXTS)
def test_the_listed_phone_is_found_where_the_plain_search_finds_it(title: str, body: str) -> None:
    fields = (("title", title), ("body", body))
    lowered = lower_in_place(ad_text(Ad(id="a", platform="p", title=title, body=body)))
    assert shape.ShapeCues._phone_span(fields, lowered) == shape.ShapeCues._phone_span(fields)


@settings(derandomize=True, max_examples=400, deadline=None)
@given(text=_TEXTS)
def test_the_relaxation_never_starts_after_a_phone_number(text: str) -> None:
    first = shape._PHONE_AT.first(text)
    m = shape._PHONE.search(text)
    if m is not None:  # (with none, the relaxation may still match: it only ever matches more)
        assert 0 <= first <= m.start()


def test_shape_cues_with_the_cue_scan_are_those_without(screener: Screener) -> None:
    ads = _ads()
    ads += [
        Ad(id=f"t{k}", platform="p", title=title, body=body)
        for k, (title, body) in enumerate(
            [
                ("Mia - 24", "call 702-555-0142 tonight"),
                ("İstanbul visit 38D-24-36", "Text (702) 555-0199"),
                ("Room to rent", "Measures 34c/24/36, call ٧٠٢٥٥٥٠١٤٢"),
                ("", "38dd - 24 - 36 and 702\u00a0555\u00a00142"),
            ]
        )
    ]
    found = 0
    for ad in ads:
        lowered = lower_in_place(ad_text(ad))
        cues = screener.cues.scan(lowered)
        extraction = screener.extractor.extract(ad, lowered, cues)
        given = screener.findings.extracted(ad, extraction, shapes=False)
        fast = screener.findings.shapes.find(ad, extraction, given, cues, lowered)
        assert fast == screener.findings.shapes.find(ad, extraction, given), ad.id
        found += bool(fast)
    assert found > 20, "the ads exercise the shape cues"


def test_ordinary_ads_assessed_once_get_the_full_assessment() -> None:
    screener = Screener()
    ads = _ads(400)
    for _ in range(2):  # the second pass reads every ordinary assessment from the table
        for ad in ads:
            lowered = lower_in_place(ad_text(ad))
            cues = screener.cues.scan(lowered)
            extraction = screener.extractor.extract(ad, lowered, cues)
            indicators, unreported = screener.findings.indicators(ad, extraction, cues)
            if not indicators:
                continue
            full = assess(indicators, ad.section, screener.weights, unreported, screener._cues)
            fast = screener._assessed.of(ad.section, list(indicators), list(unreported))
            assert dataclasses.asdict(fast) == dataclasses.asdict(full), ad.id
    assert len(screener._assessed.ordinary) > 20, "ordinary ads with indicators were assessed once"


def test_a_remembered_assessment_is_no_list_shared_between_verdicts(screener: Screener) -> None:
    ad = {"id": "o1", "platform": "p", "category": "housing", "title": "Room - 24", "body": "Call 702-555-0142"}
    one, two = screener.screen_many([ad, ad])
    assert not isinstance(one, Exception) and not isinstance(two, Exception)
    assert one.to_dict() == two.to_dict()
    assert one.labels is not two.labels and one.reasons is not two.reasons and one.indicators is not two.indicators


@settings(derandomize=True, max_examples=400, deadline=None)
@given(
    text=st.lists(
        st.sampled_from(["a", " ", "🌹", "✨", "❤️", "©", "°", "★", "é", "Ж", "\ud800", "^", "|", "\u200d"]), max_size=20
    ).map("".join)
)
def test_a_titles_symbols_counted_from_its_characters_outside_ascii_are_all_of_them(text: str) -> None:
    # No ASCII character is a symbol (So): counting only the others counts the same.
    assert not any(shape._is_symbol(chr(code)) for code in range(128))
    assert shape._symbols(text) == sum(map(shape._is_symbol, text))
