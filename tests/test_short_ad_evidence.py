"""What a short ad (under the policy's text_only_short_words) needs before the learned model alone
may label it (policy `text_only_short_evidence`, learned/alone.py): commercial wording, an ad's structure
or a disguised contact, as before; a session's rate; a schedule of cities (movement at 1.0 or
more); one rule that says a third party books her or several people are offered (policy
`text_only_short_rule`, third_party at 1.3). One soft "visiting", a hotel, discretion or a front
desk's "ask for Sam" beside a first name (third_party rules of 0.8 and 0.7) is what short lawful ads
are made of and is not enough. A long ad needs only some evidence."""

from __future__ import annotations

import numpy as np
import pytest

from samaritan.engine.learned.alone import alone_evidence, strongest_rules
from samaritan.engine.learned.features import AdFeatures
from samaritan.engine.model import Indicator
from samaritan.engine.policy import Thresholds, load_policy

SHORT = load_policy().thresholds.text_only_short_evidence
ONE_RULE = load_policy().thresholds.text_only_short_rule


def _feats(totals: dict[str, float], strongest: dict[str, float] | None = None) -> AdFeatures:
    return AdFeatures(
        index=np.zeros(0, dtype=np.int64),
        value=np.zeros(0, dtype=np.float32),
        totals=totals,
        strongest=strongest if strongest is not None else dict(totals),
    )


@pytest.mark.parametrize(
    "totals",
    [
        {"commercial_sex": 0.3},
        {"pricing": 0.4},
        {"movement": 1.2},
        {"obscured_contact": 1.0},
    ],
)
def test_a_short_ad_with_a_deals_term_or_structure_may_be_labelled(totals: dict[str, float]) -> None:
    assert alone_evidence(_feats(totals), words=20, short_words=40, short_evidence=SHORT)


@pytest.mark.parametrize(
    "totals",
    [
        {"movement": 0.3},
        {"third_party": 0.8},
        {"venue": 0.8, "reassurance": 1.2},
        {"availability": 0.5},
    ],
)
def test_a_short_ad_of_context_words_is_not_labelled_by_the_model_alone(totals: dict[str, float]) -> None:
    assert not alone_evidence(_feats(totals), words=20, short_words=40, short_evidence=SHORT)


def test_a_long_ad_needs_only_some_evidence() -> None:
    assert alone_evidence(_feats({"venue": 0.5}), words=60, short_words=40, short_evidence=SHORT)
    assert not alone_evidence(_feats({}), words=60, short_words=40, short_evidence=SHORT)


def test_a_policy_without_the_table_keeps_the_earlier_reading() -> None:
    """Commercial wording, an ad's structure and a disguised contact, as before policy 2026.12.8."""
    earlier = Thresholds().text_only_short_evidence
    assert not alone_evidence(_feats({"pricing": 0.4}), words=20, short_words=40, short_evidence=earlier)
    assert alone_evidence(_feats({"other": 0.3}), words=20, short_words=40, short_evidence=earlier)


def test_an_unknown_category_in_the_table_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown category"):
        Thresholds(text_only_short_evidence={"pricng": 0.0})


def test_one_rule_of_a_third_partys_booking_is_enough_in_a_short_ad() -> None:
    """ "Book through me, not her" (one rule at 1.3) is a booker's ad; a front desk's "ask for
    Sam" and a first name add up to more but are two weak rules."""
    booker = _feats({"third_party": 1.3}, {"third_party": 1.3})
    front_desk = _feats({"third_party": 1.5}, {"third_party": 0.8})
    assert alone_evidence(booker, words=20, short_words=40, short_evidence=SHORT, short_rule=ONE_RULE)
    assert not alone_evidence(front_desk, words=20, short_words=40, short_evidence=SHORT, short_rule=ONE_RULE)


def test_the_callers_reading_of_every_rule_counts_over_the_features() -> None:
    """The stage passes each category's strongest rule as the lexicon read it, rules newer than
    the model included: the features leave those out."""
    feats = _feats({}, {})
    feats.named.append((0, "s:phone"))  # some evidence, as a listed phone gives
    assert not alone_evidence(feats, words=20, short_words=40, short_evidence=SHORT, short_rule=ONE_RULE)
    assert alone_evidence(
        feats, words=20, short_words=40, short_evidence=SHORT, short_rule=ONE_RULE, strongest={"third_party": 1.3}
    )


def test_a_rule_newer_than_the_model_reads_as_the_models_own_except_a_listed_phone() -> None:
    """A companion offered (CS_COMPANION_OFFERED, lexicon 2026.12.18) is commercial wording the
    packaged model's features never saw: in a short ad it counts as an older soft phrase does. The
    shape category stays out: every short lawful ad of the trap suite lists a phone and "call"."""
    feats = _feats({"venue": 0.5}, {})
    feats.named.append((0, "s:phone"))
    assert alone_evidence(
        feats, words=20, short_words=40, short_evidence=SHORT, strongest={"commercial_sex": 0.3, "venue": 0.5}
    )
    assert not alone_evidence(
        feats, words=20, short_words=40, short_evidence=SHORT, strongest={"other": 0.6, "venue": 0.5}
    )
    # ... and a context category's one rule is no total it did not reach (movement's least is 1.0).
    assert not alone_evidence(feats, words=20, short_words=40, short_evidence=SHORT, strongest={"movement": 0.6})


def test_strongest_rules_keeps_each_categorys_heaviest_rule() -> None:
    hits = [
        Indicator("TP_ASK_FOR", "third_party", "body", 0, 3, "ask", 0.8),
        Indicator("TP_GO_BETWEEN", "third_party", "body", 4, 9, "pay me", 1.3),
        Indicator("VENUE_HOTEL", "venue", "body", 10, 15, "hotel", 0.5),
    ]
    assert strongest_rules(hits) == {"third_party": 1.3, "venue": 0.5}


def test_an_unknown_category_in_the_one_rule_table_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown category"):
        Thresholds(text_only_short_rule={"third_prty": 1.3})


def test_a_near_certain_trade_names_a_lexicon_code() -> None:
    """weights `commercial.short_sure` names lexicon codes; a typo would silently label nothing."""
    from samaritan.engine.lexicon import load_lexicon
    from samaritan.engine.policy import ConfigError, load_weights
    from samaritan.engine.weight_codes import check_codes

    weights = load_weights()
    assert weights.commercial.short_sure_codes() == {"CUE_BODYWORK", "STATED_ADULT_AGE", "SCREEN_NO_POLICE"}
    broken = weights.model_copy(deep=True)
    broken.commercial.short_sure = ["CUE_BODYWROK"]
    with pytest.raises(ConfigError, match="short_sure"):
        check_codes(broken, load_lexicon())
    with pytest.raises(ValueError):
        Thresholds(text_only_short_sure=1.5)
