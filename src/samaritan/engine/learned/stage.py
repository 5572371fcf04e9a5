"""The learned scoring stage: indicators, extraction and text in; an Assessment out.

The model gives calibrated probabilities for the three labels; `risk` carries them and the
policy's thresholds turn them into labels. Context still comes first: trafficking and minor
risk are labelled only on an ad labelled commercial, except a stated age under 18 of the person
in a personal or dating section, as in the rule stage. Decisions stay in engine/decide.py.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Protocol, TypeVar, cast

from samaritan.engine.assessment import Assessment
from samaritan.engine.extract import Extraction
from samaritan.engine.learned.alone import COUNTERED_TEXT_ONLY, adult_prior, alone_evidence, strongest_rules, word_count
from samaritan.engine.learned.categories import annotate as learned_categories
from samaritan.engine.learned.categories import annotate_many as learned_categories_many
from samaritan.engine.learned.categories_text import Read
from samaritan.engine.learned.features import AdFeatures, featurize, hashed
from samaritan.engine.learned.model import LearnedModel
from samaritan.engine.learned.reading import Reading, spaced
from samaritan.engine.learned.rules_reading import category_totals, controlled, rules_trafficking, states_terms
from samaritan.engine.learned.scores import evidence_many, probabilities_many
from samaritan.engine.model import Ad, Indicator
from samaritan.engine.policy import Thresholds, Weights
from samaritan.engine.reasons import reasons_for
from samaritan.engine.recruit import recruited
from samaritan.engine.score import assess, label_risks, minor_risk, youth_strength

# Structure features in plain words, for reasons.
_PLAIN = {
    "s:title_has_age": "a name-and-age title",
    "s:title_emoji": "emoji in the title",
    "s:title_caps": "a title in capitals",
    "s:emoji_1": "emoji",
    "s:emoji_2": "many emoji",
    "s:emoji_3": "many emoji",
    "s:contact": "contact details",
    "s:phone": "a listed phone number",
    "s:url": "a link",
    "s:price": "a price",
    "s:hourly_price": "a price per hour or half hour",
    "s:age_18_19": "a stated age of 18 or 19",
    "s:age_20s": "a stated age in the twenties",
    "s:age_minor": "a stated age under 18",
    "sec:people": "a personal or adult section",
}


_HOURLY = frozenset({"hour", "half_hour"})


def facts(extraction: Extraction, person_ages: list[int]) -> dict[str, int]:
    e = extraction.entities
    minor = teens = twenties = 0
    for a in person_ages:  # (most ads state none: one pass, no generator for each band)
        if a < 18:
            minor += 1
        elif 18 <= a <= 19:
            teens += 1
        elif 20 <= a <= 29:
            twenties += 1
    return {
        "phone": len(e.phones),
        "url": len(e.urls),
        "hourly_price": int(any(p.get("unit") in _HOURLY for p in e.prices)) if e.prices else 0,
        "age_minor": minor,
        "age_18_19": teens,
        "age_20s": twenties,
    }


def plain(name: str) -> str | None:
    """A feature name as a reviewer reads it, or None for features not worth showing."""
    if name in _PLAIN:
        return _PLAIN[name]
    if name.startswith(("s:", "sec:")) or name.endswith(("wording", "phrases")):
        return None
    if name.isupper():  # a rule code: its span is already among the indicators
        return None
    return f"'{name}'"


def _blank(text: str, hits: list[Indicator], field: str) -> str:
    spans = [(i.start, i.end) for i in hits if i.field == field and 0 <= i.start < i.end <= len(text)]
    return spaced(text, spans) if spans else text


def _blank_read(reading: Reading, hits: list[Indicator], field: str) -> str:
    """The reading's text with the characters of the hits in `field` blanked (as `_blank`)."""
    return reading.blanked([(i.start, i.end) for i in hits if i.field == field and 0 <= i.start < i.end])


# Features the model's evidence names for a reason (the first five readable ones are shown).
EVIDENCE = 12


class Scored(Protocol):
    """An ad as assess_many reads it and sets its assessment (engine/job.py's ScreenJob)."""

    ad: Ad
    indicators: list[Indicator]
    features: AdFeatures | None
    assessment: Assessment | None


J = TypeVar("J", bound=Scored)


def _read(job: Scored) -> tuple[dict[str, Read], dict[str, Read]]:
    """The readings and respelled readings of a job's features, for the tagger."""
    feats = cast("AdFeatures", job.features)
    return feats.readings, feats.respelled


class LearnedStage:
    def __init__(
        self, model: LearnedModel, thresholds: Thresholds, weights: Weights, cues: Mapping[str, str] | None = None
    ):
        """`cues`: rule code -> kind of soft commercial cue (Lexicon.cues()), so that the rules'
        own reading of an ad can count as context; without it only a hard term does."""
        self.model = model
        self.thresholds = thresholds
        self.weights = weights
        self.cues = cues
        self._house = frozenset(weights.trafficking.house_codes)

    @staticmethod
    def features(
        ad: Ad,
        indicators: list[Indicator],
        negated: list[Indicator],
        extraction: Extraction,
        person_ages: list[int],
        defer: bool = False,
        readings: Mapping[str, Reading] | None = None,
        tagged: Mapping[str, Reading] | None = None,
        titled: bool = True,
    ) -> AdFeatures:
        """`defer`: hash later, with the other ads of the chunk (features.hashed; assess does it).
        `readings`: each field as the lexicon read it (reading.read of its first folded view);
        without them, the characters folded alone. `tagged`: the fields the category tagger
        also reads otherwise (reading.read of a respelled view), never the model. `titled`: see structure."""
        # (Each comprehension is a call of its own: skipped where it has nothing to read.)
        hits = [(i.code, i.category, False, i.weight) for i in indicators] if indicators else []
        if negated:
            hits += [(i.code, i.category, True, i.weight) for i in negated]
        # The words of a hard commercial term that fired are carried by the lexicon's fixed prior
        # alone: blanked out of the text, so that no learned word weight can cancel the prior
        # (the generator's lawful collisions would teach "escort" itself to count against).
        # Their context (whose escort, to what) is still read.
        hard = [i for i in indicators if i.category == "commercial_sex"] if indicators else []
        title, body = (_blank(ad.title, hard, "title"), _blank(ad.body, hard, "body")) if hard else (ad.title, ad.body)
        counts = facts(extraction, person_ages)
        if not readings:
            return featurize(title, body, ad.section, hits, counts, defer, titled=titled)
        title_read, body_read = readings["title"], readings["body"]
        read = (_blank_read(title_read, hard, "title"), _blank_read(body_read, hard, "body")) if hard else None
        feats = featurize(
            title, body, ad.section, hits, counts, defer, read or (title_read.text, body_read.text), titled
        )
        fields = feats.readings
        for name, r in readings.items():
            fields[name] = (r.text, r.where)
        if tagged:
            feats.respelled = {name: (r.text, r.where) for name, r in tagged.items()}
        return feats

    def assess(
        self,
        ad: Ad,
        indicators: list[Indicator],
        feats: AdFeatures,
        rules: Callable[[], bool] | None = None,
        p: dict[str, float] | None = None,
        tag: bool = True,
        evidence: list[str] | None = None,
    ) -> Assessment:
        """`rules`: whether the rule path's own reading of the ad (its shape cues and counter-cues
        included) labels it commercial; asked only for an ad whose probability is in between.
        `p`: the model's probabilities of the ad when already worked out (scores.probabilities_many
        of a chunk, with `youth` as below). `tag`: the category tagger's spans added here (else
        the caller adds them: learned_categories_many). `evidence`: the model's strongest
        evidence of the ad when already worked out (scores.evidence_many of a chunk)."""
        feats = hashed(feats)
        t = self.thresholds
        by_category: dict[str, list[Indicator]] = defaultdict(list)
        for ind in indicators:
            by_category[ind.category].append(ind)
        if p is None:
            p = self.model.probabilities(feats, youth=bool(by_category.get("youth")))
        mw = self.weights.minor
        stated_minor = [i for i in by_category.get("youth", ()) if i.code == mw.stated_minor_code]
        personal_minor = bool(stated_minor) and ad.section in mw.personal_sections

        pc = p["commercial_sex"]
        control = controlled(indicators, self.cues)
        commercial = self._commercial(ad, indicators, feats, pc, rules, control) or self._rules_label(
            indicators, control, rules
        )
        uncertain = not commercial and t.review is not None and pc >= t.review
        # The rules' trafficking reading counts too, where it is confident: weights.yaml's expert
        # model over the lexicon's categories (several people offered, a third party's voice) reads
        # wordings that no training family used, where the model alone misses them. It is labelled,
        # as always, only on an ad labelled commercial.
        trafficking = max(p["trafficking_risk"], rules_trafficking(feats.totals, self.weights))
        # ... and its trafficking risk at the rule path's own threshold, every rule read, where a third
        # party controls her or the house rotates its women (weights.yaml `trafficking.house_codes`).
        if control or (self._house and not self._house.isdisjoint(i.code for i in indicators)):
            floor = self.weights.trafficking.label_threshold
            trafficking = max(trafficking, rules_trafficking(category_totals(indicators), self.weights, floor))
        # Every rule code: third-party codes corroborate soft youth wording, a stated adult age weighs against it.
        codes = {i.code for i in indicators}
        minor = self._minor(p["minor_risk"], bool(stated_minor), by_category.get("youth", []), codes)
        hire = recruited(codes, self.weights)  # coercive recruitment: trafficking in any context
        tw = self.weights.trafficking
        held = controlled(indicators, self.cues, tw.control_kinds) or not codes.isdisjoint(tw.rotation_codes)
        thresholds = (t.trafficking_risk, t.minor_risk)
        labels, trafficking, minor, capped = label_risks(
            commercial, personal_minor, trafficking, minor, self.weights, thresholds, hire, held, by_category.keys()
        )
        kept = (
            indicators
            if commercial
            else [
                i
                for i in indicators
                if i.category == "obscured_contact"
                or (personal_minor and i.code == mw.stated_minor_code)
                or (hire and i.category == "third_party")
            ]
        )
        a = Assessment(
            round(p["commercial_sex"], 4), commercial, uncertain, round(trafficking, 4), round(minor, 4), labels, kept
        )
        a.trafficking_held = capped
        a.reasons = reasons_for(a, by_category, stated_minor, self._evidence(feats, p, commercial, evidence))
        # Spans in unseen wording, weight 0, after every score.
        if tag:
            learned_categories(self.model, ad, a, feats.readings, feats.respelled)
        return a

    def _minor(self, minor: float, stated_minor: bool, youth: list[Indicator], codes: set[str]) -> float:
        """The model's minor risk `minor`, held to the rules' reading of youth."""
        if not stated_minor and (not youth or youth_strength(youth, codes, self.weights) <= 0):
            # No youth evidence the rules accept (soft youth wording counts only when corroborated,
            # weights.yaml `minor.soft`) and no stated age under 18: the model may not raise minor
            # risk above the rules' baseline, whatever else the ad shares with its minor examples
            # (a booker's voice, a rotation of workers, adult marketing words); a reviewer must
            # see why an ad is urgent.
            minor = min(minor, 1.0 / (1.0 + math.exp(-self.weights.minor.bias)))
        # Youth evidence the rules label (a stated age under 18, corroborated youth wording) never
        # scores below the rules' own minor risk, so it reaches the policy's urgent floor either way.
        floor = minor_risk(youth, codes, self.weights)
        if floor >= self.thresholds.minor_risk:
            minor = max(minor, floor)
        return minor

    def assess_many(self, jobs: Sequence[J], rules: Callable[[J], bool]) -> list[tuple[J, Exception]]:
        """`assess` of every job's ad, setting its `assessment`, with the model's probabilities
        of them all at once (scores.probabilities_many) and the category tagger reading every ad
        labelled commercial at once (categories.annotate_many); `rules(job)` as assess's `rules`.
        Returns each job that failed with its exception (the others cost nothing)."""
        try:
            feats = [hashed(cast("AdFeatures", job.features)) for job in jobs]
            youth = [any(i.category == "youth" for i in job.indicators) for job in jobs]
            scored: Sequence[dict[str, float] | None] = probabilities_many(self.model, feats, youth)
            evidence = self._evidence_many(feats, cast("list[dict[str, float]]", scored))
        except Exception:  # each ad alone, then: a failing one gets its own exception
            scored, evidence = [None] * len(jobs), [None] * len(jobs)
        failed: list[tuple[J, Exception]] = []
        done: list[J] = []
        for job, p, named in zip(jobs, scored, evidence, strict=True):
            try:
                job.assessment = self.assess(
                    job.ad, job.indicators, cast("AdFeatures", job.features), partial(rules, job), p, False, named
                )
                done.append(job)
            except Exception as exc:
                failed.append((job, exc))
        tagged = [(job.ad, job.assessment, *_read(job)) for job in done]
        try:
            learned_categories_many(self.model, tagged)
        except Exception:  # each ad alone, then: a failing one gets its own exception
            for job, item in zip(done, tagged, strict=True):
                try:
                    learned_categories(self.model, *item)
                except Exception as exc:
                    failed.append((job, exc))
        return failed

    def _commercial(
        self,
        ad: Ad,
        indicators: list[Indicator],
        feats: AdFeatures,
        pc: float,
        rules: Callable[[], bool] | None,
        control: bool = False,
    ) -> bool:
        """Whether the commercial-sex probability `pc` labels the ad, given the lexicon's reading.
        `control`: a third party controls the person offered (rules_reading.controlled)."""
        t = self.thresholds
        # Context first: the probability labels an ad at the policy's commercial_sex threshold
        # when the lexicon reads it as commercial too: a hard term fired and was not denied
        # (feats.prior), or the rules' own scoring (several kinds of soft cue, scope applied)
        # calls it commercial. Every other ad needs the model near certain (the policy's
        # text_only), as on real ads that use none of the lexicon's words. One soft word
        # (discreet, available, a hotel) no longer lowers the bar: lawful personals use them as
        # much as ads do, and on the real development halves that let middling scores flag them.
        # The rule path's full reading counts as agreement too: its shape cues (a listed phone beside
        # a name-and-age title, a decorated title) read an ad's structure, which generalises across
        # wordings the model never saw (held-out families +1.3-1.5 points of commercial recall; real
        # dating posts +3 points, no more housing or personals flagged).
        alone = t.text_only is not None and pc >= t.text_only
        if alone and t.text_only_needs_evidence:  # (the words counted only then: two splits an ad)
            words = word_count(ad.title, ad.body)
            # (one rule's strength as the lexicon reads it, rules newer than the model included:
            # the features' totals know only the model's own rules)
            strongest = strongest_rules(indicators)
            alone = alone_evidence(
                feats, words, t.text_only_short_words, t.text_only_short_evidence, t.text_only_short_rule, strongest
            ) or (words < t.text_only_short_words and self._sure_trade(pc, indicators))
        # (... or the ad is posted in a section for adult services, where offering a person is the trade)
        prior = feats.prior > 0 or adult_prior(ad.section, feats, self.weights.commercial.section_prior)
        if self._countered(indicators):
            # A personal ad's counter-cue (it asks for the reader's picture, rules payment out, tells
            # the poster's own life) is no feature of the model, so the stage weighs it here as the
            # rule path does: soft commercial wording (a sensual massage, "allowance") no longer
            # lowers the bar to the commercial threshold; a hard term or the rule path's own reading
            # still label, and the model alone must be near certain (COUNTERED_TEXT_ONLY).
            soft = self.cues or {}
            prior = prior and any(i.category == "commercial_sex" and i.code not in soft for i in indicators)
            # ... and never beside another trade's terms (a rental's, a sale's: weights.yaml `cues.trade`).
            countered = t.text_only_countered if t.text_only_countered is not None else COUNTERED_TEXT_ONLY
            alone = alone and pc >= max(t.text_only or 0.0, countered)
            alone = alone and not self._countered(indicators, trade=True)
            control = False  # (a performer's manager books her: a counter-cue's trade)
        # Someone else controls the person offered (a booker, a debt, her manager to contact): the
        # lexicon's reading agrees with the model, as a hard term does.
        prior = prior or control
        return pc >= t.commercial_sex and (
            prior or alone or self._rules_agree(ad, indicators) or (rules is not None and rules())
        )

    def _sure_trade(self, pc: float, indicators: list[Indicator]) -> bool:
        """A short ad that offers a trade the model reads well (weights.yaml `commercial.short_sure`,
        bodywork), at the policy's text_only_short_sure: there the model tells a clinic from a front."""
        sure = self.thresholds.text_only_short_sure
        if sure is None or pc < sure:
            return False
        codes = self.weights.commercial.short_sure_codes()
        return any(i.code in codes for i in indicators)

    def _rules_label(self, indicators: list[Indicator], control: bool, rules: Callable[[], bool] | None) -> bool:
        """Where someone else books, answers or is paid for the person offered, or the ad states a
        deal's terms (weights.yaml `commercial.terms`), the rule path's commercial reading labels
        whatever the model says: booker-written ads carry no title of her name and age and none of
        the training families' wording (they scored 0.04-0.4), and offers written as a personal
        post (a rate per date, a fee for her time said once) scored 0.00-0.2."""
        return (control or states_terms(indicators, self.weights)) and rules is not None and rules()

    def _countered(self, indicators: list[Indicator], trade: bool = False) -> bool:
        """Does the ad carry a counter-cue, a kind that cancels the soft cues (weights.yaml
        `cues.cancel`; with `trade`, one of another trade's terms, `cues.trade`)? The screener
        passes those indicators to the stage, never to the features."""
        if not self.cues:
            return False
        kinds = self.weights.commercial.cues.trade if trade else self.weights.commercial.cues.cancel
        return any(i.category == "other" and self.cues.get(i.code) in kinds for i in indicators)

    def _rules_agree(self, ad: Ad, indicators: list[Indicator]) -> bool:
        if self.cues is None or not indicators:
            return False
        return assess(indicators, ad.section, self.weights, (), self.cues).is_commercial

    def _evidence_many(self, feats: list[AdFeatures], scored: list[dict[str, float]]) -> list[list[str] | None]:
        """`_evidence`'s evidence of each ad at either threshold it asks (a commercial label needs
        the commercial_sex one), all at once (scores.evidence_many); None for the others."""
        t = self.thresholds
        floor = min(t.commercial_sex, t.review or 1.0)
        wanted = [k for k, p in enumerate(scored) if p["commercial_sex"] >= floor]
        named = evidence_many(self.model, [feats[k] for k in wanted], "commercial_sex", EVIDENCE)
        found = dict(zip(wanted, named, strict=True))
        return [found.get(k) for k in range(len(feats))]

    def _evidence(
        self, feats: AdFeatures, p: dict[str, float], commercial: bool, evidence: list[str] | None = None
    ) -> str | None:
        if not commercial and p["commercial_sex"] < (self.thresholds.review or 1.0):
            return None
        if evidence is None:
            evidence = self.model.evidence(feats, "commercial_sex", limit=EVIDENCE)
        words = [w for w in (plain(n) for n in evidence) if w][:5]
        shown = f": {', '.join(words)}" if words else ""
        return f"Learned model: commercial-sex probability {p['commercial_sex']:.2f}; strongest evidence{shown}."
