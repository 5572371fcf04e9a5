"""One ad in, one verdict out: normalise -> detect/extract -> score -> decide."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

from samaritan import __version__
from samaritan.engine import extract, normalize, shape
from samaritan.engine.adparse import parse_ad
from samaritan.engine.assessed import Assessed
from samaritan.engine.budget import within_budget
from samaritan.engine.cues import CueSet, Fired
from samaritan.engine.decide import decide
from samaritan.engine.detect import Detector
from samaritan.engine.extract import Extraction, Extractor, ad_text
from samaritan.engine.extract.warmup import warm_text
from samaritan.engine.findings import Findings, Persons, Throughs, ad_throughs
from samaritan.engine.headline import Moved, headed
from samaritan.engine.hits import Hit
from samaritan.engine.job import ScreenJob as _Job
from samaritan.engine.learned.features import AdFeatures, hashed
from samaritan.engine.learned.model import LearnedModel, load_model, packaged_model_exists
from samaritan.engine.learned.reading import first_respelled, read
from samaritan.engine.learned.stage import LearnedStage
from samaritan.engine.lexicon import UNVERSIONED, Lexicon, load_lexicon
from samaritan.engine.markup import unmarked_ad
from samaritan.engine.model import Ad, Indicator, Verdict
from samaritan.engine.normalize import Folded, emoji_spaced, fold, lower_in_place
from samaritan.engine.policy import Policy, Weights, load_policy, load_weights
from samaritan.engine.score import Signal, assess
from samaritan.engine.weight_codes import check_codes


class Screener:
    """Reusable, thread-safe screening engine. Build once (loading rules costs ~1 s), call often."""

    def __init__(
        self,
        lexicon: Lexicon | str | Path | None = None,
        weights: Weights | str | Path | None = None,
        policy: Policy | str | Path | None = None,
        region: str = "US",
        places: bool = True,
        model: LearnedModel | str | Path | bool | None = None,
        lexicon_extra: str | Path | None = None,
        rules_as_of: str | None = None,
    ):
        """`model`: a learned model, its directory, or None, True or "default" for the packaged
        model (the default since it passes the trap suite of ordinary ads, tests/test_screen.py);
        False or "none" for the rule stage alone. See docs/learned-model.md. `rules_as_of`
        (training only, with no model): the features leave out the rules added after that lexicon
        version, or, as "unversioned", every rule with a `since`, as the packaged model reads them."""
        # `lexicon_extra`: one rule file on top of the lexicon (adds or overrides codes).
        self.lexicon = lexicon if isinstance(lexicon, Lexicon) else load_lexicon(lexicon, lexicon_extra)
        self.weights = weights if isinstance(weights, Weights) else load_weights(weights)
        self.policy = policy if isinstance(policy, Policy) else load_policy(policy)
        check_codes(self.weights, self.lexicon)
        self.detector = Detector(self.lexicon)
        # What counts as evidence before scoring: hits kept by scope, extraction's codes, shape cues.
        self.findings = Findings(self.lexicon, self.weights, self.detector)
        self._negatable = frozenset(r.code for r in self.lexicon.rules if r.negatable)
        self._cues = self.lexicon.cues()
        # Ordinary ads' assessments, worked out once per what they depend on (engine/assessed.py).
        self._assessed = Assessed(self.weights, self._cues)
        self._signals_only = self._assessed.signals_only
        # Cue kinds the learned stage does not read: counter-cues are the rule path's device, and
        # the packaged model predates the allure kind (it reads any unseen soft-cue code as
        # commercial wording). A retrain on this lexicon can take allure in.
        self._counter_kinds = frozenset(self.weights.commercial.cues.cancel)
        self._rule_path_kinds = self._counter_kinds | {"allure"}
        # One RE2 pass per ad finds every cue the normaliser and the extractors gate on.
        self.cues = CueSet({**normalize.CUES, **extract.CUES, **shape.CUES})
        # Its DFA states for common text now, not on the first ads (a cache: same cues).
        warm = warm_text()
        self.cues.warm(warm)
        self.detector.warm(warm)
        self.extractor = Extractor(
            region=region, places=places, platform_regions=self.policy.platform_regions, cues=self.cues
        )
        if model is None:
            model = "default"
        if model is False or model == "none" or (model in (True, "default") and not packaged_model_exists()):
            self.model = None
        elif isinstance(model, LearnedModel):
            self.model = model
        else:
            # `in` does not narrow: what is left here is a path.
            self.model = load_model(None if model in (True, "default") else cast("str | Path", model))
        self.stage = LearnedStage(self.model, self.policy.thresholds, self.weights, self._cues) if self.model else None
        # Codes the learned features leave out (the stage still sees them): a stated adult age (soft
        # youth wording only; the packaged model predates it) and rules newer than the model's lexicon.
        self.rules_as_of = rules_as_of
        if self.model:
            unread = self.lexicon.newer_than(self.model.meta.get("lexicon"))
        elif rules_as_of is not None:
            unread = self.lexicon.newer_than(None if rules_as_of == UNVERSIONED else rules_as_of)
        else:
            unread = frozenset()
        # ... except a hard commercial-sex term: the model reads commercial_sex rules only through
        # its fixed prior (expert weight, never learned), so a newer hard term needs no training.
        # Soft ones stay out: the prior would count words lawful posts share that the model never saw.
        hard = {
            r.code
            for r in self.lexicon.rules
            if r.category == "commercial_sex" and r.weight >= self.weights.commercial.threshold
        }
        self._unlearned = frozenset({self.weights.minor.stated_adult_code} - {None}) | (unread - hard)
        self.versions = {
            "engine": __version__,
            "lexicon": self.lexicon.version,
            "model": self.model.version if self.model else self.weights.version,
            "policy": self.policy.version,
        }
        if self.model:
            self.versions["weights"] = self.weights.version

    # Ads are `object`: anything else fails as AdError at run time (the compiled engine would
    # otherwise raise TypeError on the annotation first).
    def screen(self, ad: object) -> Verdict:
        result = self.screen_many([ad])[0]
        if isinstance(result, Exception):
            raise result
        return result

    def screen_many(self, ads: Sequence[object]) -> list[Verdict | Exception]:
        """The verdict of each ad, in order, exactly as `screen` gives it. The ads go through
        each stage together (cue scan, each extractor, detection, then scoring), so a stage's
        patterns and tables stay in the CPU caches from one ad to the next: on a shared
        machine most of a verdict's cost was those structures being fetched again for every
        ad. An ad that fails (an invalid dict, or a bug) gets its exception in its place and
        costs the others nothing. Runners pass a few dozen ads at a time."""
        out: list[Verdict | Exception | None] = [None] * len(ads)
        jobs: list[_Job] = []
        encoded: list[bytes] = []
        for i, raw in enumerate(ads):
            try:
                whole = raw if isinstance(raw, Ad) else parse_ad(raw)
                ad, cut = within_budget(whole)  # matchers read a bounded prefix; the verdict says so
                ad, marked = unmarked_ad(ad)  # as its page shows it: mojibake repaired, HTML tags out
                ad, moved = headed(ad)  # no title: the body's first line is read as one
                lowered = lower_in_place(ad_text(ad))
                encoded.append(lowered.encode("utf-8"))  # for the cue scan (a lone surrogate fails here)
                jobs.append(_Job(i, whole, ad, cut, lowered, moved, marked))
            except Exception as exc:  # the caller reports it, with the ad's place
                out[i] = exc
        for job, cues in zip(jobs, self.cues.scan_many(encoded), strict=True):
            job.cues = cues
        extractions = self.extractor.extract_many([(job.ad, job.lowered, job.cues) for job in jobs])
        for job, extraction in zip(jobs, extractions, strict=True):
            if isinstance(extraction, Exception):
                out[job.index] = extraction
            else:
                job.extraction = extraction
        jobs = [job for job in jobs if job.extraction is not None]
        fields = [(job, name, text) for job in jobs for name, text in job.ad.fields()]
        views: list[list[Folded] | Exception] = []
        found = self.detector.find_many(
            [(name, text, job.cues) for job, name, text in fields], [job.words for job, _, _ in fields], views
        )
        learned = self.stage is not None
        for (job, name, _), hits, folded in zip(fields, found, views, strict=True):
            if isinstance(hits, Exception):
                out[job.index] = hits
            else:
                job.hits[name] = hits
                job.views[name] = folded[0] if isinstance(folded, list) and folded else None
                if learned:  # the category tagger's reading: the rule path has no use for it
                    job.respelled[name] = first_respelled(folded) if isinstance(folded, list) else None
        jobs = [job for job in jobs if out[job.index] is None]
        for job in jobs:  # scope reads each field through its view: one Through a field, for every stage
            job.through = ad_throughs(job.ad, job.views)
        # Then indicators, scores and the verdict, each stage over every ad still standing.
        for step in (self._assess_indicators, self._score, self._verdict):
            if self.stage is not None and step == self._score:  # every ad at once (assess_many)
                for job, error in self.stage.assess_many([j for j in jobs if out[j.index] is None], self._rules_say):
                    out[job.index] = error
                continue
            for job in jobs:
                if out[job.index] is None:
                    try:
                        step(job)
                    except Exception as exc:
                        out[job.index] = exc
        for job in jobs:
            if out[job.index] is None:
                out[job.index] = job.verdict
        return cast("list[Verdict | Exception]", out)

    def _assess_indicators(self, job: _Job) -> None:
        assert job.extraction is not None
        job.persons = self.findings.person_ages(job.extraction, job.through, job.hits)
        if self.stage is not None:
            job.features, job.indicators = self._learned_inputs(
                job.ad,
                job.extraction,
                job.cues,
                job.through,
                job.hits,
                job.persons,
                job.respelled,
                not _headline(job.moved),
            )
        else:
            job.indicators, job.unreported = self._job_indicators(job)

    def _score(self, job: _Job) -> None:
        if not job.indicators:
            job.assessment = self._assessed.of_signals(job.ad.section, job.unreported)
        else:
            job.assessment = self._assessed.of(job.ad.section, job.indicators, job.unreported)

    def _rules_say(self, job: _Job) -> bool:
        """Whether the rule path alone would label the ad commercial (the learned stage asks)."""
        assert job.extraction is not None
        indicators, unreported = self._job_indicators(job)
        return assess(indicators, job.ad.section, self.weights, unreported, self._cues).is_commercial

    def _job_indicators(self, job: _Job) -> tuple[list[Indicator], list[Signal]]:
        assert job.extraction is not None
        return self.findings.indicators(
            job.ad, job.extraction, job.cues, job.through, hits=job.hits, persons=job.persons, lowered=job.lowered
        )

    def _verdict(self, job: _Job) -> None:
        ad, extraction, assessment = job.ad, job.extraction, job.assessment
        assert extraction is not None and assessment is not None
        risk = {"commercial_sex": assessment.commercial_score} if self.stage is not None else {}
        indicators = assessment.indicators if job.moved is None else job.moved.back(assessment.indicators)
        if job.marked is not None:  # spans and quotes in the ad as sent, tags and all
            indicators = job.marked.back(indicators)
        decision, priority = decide(ad.section, assessment, self.policy)
        job.verdict = Verdict(
            id=job.whole.id,
            platform=ad.platform,
            decision=decision,
            labels=assessment.labels,
            risk={"trafficking": assessment.trafficking, "minor": assessment.minor, **risk},
            priority=priority,
            indicators=indicators,
            entities=extraction.entities,
            reasons=assessment.reasons + job.cut,
            versions=dict(self.versions),
        )

    def features(self, ad: Ad | dict[str, Any]) -> AdFeatures:
        """The learned stage's features of one ad (what `samaritan train` fits on)."""
        ad, moved = headed(unmarked_ad(ad if isinstance(ad, Ad) else parse_ad(ad))[0])
        lowered = lower_in_place(ad_text(ad))
        cues = self.cues.scan(lowered)
        # Folded here as screen_many folds it, so training reads what screening reads.
        folded = {name: fold(text, self.detector.vocabulary, cues) if text else [] for name, text in ad.fields()}
        hits = {name: self.detector.match(name, views) for name, views in folded.items()}
        through = ad_throughs(ad, {name: v[0] if v else None for name, v in folded.items()})
        extraction = self.extractor.extract(ad, lowered, cues)
        return hashed(self._learned_inputs(ad, extraction, cues, through, hits, titled=not _headline(moved))[0])

    def _learned_inputs(
        self,
        ad: Ad,
        extraction: Extraction,
        cues: Fired,
        through: Throughs,
        hits: dict[str, list[Hit]] | None = None,
        persons: Persons | None = None,
        respelled: dict[str, Folded | None] | None = None,
        titled: bool = True,
    ) -> tuple[AdFeatures, list[Indicator]]:
        """Features and reportable indicators (negated hits left out) of one ad. Every hit's
        span is worked out: the learned stage may call an ad commercial with no commercial_sex
        rule. The features are hashed when first scored, with every ad deferred in the thread.
        `titled`: False where the title is the body's first line (headline.py): no title shape."""
        persons = self.findings.person_ages(extraction, through) if persons is None else persons
        # Denied hits stay: the learned stage reads them as negated evidence of their own.
        # Shape cues are the rule path's: the packaged model was trained without them.
        found, _ = self.findings.indicators(
            ad, extraction, cues, through, report_all=True, drop_denied=False, shapes=False, hits=hits, persons=persons
        )
        indicators: list[Indicator] = []
        negated: list[Indicator] = []
        counter: list[Indicator] = []
        for ind in found:
            kind = self._cues.get(ind.code)
            if kind in self._rule_path_kinds:
                # A personal ad's counter-cue (its exchange of pictures, an explicit no-payment) is
                # no feature, but the stage reads it as the rule path does: it cancels the soft
                # agreement that lets a middling probability label (LearnedStage.assess).
                if kind in self._counter_kinds:
                    counter.append(ind)
                continue
            field = through[ind.field]
            if ind.code not in self.findings.age_codes and (
                field.hit_is_negated(ind.category, ind.start, ind.end)
                # What the rules deny (a personal ad ruling escorts out, a board's rules naming
                # minors only to forbid them) is no evidence on this path either: one reading of scope.
                or (ind.code in self._negatable and field.claim_is_denied(ind.start, ind.end, ind.category))
            ):
                negated.append(ind)
                continue
            indicators.append(ind)
        person_ages = [age.age for _, age in persons]
        learned, negated = ([i for i in hits if i.code not in self._unlearned] for hits in (indicators, negated))
        readings = {name: field.reading() for name, field in through.items()}
        # The tagger's own reading: respelled words read, emoji between words as spaces (one for one).
        tagged = {name: read(emoji_spaced(through[name].text), v) for name, v in (respelled or {}).items() if v}
        feats = LearnedStage.features(ad, learned, negated, extraction, person_ages, True, readings, tagged, titled)
        if counter:
            indicators = sorted(indicators + counter, key=lambda i: (i.field != "title", i.start, i.end, i.code))
        return feats, indicators


def _headline(moved: Moved | None) -> bool:
    return moved is not None and moved.headline


_default: Screener | None = None


def screen(ad: object) -> Verdict:
    """Screen one ad with the packaged lexicon, weights and policy."""
    global _default
    if _default is None:
        _default = Screener()
    return _default.screen(ad)
