"""Lawful market wording (grammar/wording_market.yaml): generated housing speaks as property
managers do, so a model trained on it learns "contact us", "managed by" and "schedule an
appointment" as a landlord's words. The lines only train; the held-out ads stay the same."""

from __future__ import annotations

import re

from samaritan.generate.corpus import Mix, SiteGenerator
from samaritan.generate.grammar import default_grammar, load_grammar
from training_wording import grammar_texts, held_texts, train_lines

FILE = "wording_market.yaml"
# The managers' voice and their ordinary business words: the lexicon's third-party, availability
# and venue rules fire on them, in about half of real housing ads.
VOICE = re.compile(
    r"\b(?:contact us|call us|visit us|text us|our website|managed by|management|schedule|availability"
    r"|we offer|we welcome|we provide|our on-site|suite|online payments?)\b",
    re.IGNORECASE,
)


def _housing(grammar, families: str) -> list[str]:
    mix = Mix(commercial=0.0, trafficking=0.0, minor=0.0)
    return [
        ad["title"] + " " + ad["body"]
        for ad, t in SiteGenerator(3000, seed=8, families=families, mix=mix, grammar=grammar)
        if ad["category"] == "housing"
    ]


def test_its_lines_only_train() -> None:
    g = default_grammar()
    for name, texts in train_lines(FILE).items():
        assert not set(texts) & held_texts(g.rules[name]), name


def test_training_housing_speaks_in_the_managers_voice_and_held_out_housing_is_unchanged() -> None:
    texts = grammar_texts()
    without = load_grammar({k: v for k, v in texts.items() if k != FILE})
    with_it = load_grammar(texts)
    before = _housing(without, "train")
    after = _housing(with_it, "train")
    share = lambda ads: sum(bool(VOICE.search(a)) for a in ads) / len(ads)  # noqa: E731
    assert len(after) > 200
    # Measured at seed 8: 13% of 461 training housing ads before, 61% after (real housing: about half).
    assert share(before) < 0.2 and share(after) > 0.5, (share(before), share(after))
    assert _housing(with_it, "test") == _housing(without, "test")


def test_generated_housing_in_that_voice_is_not_flagged(screener) -> None:
    ads = [
        {"id": f"h{i}", "category": "housing", "title": "Apartments", "body": text}
        for i, text in enumerate(a for a in _housing(default_grammar(), "train") if VOICE.search(a))
    ][:150]
    flagged = [r for r in screener.screen_many(ads) if r.labels]
    assert len(ads) >= 100 and not flagged, [r.reasons for r in flagged[:3]]
