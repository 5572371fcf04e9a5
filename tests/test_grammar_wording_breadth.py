"""The training-only breadth file (grammar/wording_breadth.yaml): wide vocabulary for the weak
categories that trains the tagger, is never held out, and is recorded in the truth under the
category it stands for."""

from __future__ import annotations

import re
from dataclasses import replace
from importlib import resources

import pytest
import yaml

from samaritan.generate.corpus import Mix, SiteGenerator
from samaritan.generate.grammar import _views, default_grammar, load_grammar

FILE = "wording_breadth.yaml"
_MIX = Mix(commercial=0.4, trafficking=0.2, minor=0.05, obfuscation=0.0)


def _texts() -> dict[str, str]:
    folder = resources.files("samaritan.generate").joinpath("grammar")
    return {p.name: p.read_text("utf-8") for p in folder.iterdir() if p.name.endswith(".yaml")}


def _lines() -> dict[str, list[str]]:
    doc = yaml.safe_load(_texts()[FILE])
    assert set(doc) == {"wording"}  # only wording for rules defined elsewhere
    assert all(set(spec) == {"train"} for spec in doc["wording"].values())  # and only training lines
    return {name: [str(t) for t in spec["train"]] for name, spec in doc["wording"].items()}


def _held_texts(rule) -> set[str]:
    if rule.held:
        return set(rule.held_texts)
    n = len(rule.alts) - rule.extra
    own = replace(rule, alts=rule.alts[:n], texts=rule.texts[:n], extra=0)
    held = {id(a) for a in _views(own)["test"]}
    return {t for a, t in zip(own.alts, own.texts, strict=True) if id(a) in held}


def test_its_lines_are_new_train_and_are_never_held_out() -> None:
    g = default_grammar()
    without = load_grammar({k: v for k, v in _texts().items() if k != FILE})
    for name, texts in _lines().items():
        assert len(set(texts)) == len(texts), name  # a repeat would only weight a line
        assert not set(texts) & set(without.rules[name].texts), name  # nothing the rule had
        assert not set(texts) & _held_texts(g.rules[name]), name
        train = {a for a in g.rules[name].views["train"] if isinstance(a, str)}
        assert {t for t in texts if "{" not in t} <= train, name


def test_each_weak_category_gains_breadth_of_its_kind() -> None:
    lines = _lines()

    def total(*names: str) -> int:
        return sum(len(lines.get(n, [])) for n in names)

    assert total("ethnic_t") >= 200  # demonyms and descriptors as posters write them
    assert total("pay_kind") >= 90  # payment apps and methods, spelt as posters spell them
    assert total("payment", "pay_accept", "pay_dep", "rate_cash") >= 120
    assert total("t_avail", "avail", "avail_core", "avail_core_cap", "avail_more", "avail_when") >= 220
    assert total("screening", "scr_rule", "scr_need", "scr_what", "scr_rule2") >= 250
    reassurance = ("photos_real", "pics_subj", "pics_adj", "pics_promise", "pics_promise_cap", "discreet")
    assert total(*reassurance, "disc_adj", "privacy_tail", "no_rush", "rush_no", "sat_line") >= 300
    assert total("host", "host_kind", "host_where", "host_place_cap", "travel_line") >= 120
    assert total("visiting", "t_status", "visit_lead", "visit_lead_cap", "visit_until", "sev_rotate") >= 150
    assert total("tp_book", "tp_manager", "tp_she_does", "tp_speaker", "sev_choose", "res_core") >= 100
    assert total("prov_noun", "prov_adj", "svc_noun", "svc_core", "pg_cat_adult", "rate_euph") >= 90


def test_held_out_ads_are_the_same_with_or_without_it() -> None:
    texts = _texts()
    with_it = load_grammar(texts)
    without = load_grammar({k: v for k, v in texts.items() if k != FILE})
    assert list(SiteGenerator(600, seed=11, families="test", mix=_MIX, grammar=with_it)) == list(
        SiteGenerator(600, seed=11, families="test", mix=_MIX, grammar=without)
    )


@pytest.mark.parametrize(
    ("rule", "category"),
    [("pay_kind", "payment"), ("t_avail", "availability"), ("scr_rule", "screening"), ("scr_what", "screening")],
)
def test_training_ads_record_its_words_under_their_category(rule: str, category: str) -> None:
    # A new phrase that other rules also write without its category would teach the tagger both
    # (why generic words such as "gentlemen only" or "tonight" are not in the file).
    words = sorted({t for t in _lines()[rule] if "{" not in t and len(t) >= 6}, key=len, reverse=True)
    rx = re.compile("|".join(re.escape(w) for w in words))
    seen = covered = 0
    for ad, truth in SiteGenerator(3000, seed=13, families="train", mix=_MIX):
        if truth["label"] == "benign":
            continue
        for fld in ("title", "body"):
            spans = [s for s in truth["indicators"] if s["field"] == fld and s["category"] == category]
            for m in rx.finditer(ad.get(fld) or ""):
                seen += 1
                covered += any(s["start"] <= m.start() and m.end() <= s["end"] for s in spans)
    assert seen >= 10 and covered == seen, (seen, covered)
