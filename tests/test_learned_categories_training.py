"""How `samaritan train` fits the category tagger by default (runs/train_categories.py): with the
lexicon's words as features, saved in its file, and a tenth as many lawful ads as ads with spans."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from samaritan.engine.learned.categories import load_tagger
from samaritan.generate.corpus import SiteGenerator
from samaritan.runs.train_categories import examples, train


def _items(n: int, seed: int) -> list[tuple[dict, list[dict], str]]:
    return [(ad, t["indicators"], t["family"]) for ad, t in SiteGenerator(n, seed=seed, families="train")]


def test_the_default_tagger_carries_the_lexicon_words_in_its_file(tmp_path: Path) -> None:
    result = train(_items(500, 12), seed=0)
    assert result is not None
    tagger, _report = result
    assert tagger.lex is not None and len(tagger.lex.words) > 100
    again = load_tagger(tagger.save(tmp_path))
    assert again.lex is not None and np.array_equal(again.lex.sets, tagger.lex.sets)


def test_lawful_ads_are_a_tenth_of_the_examples_with_spans() -> None:
    items = _items(1500, 13)
    exs = examples(items)
    with_spans = sum(1 for e in exs if e.spans)
    assert with_spans > 100
    assert len(exs) - with_spans == int(with_spans * 0.1)
    assert examples(items) == exs  # the same lawful ads each time (picked by hash of the id)
