"""The generator's grammar: checked when loaded, varied, split by phrasing family, and apart from
the lexicon; the ads it writes carry their truth and the structure and collisions of real ones."""

from __future__ import annotations

import ast
import itertools
import statistics
from collections import defaultdict
from pathlib import Path

import pytest

from samaritan.generate.corpus import Mix, SiteGenerator
from samaritan.generate.grammar import GrammarError, count_rule, default_grammar, load_grammar

GENERATE = Path(__file__).resolve().parent.parent / "src" / "samaritan" / "generate"

_FAMILIES = """
families:
  independent:
    a: {section: adult, title: "{w}", body: "{w}"}
    b: {section: adult, split: test, title: "{w}", body: "{w}"}
  trafficking:
    a: {section: adult, title: "{w}", body: "{w}"}
    b: {section: adult, split: test, title: "{w}", body: "{w}"}
  minor:
    a: {section: adult, title: "{w}", body: "{w}"}
    b: {section: adult, split: test, title: "{w}", body: "{w}"}
  benign:
    a: {section: housing, title: "{w}", body: "{w}"}
    b: {section: housing, split: test, title: "{w}", body: "{w}"}
"""


def _grammar(rules: str, families: str = _FAMILIES):
    return load_grammar({"rules.yaml": rules, "families.yaml": families})


def test_a_small_valid_grammar_loads_and_counts_its_phrasings() -> None:
    g = _grammar('rules:\n  w: ["{x} {y}", "{x}"]\n  x: ["a", "b", "c", "d"]\n  y: ["e", "f"]\n')
    total = count_rule(g.rules["w"], "train") + count_rule(g.rules["w"], "test")
    assert total >= 4 and count_rule(g.rules["w"], "test") >= 1


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ('rules:\n  w: ["{nothing}"]\n', "unknown rule {nothing}"),
        ('rules:\n  w: ["{$nowhere}"]\n', "unknown slot"),
        ('rules:\n  w: ["{v}"]\n  v: ["{w}"]\n', "rule cycle"),
        ("rules:\n  w: {cat: glamour, alts: [a]}\n", "unknown categories"),
        ('rules:\n  w: {cat: venue, alts: ["at {$phone}"]}\n', "holds no contact slot"),
        ("rules:\n  w: []\n", "non-empty list"),
        ('rules:\n  w: ["{v*3-1}"]\n  v: [a]\n', "bad repeat"),
        ("rules: [1, 2\n", "not valid YAML"),
    ],
)
def test_a_broken_grammar_is_refused_with_a_message_naming_the_problem(rules: str, message: str) -> None:
    with pytest.raises(GrammarError, match=message.replace("{", r"\{").replace("}", r"\}").replace("$", r"\$")):
        _grammar(rules)


def test_a_kind_without_held_out_families_or_a_section_without_training_is_refused() -> None:
    no_test = _FAMILIES.replace("split: test, ", "")
    with pytest.raises(GrammarError, match="need both splits"):
        _grammar("rules:\n  w: [a, b, c]\n", no_test)
    untrained = _FAMILIES.replace("b: {section: housing, split: test", "b: {section: jobs, split: test")
    with pytest.raises(GrammarError, match=r"sections \['jobs'\] have no training family"):
        _grammar("rules:\n  w: [a, b, c]\n", untrained)


def test_every_intent_has_thousands_of_training_phrasings() -> None:
    g = default_grammar()
    memo: dict = {}
    title_words = {"t_status", "t_avail", "youth_t", "ethnic_t"}  # one or two words in a title
    # A word or two tagged inside a sentence whose own intent is counted ("Incall" in a hosting
    # line, "cash only" beside rates, "the new girl" in a booker's line).
    title_words |= {"session_term", "newness", "your_place", "cash_only"}
    counts = {r.intent: count_rule(r, "train", memo) for r in g.rules.values() if r.intent}
    small = {i: n for i, n in counts.items() if n < 1000 and i not in title_words}
    assert len(counts) >= 40
    assert len(small) <= len(counts) // 4, small  # most intents: thousands of phrasings
    core = ("photos_real", "discreet", "no_rush", "visiting", "host", "avail", "rates", "screening", "third")
    assert all(counts[i] >= 1000 for i in core), {i: counts[i] for i in core}


def test_the_generator_writes_apart_from_the_lexicon() -> None:
    # Phrasing comes from the grammar only: nothing in generate/ loads the engine or its rule files.
    for path in GENERATE.glob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom | ast.Import):
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                assert not any(n.startswith("samaritan.engine") for n in names), path.name
        text = path.read_text("utf-8")
        assert not any(s in text for s in ("load_lexicon", "data/lexicon", '"lexicon"', "Lexicon(")), path.name


def _spans(ads_truths) -> dict[str, set[str]]:
    texts: dict[str, set[str]] = defaultdict(set)
    for ad, truth in ads_truths:
        for span in truth["indicators"]:
            if span["category"] != "obscured_contact":
                texts[span["category"]].add(ad[span["field"]][span["start"] : span["end"]].lower())
    return texts


def test_held_out_families_use_wording_the_training_families_never_do() -> None:
    mix = Mix(commercial=0.3, trafficking=0.2, minor=0.1, obfuscation=0.0)
    train = list(SiteGenerator(2500, seed=3, mix=mix, families="train"))
    test = list(SiteGenerator(2500, seed=4, mix=mix, families="test"))
    assert {t["split"] for _, t in train} == {"train"} and {t["split"] for _, t in test} == {"test"}
    assert not {t["family"] for _, t in train} & {t["family"] for _, t in test}
    seen, held = _spans(train), _spans(test)
    shared = sum(len(held[c] & seen[c]) for c in held)
    total = sum(len(held[c]) for c in held)
    assert total > 300 and shared / total <= 0.05, (shared, total)


def test_adding_training_families_leaves_the_held_out_ads_unchanged() -> None:
    """Training families are added to widen what the model learns from; the held-out ads that
    measure it must stay byte for byte the same, or before and after could not be compared."""
    from importlib import resources

    folder = resources.files("samaritan.generate").joinpath("grammar")
    texts = {p.name: p.read_text("utf-8") for p in folder.iterdir() if p.name.endswith(".yaml")}
    extra = """
rules:
  zz_line: ["A quiet evening of board games", "Trivia night at the library", "A long walk by the river"]
families:
  benign:
    zz_plans: {section: [personals, dating], title: "{zz_line}", body: "{zz_line}. {zz_line}."}
  independent:
    zz_pitch: {section: adult, title: "{title_indie}", body: "{zz_line}. {contact_line}"}
"""
    without = load_grammar(texts)
    grammar = load_grammar({**texts, "zz_extra.yaml": extra})
    assert {f.id for fams in grammar.families.values() for f in fams} - {
        f.id for fams in without.families.values() for f in fams
    } == {"benign/zz_plans", "independent/zz_pitch"}
    full = list(SiteGenerator(400, seed=9, families="test", grammar=grammar))
    bare = list(SiteGenerator(400, seed=9, families="test", grammar=without))
    assert full == bare
    # The training ads do change: the new families are drawn there.
    assert any(t["family"].startswith(("benign/zz_", "independent/zz_"))
               for _, t in SiteGenerator(800, seed=9, families="train", grammar=grammar))  # fmt: skip


def test_every_ad_carries_labels_intents_and_its_family() -> None:
    labels = {"benign": [], "commercial": ["commercial_sex"], "trafficking": ["commercial_sex", "trafficking_risk"]}
    labels["minor"] = labels["trafficking"] + ["minor_risk"]
    kinds = {"benign": "benign", "commercial": "independent", "trafficking": "trafficking", "minor": "minor"}
    for _ad, truth in SiteGenerator(3000, seed=12):
        assert truth["labels"] == labels[truth["label"]]
        assert truth["family"].split("/")[0] == kinds[truth["label"]]
        assert truth["split"] in ("train", "test") and truth["intents"]
        if truth["label"] == "benign":
            assert not truth["indicators"]  # a lawful ad has no indicator in the commercial sense
        else:
            assert {s["category"] for s in truth["indicators"]} - {"obscured_contact"}


def test_many_commercial_ads_have_no_hard_commercial_term() -> None:
    independent = [t for _, t in SiteGenerator(6000, seed=14) if t["label"] == "commercial"]
    soft = [t for t in independent if not {"commercial_sex", "pricing"} & {s["category"] for s in t["indicators"]}]
    assert len(independent) > 200 and len(soft) / len(independent) >= 0.25


def test_lawful_ads_collide_with_the_lexicon_in_every_section(screener) -> None:
    hit: dict[str, int] = defaultdict(int)
    seen: dict[str, int] = defaultdict(int)
    for ad, truth in itertools.islice(SiteGenerator(4000, seed=15), 4000):
        if truth["label"] == "benign":
            seen[ad["category"]] += 1
            found = screener.detector.find("body", ad["body"]) or screener.detector.find("title", ad["title"])
            hit[ad["category"]] += bool(found)
    for section in ("adult", "dating", "personals", "housing", "jobs", "services", "for-sale"):
        assert hit[section] >= 0.1 * seen[section] > 0, (section, hit[section], seen[section])


def test_ads_are_about_as_long_as_real_ones() -> None:
    lengths: dict[str, list[int]] = defaultdict(list)
    for ad, truth in SiteGenerator(6000, seed=16):
        kind = ad["category"] if truth["label"] == "benign" else "commercial"
        lengths[kind].append(len(ad["body"]))
    # Real development sets (figures only): housing bodies have a median near 800 characters,
    # personals and dating-section escort ads near 350-380.
    assert statistics.median(lengths["housing"]) >= 450
    assert statistics.quantiles(lengths["housing"], n=10)[-1] >= 700
    assert statistics.median(lengths["personals"] + lengths["dating"]) >= 250
    assert statistics.median(lengths["commercial"]) >= 220


def test_a_truth_span_carries_its_category() -> None:
    """Spans are the reviewer's ground truth: a span never stands on wording that does not carry its
    category (a section's name, a flirting line, a count after 'several'), and wording that does
    (a hotel, a safe setting, a short stay) is not left without one."""
    bare = {"women for men", "massage"}
    flirt = {"treat yourself, you earned it", "i make every guy feel like a king"}
    seen: dict[str, int] = defaultdict(int)
    for ad, truth in SiteGenerator(6000, seed=11, families="all"):
        for span in truth["indicators"]:
            text = ad[span["field"]][span["start"] : span["end"]].lower()
            seen[span["category"]] += 1
            assert not (span["category"] == "commercial_sex" and text.strip(" .!") in bare), text
            assert not (span["category"] == "reassurance" and text.startswith(tuple(flirt))), text
            assert not text.startswith(tuple(f"several {n}" for n in range(10))), text
        body = ad.get("body", "").lower()
        if truth["label"] != "benign" and "come to your hotel in" in body:
            start = body.index("come to your hotel in")
            assert any(
                s["category"] == "venue" and s["field"] == "body" and s["start"] <= start < s["end"]
                for s in truth["indicators"]
            ), body
    assert seen["venue"] and seen["reassurance"] and seen["third_party"]
