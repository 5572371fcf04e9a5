"""Features of the category tagger that reach wording its training never labelled: word classes
(runs/word_classes.py), learned without labels from the training ads, where words that stand in
the same places share a class, and character trigrams. The tagger keeps both in its file and
its fast path reads them as the reference does."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np

from samaritan.engine.learned.categories import load_tagger
from samaritan.engine.learned.categories_fast import ad_spans
from samaritan.engine.learned.categories_text import GRAMS, LEX_NONE, features, tokens, word_hashes
from samaritan.generate.corpus import SiteGenerator
from samaritan.runs.train_categories import train
from samaritan.runs.word_classes import word_classes

APPS = ["zelle", "venmo", "paypal", "cashapp", "applepay"]
DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday"]


def _docs(seed: int) -> list[list[str]]:
    """Sentences where the apps always follow "pay by" and the days "open on", among filler words."""
    rng = random.Random(seed)
    filler = [f"w{i}" for i in range(300)]
    docs = []
    for _ in range(3000):
        a, b = rng.sample(filler, 2)
        if rng.random() < 0.5:
            docs.append([a, "pay", "by", rng.choice(APPS), "only", b])
        else:
            docs.append([a, "open", "on", rng.choice(DAYS), "morning", b])
    return docs


def test_words_that_stand_in_the_same_places_share_a_class() -> None:
    table = word_classes(_docs(1), classes=16, dims=16)
    assert table is not None
    apps, days = table.of(word_hashes(APPS)), table.of(word_hashes(DAYS))
    assert len(set(apps.tolist())) == 1 and len(set(days.tolist())) == 1
    assert apps[0] != days[0] and apps[0] != LEX_NONE
    assert table.of(word_hashes(["neverseen"]))[0] == LEX_NONE  # a word of no class
    again = word_classes(_docs(1), classes=16, dims=16)
    assert again is not None and np.array_equal(again.sets, table.sets)  # deterministic


def test_too_few_recurring_words_make_no_classes() -> None:
    assert word_classes([["a", "few", "words"]] * 10) is None


def test_the_tagger_keeps_its_classes_and_reads_them_the_same_on_both_paths(tmp_path: Path) -> None:
    items = [(ad, t["indicators"], t["family"]) for ad, t in SiteGenerator(1500, seed=21, families="train")]
    result = train(items, seed=0)
    assert result is not None
    tagger, report = result
    assert tagger.classes is not None and report["word_classes"] == len(tagger.classes.words) > 300
    again = load_tagger(tagger.save(tmp_path))
    assert again.classes is not None and np.array_equal(again.classes.sets, tagger.classes.sets)
    assert tagger.grams and again.grams
    found = 0
    for ad, _truth in SiteGenerator(120, seed=22, families="test"):
        fields = [("title", ad.get("title", "")), ("body", ad.get("body", ""))]
        fast = {name: spans for name, _, spans in ad_spans(again, fields)}
        for name, text in fields:
            if tokens(text).norms:
                assert fast.get(name, []) == again.spans(text, name)
                found += len(fast.get(name, []))
    assert found > 20
    without = train(items, seed=0, classes=False, grams=False)
    assert without is not None and without[0].classes is None and not without[0].grams


def test_an_unseen_word_shares_its_pieces_with_a_seen_one() -> None:
    """Outside the vocabulary both words read as one unknown word; their trigrams still tell a
    word built like a known one from a word built like nothing."""
    known = np.unique(word_hashes(["colombian", "from"]))
    rows = {w: features(tokens(f"from {w}"), "body", known, grams=True)[1] for w in ("colombiana", "qzxvkwj")}
    assert np.array_equal(rows["colombiana"][:2], rows["qzxvkwj"][:2])  # the word itself: unknown either way
    seen = set(features(tokens("from colombian"), "body", known, grams=True)[1, -GRAMS:].tolist())
    assert seen & set(rows["colombiana"][-GRAMS:].tolist())
    assert not seen & set(rows["qzxvkwj"][-GRAMS:].tolist())
