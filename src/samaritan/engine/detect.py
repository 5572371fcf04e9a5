"""Find lexicon rules in ad text: Aho-Corasick passes over folded text per field.

All literal terms sit in one automaton (pyahocorasick was the fastest matcher with positions in
`../shared/spec/STACK.md`). A hit is kept when it sits on word boundaries, is not negated ("no
teens") and is not part of an innocent phrase the rule names ("virgin islands"). Pattern rules
run their regex only in a window around an anchor hit, and only in a view where one RE2 Set of
their relaxations (engine/relaxed.py) says they can match; each pattern's anchors then have an
automaton of their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import ahocorasick

from samaritan.engine import phrase
from samaritan.engine.budget import HITS_PER_RULE
from samaritan.engine.cues import Fired, needs_digit
from samaritan.engine.hits import Found, Hit, drop_nested, keep
from samaritan.engine.lexicon import Lexicon, Rule
from samaritan.engine.normalize import Folded, Vocabulary, fold, fold_term, load_tables
from samaritan.engine.relaxed import Gate, Relaxed, RelaxedSet, ascii_classes, window_matches
from samaritan.engine.tokens import Words

_PATTERN_WINDOW = 60
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class _Entry:
    rule_index: int
    length: int
    prefix: bool  # term ended in '*': also matches longer words
    anchor: bool  # an anchor of a pattern rule, not a term of its own
    phrase_start_alnum: bool
    phrase_end_alnum: bool


# What the automaton holds for one folded key: its length, whether its first and last
# characters are alphanumeric (then a hit must not start or end inside a word), whether any of
# its rules takes it as a prefix ("term*"), and each rule's (index, prefix, anchor) in lexicon
# order. The boundary checks are the same for every rule of a key, so they run once per place.
_Key = tuple[int, bool, bool, bool, tuple[tuple[int, bool, bool], ...]]


def _key_value(entries: list[_Entry]) -> _Key:
    first = entries[0]
    return (
        first.length,
        first.phrase_start_alnum,
        first.phrase_end_alnum,
        any(e.prefix for e in entries),
        tuple((e.rule_index, e.prefix, e.anchor) for e in entries),
    )


def _automaton(table: dict[str, list[_Entry]]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for key, entries in table.items():
        automaton.add_word(key, _key_value(entries))
    if table:
        automaton.make_automaton()
    return automaton


def _is_word_char(ch: str) -> bool:
    return ch.isalnum()


class Detector:
    """Compiled form of a lexicon. Build once; `find` is safe to call from many threads."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self.rules = lexicon.rules
        self._patterns: dict[int, re.Pattern[str]] = {}
        self._relaxed: dict[int, Relaxed] = {}  # each pattern's RE2 relaxation, if any: `window_matches`
        self._digit_patterns: set[int] = set()  # patterns that cannot match without a digit
        self._not_before: dict[int, phrase.ByEdge | None] = {}
        self._not_after: dict[int, phrase.ByEdge | None] = {}
        self._contextual: set[int] = set()  # rules whose hits the words around them can veto
        # Each rule's code, and the negatable ones, as plain values (hits.RuleFacts says why).
        self._codes = [rule.code for rule in self.rules]
        self._negatable = {index for index, rule in enumerate(self.rules) if rule.negatable}
        self._across_commas = {index for index, rule in enumerate(self.rules) if rule.across_commas}
        self._across_sentences = {index for index, rule in enumerate(self.rules) if rule.across_sentences}
        # A commercial term of several words is said in one sentence ("ready to move in. Call today").
        one_sentence = ("commercial_sex", "venue")  # (a venue's "out call" never runs across "come out. call me")
        self._one_sentence = {index for index, rule in enumerate(self.rules) if rule.category in one_sentence}
        table: dict[str, list[_Entry]] = {}
        for index, rule in enumerate(self.rules):
            if rule.pattern:
                self._patterns[index] = re.compile(rule.pattern)
                if needs_digit(rule.pattern):
                    self._digit_patterns.add(index)
                if (relaxed := Relaxed.of(rule.pattern)) is not None:
                    self._relaxed[index] = relaxed
            self._not_before[index] = phrase.by_edge(tuple(fold_term(w) for w in rule.not_before), 0)
            self._not_after[index] = phrase.by_edge(tuple(fold_term(w) for w in rule.not_after), -1)
            if rule.negatable or self._not_before[index] or self._not_after[index]:
                self._contextual.add(index)
            for raw, anchor in [(t, False) for t in rule.terms] + [(a, True) for a in rule.anchors]:
                prefix = raw.endswith("*")
                key = fold_term(raw.rstrip("*"))
                if not key:
                    continue
                table.setdefault(key, []).append(
                    _Entry(index, len(key), prefix, anchor, _is_word_char(key[0]), _is_word_char(key[-1]))
                )
        # Common anchor words ("you", "now", "good") occur in most ads while most of their
        # patterns match nowhere in them: one RE2 pass over a view names the patterns that can
        # match, and the rest are never searched.
        self._relaxed_set = RelaxedSet({i: self._patterns[i].pattern for i in self._relaxed})
        load_tables()  # part of building the engine, not of the first ad with a look-alike
        # The lexicon's words settle ambiguous spellings in normalize.fold ("a s k", "ju57").
        # The lexicon's words, and its phrases: respelling reads a vowel-less word where the words
        # around it complete one of those phrases.
        self._vocabulary = Vocabulary(table)
        # Each relaxed pattern's anchors in an automaton of its own, walked only in a view where
        # the RE2 Set says that pattern can match (a view in four, one or two patterns): short,
        # common anchor words ("hi", "we", "our") hit inside most words of an ad, and were four
        # in five of one shared automaton's hits.
        main: dict[str, list[_Entry]] = {}
        gated: dict[int, dict[str, list[_Entry]]] = {}
        for key, entries in table.items():
            for entry in entries:
                if entry.anchor and entry.rule_index in self._relaxed:
                    gated.setdefault(entry.rule_index, {}).setdefault(key, []).append(entry)
                else:
                    main.setdefault(key, []).append(entry)
        self._automaton = _automaton(main)
        self._anchors_of = {index: _automaton(keys) for index, keys in gated.items()}
        self.gating = True  # False: every relaxed pattern runs at its anchors (tests compare both)
        self._empty = not table

    def warm(self, texts: Sequence[str]) -> None:
        """Run each relaxed pattern over `texts` (lower-cased, ad-sized) and forget the matches:
        RE2 builds its DFA states lazily and keeps them, so they are built now rather than on the
        first ads of a run. What a pattern matches does not change."""
        for relaxed in self._relaxed.values():
            for text in texts:
                data = ascii_classes(fold(text)[0].text)
                pos = 0
                while (pos := relaxed.first(data, pos)) >= 0 and pos < len(data):
                    pos += 1

    @property
    def vocabulary(self) -> frozenset[str]:
        """The lexicon's words, which settle ambiguous spellings when text is folded."""
        return self._vocabulary

    def find(self, field: str, original: str, cues: Fired = None, ad_words: Words | None = None) -> list[Hit]:
        """Rule hits in one field. `cues` is the ad's one-pass cue scan (samaritan.engine.cues), if
        any; `ad_words` the words of the ad's lower-cased text (samaritan.engine.tokens), if any."""
        if not original or self._empty:
            return []
        return self._match(field, fold(original, self._vocabulary, cues, ad_words))

    def find_many(
        self,
        fields: Sequence[tuple[str, str, Fired]],
        ad_words: Sequence[Words | None] | None = None,
        views_out: list[list[Folded] | Exception] | None = None,
    ) -> list[list[Hit] | Exception]:
        """`find` of many (field, text, cues), folding them all and then matching them all, so
        the folding tables and the automaton each stay in the CPU caches across the batch. A
        field whose folding or matching fails gets its exception in its place. `ad_words`: each
        field's ad's words, as `find` takes them. `views_out`: given, each field's views (or its
        exception) are added to it, for the learned stage to read the same text."""
        views: list[list[Folded] | Exception] = []
        vocabulary = self._vocabulary
        for k, (_, original, cues) in enumerate(fields):
            try:
                words = ad_words[k] if ad_words is not None else None
                views.append(fold(original, vocabulary, cues, words) if original and not self._empty else [])
            except Exception as exc:  # the caller reports it with its ad
                views.append(exc)
        if views_out is not None:
            views_out.extend(views)
        out: list[list[Hit] | Exception] = []
        for (field, _, _), folded in zip(fields, views, strict=True):
            if isinstance(folded, Exception):
                out.append(folded)
                continue
            if not folded:
                out.append([])
                continue
            try:
                out.append(self._match(field, folded))
            except Exception as exc:
                out.append(exc)
        return out

    def match(self, field: str, views: list[Folded]) -> list[Hit]:
        """Rule hits in the folded views of one field (`normalize.fold` of its text, with this
        detector's `vocabulary`): `find` less the folding."""
        return self._match(field, views) if views and not self._empty else []

    def _match(self, field: str, views: list[Folded]) -> list[Hit]:
        found: Found = {}
        # With one view, hits are told apart by their folded spans and mapped back only when
        # read; several views of one text must be compared on the original.
        lazy = len(views) == 1
        for view in views:
            self._find_in_view(field, view, found, lazy)
        if len(found) < 2:  # (most fields: nothing can nest)
            return list(found.values())
        return drop_nested(list(found.values()))

    def _find_in_view(self, field: str, view: Folded, found: Found, lazy: bool) -> None:
        # Hits per rule: past HITS_PER_RULE they only cost. Anchors add a quarter. (A plain
        # dict: Counter's default comes from a Python-level __missing__ call.)
        seen: dict[int, float] = {}
        self._walk(self._automaton, field, view, found, lazy, seen, None)
        if not self._anchors_of:
            return
        gate: Gate | None = None
        if self.gating:
            data = ascii_classes(view.text)
            possible = self._relaxed_set.matching(data)
            if not possible:
                return
            gate = Gate(possible, data)
        for index in sorted(gate.possible if gate is not None else self._anchors_of):  # lexicon order
            anchors = self._anchors_of.get(index)
            if anchors is not None:
                self._walk(anchors, field, view, found, lazy, seen, gate)

    def _walk(
        self,
        automaton: ahocorasick.Automaton,
        field: str,
        view: Folded,
        found: Found,
        lazy: bool,
        seen: dict[int, float],
        gate: Gate | None,
    ) -> None:
        """The hits of one automaton's keys in a view. `gate`: its anchors' patterns are relaxed,
        and run only where they can match."""
        text = view.text
        n = len(text)
        rules = self.rules
        contextual = self._contextual
        for last, (length, start_alnum, end_alnum, any_prefix, entries) in automaton.iter(text):
            start = last - length + 1
            if start_alnum and start > 0 and text[start - 1].isalnum():
                continue
            end = last + 1
            # A key that runs on into a word is no hit, unless a rule takes it as a prefix.
            inside = end_alnum and end < n and text[end].isalnum()
            if inside and not any_prefix:
                continue
            for index, prefix, anchor in entries:
                if seen.get(index, 0) >= HITS_PER_RULE:
                    continue
                hit_end = end
                if prefix:
                    while hit_end < n and text[hit_end].isalnum():
                        hit_end += 1
                elif inside:
                    continue
                if anchor:
                    # Each anchor runs a pattern: a quarter of the budget's worth of them.
                    seen[index] = seen.get(index, 0) + 0.25
                    if gate is not None and not gate.allows(self._relaxed[index], index, hit_end):
                        continue
                    self._run_pattern(field, view, index, start, hit_end, found, lazy, gate)
                    continue
                if index in self._one_sentence and phrase.crosses_break(view, start, end):
                    continue
                rule = rules[index]
                if index in contextual and not self._context_allows(index, rule, view, start, hit_end):
                    continue
                seen[index] = seen.get(index, 0) + 1
                if lazy:
                    key = (self._codes[index], start, hit_end)
                    if key not in found:
                        found[key] = Hit(rule, field, view, start, hit_end, None)
                else:
                    keep(found, rule, field, view, start, hit_end, lazy)

    def _run_pattern(
        self,
        field: str,
        view: Folded,
        index: int,
        a_start: int,
        a_end: int,
        found: Found,
        lazy: bool,
        gate: Gate | None,
    ) -> None:
        text = view.text
        lo = max(0, a_start - _PATTERN_WINDOW)
        hi = min(len(text), a_end + _PATTERN_WINDOW)
        rule = self.rules[index]
        relaxed = self._relaxed.get(index)
        # The view's ascii_classes (one byte a character): a window's is a slice of it, not encoded anew.
        data = gate.data if gate is not None else None
        if relaxed is not None:
            matches = window_matches(relaxed, self._patterns[index], text, lo, hi, a_end, data)
        elif index in self._digit_patterns and not _DIGIT.search(text, lo, hi):
            return  # a rate or price pattern with no number anywhere near its anchor word
        else:
            matches = self._patterns[index].finditer(text, lo, hi)
        broken = self._keep_matches(field, view, index, rule, matches, a_start, a_end, found, lazy)
        if broken is None:
            return
        # The leftmost match spanned a break ("for you!! awake and bored" read as "you awake"): one
        # that starts inside it may not ("awake and bored"). Once more, from the next character.
        if relaxed is not None:
            matches = window_matches(relaxed, self._patterns[index], text, broken + 1, hi, a_end, data)
        else:
            matches = self._patterns[index].finditer(text, broken + 1, hi)
        self._keep_matches(field, view, index, rule, matches, a_start, a_end, found, lazy)

    def _keep_matches(
        self,
        field: str,
        view: Folded,
        index: int,
        rule: Rule,
        matches: Iterator[re.Match[str]],
        a_start: int,
        a_end: int,
        found: Found,
        lazy: bool,
    ) -> int | None:
        """Keep the matches that touch the anchor and stay within one phrase (or sentence, as the
        rule says); the start of the first one that spanned a break, if any."""
        broken: int | None = None
        for m in matches:
            if m.start() >= a_end:
                break  # matches come in order of start: none after this one can touch the anchor
            if m.end() <= a_start or m.end() == m.start():
                continue
            o_start, o_end = view.span(m.start(), m.end())
            if index in self._across_sentences:
                # One thing said in two sentences: the match crosses a sentence, never a paragraph.
                original = view.original
                if not phrase.SENTENCE_BREAK.search(original, o_start, o_end) or phrase.PARAGRAPH_BREAK.search(
                    original, o_start, o_end
                ):
                    continue
            elif (breaks := phrase.SENTENCE_BREAK if index in self._across_commas else phrase.CLAUSE_BREAK).search(
                view.original, o_start, o_end
            ) and phrase.between_words(view, m.start(), m.end(), breaks):
                if broken is None:
                    broken = m.start()
                # A pattern describes one phrase; it never spans "hh, 230". Its shorter reading that
                # ends before the break still does ("women only, aged 19-27" before ". Apply").
                short = phrase.within_phrase(self._patterns[index], view, m, breaks)
                if short and short.end() > a_start and self._context_allows(index, rule, view, *short.span()):
                    keep(found, rule, field, view, short.start(), short.end(), lazy)
                continue
            if self._context_allows(index, rule, view, m.start(), m.end()):
                keep(found, rule, field, view, m.start(), m.end(), lazy)
        return broken

    def _context_allows(self, index: int, rule: Rule, view: Folded, start: int, end: int) -> bool:
        text = view.text
        if index in self._negatable and phrase.negated(view, start):
            return False
        not_before = self._not_before[index]
        if not_before is not None:
            after_text = text[end : end + 40].lstrip()
            # One C-level test for the rule's phrases that open on the text's first character (a
            # rule may list 200: all at once cost ~0.8 us a hit); the word-end check only on a hit.
            opening = not_before[0].get(after_text[:1], not_before[1])
            if opening and after_text.startswith(opening):
                for said in opening:
                    if after_text.startswith(said) and (
                        len(after_text) == len(said) or not after_text[len(said)].isalnum()
                    ):
                        return False
        not_after = self._not_after[index]
        if not_after is not None:
            before_text = text[max(0, start - 40) : start].rstrip()
            closing = not_after[0].get(before_text[-1:], not_after[1])
            if closing and before_text.endswith(closing):
                for said in closing:
                    if before_text.endswith(said) and (
                        len(before_text) == len(said) or not before_text[-len(said) - 1].isalnum()
                    ):
                        return False
        return True
