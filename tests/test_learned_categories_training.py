"""How `samaritan train` fits the category tagger by default (runs/train_categories.py): with the
lexicon's words as features, saved in its file, a tenth as many lawful ads as ads with spans,
and nested truth spans teaching every category that holds a word."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from samaritan.engine.learned.categories import load_tagger
from samaritan.engine.learned.categories_text import token_labels, tokens
from samaritan.generate.corpus import SiteGenerator
from samaritan.runs.category_thresholds import choose_thresholds
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


def test_a_word_of_nested_truth_spans_is_an_example_of_every_category_holding_it() -> None:
    """A service named inside a venue phrase is venue and commercial_sex both: the venue phrase's
    inner words must not teach the tagger that they are not venue (that cut held-out venue spans
    at the service and lost venue in a quarter of the ads that have one)."""
    text = "Private studio for massage sessions downtown."
    venue = (0, len(text) - 1, "venue")
    service = (text.index("massage"), text.index(" downtown"), "commercial_sex")
    toks = tokens(text)
    cats = ("commercial_sex", "venue")
    labels = token_labels(toks, [venue, service], cats)
    inner = [k for k, s in enumerate(toks.starts) if service[0] <= s < service[1]]
    outer = [k for k, n in enumerate(toks.norms) if n in ("private", "studio", "downtown")]
    assert labels[inner].all()  # both categories
    assert labels[outer, 1].all() and not labels[outer, 0].any()
    assert not labels[toks.norms.index("."), :].any()  # outside every span
    old = token_labels(toks, [venue, service], cats, nested=False)  # the shortest span's alone
    assert old[inner, 0].all() and not old[inner, 1].any()


def test_the_tagger_is_the_same_whatever_the_number_of_threads_that_fit_it() -> None:
    """`samaritan train --workers N` fits the categories on N threads: a platform must get the same
    tagger (and so the same model version) on a laptop and on a larger machine."""
    items = _items(600, 14)
    one = train(items, seed=3, workers=1)
    three = train(items, seed=3, workers=3)
    assert one is not None and three is not None
    assert np.array_equal(one[0].weights, three[0].weights) and np.array_equal(one[0].bias, three[0].bias)
    assert np.array_equal(one[0].thresholds, three[0].thresholds) and np.array_equal(one[0].short, three[0].short)
    assert np.any(one[0].weights != 0)  # fitted, not empty


def test_a_category_whose_held_out_spans_are_mostly_right_is_kept_and_a_wrong_one_is_off() -> None:
    """The span scores sit near 1, so the threshold choice is on or off. Venue spans often lie
    beside their truth span (62-65% right on held-out families) yet land in ads that have a
    venue: at the old 0.75 floor venue was off in every training corpus measured, and lost a
    tenth of the held-out ads that have one. Spans mostly wrong must still switch a category off."""

    def table(right: int, wrong: int) -> list[tuple[float, bool]]:
        return [(0.97, True)] * right + [(0.97, False)] * wrong

    cats = ("venue", "screening", "ethnicity", "payment")
    tables = {"venue": table(62, 38), "screening": table(45, 55), "ethnicity": table(90, 10), "payment": table(3, 7)}
    got = dict(zip(cats, choose_thresholds(tables, cats, precision=0.8).tolist(), strict=True))
    assert got["venue"] < 0.5 and got["ethnicity"] < 0.5  # kept: tagged at the lowest threshold
    assert got["screening"] == 1.0  # mostly wrong: off
    assert got["payment"] < 0.5  # too few spans to judge: kept, as before
