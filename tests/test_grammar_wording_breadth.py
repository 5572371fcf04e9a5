"""The training-only breadth file (grammar/wording_breadth.yaml): wide ethnicity and third-party
vocabulary that trains the tagger, is never held out, and is recorded in the truth under the
category it stands for."""

from __future__ import annotations

import re

from samaritan.generate.corpus import Mix, SiteGenerator
from samaritan.generate.grammar import default_grammar, load_grammar
from training_wording import grammar_texts, held_texts, train_lines

FILE = "wording_breadth.yaml"
_MIX = Mix(commercial=0.4, trafficking=0.2, minor=0.05, obfuscation=0.0)


def test_its_lines_are_new_train_and_are_never_held_out() -> None:
    g = default_grammar()
    without = load_grammar({k: v for k, v in grammar_texts().items() if k != FILE})
    for name, texts in train_lines(FILE).items():
        assert len(set(texts)) == len(texts), name  # a repeat would only weight a line
        assert not set(texts) & set(without.rules[name].texts), name  # nothing the rule had
        assert not set(texts) & held_texts(g.rules[name]), name
        train = {a for a in g.rules[name].views["train"] if isinstance(a, str)}
        assert {t for t in texts if "{" not in t} <= train, name


def test_ethnicity_gains_breadth_of_its_kind() -> None:
    lines = train_lines(FILE)
    demonyms = lines["ethnic_t"]
    assert len(demonyms) >= 200  # demonyms and descriptors as posters write them
    assert any(t.islower() for t in demonyms) and any(t.endswith("mix") for t in demonyms)
    # The wider wording for the other intents cost held-out payment and screening recall when
    # trained (docs/learned-model.md): kept out.
    assert set(lines) == {"ethnic_t"}


def test_held_out_ads_are_the_same_with_or_without_it() -> None:
    texts = grammar_texts()
    with_it = load_grammar(texts)
    without = load_grammar({k: v for k, v in texts.items() if k != FILE})
    assert list(SiteGenerator(600, seed=11, families="test", mix=_MIX, grammar=with_it)) == list(
        SiteGenerator(600, seed=11, families="test", mix=_MIX, grammar=without)
    )


def test_training_titles_record_its_words_as_ethnicity() -> None:
    # A new word the truth left uncovered would teach the tagger that it means nothing. Titles
    # only: bodies also say nationality where the generator records none (a site profile's
    # `Ethnicity:` field, the Spanish provider lines), which predates this file.
    words = sorted({t for t in train_lines(FILE)["ethnic_t"] if len(t) >= 6}, key=len, reverse=True)
    rx = re.compile("|".join(re.escape(w) for w in words))
    seen = covered = 0
    for ad, truth in SiteGenerator(3000, seed=13, families="train", mix=_MIX):
        if truth["label"] == "benign":
            continue
        spans = [s for s in truth["indicators"] if s["field"] == "title" and s["category"] == "ethnicity"]
        for m in rx.finditer(ad.get("title") or ""):
            seen += 1
            covered += any(s["start"] <= m.start() and m.end() <= s["end"] for s in spans)
    assert seen >= 20 and covered == seen, (seen, covered)
