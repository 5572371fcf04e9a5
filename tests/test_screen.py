"""Screening behaviour a platform relies on: context before keywords, schema-valid verdicts,
spans on the original text, policy per section."""

from __future__ import annotations

import json
from importlib import resources

import pytest
import yaml
from jsonschema import Draft202012Validator

from conftest import DATA
from samaritan import Screener, screen
from samaritan.engine.adparse import AdError

RESULT_SCHEMA = Draft202012Validator(
    json.loads(resources.files("samaritan").joinpath("schemas/result.schema.json").read_text())
)
TRAPS = yaml.safe_load((DATA / "traps.yaml").read_text("utf-8"))
CONTACT_LINES = ["Call 702-555-0142.", "Email seller@example.com, $40.", "Text (312) 555-0166 after 5pm, $120 obo."]
TRAP_ADS = [
    {
        "id": f"trap-{section}-{i}-{j}",
        "category": "for-sale" if section == "girls-and-youth" else section,
        "title": text.split(",")[0][:40],
        "body": f"{text} {line}",
    }
    for section, texts in TRAPS.items()
    for i, text in enumerate(texts)
    for j, line in enumerate(CONTACT_LINES)
]


def test_trap_suite_is_large_enough() -> None:
    assert len(TRAP_ADS) >= 300


def test_trap_suite_ordinary_ads_pass(screener: Screener) -> None:
    flagged = []
    for ad in TRAP_ADS:
        verdict = screener.screen(ad)
        if verdict.labels or verdict.decision != "allow":
            flagged.append((ad["body"], verdict.labels, verdict.reasons))
    # Contract: false positives on ordinary ads are a defect; the issue allows at most 0.2%.
    assert len(flagged) / len(TRAP_ADS) <= 0.002, flagged[:5]


@pytest.mark.parametrize(
    "body",
    [
        "Young kittens, 8 weeks, litter trained.",
        "Lolita style dress, size 6, worn once.",
        "Girls bike with streamers, $40.",
        "Responsible 19 year old babysitter, CPR certified.",
        "Room for someone new to town, utilities included.",
        "24/7 towing, fast and discreet.",
        "Fresh eggs daily, $5 a dozen.",
        "Licensed massage therapy, deep tissue, LMT.",
        "No teens, no minors, adults only book club.",
        "Cruise to the Virgin Islands, two tickets.",
        "Road trip through Virginia next month.",
        "Brand new in box blender.",
    ],
)
def test_issue_examples_are_allowed_with_no_labels(screener: Screener, body: str) -> None:
    verdict = screener.screen({"id": "x", "category": "for-sale", "body": body})
    assert (verdict.decision, verdict.labels, verdict.priority) == ("allow", [], "none")


COMMERCIAL = "Incall and outcall, 150 roses hh, 250 roses hr. Text 702-555-0123."


@pytest.mark.parametrize("section", ["adult", "dating", "massage", "personals", "services", "for-sale", ""])
def test_commercial_solicitation_is_found_in_any_section(screener: Screener, section: str) -> None:
    verdict = screener.screen({"id": "c", "category": section, "body": COMMERCIAL})
    assert "commercial_sex" in verdict.labels and verdict.decision == "block"


def test_youth_words_raise_minor_risk_only_in_commercial_context(screener: Screener) -> None:
    ordinary = screener.screen({"id": "o", "category": "for-sale", "body": "Sweet teen clothes, barely worn, $20."})
    assert ordinary.labels == [] and ordinary.risk["minor"] < 0.1
    flagged = screener.screen({"id": "m", "category": "dating", "body": "Sweet t33n, new to the game. " + COMMERCIAL})
    assert "minor_risk" in flagged.labels and flagged.priority == "urgent" and flagged.risk["minor"] >= 0.9


def test_negated_youth_does_not_fire(screener: Screener) -> None:
    verdict = screener.screen({"id": "n", "category": "adult", "body": "No teens, no minors. " + COMMERCIAL})
    assert "minor_risk" not in verdict.labels
    assert not [i for i in verdict.indicators if i.category == "youth"]


def test_third_party_and_predictive_indicators_raise_trafficking_risk(screener: Screener) -> None:
    independent = screener.screen({"id": "i", "category": "adult", "body": "I'm Mia, independent. " + COMMERCIAL})
    network = screener.screen(
        {
            "id": "t",
            "category": "adult",
            "body": "New girls every week, ask for Candy. Exotic Asian, 100% real pics. " + COMMERCIAL,
        }
    )
    assert "trafficking_risk" not in independent.labels
    assert "trafficking_risk" in network.labels and network.risk["trafficking"] > independent.risk["trafficking"]
    assert network.priority in ("medium", "high")


def test_stated_minor_age_in_personals_is_urgent(screener: Screener) -> None:
    verdict = screener.screen({"id": "p", "category": "personals", "body": "im 15 and bored, message me"})
    assert verdict.labels == ["minor_risk"] and verdict.priority == "urgent"


def test_indicator_spans_point_into_the_original_fields(screener: Screener) -> None:
    ad = {"id": "s", "category": "adult", "title": "Ｙｏｕｎｇ & new", "body": "a.s.k f0r Mia. " + COMMERCIAL}
    verdict = screener.screen(ad)
    assert verdict.indicators
    for ind in verdict.indicators:
        assert ad[ind.field][ind.start : ind.end] == ind.text


def test_the_ad_is_never_modified(screener: Screener) -> None:
    ad = {"id": "e", "category": "adult", "body": "Y.O.U.N.G " + COMMERCIAL, "extra": {"kept": True}}
    snapshot = json.dumps(ad, sort_keys=True)
    screener.screen(ad)
    assert json.dumps(ad, sort_keys=True) == snapshot


def test_verdicts_match_the_contract_schema(screener: Screener) -> None:
    for ad in [*TRAP_ADS[:50], {"id": "c", "body": COMMERCIAL, "title": "t33n"}]:
        RESULT_SCHEMA.validate(screener.screen(ad).to_dict())


def test_versions_are_reported(screener: Screener) -> None:
    versions = screener.screen({"id": "v", "body": "hello"}).versions
    assert set(versions) >= {"engine", "lexicon", "model"} and all(versions.values())


def test_module_level_screen_uses_defaults() -> None:
    assert screen({"id": "d", "body": COMMERCIAL}).decision == "block"


def test_policy_can_change_decision_per_section(tmp_path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("version: test-1\nsections:\n  adult:\n    commercial_sex: review\n")
    custom = Screener(policy=policy)
    assert custom.screen({"id": "a", "category": "adult", "body": COMMERCIAL}).decision == "review"
    assert custom.screen({"id": "b", "category": "dating", "body": COMMERCIAL}).decision == "block"
    assert custom.versions["policy"] == "test-1"


@pytest.mark.parametrize(
    ("record", "code"),
    [
        ({"body": "x"}, "missing_id"),
        ({"id": "a", "body": ""}, "no_text"),
        ({"id": "a", "body": 3}, "wrong_type"),
        ({"id": "a", "body": "x", "images": "no"}, "wrong_type"),
        ([1, 2], "not_an_object"),
    ],
)
def test_unreadable_ads_raise_typed_errors(screener: Screener, record, code: str) -> None:
    with pytest.raises(AdError) as err:
        screener.screen(record)
    assert err.value.code == code


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("no teens, no minors", "youth"),
        ("Road trip through Virginia", "youth"),
        ("Cruise to the Virgin Islands", "youth"),
        ("Brand new in box", "movement"),
        ("Meeting in town hall", "movement"),
        ("Teen driver insurance", "youth"),
        ("1998 Ford Escort", "commercial_sex"),
    ],
)
def test_negations_and_collisions_do_not_fire_at_all(screener: Screener, text: str, category: str) -> None:
    hits = {h.rule.category for h in screener.detector.find("body", text)}
    assert category not in hits


def test_platform_phone_region_comes_from_the_policy(tmp_path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("version: regions-1\nplatform_regions:\n  uk-site: GB\n")
    custom = Screener(policy=policy)
    uk = custom.screen({"id": "u", "platform": "uk-site", "body": "Call 020 7946 0958 for details."})
    us = custom.screen({"id": "d", "body": "Call 702 555 0123 for details."})
    assert uk.entities.phones == ["+442079460958"] and us.entities.phones == ["+17025550123"]


def test_held_out_commercial_wording_is_recognised(screener: Screener) -> None:
    """Ads written independently of the generator's phrase pools: the lexicon must generalise."""
    ads = yaml.safe_load((DATA / "heldout_commercial.yaml").read_text("utf-8"))
    found = [screener.screen({"id": str(i), "category": "dating", "body": text}) for i, text in enumerate(ads)]
    missed = [text for text, v in zip(ads, found, strict=True) if "commercial_sex" not in v.labels]
    assert len(ads) >= 30 and len(missed) / len(ads) <= 0.10, missed


def test_hits_that_are_never_reported_still_count_the_same(screener: Screener) -> None:
    # On an ad that cannot be commercial, hits outside ALWAYS_REPORTED go to the score without
    # their spans. The assessment must be exactly the one the fully built indicators give.
    from samaritan.engine.adparse import parse_ad
    from samaritan.engine.extract import ad_text
    from samaritan.engine.learned.scope import claim_is_denied
    from samaritan.engine.model import Indicator
    from samaritan.engine.normalize import lower_in_place
    from samaritan.engine.score import ALWAYS_REPORTED, assess
    from samaritan.generate.corpus import Mix, SiteGenerator

    # Uncapped risks on ordinary ads, so every counted hit shows in the numbers compared below.
    weights = screener.weights.model_copy(
        update={
            "trafficking": screener.weights.trafficking.model_copy(update={"ordinary_cap": 1.0}),
            "minor": screener.weights.minor.model_copy(update={"ordinary_cap": 1.0}),
        }
    )
    split = weighted = moved = 0
    for raw, _ in SiteGenerator(600, seed=21, mix=Mix(obfuscation=0.5)):
        ad = parse_ad(raw)
        cues = screener.cues.scan(lower_in_place(ad_text(ad)))
        indicators, unreported = screener.findings.indicators(ad, screener.extractor.extract(ad, cues=cues), cues)
        if not unreported:
            continue
        split += 1
        full = indicators + [
            Indicator(h.rule.code, h.rule.category, name, h.start, h.end, h.text, h.rule.weight)
            for name, text in ad.fields()
            for h in screener.detector.find(name, text, cues)
            if h.rule.category not in ALWAYS_REPORTED
            and not (h.rule.negatable and claim_is_denied(text, h.start, h.end, h.rule.category))
        ]
        full.sort(key=lambda i: (i.field != "title", i.start, i.end, i.code))
        lean = assess(indicators, ad.section, weights, unreported, screener.lexicon.cues())
        whole = assess(full, ad.section, weights, cues=screener.lexicon.cues())
        assert lean == whole
        if any(s.weight for s in unreported):
            weighted += 1
            moved += lean != assess(indicators, ad.section, weights, cues=screener.lexicon.cues())
    assert split > 100  # most ordinary ads here hold trap words
    # (and the hits that are not reported do move the numbers: on most ads, not on every one,
    # since a soft hit on an ad with no commercial reading can leave every score where it was;
    # 0.896 on the generator with the seeker-side personals, which hold many such soft hits)
    assert moved >= 0.85 * weighted > 0, (moved, weighted)


def test_can_report_follows_the_weights(screener: Screener) -> None:
    from samaritan.engine.score import can_report

    weights = screener.weights
    assert can_report({"commercial_sex"}, "for-sale", weights)
    assert can_report({"youth"}, "adult", weights)  # the adult section's prior alone may tip it
    assert not can_report({"youth", "movement"}, "for-sale", weights)
    # A review band as wide as the threshold sends even a zero score to review: report everything.
    wide = weights.model_copy(update={"commercial": weights.commercial.model_copy(update={"review_band": 1.0})})
    assert can_report({"youth"}, "for-sale", wide)


def test_one_soft_youth_word_is_an_indicator_not_minor_risk(screener: Screener) -> None:
    # "young" alone is common adult marketing: it is reported for review, but it is not minor
    # risk; corroborated (a third party speaking of her) it is, and every minor_risk label goes
    # to the urgent queue (policy.urgent).
    soft = screener.screen({"id": "s", "category": "dating", "body": "Young and sweet. " + COMMERCIAL})
    assert "minor_risk" not in soft.labels and soft.risk["minor"] < 0.5
    assert "YOUTH_SUGGESTIVE" in {i.code for i in soft.indicators}
    told = screener.screen({"id": "t", "category": "dating", "body": "Young and sweet, she is waiting. " + COMMERCIAL})
    assert "minor_risk" in told.labels and told.priority == "urgent"
    strong = screener.screen({"id": "y", "category": "dating", "body": "Young and sweet, barely legal. " + COMMERCIAL})
    assert "minor_risk" in strong.labels and strong.priority == "urgent"


def test_the_urgent_floor_is_the_policys(tmp_path) -> None:
    policy = tmp_path / "policy.yaml"
    # A platform that keeps its urgent queue for more than corroborated soft wording (minor risk
    # 0.90) raises the floor; the label stays, at high priority.
    policy.write_text('version: "test-urgent"\nurgent:\n  minor_risk: 0.95\n', encoding="utf-8")
    ad = {"id": "s", "category": "dating", "body": "Young and sweet, she is waiting. " + COMMERCIAL}
    verdict = Screener(policy=str(policy)).screen(ad)
    assert "minor_risk" in verdict.labels and verdict.priority == "high"
    policy.write_text('version: "test-urgent"\nurgent:\n  minor_risk: 1.5\n', encoding="utf-8")
    with pytest.raises(Exception, match="minor_risk"):
        Screener(policy=str(policy))
