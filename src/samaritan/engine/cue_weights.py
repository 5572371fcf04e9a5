"""How the lexicon's soft commercial cues count (weights.yaml `commercial.cues`): once per kind,
only several kinds together, some only beside others, some cancelling the rest. Split from
policy.py, which holds the rest of the scoring weights."""

from __future__ import annotations

from collections.abc import Collection

from pydantic import BaseModel, ConfigDict, Field

# Lists and tables of a loaded configuration as sets, worked out once per object (configuration
# is never changed once loaded; a copy with other values is another object): every ad asks.
_SETS: dict[int, tuple[object, frozenset[str]]] = {}
_TABLE_SETS: dict[int, tuple[object, dict[str, frozenset[str]]]] = {}


def fold_term_word(text: str) -> str:
    """A term's words as `term_words` compares them: lower case, runs of other characters one
    space ("G.F.E" and "gfe" differ; "Pay-per-meet" is "pay per meet")."""
    return " ".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def as_set(items: list[str]) -> frozenset[str]:
    got = _SETS.get(id(items))
    if got is None or got[0] is not items:
        got = _SETS[id(items)] = (items, frozenset(items))
    return got[1]


def as_sets(table: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    got = _TABLE_SETS.get(id(table))
    if got is None or got[0] is not table:
        got = _TABLE_SETS[id(table)] = (table, {k: frozenset(v) for k, v in table.items()})
    return got[1]


class CueWeights(BaseModel):
    """Soft commercial cues (lexicon rules with `cue:`), counted once per kind. Kinds add up only
    when at least `min_kinds` of them fire (one fewer once a commercial_sex rule fired), so one
    kind alone never counts."""

    model_config = ConfigDict(extra="forbid")
    per_kind: float = Field(ge=0, default=0.0)
    min_kinds: int = Field(ge=2, default=2)
    # Kinds beside which fewer kinds suffice (never under two): someone who books, answers or is
    # paid for the person offered, with one more cue of a sale.
    fewer_with: dict[str, int] = {}
    # Kinds that never complete that shortcut: "call or text" and a youth word sit beside a camp's,
    # a parent's or a crew's rules ("the girls can't keep phones at practice, call ...") as often as
    # beside a booker's. They still count among `min_kinds`.
    fewer_not_with: list[str] = []
    # Kinds that weigh other than per_kind (weaker where ordinary posts use them often).
    kinds: dict[str, float] = {}
    # Kinds that count only beside one of the listed kinds: a listed phone is how anyone sells
    # anything, and a commercial-sex cue only in an ad that presents a person.
    requires: dict[str, list[str]] = {}
    # Kinds that cancel every soft cue: a personal ad's shape (asking for the reader's pictures,
    # stats or health) is a choice between equals, not a sale. Hard commercial terms still count.
    cancel: list[str] = []
    # Of those, the kinds that mark another trade's ad (a rental's, a sale's, a lesson's, care
    # work's, a performer's terms): beside one the learned model alone never labels; a hard term
    # or the rules' own reading still does.
    trade: list[str] = []
    # Codes that another trade's kind of cue takes out of the ad's reading: a licensed
    # hairdresser's or massage therapist's "incall or outcall" is where she works, not a session.
    drops: dict[str, list[str]] = {}
    # ... and of a rule that holds other words too, only the listed words (folded as term_words
    # folds them): beside care work a senior's "escort" walks her to the doctor, while "gfe" stays.
    drop_words: dict[str, dict[str, list[str]]] = {}

    def dropped_words(self, kinds: Collection[str]) -> dict[str, frozenset[str]]:
        """Code -> the words of it that the cue kinds `kinds` take out (empty for most ads)."""
        out: dict[str, set[str]] = {}
        for kind, by_code in self.drop_words.items():
            if kind in kinds:
                for code, words in by_code.items():
                    out.setdefault(code, set()).update(fold_term_word(w) for w in words)
        return {code: frozenset(words) for code, words in out.items()}

    def dropped(self, kinds: Collection[str]) -> frozenset[str]:
        """The codes that the cue kinds `kinds` take out (none for most ads)."""
        if not self.drops:
            return frozenset()
        out: set[str] = set()
        for kind, codes in self.drops.items():
            if kind in kinds:
                out.update(codes)
        return frozenset(out)

    def counted(self, kinds: Collection[str]) -> list[str]:
        """The kinds that count: those whose required companions are present."""
        requires = as_sets(self.requires)
        return [k for k in kinds if k not in requires or not requires[k].isdisjoint(kinds)]

    def score(self, kinds: Collection[str], commercial_rule: bool = False) -> float:
        """What these kinds of cue add together."""
        if len(kinds) < 2:
            return 0.0  # most ads: one kind alone never counts (the test below, without its cost)
        if self.cancel and not as_set(self.cancel).isdisjoint(kinds):
            return 0.0
        kinds = self.counted(kinds) if self.requires else kinds
        least = self.min_kinds - commercial_rule
        if self.fewer_with:
            weak = as_set(self.fewer_not_with)
            strong = [kind for kind in kinds if kind not in weak]
            least = min([least, *(n for kind, n in self.fewer_with.items() if kind in strong and len(strong) >= n)])
        if len(kinds) < max(2, least):
            return 0.0
        return sum(self.kinds.get(kind, self.per_kind) for kind in kinds)
