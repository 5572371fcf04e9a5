"""A phrase grammar for the synthetic site, written independently of the lexicon.

The grammar lives in `generate/grammar/*.yaml`. Each file holds `rules` (a name -> a list of
alternatives, or a mapping with `alts` and optional `cat`, the contract categories that the
phrase stands for, and `shared`, for connectors that both splits use) and `families` (per ad
kind, named ad skeletons with a `section` list, a `title` and a `body` template).

Templates refer to rules as `{name}`; `{name?}` is there half the time; `{name*2-5}` repeats a
rule two to five times (distinct alternatives; `*0-3` may leave it out); `{$slot}` is an entity
(a phone, a price, the person's age...) that `templates.py` writes and records in the truth.
Everything is checked when loaded: unknown rules, slots and categories, cycles, contact slots
inside categorised phrases, and splits with nothing left to draw.

Train/test split by phrasing: every family belongs to one split (`split: test` holds it out;
every section keeps a training family), and so does every alternative of a rule (about one in
four is held out, by a stable hash of its text, unless the rule is `shared` or has fewer than
three distinct alternatives; repeating an alternative weights it), or its `wording: test:` lines
are (docs/generator.md); `wording: train:` lines only train. An ad draws its skeleton and every
phrase from its family's split, so a `train` model has never seen the wording of `test` ads.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

SPLITS = ("train", "test")
KINDS = ("independent", "trafficking", "minor", "benign")
CATEGORIES = frozenset(
    {
        "commercial_sex",
        "pricing",
        "youth",
        "third_party",
        "movement",
        "venue",
        "availability",
        "reassurance",
        "screening",
        "payment",
        "ethnicity",
        "obscured_contact",
    }
)
SLOTS = frozenset(
    {
        "name",  # the person the ad is about (commercial) or the poster (ordinary)
        "age",  # the age of the person offered or of the poster: recorded in the truth
        "age_young",  # the poster's age when young (a babysitter, a student): recorded too
        "eighteen",  # "just turned 18": recorded as the poster's age
        "kid_age",  # a child's, pet's or item's age: never recorded as the poster's age
        "years",  # years of experience or of service: not an age
        "phone",
        "email",
        "handle",
        "city",
        "next_city",
        "day",
        "emoji",
        "hearts",
        "rate_short",
        "rate_half",
        "rate_hour",
        "rate_two",
        "rate_night",
        "price",
        "price_big",
        "rent",
        "deposit",
        "fee",
        "wage",
        "hourly",
        "count",
    }
)
CONTACT_SLOTS = frozenset({"phone", "email", "handle"})
_REF = re.compile(r"\{([^{}]+)\}")
_REF_BODY = re.compile(r"^(\$?)([a-z_][a-z0-9_]*)(\?|\*(\d+)-(\d+))?$")


class GrammarError(ValueError):
    """A grammar file that cannot be used; the message names the file and the rule."""


@dataclass(slots=True)
class Ref:
    name: str
    slot: bool
    optional: bool = False
    lo: int = 1
    hi: int = 1
    rule: Rule | None = None


Part = str | Ref


@dataclass(slots=True)
class Rule:
    name: str
    source: str
    cats: tuple[str, ...]
    intent: str | None  # recorded in the truth when used: categorised rules, and `intent:` ones
    shared: bool
    alts: list[tuple[Part, ...]]
    texts: list[str]
    views: dict[str, tuple[str | tuple[Part, ...], ...]] = field(default_factory=dict)  # a bare text is a str
    held: list[tuple[Part, ...]] = field(default_factory=list)  # explicit held-out wording (`test:`)
    held_texts: list[str] = field(default_factory=list)
    extra: int = 0  # trailing alternatives added by `wording: train:`, always in training
    leaf: bool = True  # no categorised rule below it: obfuscation may rewrite its whole text
    plain: bool = True  # no categories and no intent: the writer may expand it inline


@dataclass(slots=True)
class Family:
    id: str  # "kind/name"
    kind: str
    split: str
    sections: tuple[str, ...]
    title: tuple[Part, ...]
    body: tuple[Part, ...]
    weight: int = 1  # how often it is drawn, relative to its kind's other families


@dataclass
class Grammar:
    rules: dict[str, Rule]
    families: dict[str, list[Family]]  # kind -> families

    def view(self, kind: str, split: str | None) -> list[Family]:
        """The families of a kind in a split, each repeated by its weight (a pool to draw from)."""
        return [f for f in self.families[kind] if split in (None, "all", f.split) for _ in range(f.weight)]


def _parse(template: str, where: str) -> tuple[Part, ...]:
    parts: list[Part] = []
    pos = 0
    for m in _REF.finditer(template):
        if m.start() > pos:
            parts.append(template[pos : m.start()])
        body = _REF_BODY.match(m.group(1))
        if not body:
            raise GrammarError(f"{where}: cannot read {{{m.group(1)}}} in {template!r}")
        dollar, name, mod, lo, hi = body.groups()
        ref = Ref(name=name, slot=bool(dollar))
        if mod == "?":
            ref.optional = True
        elif mod:
            ref.lo, ref.hi = int(lo), int(hi)
            if not (0 <= ref.lo <= ref.hi and ref.hi >= 1):
                raise GrammarError(f"{where}: bad repeat {{{m.group(1)}}}")
        parts.append(ref)
        pos = m.end()
    if pos < len(template):
        parts.append(template[pos:])
    return tuple(parts)


def _load_rules(data: dict[str, Any], source: str, rules: dict[str, Rule]) -> None:
    for name, spec in (data.get("rules") or {}).items():
        where = f"{source}: rule {name!r}"
        if name in rules:
            raise GrammarError(f"{where} is defined twice (also in {rules[name].source})")
        if isinstance(spec, list):
            spec = {"alts": spec}
        if not isinstance(spec, dict) or not isinstance(spec.get("alts"), list) or not spec["alts"]:
            raise GrammarError(f"{where} needs a non-empty list of alternatives")
        unknown = set(spec) - {"alts", "cat", "shared", "intent"}
        if unknown:
            raise GrammarError(f"{where}: unknown keys {sorted(unknown)}")
        cats = tuple(c for c in str(spec.get("cat") or "").split("+") if c)
        bad = [c for c in cats if c not in CATEGORIES]
        if bad:
            raise GrammarError(f"{where}: unknown categories {bad}")
        texts = [str(a) for a in spec["alts"]]
        alts = [_parse(t, where) for t in texts]
        intent = spec.get("intent")
        intent = (name if intent in (None, True) else str(intent)) if cats or intent else None
        rules[name] = Rule(name, source, cats, intent, bool(spec.get("shared")), alts, texts)


def _load_families(data: dict[str, Any], source: str, families: dict[str, list[Family]]) -> None:
    for kind, named in (data.get("families") or {}).items():
        if kind not in KINDS:
            raise GrammarError(f"{source}: unknown ad kind {kind!r} (one of {KINDS})")
        for name, spec in named.items():
            fid = f"{kind}/{name}"
            where = f"{source}: family {fid!r}"
            if not isinstance(spec, dict) or not {"section", "title", "body"} <= set(spec):
                raise GrammarError(f"{where} needs section, title and body")
            if set(spec) - {"section", "title", "body", "split", "weight"} or spec.get("split", "train") not in SPLITS:
                raise GrammarError(f"{where}: keys are section, title, body, weight and split (train or test)")
            if not isinstance(spec.get("weight", 1), int) or not 1 <= spec.get("weight", 1) <= 10:
                raise GrammarError(f"{where}: weight is a whole number from 1 to 10")
            sections = spec["section"] if isinstance(spec["section"], list) else [spec["section"]]
            if any(f.id == fid for f in families.get(kind, [])):
                raise GrammarError(f"{where} is defined twice")
            families.setdefault(kind, []).append(
                Family(
                    fid,
                    kind,
                    spec.get("split", "train"),
                    tuple(sections),
                    _parse(spec["title"], where),
                    _parse(spec["body"], where),
                    spec.get("weight", 1),
                )
            )


def _link(grammar: Grammar) -> None:
    """Resolve references, check slots, reject cycles, and build the per-split views."""

    def resolve(parts: tuple[Part, ...], where: str) -> None:
        for part in parts:
            if isinstance(part, Ref):
                if part.slot:
                    if part.name not in SLOTS:
                        raise GrammarError(f"{where}: unknown slot {{${part.name}}}")
                elif part.name not in grammar.rules:
                    raise GrammarError(f"{where}: unknown rule {{{part.name}}}")
                else:
                    part.rule = grammar.rules[part.name]

    for rule in grammar.rules.values():
        for alt in rule.alts + rule.held:
            resolve(alt, f"{rule.source}: rule {rule.name!r}")
            if rule.cats and any(isinstance(p, Ref) and p.name in CONTACT_SLOTS for p in alt):
                raise GrammarError(f"{rule.source}: rule {rule.name!r} is categorised, so it holds no contact slot")
    for kind, fams in grammar.families.items():
        for fam in fams:
            resolve(fam.title + fam.body, f"family {fam.id!r}")
        held = {f.split for f in fams}
        if held != set(SPLITS):
            raise GrammarError(f"families of {kind!r}: need both splits, have {sorted(held)}; add families")
        trained = {s for f in fams if f.split == "train" for s in f.sections}
        untrained = {s for f in fams if f.split == "test" for s in f.sections} - trained
        if untrained:
            raise GrammarError(f"families of {kind!r}: sections {sorted(untrained)} have no training family")
    missing = set(KINDS) - set(grammar.families)
    if missing:
        raise GrammarError(f"no families for {sorted(missing)}")
    state: dict[str, int] = {}

    def visit(rule: Rule, path: tuple[str, ...]) -> bool:
        """Depth-first: rejects cycles; returns whether a categorised rule sits at or below."""
        if state.get(rule.name) == 1:
            raise GrammarError(f"rule cycle: {' -> '.join((*path, rule.name))}")
        if state.get(rule.name) == 2:
            return bool(rule.cats) or not rule.leaf
        state[rule.name] = 1
        below = False
        for alt in rule.alts + rule.held:
            for part in alt:
                if isinstance(part, Ref) and part.rule is not None:
                    below |= visit(part.rule, (*path, rule.name))
        rule.leaf = not below
        state[rule.name] = 2
        return bool(rule.cats) or below

    for rule in grammar.rules.values():
        visit(rule, ())
        rule.plain = not rule.cats and not rule.intent
        rule.views = {
            split: tuple("".join(alt) if all(isinstance(p, str) for p in alt) else alt for alt in alts)
            for split, alts in _views(rule).items()
        }
    # Compile: a reference to a plain rule of bare texts becomes the tuple of its texts in that
    # split, which the writer picks from inline (most references are such leaves).
    raw = {name: dict(rule.views) for name, rule in grammar.rules.items()}
    for rule in grammar.rules.values():
        rule.views = {
            split: tuple(a if isinstance(a, str) else _compile(a, split, raw) for a in alts)
            for split, alts in rule.views.items()
        }
    for fams in grammar.families.values():
        for fam in fams:
            fam.title = _compile(fam.title, fam.split, raw)
            fam.body = _compile(fam.body, fam.split, raw)


def _compile(parts: tuple[Part, ...], split: str, raw: dict[str, dict[str, tuple]]) -> tuple:
    out: list[Any] = []
    for part in parts:
        if isinstance(part, Ref) and part.rule is not None and part.rule.plain and not part.optional:
            alts = raw[part.name][split]
            if part.lo == part.hi == 1 and all(isinstance(a, str) for a in alts):
                out.append(alts)
                continue
        out.append(part)
    return tuple(out)


def _views(rule: Rule) -> dict[str, tuple[tuple[Part, ...], ...]]:
    """About a quarter of a rule's wording is held out, by a stable hash of the text, so a
    repeated alternative (a weight) always lands in one split. An alternative with no words of
    its own (only references and punctuation) is structure, not wording: both splits use it."""
    everything = tuple(rule.alts)
    if rule.extra and not rule.held:  # added training wording trains; the rule's own splits as before
        own = _views(replace(rule, alts=rule.alts[: -rule.extra], texts=rule.texts[: -rule.extra], extra=0))
        return {"train": own["train"] + tuple(rule.alts[-rule.extra :]), "test": own["test"]}
    if rule.held:  # explicit held-out wording: everything else trains; the rule's own structure serves both
        own = rule.alts[: len(rule.alts) - rule.extra]  # added `train:` lines train only, even bare ones
        bare = tuple(a for a in own if not any(isinstance(p, str) and any(c.isalpha() for c in p) for p in a))
        return {"train": everything, "test": tuple(rule.held) + bare}
    if rule.shared or len(set(rule.texts)) < 3:
        return {"train": everything, "test": everything}
    worded = [any(isinstance(p, str) and any(c.isalpha() for c in p) for p in alt) for alt in rule.alts]
    held = [w and zlib.crc32(f"{rule.name}:{t}".encode()) % 4 == 3 for t, w in zip(rule.texts, worded, strict=True)]
    kept = [not h for h in held]
    both = [not w for w in worded]
    if not any(h or b for h, b in zip(held, both, strict=True)) or not any(kept):
        last = sorted(set(rule.texts))[-1]  # a short rule the hash put on one side: hold out one text
        held = [t == last for t in rule.texts]
        both = [False] * len(held)
    return {
        "train": tuple(a for a, h in zip(rule.alts, held, strict=True) if not h),
        "test": tuple(a for a, h, b in zip(rule.alts, held, both, strict=True) if h or b),
    }


def _load_wording(data: dict[str, Any], source: str, rules: dict[str, Rule]) -> None:
    """`wording: {rule: {train: [...], test: [...]}}`: more training alternatives for a rule, and
    held-out alternatives that replace its hashed quarter."""
    for name, spec in (data.get("wording") or {}).items():
        where = f"{source}: wording for {name!r}"
        if name not in rules or rules[name].shared or not isinstance(spec, dict) or set(spec) - {"train", "test"}:
            raise GrammarError(f"{where}: a rule (not shared) and train and/or test lists")
        rule = rules[name]
        train = [str(a) for a in spec.get("train") or []]
        test = [str(a) for a in spec.get("test") or []]
        if clash := (set(train) | set(rule.texts)) & set(test) or ((set(test) | set(train)) & set(rule.held_texts)):
            raise GrammarError(f"{where}: {sorted(clash)[:3]} both trains and is held out")
        rule.alts, rule.texts = rule.alts + [_parse(t, where) for t in train], rule.texts + train
        rule.extra += len(train)
        rule.held, rule.held_texts = rule.held + [_parse(t, where) for t in test], rule.held_texts + test


def load_grammar(texts: dict[str, str]) -> Grammar:
    """A grammar from {file name: YAML text}; raises GrammarError naming what is wrong."""
    rules: dict[str, Rule] = {}
    families: dict[str, list[Family]] = {}
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loaded: list[tuple[str, dict[str, Any]]] = []
    for source, text in sorted(texts.items()):
        try:
            data = yaml.load(text, Loader=loader) or {}
        except yaml.YAMLError as exc:
            raise GrammarError(f"{source}: not valid YAML: {exc}") from exc
        if not isinstance(data, dict) or set(data) - {"rules", "families", "wording"}:
            raise GrammarError(f"{source}: expected only 'rules', 'families' and 'wording' at the top")
        _load_rules(data, source, rules)
        _load_families(data, source, families)
        loaded.append((source, data))
    for source, data in loaded:  # after every file's rules, so wording may extend any of them
        _load_wording(data, source, rules)
    grammar = Grammar(rules, families)
    _link(grammar)
    return grammar


@lru_cache(maxsize=1)
def default_grammar() -> Grammar:
    folder = resources.files("samaritan.generate").joinpath("grammar")
    texts = {p.name: p.read_text("utf-8") for p in folder.iterdir() if p.name.endswith(".yaml")}
    return load_grammar(texts)


# ------------------------------------------------------------------ counting phrasings
def count_rule(rule: Rule, split: str = "train", memo: dict | None = None) -> int:
    """How many distinct texts a rule can produce in one split (entities count as one)."""
    memo = {} if memo is None else memo
    key = (rule.name, split)
    if key not in memo:
        memo[key] = sum(count_parts(alt, split, memo) for alt in rule.views[split])
    return memo[key]


def count_parts(parts: str | tuple[Part, ...], split: str, memo: dict) -> int:
    if isinstance(parts, str):
        return 1
    total = 1
    for part in parts:
        if isinstance(part, tuple):
            total *= len(set(part))
        elif isinstance(part, Ref) and part.rule is not None:
            n = count_rule(part.rule, split, memo)
            if part.optional:
                n += 1
            elif part.hi > 1:
                n = sum(n**k for k in range(part.lo, part.hi + 1))
            total *= n
    return total
