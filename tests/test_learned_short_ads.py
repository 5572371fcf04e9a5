"""The model alone labels a short ad (fewer than the policy's text_only_short_words) only where the
lexicon reads commercial wording or an ad's structure in it (a soft commercial cue, a name-and-age
title, a disguised contact): short lawful ads are made of the context words the lexicon also
reads (a newcomer, a suite, a front desk, real photos) beside a phone. Clinical synthetic text;
phone numbers in the 555-01xx range."""

from __future__ import annotations

import pytest

from samaritan.engine.screener import Screener

# Short lawful ads of the kinds the packaged model alone labelled (0.75-0.99) before the rule.
SHORT_LAWFUL = [
    ("housing", "", "New to the area? Short term rentals by the week. Call 702-555-0142."),
    ("housing", "Suite", "Suite with kitchenette, ideal for travel nurses passing through. Call 702-555-0142."),
    ("dating", "Real photos", "Real photos, real person, real conversation please. Call 702-555-0142."),
    ("for-sale", "", "Lolita style dress, size 6, worn once. This one is a steal. Ask for Sam at the front desk."),
    ("personals", "", "Girls bike, 20 inch, pink, barely used. This one is a steal. We have two of them."),
    ("personals", "", "Room for someone new to town, utilities included, quiet house. Ask for Sam at the front desk."),
]  # fmt: skip


@pytest.fixture(scope="module")
def default_screener() -> Screener:
    return Screener()


@pytest.mark.parametrize(("section", "title", "body"), SHORT_LAWFUL)
def test_short_lawful_ads_pass_on_the_default_engine(
    default_screener: Screener, section: str, title: str, body: str
) -> None:
    verdict = default_screener.screen({"id": "s", "category": section, "title": title, "body": body})
    assert verdict.decision == "allow" and verdict.labels == [], (body, verdict.risk, verdict.reasons)


def test_without_the_rule_the_model_alone_labels_short_lawful_ads(
    default_screener: Screener, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rule is what keeps them out (the test above measures it, not luck). The title-less ones
    pass without it since session 22: their lift had been the model's missing-title feature."""
    monkeypatch.setattr(default_screener.policy.thresholds, "text_only_short_words", 0)
    labelled = [
        body
        for section, title, body in SHORT_LAWFUL
        if default_screener.screen({"id": "s", "category": section, "title": title, "body": body}).labels
    ]
    assert len(labelled) >= 2


def test_a_short_post_with_a_name_and_age_title_is_still_labelled_by_the_model(default_screener: Screener) -> None:
    """A name-and-age title is the structure the lexicon reads (CUE_TITLE_AGE): a short post that
    the rules alone leave unlabelled (a name, an age and a number) is still the model's to label,
    as on the real dating-section posts of that shape."""
    ad = {
        "id": "p",
        "category": "dating",
        "title": "Mia, 24",
        "body": "Sweet and easy to talk to. 702-555-0142",
    }
    verdict = default_screener.screen(ad)
    assert "commercial_sex" in verdict.labels, verdict.reasons
    assert Screener(model="none").screen(ad).labels == []


# Massage fronts written as a bare menu: no rate term, no service word, nothing but the trade,
# the staff and a phone. Short lawful bodywork ads of the same length, for the other side.
SHORT_FRONTS = [
    ("NEW LADY - ASIAN MASSAGE", "Pretty new lady this week. Body massage and shower, very relaxing. 60 min 70. "
     "Open 10am-10pm. 702-555-0150"),
    ("Grand opening massage", "Beautiful Asian girls, body massage, private room, men welcome. Open late. "
     "702-555-0151"),
]  # fmt: skip
SHORT_CLINICS = [
    ("Licensed massage therapist", "Swedish and deep tissue, $80 an hour. Call 702-555-0142"),
    ("Sports massage", "Sports massage for runners and lifters, 60 min $75. Text 702-555-0143"),
    ("Relaxing massage", "Relaxing massage in a quiet studio, open late, walk-ins welcome. 702-555-0144"),
    ("Couples massage", "Couples massage special this month, private room, shower available. 702-555-0146"),
    ("New therapist", "New therapist joined our clinic, deep tissue and prenatal massage. 702-555-0148"),
]


@pytest.mark.parametrize(("title", "body"), SHORT_FRONTS)
def test_a_short_massage_front_is_labelled_where_the_model_is_near_certain(
    default_screener: Screener, title: str, body: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lexicon reads no commercial wording in these (the rules leave them unlabelled); the
    model scores them 0.99, and bodywork offered (weights `commercial.short_sure`) lets it label
    at the policy's text_only_short_sure. Without that threshold the short-ad rule holds them."""
    ad = {"id": "m", "category": "massage", "title": title, "body": body}
    verdict = default_screener.screen(ad)
    assert "commercial_sex" in verdict.labels and "CUE_BODYWORK" in {i.code for i in verdict.indicators}
    assert Screener(model="none").screen(ad).labels == []
    monkeypatch.setattr(default_screener.policy.thresholds, "text_only_short_sure", None)
    assert default_screener.screen(ad).labels == []


@pytest.mark.parametrize(("title", "body"), SHORT_CLINICS)
def test_a_short_lawful_massage_ad_passes(default_screener: Screener, title: str, body: str) -> None:
    verdict = default_screener.screen({"id": "c", "category": "massage", "title": title, "body": body})
    assert verdict.labels == [] and verdict.risk["commercial_sex"] < 0.5, (title, verdict.risk)


def test_the_near_certain_trade_is_no_exception_for_other_short_ads(
    default_screener: Screener, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The suite for travelling nurses scored 0.99 on model 26af853e (0.93 on 23d17ec1): even
    with the near-certain bar under its score it offers no bodywork, so the short-ad rule still
    holds it (SHORT_LAWFUL above)."""
    section, title, body = SHORT_LAWFUL[1]
    ad = {"id": "s", "category": section, "title": title, "body": body}
    score = default_screener.screen(ad).risk["commercial_sex"]
    assert score >= default_screener.policy.thresholds.text_only  # the model alone would label it
    monkeypatch.setattr(default_screener.policy.thresholds, "text_only_short_sure", score - 0.01)
    assert default_screener.screen(ad).labels == []
