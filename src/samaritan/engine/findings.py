"""An ad's indicators before scoring: the detector's hits that scope keeps, what extraction finds
(disguised contacts, the person's stated ages) and the ad's shape cues, each coded by the lexicon.

Scope is read through each field's `Through` (engine/learned/through.py), which the screener
builds once an ad: the same field's disguise-folded reading serves every question asked of it
(whose an age is, whether a claim is denied), on the rule path and the learned one alike.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from samaritan.engine.cue_weights import fold_term_word
from samaritan.engine.cues import Fired
from samaritan.engine.detect import Detector
from samaritan.engine.extract import Extraction
from samaritan.engine.extract.ages import PEER, AgeMatch
from samaritan.engine.hits import Facts, Hit, RuleFacts, facts
from samaritan.engine.learned.scope import is_code_with_digits, is_misread_word
from samaritan.engine.learned.through import Through, throughs
from samaritan.engine.lexicon import Lexicon, Rule
from samaritan.engine.model import Ad, Indicator
from samaritan.engine.normalize import Folded
from samaritan.engine.policy import Weights
from samaritan.engine.recruit import recruitment_codes
from samaritan.engine.score import ALWAYS_REPORTED, Signal, can_report
from samaritan.engine.shape import ShapeCues

_MISREAD_MEMO = 4096
# Any decimal digit, as `\d` in learned.scope's product-code pattern reads one.
_ANY_DIGIT = re.compile(r"\d")
# "lolI am": a word and the pronoun "I" of the next sentence glued where a space or a line break was
# lost; folded they read as a youth term ("loli" - a real personals post got an urgent minor label
# on the rule path). A capital I after lower-case letters, then a space and a lower-case word or an
# apostrophe ("lolI'm"), is that pronoun; a term disguised in mixed case ("LoLi", "l0lI") is not.
_GLUED_I = re.compile(r"[a-z]I$")
_PRONOUN_GOES_ON = re.compile(r"(?:\s+[a-z]|['\u2019][a-z])")
_ARTICLE_BEFORE = re.compile(r"(?i)\b(?:a|an)\s+$")
# A price on time with a person: per hour, half hour, two hours, a short visit, a night or
# overnight, a date, session, visit or meeting (extract/prices.py units); never a week's, a
# month's or a day's, which are rents and wages. Under this amount it is a wage or a lesson's.
_TIME_UNITS = frozenset({"hour", "half_hour", "two_hours", "short_visit", "night", "overnight", "session"})
_LEAST_PRICED_TIME = 60
# ... and the least an hour, two hours or a night costs when it is her time that is sold: a
# bartender's $65 or a driver's $60 an hour is a wage (the commercial ads of the development
# corpora that state an age and a rate price an hour at 100 or more). A date, a visit or a session
# keeps the floor of 60: a held-out corpus's offer priced a visit at 60.
_LEAST_PRICED_SESSION = {"hour": 100.0, "two_hours": 150.0, "night": 150.0, "overnight": 150.0}
# The units of a session's price read without a stated age: not a night or a "session" (a
# lodging's night, a shoot's day and a class are priced so too).
_SESSION_UNITS = frozenset({"hour", "half_hour", "two_hours", "short_visit", "overnight"})
# A hard term (a service or rate term, incall/outcall): soft wording ("generous") is not enough.
_SELLS_COMPANY_WEIGHT = 0.8

Throughs = Mapping[str, Through]
Persons = list[tuple[str, AgeMatch]]


def ad_throughs(ad: Ad, views: Mapping[str, Folded | None] | None = None) -> dict[str, Through]:
    """A Through of the ad's title and body, each with its first folded view (None: read as it is,
    for callers that did not fold the ad)."""
    return throughs({"title": ad.title, "body": ad.body}, views)


def _priced(ad: Ad, extraction: Extraction, rule: Rule, units: frozenset[str]) -> Indicator | None:
    """The ad's first price on a session of `units` at a rate's amount, as `rule`'s indicator."""
    for name, start, end, unit, amount in extraction.priced:
        if unit in units and amount >= _LEAST_PRICED_SESSION.get(unit, _LEAST_PRICED_TIME):
            text = ad.title if name == "title" else ad.body
            return Indicator(rule.code, rule.category, name, start, end, text[start:end], rule.weight)
    return None


class Findings:
    """The lexicon's reading of one ad, given its extraction, hits and fields' Throughs."""

    def __init__(self, lexicon: Lexicon, weights: Weights, detector: Detector) -> None:
        self.weights = weights
        self.detector = detector
        # Rule knowledge that extraction reports (disguised contacts, stated ages) is lexicon data.
        self._disguised = {
            kind: rule for kind in ("disguised_phone", "spelled_email") for rule in lexicon.extracted(kind)
        }
        self._ages = lexicon.extracted("stated_age")
        priced = lexicon.extracted("priced_time")
        self._priced_time = priced[0] if priced else None
        sessions = lexicon.extracted("priced_session")
        self._priced_session = sessions[0] if sessions else None
        self._priced_codes = frozenset(r.code for r in (*priced, *sessions))
        self._trade = frozenset(weights.commercial.cues.trade)
        self._drops = weights.commercial.cues.drops
        self._drop_words = weights.commercial.cues.drop_words
        self._dropped_words: dict[frozenset[str], dict[str, frozenset[str]]] = {}
        self._recruit = recruitment_codes(weights)
        self._title_ages = lexicon.extracted("title_age")
        self.age_codes = frozenset(r.code for r in self._ages)
        self._cues = lexicon.cues()
        self._facts = RuleFacts(lexicon.rules)
        # The age rules' ranges and Facts, read as plain values for every stated age.
        self._age_rules = [(r.ages, facts(r)) for r in self._ages]
        self._title_age_rules = [(r.ages, facts(r)) for r in self._title_ages]
        self.shapes = ShapeCues(lexicon)  # soft cues read from the ad's structure
        # is_misread_word answers per (text, rule), and youth words recur: once each (bounded, thread-safe).
        self._misread: dict[tuple[str, str], bool] = {}

    def indicators(
        self,
        ad: Ad,
        extraction: Extraction,
        cues: Fired,
        through: Throughs | None = None,
        *,
        report_all: bool = False,
        drop_denied: bool = True,
        shapes: bool = True,
        hits: dict[str, list[Hit]] | None = None,
        persons: Persons | None = None,
        lowered: str | None = None,
    ) -> tuple[list[Indicator], list[Signal]]:
        """The ad's indicators, and the hits that only count towards its scores: on an ad that
        cannot be commercial, hits outside ALWAYS_REPORTED are never reported, so their spans
        are not worked out. `through`: each field's Through (None: its plain text); `hits`: the
        detector's hits in each field, when already found; `persons`: `person_ages`, when
        already worked out; `lowered`: the ad's lower-cased text, which spares shape cues a search."""
        texts = dict(ad.fields())
        through = ad_throughs(ad) if through is None else through
        if hits is None:
            hits = {name: self.detector.find(name, text, cues) for name, text in texts.items()}
        kept: list[tuple[Hit, Facts]] = []
        known = self._facts.by_id
        for name, text in texts.items():
            # A model code ("GF3") holds a digit: in a field without one, a short hit's span is not
            # worked out to ask (None: not looked for yet).
            has_digit: bool | None = None
            for hit in hits[name]:
                hit_facts = known.get(id(hit.rule)) or self._facts.of(hit.rule)
                _, category, _, negatable = hit_facts
                # "no escorts", "not a sugar daddy": a denied claim is no evidence; nor is a model
                # code ("GF3") read as a term.
                if drop_denied and negatable and through[name].claim_is_denied(hit.start, hit.end, category):
                    continue
                if hit.order[1] - hit.order[0] <= 4:
                    if has_digit is None:
                        has_digit = _ANY_DIGIT.search(text) is not None
                    if has_digit and is_code_with_digits(hit.text):
                        continue
                # Youth terms raise the urgent queue: a plain word misread as one ("Manors") goes.
                if category == "youth" and (self._is_misread(hit) or _pronoun_glued(texts[name], hit)):
                    continue
                kept.append((hit, hit_facts))
        extracted = self.extracted(ad, extraction, through, shapes=shapes, persons=persons, cues=cues, lowered=lowered)
        kinds = {self._cues[c] for c in [f[0] for _, f in kept] + [i.code for i in extracted] if c in self._cues}
        if self._drops and not self._drops.keys().isdisjoint(kinds):
            # Another trade's cue takes its polysemous terms out (weights.yaml `cues.drops`).
            gone = self.weights.commercial.cues.dropped(kinds)
            kept = [k for k in kept if k[1][0] not in gone]
        if self._drop_words and not self._drop_words.keys().isdisjoint(kinds):
            # ... or only some of a rule's words: a care escort's "escort", not "gfe". (Folded once
            # per combination of the kinds that drop words: a handful, so the memo stays small.)
            key = frozenset(self._drop_words.keys() & kinds)
            words = self._dropped_words.get(key)
            if words is None:
                words = self._dropped_words[key] = self.weights.commercial.cues.dropped_words(key)
            kept = [k for k in kept if k[1][0] not in words or fold_term_word(k[0].text) not in words[k[1][0]]]
        if self._priced_codes and not self._trade.isdisjoint(kinds):
            # Beside another trade's terms (a lesson, care work, a rental, a sale, a performance)
            # a price on someone's time or a session is that trade's price.
            extracted = [i for i in extracted if i.code not in self._priced_codes]
        # (A commercial_sex rule that extraction reports, a priced time, counts as a hit does.)
        categories = {f[1] for _, f in kept} | {i.category for i in extracted}
        report_all = report_all or can_report(categories, ad.section, self.weights, kinds)
        if not report_all and self._recruit and "third_party" in categories:
            # Coercive recruitment is labelled outside commercial context: its hits are evidence.
            report_all = not self._recruit.isdisjoint(f[0] for _, f in kept)
        found: list[Indicator] = extracted
        unreported: list[Signal] = []
        for hit, (code, category, weight, _) in kept:
            if report_all or category in ALWAYS_REPORTED:
                found.append(Indicator(code, category, hit.field, hit.start, hit.end, hit.text, weight))
            else:
                unreported.append(Signal(code, category, weight))
        found.sort(key=lambda i: (i.field != "title", i.start, i.end, i.code))
        return found, unreported

    def person_ages(
        self, extraction: Extraction, through: Throughs, hits: dict[str, list[Hit]] | None = None
    ) -> Persons:
        """The stated ages that are the person's (not a child's, a pet's or a job's), read through
        each field's first folded view too (learned.through). With the detector's `hits`, the ages
        read tentatively (an age under 18 after a name, "Amy, 16"; a friend's, "my friend Rosa
        (30)") count in an ad that sells company, in the verdict's ages too."""
        if extraction.tentative and hits is not None and self._sells_company(extraction, through, hits):
            extraction.accept_tentative()
        # (A friend's age was checked as the person's from her name on: "my sister Lucy (23)".)
        return [
            (name, age)
            for name, age in extraction.ages
            if age.tentative == PEER or through[name].age_is_persons(age.start, age.end)
        ]

    def _sells_company(self, extraction: Extraction, through: Throughs, hits: dict[str, list[Hit]]) -> bool:
        """A commercial-sex term of weight (not denied), or time priced at a rate's amount."""
        for _, _, _, unit, amount in extraction.priced:
            if unit in _TIME_UNITS and amount >= _LEAST_PRICED_TIME:
                return True
        for name, field_hits in hits.items():
            for hit in field_hits:
                _, category, weight, negatable = self._facts.by_id.get(id(hit.rule)) or self._facts.of(hit.rule)
                if (
                    category == "commercial_sex"
                    and weight >= _SELLS_COMPANY_WEIGHT
                    and not (negatable and through[name].claim_is_denied(hit.start, hit.end, category))
                ):
                    return True
        return False

    def extracted(
        self,
        ad: Ad,
        extraction: Extraction,
        through: Throughs | None = None,
        *,
        shapes: bool = True,
        persons: Persons | None = None,
        cues: Fired = None,
        lowered: str | None = None,
    ) -> list[Indicator]:
        """Indicators that extraction finds (disguised contacts, stated ages), coded by the lexicon.
        `cues` and `lowered` (the ad's cue scan and lower-cased text) let shape cues skip work."""
        found: list[Indicator] = []
        for d in extraction.disguised:
            rule = self._disguised.get("disguised_phone" if d.kind == "phone" else "spelled_email")
            if rule is not None:
                found.append(Indicator(rule.code, rule.category, d.field, d.start, d.end, d.text, rule.weight))
        if persons is None:
            persons = self.person_ages(extraction, ad_throughs(ad) if through is None else through)
        for name, age in persons:
            field_text = ad.title if name == "title" else ad.body
            # A name-and-age title ("Mia - 23") is the cue; a number opening it ("38 m4w") is personals' way.
            opening = field_text[age.start : age.start + 1].isdigit()
            opening = opening and not any(c.isalnum() or c in "-–—|~" for c in field_text[: age.start])
            # ... and "a 45 year old" is a sentence's description (a question, a seeker's want), no
            # name-and-age title: an article before the age takes it out of the title's shape.
            named = name == "title" and not opening and not _ARTICLE_BEFORE.search(field_text, 0, age.start)
            for ages, (code, category, weight, _) in self._age_rules + (self._title_age_rules if named else []):
                if ages and ages[0] <= age.age <= ages[1]:
                    text = field_text[age.start : age.end]
                    found.append(Indicator(code, category, name, age.start, age.end, text, weight))
        if extraction.priced:
            # The ad states the person's age and prices time with someone: her time is what is
            # sold. (Read on both paths: no shape of the model's training, a deal's term.) Where it
            # states none, the session's price the price reader found is a rate all the same: the
            # lexicon's rate wording misses the menu forms ("60 min 160", "qv 80").
            if persons and self._priced_time is not None:
                rule, units = self._priced_time, _TIME_UNITS
            else:
                rule, units = self._priced_session, _SESSION_UNITS
            priced = _priced(ad, extraction, rule, units) if rule is not None else None
            if priced is not None:
                found.append(priced)
        return found + self.shapes.find(ad, extraction, found, cues, lowered) if shapes else found

    def _is_misread(self, hit: Hit) -> bool:
        key = (hit.text, hit.rule.code)
        known = self._misread.get(key)
        if known is None:
            if len(self._misread) >= _MISREAD_MEMO:
                self._misread.clear()
            known = self._misread[key] = is_misread_word(hit.text, hit.rule.terms)
        return known


def _pronoun_glued(text: str, hit: Hit) -> bool:
    """Does the hit end in the pronoun "I" of the next sentence, glued to the word before (_GLUED_I)?"""
    return _GLUED_I.search(hit.text) is not None and _PRONOUN_GOES_ON.match(text, hit.end) is not None
