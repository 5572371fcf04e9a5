"""The training-only wording file (grammar/wording_train.yaml): its lines train the model and are
never held out, so the held-out ads that measure unseen wording stay exactly what they were."""

from __future__ import annotations

import pytest

from samaritan.generate.corpus import Mix, SiteGenerator
from samaritan.generate.grammar import GrammarError, default_grammar, load_grammar
from training_wording import grammar_texts, held_texts, train_lines

FILE = "wording_train.yaml"


def test_its_lines_train_and_are_never_held_out() -> None:
    g = default_grammar()
    lines = train_lines(FILE)
    assert sum(map(len, lines.values())) >= 800
    for name, texts in lines.items():
        rule = g.rules[name]
        assert not set(texts) & held_texts(rule), name
        train = {a for a in rule.views["train"] if isinstance(a, str)}
        bare = [t for t in texts if "{" not in t]
        assert set(bare) <= train, name  # bare texts are drawn by training ads


def test_weak_intents_gain_dozens_of_new_phrasings() -> None:
    lines = train_lines(FILE)

    def total(*names: str) -> int:
        return sum(len(lines.get(n, [])) for n in names)

    assert total("payment", "pay_kind", "pay_accept", "pay_dep", "rate_cash") >= 100
    assert total("screening", "scr_rule", "scr_need", "scr_what", "scr_rule2") >= 100
    assert total("t_avail", "avail", "avail_core", "avail_more", "avail_when") >= 100
    assert total("ethnic_t", "foreign", "for_core", "for_core_lc", "for_more") >= 80


def test_held_out_ads_are_the_same_with_or_without_it() -> None:
    texts = grammar_texts()
    with_it = load_grammar(texts)
    without = load_grammar({k: v for k, v in texts.items() if k != FILE})
    mix = Mix(commercial=0.4, trafficking=0.2, minor=0.05)
    assert list(SiteGenerator(600, seed=7, families="test", mix=mix, grammar=with_it)) == list(
        SiteGenerator(600, seed=7, families="test", mix=mix, grammar=without)
    )
    # The training ads do change: they draw the new wording.
    new = {t.lower() for ts in train_lines(FILE).values() for t in ts if "{" not in t and len(t) > 12}
    bodies = [(ad["title"] + " " + ad["body"]).lower()
              for ad, _ in SiteGenerator(600, seed=7, families="train", mix=mix, grammar=with_it)]  # fmt: skip
    assert sum(any(t in b for t in new) for b in bodies) >= 50


_FAMILIES = "families:\n" + "".join(
    f"  {kind}:\n    a: {{section: adult, title: '{{w}}', body: '{{w}}'}}\n"
    f"    b: {{section: adult, split: test, title: '{{w}}', body: '{{w}}'}}\n"
    for kind in ("independent", "trafficking", "minor", "benign")
)


def test_a_training_line_equal_to_a_test_line_of_another_file_is_refused() -> None:
    words = [f"word{i}" for i in range(12)]
    base = {"r.yaml": "rules:\n  w: [" + ", ".join(words) + "]\n", "f.yaml": _FAMILIES}
    tests = "wording:\n  w: {test: [fresh1, fresh2]}\n"
    with pytest.raises(GrammarError, match="both trains and is held out"):
        load_grammar({**base, "a.yaml": tests, "b.yaml": "wording:\n  w: {train: [fresh2]}\n"})
    more = {"b.yaml": "wording:\n  w: {train: [fresh3, '{v}']}\n", "v.yaml": "rules:\n  v: [x, y, z]\n"}
    ok = load_grammar({**base, "a.yaml": tests, **more})
    # A training line trains only, even one with no words of its own (which the rule's own
    # structure lines would also lend to the held-out view).
    assert set(ok.rules["w"].views["test"]) == {"fresh1", "fresh2"}
    assert "fresh3" in ok.rules["w"].views["train"]
    added = ok.rules["w"].views["train"][-1]
    assert not isinstance(added, str) and added not in ok.rules["w"].views["test"]
