"""The fast paths of folding, detection and the verdict (issue #13) only skip work: each gives
exactly what the general path gives, on generated ads plain and disguised (the evasion and
text transforms of the generator) and on made-up text. Generated ads and synthetic text only."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samaritan import Screener
from samaritan.engine import adparse, extract, normalize, shape
from samaritan.engine.adparse import AdError, parse_ad
from samaritan.engine.assessment import Assessment
from samaritan.engine.cues import CueSet
from samaritan.engine.decide import SEVERITY, decide
from samaritan.engine.extract import ad_text
from samaritan.engine.extract.warmup import warm_text
from samaritan.engine.hits import Hit, drop_nested
from samaritan.engine.learned.scope import is_code_with_digits
from samaritan.engine.model import Ad
from samaritan.engine.normalize import Folded, fold, lower_in_place
from samaritan.engine.normalize.offsets import _Collapsed
from samaritan.engine.phrase import by_edge
from samaritan.engine.policy import load_policy
from samaritan.engine.relaxed import ascii_classes, window_matches
from samaritan.engine.tokens import Words
from samaritan.generate.corpus import Mix, SiteGenerator
from samaritan.generate.obfuscate import EVASION_TRANSFORMS, TEXT_TRANSFORMS

_PROPERTY = settings(derandomize=True, max_examples=300, deadline=None)
_TRANSFORMS = {**EVASION_TRANSFORMS, **TEXT_TRANSFORMS}


def _texts() -> list[str]:
    """Titles and bodies of generated ads, some disguised throughout."""
    texts = []
    for seed, obfuscation in ((21, 0.3), (22, 1.0)):
        for ad, _ in SiteGenerator(150, seed=seed, mix=Mix(obfuscation=obfuscation)):
            texts += [ad.get("title") or "", ad["body"]]
    return [t for t in texts if t]


_TEXTS = _texts()


def _disguised(k: int, transform: str, seed: int) -> str:
    """Text k with some of its words written in one transform."""
    words = _TEXTS[k % len(_TEXTS)].split(" ")
    rnd = random.Random(seed)
    for i in rnd.sample(range(len(words)), k=min(len(words), 3)):
        if len(words[i]) > 2:
            words[i] = _TRANSFORMS[transform](words[i], rnd)
    return " ".join(words)


_AD_TEXT = st.builds(_disguised, st.integers(0, 10**6), st.sampled_from(sorted(_TRANSFORMS)), st.integers(0, 99)) | (
    st.integers(0, 10**6).map(lambda k: _TEXTS[k % len(_TEXTS)])
)


def _view_map(view: Folded) -> tuple[str, list[int]]:
    return view.text, [view.origin(i) for i in range(len(view.text))]


@pytest.fixture(scope="module")
def engine() -> Screener:
    return Screener()


@_PROPERTY
@given(title=_AD_TEXT, body=_AD_TEXT)
def test_folding_with_the_cue_scan_and_the_ads_words_gives_the_general_paths_views(
    engine: Screener, title: str, body: str
) -> None:
    # The one-view fast path and the skipped respelling call rest on the ad's cues and words;
    # without them fold runs every step.
    lowered = lower_in_place(ad_text(Ad(id="a", platform="p", title=title, body=body)))
    cues = engine.cues.scan(lowered)
    vocabulary = engine.detector.vocabulary
    words = Words(lowered)
    for text in (title, body):
        fast = fold(text, vocabulary, cues, words)
        general = fold(text, vocabulary)
        assert [_view_map(v) for v in fast] == [_view_map(v) for v in general]


def _nested_reference(hits: list[Hit]) -> list[Hit]:
    """`drop_nested` as written before its fast path."""
    hits.sort(key=lambda h: (h.field, h.order[0], h.order[0] - h.order[1]))
    kept: list[Hit] = []
    spans: dict[tuple[str, str], list[tuple[int, int, int]]] = {}
    for hit in hits:
        start, end = hit.order
        same = spans.get((hit.rule.code, hit.field))
        if same is None:
            spans[(hit.rule.code, hit.field)] = [(len(kept), start, end)]
        else:
            if any(at >= len(kept) - 8 and s <= start and end <= e for at, s, e in same):
                continue
            same.append((len(kept), start, end))
        kept.append(hit)
    return kept


@_PROPERTY
@given(text=_AD_TEXT, picks=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 40), st.integers(1, 12)), max_size=8))
def test_nested_hits_are_dropped_as_the_full_pass_drops_them(engine: Screener, text: str, picks: list) -> None:
    rules = engine.detector.rules[:6]
    view = fold(text)[0]
    hits = [Hit(rules[r], "body", view, s, s + n, None) for r, s, n in picks if s + n <= len(view.text)]
    hits += engine.detector.match("body", [view])
    assert drop_nested(list(hits)) == _nested_reference(list(hits))


@_PROPERTY
@given(text=st.text(alphabet=" \t\n\u00a0\u2003abno", max_size=40))
def test_the_last_two_words_before_a_hit_are_those_a_full_split_gives(text: str) -> None:
    # detect._context_allows reads the words before a negatable hit with rsplit.
    full, last = text.split(), text.rsplit(None, 2)
    assert full[-2:] == last[-2:]
    assert (len(full) >= 2) == (len(last) >= 2)


@_PROPERTY
@given(text=st.text(alphabet="abgfGF3٣x ", max_size=12), start=st.integers(0, 12), length=st.integers(0, 6))
def test_a_field_without_a_digit_holds_no_model_code(text: str, start: int, length: int) -> None:
    # Screener._indicators asks is_code_with_digits only of fields holding a digit.
    if re.search(r"\d", text) is None:
        assert not is_code_with_digits(text[start : start + length])


@_PROPERTY
@given(text=st.text(alphabet="  ab", max_size=40), positions=st.lists(st.integers(0, 40), max_size=6))
def test_collapsed_spaces_map_back_to_the_character_they_came_from(text: str, positions: list[int]) -> None:
    collapsed = re.sub(" +", " ", text)
    runs = _Collapsed(text, None)
    for position in positions:
        if position < len(collapsed):
            kept = [i for i, ch in enumerate(text) if not (ch == " " and i and text[i - 1] == " ")]
            assert runs.origin(position) == kept[position]


@_PROPERTY
@given(
    text=st.lists(st.sampled_from(["  ", " ", "a", "\u2003", "\n", "✨"]), max_size=30).map("".join),
    asks=st.lists(st.tuples(st.booleans(), st.integers(0, 60), st.integers(1, 8)), max_size=8),
)
def test_collapsed_runs_listed_as_asked_map_back_as_the_whole_list_does(
    text: str, asks: list[tuple[bool, int, int]]
) -> None:
    # Runs are listed lazily, as far as each look-up needs (origins and spans in any order,
    # through a base map): every answer is the one the offsets of the whole text give.
    base = [3 * k + 1 for k in range(len(text))]
    runs = _Collapsed(text, base)
    kept = _Collapsed(text, base).offsets()
    for is_span, position, length in asks:
        if position >= len(kept):
            continue
        if is_span:
            end = min(position + length, len(kept))
            assert runs.span(position, end) == (kept[position], kept[end - 1] + 1)
        else:
            assert runs.origin(position) == kept[position]


_OUTCOMES = ["commercial_sex", "trafficking_risk", "minor_risk"]


@_PROPERTY
@given(
    labels=st.lists(st.sampled_from(_OUTCOMES), unique=True, max_size=3),
    uncertain=st.booleans(),
    section=st.sampled_from(["dating", "escort", "housing", "Personals", "", "jobs"]),
)
def test_a_remembered_decision_is_the_policys(labels: list[str], uncertain: bool, section: str) -> None:
    policy = load_policy()
    assessment = Assessment(0.5, bool(labels), uncertain, 0.5, 0.5, labels, [])
    outcomes = labels or (["uncertain"] if uncertain else ["ordinary"])
    expected = max((policy.action(section, o) for o in outcomes), key=SEVERITY.__getitem__)
    for _ in range(2):  # worked out, then remembered
        assert decide(section, assessment, policy)[0] == expected


class _Text(str):
    pass


_VALUES = st.one_of(st.none(), st.text(max_size=3), st.integers(), st.booleans(), st.lists(st.none(), max_size=1))


@_PROPERTY
@given(values=st.lists(st.one_of(_VALUES, st.just(_Text("x"))), min_size=7, max_size=7))
def test_string_fields_are_checked_as_one_field_at_a_time_checks_them(values: list[object]) -> None:
    record = dict(zip(adparse._STRING_FIELDS, values, strict=True))

    def reference() -> str | None:
        for name in adparse._STRING_FIELDS:
            value = record.get(name)
            if value is not None and not isinstance(value, str):
                return f"$.{name}"
        return None

    try:
        adparse._strings(record, adparse._STRING_FIELDS, "$", "a")
        got = None
    except AdError as exc:
        got = exc.path
    assert got == reference()


def test_warming_the_cue_scan_changes_no_cue(engine: Screener) -> None:
    patterns = {**normalize.CUES, **extract.CUES, **shape.CUES}
    warmed, cold = CueSet(patterns), CueSet(patterns)
    warmed.warm(warm_text(2000))
    for k in range(0, 300, 3):
        text = lower_in_place(_disguised(k, sorted(_TRANSFORMS)[k % len(_TRANSFORMS)], k))
        assert warmed.scan(text) == cold.scan(text) == engine.cues.scan(text)


def test_an_ad_with_a_wrong_type_is_still_refused_by_path() -> None:
    with pytest.raises(AdError) as caught:
        parse_ad({"id": "a", "body": "x", "url": 5})
    assert caught.value.path == "$.url"
    assert ad_text(parse_ad({"id": "a", "body": "x", "title": _Text("t")})) != ""


@_PROPERTY
@given(
    phrases=st.lists(st.text(alphabet="ab c", max_size=4), min_size=1, max_size=6),
    text=st.text(alphabet="ab c", max_size=8),
)
def test_a_rules_phrases_by_their_edge_are_those_a_text_starts_or_ends_with(phrases: list, text: str) -> None:
    # detect._context_allows tests only the not_before (not_after) phrases of the text's first (last) character.
    said = tuple(phrases)
    opening, closing = by_edge(said, 0), by_edge(said, -1)
    assert opening is not None and closing is not None
    group = opening[0].get(text[:1], opening[1])
    assert {p for p in said if text.startswith(p)} == {p for p in group if text.startswith(p)}
    group = closing[0].get(text[-1:], closing[1])
    assert {p for p in said if text.endswith(p)} == {p for p in group if text.endswith(p)}
    assert by_edge((), 0) is None


@_PROPERTY
@given(text=_AD_TEXT, pick=st.integers(0, 10**6), at=st.integers(0, 400), width=st.integers(1, 12))
def test_a_patterns_window_matches_from_the_views_bytes_are_finditers(
    engine: Screener, text: str, pick: int, at: int, width: int
) -> None:
    # detect._run_pattern slices the view's ascii_classes and stops once a match ends at the anchor's end.
    detector = engine.detector
    view = fold(text)[0].text
    index = sorted(detector._relaxed)[pick % len(detector._relaxed)]
    pattern, relaxed = detector._patterns[index], detector._relaxed[index]
    a_start = min(at, len(view))
    a_end = min(a_start + width, len(view))
    lo, hi = max(0, a_start - 60), min(len(view), a_end + 60)
    expected = [m.span() for m in pattern.finditer(view, lo, hi) if m.start() < a_end]
    for whole in (None, ascii_classes(view)):
        found = []
        for m in window_matches(relaxed, pattern, view, lo, hi, a_end, whole):
            if m.start() >= a_end:
                break
            found.append(m.span())
        assert found == expected
