"""What the generator's truth records for wording whose category was once recorded wrong, for the
held-out wording written apart from the training wording, and for the lawful personals that list
a phone or are written by a couple."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from samaritan.generate.corpus import Mix, SiteGenerator
from samaritan.generate.grammar import GrammarError, default_grammar, load_grammar

_MIX = Mix(commercial=0.35, trafficking=0.2, minor=0.05, obfuscation=0.0)


@pytest.fixture(scope="module")
def corpus() -> list[tuple[dict, dict]]:
    return list(SiteGenerator(5000, seed=21, mix=_MIX))


def _covering(corpus, pattern: str) -> dict[str, list[set[str]]]:
    """For every match of `pattern` in a commercial ad's text, the categories of the truth spans
    that overlap it ("new" of "new girls" is the movement word), grouped by the ad's label."""
    found: dict[str, list[set[str]]] = defaultdict(list)
    rx = re.compile(pattern, re.IGNORECASE)
    for ad, truth in corpus:
        if truth["label"] == "benign":
            continue
        for fld in ("title", "body"):
            for m in rx.finditer(ad.get(fld) or ""):
                cats = {
                    s["category"]
                    for s in truth["indicators"]
                    if s["field"] == fld and s["start"] < m.end() and m.start() < s["end"]
                }
                found[truth["label"]].append(cats)
    return found


def _share(found: dict[str, list[set[str]]], category: str) -> tuple[float, int]:
    every = [cats for groups in found.values() for cats in groups]
    return sum(category in cats for cats in every) / max(1, len(every)), len(every)


def test_incall_and_outcall_are_commercial_sex_where_they_are_said(corpus) -> None:
    # The engine's lexicon files incall/outcall as commercial_sex (the contract's session terms);
    # the sentence that says where stays venue.
    share, n = _share(_covering(corpus, r"\b(?:in|out)[-/ ]?calls?\b"), "commercial_sex")
    assert n > 100 and share == 1.0, (share, n)
    hosting = [
        {s["category"] for s in t["indicators"] if s["field"] == "body"}
        for ad, t in corpus
        if "host" in t["intents"] and re.search(r"\bincall\b", ad["body"], re.IGNORECASE)
    ]
    assert hosting and all({"venue", "commercial_sex"} <= cats for cats in hosting)


def test_rates_given_as_donations_or_roses_are_commercial_sex_and_pricing(corpus) -> None:
    found = _covering(corpus, r"\b(?:donations?|roses):?")
    share, n = _share(found, "commercial_sex")
    assert n > 20 and share == 1.0, (share, n)
    assert _share(found, "pricing")[0] == 1.0


def test_cash_only_beside_rates_is_payment(corpus) -> None:
    found = _covering(corpus, r"\bcash only\b")
    share, n = _share(found, "payment")
    assert n > 10 and share == 1.0, (share, n)


def test_new_girls_and_new_faces_are_movement(corpus) -> None:
    # ("Three new girls", where "new" is one of several adjectives, is not tagged yet: tagging it
    # changes the training ads, which were kept as the measured model was trained on them.)
    pattern = r"\b(?:the new girl|our new(?:est)? girl|new girls (?:just|rotate)|new faces)\b"
    share, n = _share(_covering(corpus, pattern), "movement")
    assert n > 20 and share == 1.0, (share, n)


def test_your_hotel_is_venue(corpus) -> None:
    share, n = _share(_covering(corpus, r"\byour hotel\b"), "venue")
    assert n > 10 and share == 1.0, (share, n)


def test_explicit_held_out_wording_is_only_drawn_by_held_out_ads() -> None:
    g = default_grammar()
    held = {r.name: set(r.held_texts) for r in g.rules.values() if r.held_texts}
    assert len(held) >= 40 and sum(map(len, held.values())) >= 300
    for name, texts in held.items():
        rule = g.rules[name]
        assert not texts & set(rule.texts), name  # never also a training alternative
        train_view = {a if isinstance(a, str) else None for a in rule.views["train"]}
        assert not texts & train_view, name
    # Wording that trains cannot also be held out.
    base = "rules:\n  w: [alpha, beta, gamma]\nwording:\n  w: {test: [alpha]}\n"
    families = "families:\n" + "".join(
        f"  {kind}:\n    a: {{section: adult, title: '{{w}}', body: '{{w}}'}}\n"
        f"    b: {{section: adult, split: test, title: '{{w}}', body: '{{w}}'}}\n"
        for kind in ("independent", "trafficking", "minor", "benign")
    )
    with pytest.raises(GrammarError, match="both trains and is held out"):
        load_grammar({"r.yaml": base, "f.yaml": families})
    ok = load_grammar({"r.yaml": base.replace("[alpha]", "[delta, epsilon]"), "f.yaml": families})
    assert set(ok.rules["w"].views["test"]) == {"delta", "epsilon"}
    assert set(ok.rules["w"].views["train"]) == {"alpha", "beta", "gamma"}


def test_lawful_personals_with_a_phone_or_by_a_couple_carry_no_indicator() -> None:
    seen = set()
    for _ad, truth in SiteGenerator(6000, seed=5, mix=Mix(obfuscation=0.0)):
        family = truth["family"].split("/")[-1]
        if family.startswith(("personal_phone_date", "couple_personal")):
            seen.add(family)
            assert truth["label"] == "benign" and truth["labels"] == [] and truth["indicators"] == []
            for phone in truth["phones"]:
                assert 100 <= int(phone[-4:]) <= 199 and phone[-7:-4] == "555"
    assert {"personal_phone_date", "couple_personal"} <= seen
