"""Learned indicator categories: a tagger trained on the generator's truth spans finds a
category's spans in wording it never saw, with exact original offsets, adds them to commercial
verdicts at weight 0 (decision, labels and risks unchanged), gives a lawful ad nothing, and
loads from plain arrays."""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import replace
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samaritan import Screener
from samaritan.engine.learned.categories import FILE, CategoryError, CategoryTagger, load_tagger
from samaritan.engine.learned.categories_fast import ad_spans
from samaritan.engine.learned.categories_text import DIM, features, one_short_word, tokens
from samaritan.generate.corpus import SiteGenerator
from samaritan.runs.train_categories import train


def _items(n: int, seed: int, families: str) -> list[tuple[dict, list[dict], str]]:
    return [(ad, t["indicators"], t["family"]) for ad, t in SiteGenerator(n, seed=seed, families=families)]


@pytest.fixture(scope="module")
def tagger() -> CategoryTagger:
    # 4,000 ads: at 2,500 one corpus (seed 31, once the ethnicity breadth redrew it) read 0.24 of
    # the spans below against 0.37-0.61 for other seeds; at 4,000, 0.44-0.58 over five seeds.
    result = train(_items(4000, 31, "train"), seed=0)
    assert result is not None
    return result[0]


def _packaged_copy(directory: Path) -> Path:
    """The packaged model's weights alone, without the tagger it ships with."""
    packaged = Path(str(resources.files("samaritan").joinpath("data/model")))
    for name in ("model.json", "weights.npz"):
        shutil.copy(packaged / name, directory / name)
    return directory


@pytest.fixture(scope="module")
def model_dir(tagger: CategoryTagger, tmp_path_factory) -> Path:
    """The packaged model with the small tagger beside it."""
    directory = _packaged_copy(tmp_path_factory.mktemp("model"))
    tagger.save(directory)
    return directory


@pytest.fixture(scope="module")
def bare_model_dir(tmp_path_factory) -> Path:
    return _packaged_copy(tmp_path_factory.mktemp("bare"))


def _overlap(a: dict, field: str, start: int, end: int) -> bool:
    return a["field"] == field and a["start"] < end and start < a["end"]


def test_held_out_wording_is_found_with_its_exact_span(tagger: CategoryTagger) -> None:
    """On phrasing families never trained on, each span found lies exactly on the original text,
    most truth spans of the well-taught categories are found, and many with their exact bounds."""
    found = exact = total = 0
    for ad, spans, _ in _items(700, 77, "test"):
        texts = {"title": ad.get("title", ""), "body": ad.get("body", "")}
        inds = tagger.indicators(texts["title"], texts["body"])
        for i in inds:
            assert i.text == texts[i.field][i.start : i.end] and i.text == i.text.strip()
            assert i.code == f"LEARNED_{i.category.upper()}" and i.weight == 0.0
        for s in spans:
            if s["category"] not in ("third_party", "movement", "reassurance", "availability"):
                continue
            total += 1
            same = [i for i in inds if i.category == s["category"] and _overlap(s, i.field, i.start, i.end)]
            found += bool(same)
            exact += any((i.start, i.end) == (s["start"], s["end"]) for i in same)
    assert total > 100, total
    # Measured with a 2,500-ad tagger: 0.47 found, 0.18 exactly (one trained as the default: 0.66, 0.34);
    # 0.33 and 0.11 since the weak intents' held-out wording was written apart from the training
    # wording and the lexicon (session 8): the earlier figures read partly seen wording; with this
    # 4,000-ad tagger 0.49 and 0.19 (session 12).
    assert found / total >= 0.28 and exact / total >= 0.08


def test_verdicts_gain_learned_spans_and_nothing_else_changes(model_dir: Path, bare_model_dir: Path) -> None:
    from jsonschema import Draft202012Validator

    schema = json.loads(resources.files("samaritan").joinpath("schemas/result.schema.json").read_text("utf-8"))
    validator = Draft202012Validator(schema)
    with_tagger, without = Screener(model=model_dir), Screener(model=bare_model_dir)
    gained = 0
    for ad, _, _ in _items(300, 78, "test"):
        a, b = with_tagger.screen(ad).to_dict(), without.screen(ad).to_dict()
        validator.validate(a)
        for key in ("decision", "labels", "risk", "priority", "entities"):
            assert a[key] == b[key]
        learned = [i for i in a["indicators"] if i["code"].startswith("LEARNED_")]
        assert [i for i in a["indicators"] if not i["code"].startswith("LEARNED_")] == b["indicators"]
        if learned:
            gained += 1
            assert "commercial_sex" in a["labels"]  # only where the rules' indicators are shown too
            assert any(r.startswith("Learned wording") for r in a["reasons"])
            assert all(i["weight"] == 0.0 for i in learned)
    assert gained >= 10


def test_a_lawful_ad_gains_nothing(model_dir: Path) -> None:
    screener = Screener(model=model_dir)
    ads = [
        {"id": "h1", "platform": "t", "category": "housing", "title": "Bright room available now",
         "body": "Just arrived on the market: a quiet room near the station, available day and night for "
                 "viewing. Deposit by bank transfer. Clean and safe building. Call 702-555-0142."},
        {"id": "p1", "platform": "t", "category": "personals", "title": "New in town",
         "body": "Just moved here for work and visiting friends until Sunday. Looking for a hiking partner, "
                 "no rush, discreet and respectful. Coffee first?"},
    ]  # fmt: skip
    for ad in ads:
        verdict = screener.screen(ad)
        assert not verdict.labels
        assert not [i for i in verdict.indicators if i.code.startswith("LEARNED_")]
        assert not [r for r in verdict.reasons if r.startswith("Learned wording")]


def test_the_tagger_is_plain_arrays_and_a_bad_file_is_refused(tagger: CategoryTagger, tmp_path: Path) -> None:
    path = tagger.save(tmp_path)
    with np.load(path, allow_pickle=False) as npz:  # no pickled object anywhere
        optional = {"lexwords", "lexsets", "short", "classwords", "classids"}
        assert set(npz.files) - optional == {"doc", "rows", "W", "bias", "thresholds", "known"}
    again = load_tagger(path)
    body = "Back in town for two nights only. Incall near the airport. Cash App accepted."
    assert again.indicators("", body) == tagger.indicators("", body)
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / FILE).write_bytes(b"not a file of arrays")
    with pytest.raises(CategoryError, match="not a readable categories file"):
        load_tagger(tmp_path / "x" / FILE)


def test_one_short_word_is_a_span_only_above_its_category_level(tagger: CategoryTagger, tmp_path: Path) -> None:
    """A span of one word under five letters ("new", "safe") is kept where its category's `short`
    level allows it, on both paths alike, and survives a save; a tagger without levels (an older
    file) never keeps one."""
    some = replace(tagger, short=np.full(len(tagger.categories), 0.5, dtype=np.float32), cache=None)
    none = replace(tagger, short=None, cache=None)
    shorts = 0
    for ad, _, _ in _items(300, 93, "test"):
        title, body = str(ad.get("title") or ""), str(ad.get("body") or "")
        assert _fast(some, title, body) == _reference(some, title, body)
        shorts += sum(one_short_word(i.text) for i in some.indicators(title, body))
        assert not [i for i in none.indicators(title, body) if one_short_word(i.text)]
    assert shorts > 5, shorts
    again = load_tagger(some.save(tmp_path))
    assert again.short is not None and np.array_equal(again.short, some.short)


def test_without_spans_there_is_no_tagger() -> None:
    assert train([(ad, [], t) for ad, _, t in _items(200, 5, "train")]) is None


def _reference(tagger: CategoryTagger, title: str, body: str) -> list[tuple[str, list[tuple[str, int, int, float]]]]:
    """The straightforward path, field by field: per-token features, one sum per token."""
    return [
        (name, [(s.category, s.start, s.end, s.score) for s in tagger.spans(text, name)])
        for name, text in (("title", title), ("body", body))
        if text and tokens(text).norms
    ]


def _fast(tagger: CategoryTagger, title: str, body: str) -> list[tuple[str, list[tuple[str, int, int, float]]]]:
    got = ad_spans(tagger, [("title", title), ("body", body)])
    return [(name, [(s.category, s.start, s.end, s.score) for s in spans]) for name, _, spans in got]


def test_the_fast_path_finds_the_very_spans_of_the_reference(tagger: CategoryTagger) -> None:
    """Every span, with its bounds and its score to the last bit, on ads of both phrasing splits,
    and the same again after the token cache has been emptied and refilled."""
    ads = [ad for ad, _, _ in _items(400, 91, "test") + _items(200, 92, "train")]
    spans = 0
    for ad in ads:
        title, body = str(ad.get("title") or ""), str(ad.get("body") or "")
        want = _reference(tagger, title, body)
        assert _fast(tagger, title, body) == want, ad["id"]
        spans += sum(len(s) for _, s in want)
    assert spans > 200, spans  # the comparison covers many found spans, not empty lists
    fresh = load_tagger(tagger.save(Path(tempfile.mkdtemp())))
    fresh.vocab().size = 199_990  # the next ad overflows the cache: it starts afresh
    for ad in ads[:50]:
        title, body = str(ad.get("title") or ""), str(ad.get("body") or "")
        assert _fast(fresh, title, body) == _reference(fresh, title, body)


_PIECES = st.sampled_from(
    ["Back", "in", "town", "new", "girl", "incall", "outcall", "only", "tonight", "no", "rush", "Cash",
     "App", "rates", "200", "hh", "w4n7", "c-a-r-i-b", "b.o.o.k", "café", "ＮＥＷ", "ﬁne", "🌹", "💋",
     ".", "!", "?", ",", " - ", "\n", "  ", "$", "...", "sooooo", "it's", "driver", "safe", "real"]
)  # fmt: skip


@settings(max_examples=250, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=12), st.lists(_PIECES, max_size=60), st.booleans())
def test_the_fast_path_equals_the_reference_on_any_text(tagger: CategoryTagger, title: list[str], body: list[str],
                                                          glue: bool) -> None:  # fmt: skip
    """Spelled-out letters, folded characters, emoji, line breaks, empty fields: the same spans."""
    sep = " " if glue else ""
    t, b = sep.join(title), sep.join(body)
    assert _fast(tagger, t, b) == _reference(tagger, t, b)


def test_a_tagger_with_lexicon_words_saves_them_and_reads_the_same_on_both_paths(tmp_path: Path) -> None:
    """Trained with the lexicon's words as features (an option), the tagger keeps its table in its
    file, and the fast path and the reference find the same spans with those features."""
    result = train(_items(600, 5, "train"), seed=0, lexicon=True)
    assert result is not None
    path = result[0].save(tmp_path)
    with np.load(path, allow_pickle=False) as npz:
        assert {"lexwords", "lexsets"} <= set(npz.files)
    again = load_tagger(path)
    assert again.lex is not None and np.array_equal(again.lex.words, result[0].lex.words)
    for ad, _, _ in _items(60, 8, "test"):
        fields = [("title", ad.get("title", "")), ("body", ad.get("body", ""))]
        fast = {name: spans for name, _, spans in ad_spans(again, fields)}
        for name, text in fields:
            if tokens(text).norms:
                assert fast.get(name, []) == again.spans(text, name)


def test_a_lexicon_word_is_read_even_outside_the_tagger_vocabulary(tagger: CategoryTagger) -> None:
    """Held-out wording is mostly words the tagger never saw: a word of the lexicon's terms still
    brings its lexicon categories, an ordinary word brings none."""
    from samaritan.engine.learned.categories_text import LEX_NONE, features, word_hashes
    from samaritan.runs.train_categories import lexicon_table

    table = lexicon_table()
    word = next(w for w in ("zelle", "venmo", "bitcoin", "paypal") if table.of(word_hashes([w]))[0] != LEX_NONE)
    assert (table.of(word_hashes(tokens("nice weather in the garden with friends").norms)) == LEX_NONE).all()
    unseen = np.setdiff1d(tagger.known, word_hashes([word, "qzxv"]))  # both words unknown to the tagger
    lexical = features(tokens(f"pay by {word} only"), "body", unseen, lex=table)
    other = features(tokens("pay by qzxv only"), "body", unseen, lex=table)
    assert np.array_equal(lexical[:, :2], other[:, :2])  # the word itself: one unknown word either way
    assert not np.array_equal(lexical[:, -3:], other[:, -3:])  # its lexicon category: not the same


def test_a_common_word_inside_a_longer_term_is_not_a_lexicon_word() -> None:
    """ "very" of "very young", "before" of "deposit before": as lexicon words they taught the
    tagger to tag them anywhere (real posts gained youth spans on "very" and "before"). A term's
    rarer words, and a common word that is a term on its own, stay."""
    from samaritan.engine.learned.categories_text import LEX_NONE, lex_words, word_hashes

    cats = ("youth", "payment", "availability")
    table = lex_words([("very young", "youth"), ("deposit before", "payment"), ("now", "availability")], cats)
    words = ["very", "young", "deposit", "before", "now"]
    read = dict(zip(words, table.of(word_hashes(words)), strict=True))
    assert read["very"] == LEX_NONE and read["before"] == LEX_NONE
    assert read["young"] != LEX_NONE and read["deposit"] != LEX_NONE and read["now"] != LEX_NONE


def _tagger_reading(text: str, odds: dict[str, dict[str, float]]) -> CategoryTagger:
    """A tagger that reads each word of `odds` as likely in each given category (log-odds), every
    other word as in none: its weights on the word's own feature row, nothing else."""
    cats = ("commercial_sex", "venue")
    weights = np.zeros((DIM, len(cats)), dtype=np.float32)
    toks = tokens(text)
    rows = features(toks, "body")
    for k, norm in enumerate(toks.norms):
        for c, logit in odds.get(norm, {}).items():
            weights[rows[k, 0], cats.index(c)] = logit + 8.0  # over the bias below
    bias = np.full(len(cats), -8.0, dtype=np.float32)
    return CategoryTagger(cats, weights, bias, np.full(len(cats), 0.3, dtype=np.float32))


def test_a_venue_named_inside_a_service_is_found_as_a_venue_too() -> None:
    """Truth nests a venue inside a service sentence; a word likelier a service than a venue is
    still a venue when it is likely enough one: before, only a token's likeliest category could
    seed a span, and held-out venue went unfound in a quarter of the ads that have one."""
    text = "Relaxing massage sessions in a private studio."
    odds = {
        "massage": {"commercial_sex": 3.0},
        "sessions": {"commercial_sex": 2.0},
        "private": {"commercial_sex": 1.5, "venue": 1.0},  # likelier a service: seeded only since
        "studio": {"commercial_sex": 2.5, "venue": 1.5},
    }
    tagger = _tagger_reading(text, odds)
    found = {(s.category, text[s.start : s.end]) for s in tagger.spans(text, "body")}
    assert ("venue", "private studio") in found
    assert any(c == "commercial_sex" for c, _ in found)
    assert _fast(tagger, "", text) == _reference(tagger, "", text)


def test_youth_is_left_to_the_lexicon() -> None:
    """A learned youth span is never added (on held-out families it found nothing the lexicon
    missed; on real posts it marked ordinary words): a youth mark on an adult's ad misleads the
    reviewer. Another learned category beside it is still added, with its reason."""
    from types import SimpleNamespace

    from samaritan.engine.learned.categories import _add, code_of
    from samaritan.engine.model import Indicator

    body = "Very patient and sweet, text to book a visit"
    youth = Indicator(code_of("youth"), "youth", "body", 0, 12, body[0:12], 0.0)
    booking = Indicator(code_of("availability"), "availability", "body", 23, 42, body[23:42], 0.0)
    assessment = SimpleNamespace(indicators=[], reasons=[])
    _add(assessment, [youth, booking])
    assert [i.category for i in assessment.indicators] == ["availability"]
    assert len(assessment.reasons) == 1 and "youth" not in assessment.reasons[0]


def test_a_span_of_only_the_commonest_words_is_not_shown() -> None:
    """A learned span made only of the commonest English words ("with me", "I can") names no
    intent a reviewer could check, so it is left out; a span holding a less common word, a digit
    or an emoji beside them stays, with its reason."""
    from types import SimpleNamespace

    from samaritan.engine.learned.categories import _add, code_of, says_nothing
    from samaritan.engine.model import Indicator

    body = "Come and see me, I can host at my place only, 100% me"

    def learned(category: str, text: str) -> Indicator:
        at = body.index(text)
        return Indicator(code_of(category), category, "body", at, at + len(text), text, 0.0)

    fragment, place, real = (
        learned("reassurance", "I can"),
        learned("venue", "my place only"),
        learned("reassurance", "100% me"),
    )
    assert says_nothing(fragment.text) and not says_nothing(place.text) and not says_nothing(real.text)
    assert says_nothing("Don't") and says_nothing("in the") and not says_nothing("no rush")
    assessment = SimpleNamespace(indicators=[], reasons=[])
    _add(assessment, [fragment, place, real])
    assert [i.text for i in assessment.indicators] == [place.text, real.text]
    assert "I can" not in assessment.reasons[0]
