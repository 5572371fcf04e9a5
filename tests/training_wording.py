"""Shared reading of the generator's training-only wording files (wording_train.yaml,
wording_breadth.yaml) for their tests: the grammar files' texts, a file's `train:` lines, and a
rule's held-out wording."""

from __future__ import annotations

from dataclasses import replace
from importlib import resources

import yaml

from samaritan.generate.grammar import _views


def grammar_texts() -> dict[str, str]:
    folder = resources.files("samaritan.generate").joinpath("grammar")
    return {p.name: p.read_text("utf-8") for p in folder.iterdir() if p.name.endswith(".yaml")}


def train_lines(file: str) -> dict[str, list[str]]:
    """Rule -> the file's training lines; the file holds only `wording: <rule>: train:` lists."""
    doc = yaml.safe_load(grammar_texts()[file])
    assert set(doc) == {"wording"}  # only wording for rules defined elsewhere
    assert all(set(spec) == {"train"} for spec in doc["wording"].values())  # and only training lines
    return {name: [str(t) for t in spec["train"]] for name, spec in doc["wording"].items()}


def held_texts(rule) -> set[str]:
    """The rule's held-out wording: its `test:` lines, or else the hashed quarter of its own
    alternatives (the lines added for training never move that hash)."""
    if rule.held:
        return set(rule.held_texts)
    n = len(rule.alts) - rule.extra
    own = replace(rule, alts=rule.alts[:n], texts=rule.texts[:n], extra=0)
    held = {id(a) for a in _views(own)["test"]}
    return {t for a, t in zip(own.alts, own.texts, strict=True) if id(a) in held}
