"""The learned path's chunk-at-once and shortcut readings agree with the plain per-ad ones: a
chunk's features hashed together are each ad's own features bit for bit (the packaged model's
scores depend on them), a chunk of ads screened together gets the verdicts each gets alone, and
the shortcuts in scope, phone removal and the tagger's tokens read text as their definitions do."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samaritan import Screener
from samaritan.engine.learned import categories_fast, categories_text
from samaritan.engine.learned import features as F
from samaritan.engine.learned import wording as W
from samaritan.engine.learned.categories import tagger_for
from samaritan.engine.learned.phones import PHONE_LIKE, without_phones
from samaritan.engine.learned.scores import probabilities_many
from samaritan.engine.learned.stage import LearnedStage
from samaritan.engine.normalize import fold_chars
from samaritan.generate.corpus import Mix, SiteGenerator

_PROPERTY = settings(derandomize=True, max_examples=200, deadline=None)
# Every kind of character the token, clause, phone and n-gram readings treat apart.
_ALPHABET = [*"ab zqy09'$.!?;:,\n()[]|•*~-+\"é", "\u2600", "\U0001f600", "\u0661", "\uff11", "\t"]
_TEXT = st.text(alphabet=st.sampled_from(_ALPHABET), max_size=80)
_HITS = st.lists(
    st.tuples(
        st.sampled_from(["CODE_A", "CODE_B", "CODE_C"]),
        st.sampled_from(["venue", "commercial_sex", "obscured_contact", "youth"]),
        st.booleans(),
        st.sampled_from([0.2, 0.5, 1.0]),
    ),
    max_size=4,
)
_AD = st.tuples(
    _TEXT, _TEXT, st.sampled_from(["dating", "housing", ""]), _HITS, st.sampled_from([{}, {"phone": 1, "url": 2}])
)


def _same(a: F.AdFeatures, b: F.AdFeatures) -> bool:
    return (
        a.index.dtype == b.index.dtype
        and a.value.dtype == b.value.dtype
        and a.index.tolist() == b.index.tolist()
        and a.value.tobytes() == b.value.tobytes()
        and (a.prior, a.named, a.words, a.totals) == (b.prior, b.named, b.words, b.totals)
    )


@_PROPERTY
@given(st.lists(_AD, min_size=1, max_size=8))
def test_a_chunk_hashed_at_once_is_each_ad_hashed_alone(ads: list) -> None:
    alone = [F.featurize(*ad) for ad in ads]
    deferred = [F.featurize(*ad, defer=True) for ad in ads]
    assert all(f.index.size == 0 for f in deferred)  # nothing hashed until asked
    # Asking for any one hashes the whole chunk, in place.
    assert F.hashed(deferred[-1]) is deferred[-1]
    assert all(_same(d, a) for d, a in zip(deferred, alone, strict=True))


def _scopes_by_counter(tokens: list[str], breaks: list[int]) -> list[bool]:
    """The plain reading: a negator opens a window of SCOPE_WORDS tokens, closed at a clause end."""
    scoped, left, clause = [False] * len(tokens), 0, -1
    for i, tok in enumerate(tokens):
        if breaks[i] != clause:
            clause, left = breaks[i], 0
        if tok in W.NEGATORS:
            left = W.SCOPE_WORDS
            continue
        if left:
            scoped[i], left = True, left - 1
    return scoped


@_PROPERTY
@given(st.lists(st.tuples(st.sampled_from(["no", "not", "never", "a", "b", "cash"]), st.booleans()), max_size=20))
def test_negation_scopes_are_the_counters_reading(pairs: list[tuple[str, bool]]) -> None:
    tokens = [t for t, _ in pairs]
    breaks = [sum(b for _, b in pairs[: i + 1]) for i in range(len(pairs))]
    assert W.negation_scopes(tokens, breaks) == _scopes_by_counter(tokens, breaks)


# Pieces of phone numbers and what may stand around them, so that numbers long enough to match
# come up often: a plus sign, digits, spaces and punctuation, letters, a non-ASCII digit and space.
_PHONE_PIECES = ["+", "555", "0100", "1", "-", " ", "(", ")", ".", "\n", "\x1c", "x", "\u0661", "\u2003", "\U0001f600"]


@_PROPERTY
@given(st.lists(st.sampled_from(_PHONE_PIECES), max_size=16).map("".join))
def test_phone_like_numbers_are_removed_as_the_pattern_says(text: str) -> None:
    # ASCII text is read through a byte table of the pattern's classes (phones.py), the rest by
    # RE2 and the pattern from where a match may start.
    assert without_phones(text) == PHONE_LIKE.sub(" ", text)


@_PROPERTY
@given(_TEXT)
def test_tagger_tokens_are_where_the_pattern_finds_them(text: str) -> None:
    folded, where = fold_chars(text)
    found = [(m.start(), m.end(), m.group()) for m in categories_text._TOKEN.finditer(folded)]
    if where is not None:
        found = [(where[s], where[e - 1] + 1, k) for s, e, k in found]
    if not categories_text._SPELLED.search(folded):  # letters spelled apart: the reference loop
        starts, ends, keys = categories_fast._tokens(text)
        assert list(zip(starts, ends, keys, strict=True)) == found


@pytest.fixture(scope="module")
def learned() -> Screener:
    return Screener(model="default")


def test_a_chunk_screened_together_gets_the_verdicts_each_gets_alone(learned: Screener) -> None:
    ads = [ad for ad, _ in SiteGenerator(160, seed=23, mix=Mix(obfuscation=0.6))]
    together = [v.to_dict() for v in learned.screen_many(ads)]  # type: ignore[union-attr]  # no errors here
    alone = [learned.screen(ad).to_dict() for ad in ads]
    assert together == alone
    assert sum(bool(v["labels"]) for v in alone) > 5  # commercial ads among them, tagger and all


def test_hashing_waits_for_no_other_thread() -> None:
    """Deferred features belong to the thread that made them: another thread's ask hashes its own."""
    import threading

    mine = F.featurize("", "Quiet room, no pets.", "housing", [], {}, defer=True)
    theirs: list[F.AdFeatures] = []

    def other() -> None:
        theirs.append(F.hashed(F.featurize("", "Call me tonight.", "dating", [], {}, defer=True)))

    worker = threading.Thread(target=other)
    worker.start()
    worker.join()
    assert theirs[0].index.size and mine.index.size == 0
    assert _same(F.hashed(mine), F.featurize("", "Quiet room, no pets.", "housing", [], {}))


def test_a_chunks_probabilities_at_once_are_each_ads_own(learned: Screener) -> None:
    """scores.probabilities_many gives the floats LearnedModel.probabilities gives each ad alone,
    for either minor_risk curve (a verdict's rounded risks must not move)."""
    ads = [ad for ad, _ in SiteGenerator(120, seed=5, mix=Mix(obfuscation=0.4))]
    feats = [learned.features(ad) for ad in ads]
    model = learned.model
    assert model is not None
    for youth in ([k % 3 == 0 for k in range(len(feats))], [True] * len(feats)):
        together = probabilities_many(model, feats, youth)
        assert together == [model.probabilities(f, youth=y) for f, y in zip(feats, youth, strict=True)]
    assert {p["commercial_sex"] >= 0.5 for p in together} == {True, False}  # likely ads and unlikely ones


def test_a_failure_in_the_learned_stage_spares_the_rest_of_the_chunk(
    learned: Screener, monkeypatch: pytest.MonkeyPatch
) -> None:
    ads = [{"id": f"ad-{i}", "category": "dating", "body": f"New in town, call 702-555-01{i:02d}."} for i in range(6)]
    alone = [learned.screen(ad).to_dict() for ad in ads]
    real = LearnedStage._commercial

    def fragile(self: LearnedStage, ad: Any, *args: Any) -> bool:  # a bug one ad trips
        if ad.id == "ad-3":
            raise RuntimeError("boom")
        return real(self, ad, *args)

    monkeypatch.setattr(LearnedStage, "_commercial", fragile)
    got = learned.screen_many(ads)
    assert isinstance(got[3], RuntimeError)
    assert [v.to_dict() for k, v in enumerate(got) if k != 3] == alone[:3] + alone[4:]  # type: ignore[union-attr]


def test_the_tagger_reads_a_chunk_of_ads_as_it_reads_each_alone(
    learned: Screener, monkeypatch: pytest.MonkeyPatch
) -> None:
    """categories_fast.field_spans over every field of many ads (empty and token-less fields among
    them) finds each field's spans, scores to the last bit, as the tagger finds them ad by ad,
    and indicators_many gives each ad's indicators, respelled readings and all."""
    tagger = tagger_for(learned.model)
    assert tagger is not None
    ads = [ad for ad, _ in SiteGenerator(80, seed=11, mix=Mix(obfuscation=0.6))]
    ads += [{"id": "e", "title": "", "body": "..."}, {"id": "f", "title": "!!", "body": "Quiet room, no pets."}]
    feats: list[F.AdFeatures] = []  # as screening reads them: readings and respelled readings
    featurize = LearnedStage.features
    monkeypatch.setattr(LearnedStage, "features", staticmethod(lambda *a: feats.append(featurize(*a)) or feats[-1]))
    learned.screen_many(ads)
    texts = [(ad.get("title", ""), ad["body"]) for ad in ads]
    fields = [(name, text, None) for title, body in texts for name, text in (("title", title), ("body", body))]
    alone = [spans for title, body in texts for spans in _by_field(tagger, title, body)]
    assert categories_fast.field_spans(tagger, fields) == alone
    items = [(t, b, f.readings, f.respelled) for (t, b), f in zip(texts, feats, strict=True)]
    together = tagger.indicators_many(items)
    assert together == [tagger.indicators(*item) for item in items]
    assert sum(bool(i) for i in together) > 10 and any(f.respelled for f in feats)


def _by_field(tagger: Any, title: str, body: str) -> list[list[Any]]:
    found = {name: spans for name, _, spans in categories_fast.ad_spans(tagger, [("title", title), ("body", body)])}
    return [found.get("title", []), found.get("body", [])]
