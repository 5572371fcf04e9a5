"""A deal's terms written as a personal post (issue 14, independent corpora): a rate per date, a
sum that covers her time, incall, a fee for her company. The learned model learned its veto from
the style of the training families' ads, and scored such offers 0.00-0.2; where the rules' own
reading labels the ad and names one of weights.yaml's `commercial.terms`, the label stands
whatever the model says. A session's length alone, a rate beside soft wording only and the same
terms denied stay ordinary.

The model's probability is fixed low in the stage tests, so that what is measured is the stage's
rule and not where the packaged model happens to score a sentence. Clinical synthetic text
written for these tests; phone numbers use the 555-01xx range."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from conftest import fix_model
from samaritan.engine.learned.scope import hit_is_negated
from samaritan.engine.policy import ConfigError, Weights
from samaritan.engine.screener import Screener
from samaritan.engine.weight_codes import check_codes


@pytest.fixture(scope="module")
def model_screener() -> Screener:
    return Screener(model="default")


@pytest.fixture
def vetoing(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], None]]:
    """The model scores every ad 0.01 commercial (risks 0): a veto, as on personal-voice offers."""
    yield lambda: fix_model(monkeypatch, 0.01)


def _screen(screener: Screener, title: str, body: str, section: str = "personals") -> tuple[list[str], set[str]]:
    verdict = screener.screen({"id": "dt", "title": title, "body": body, "category": section})
    return verdict.labels, {i.code for i in verdict.indicators}


OFFERS = [
    (
        "Weeknight dinners",
        "Cheerful nurse, 34, who loves jazz and long walks. Looking for a kind gentleman for dinners "
        "during the week. Generosity starts at 300 per date.",
        "CS_PRICED_DATE",
    ),
    (
        "A quiet afternoon",
        "Warm and chatty, 41, own place near the river. For an afternoon of good company, $200 covers "
        "my time. Text 702-555-0161.",
        "CS_PRICED_DATE",
    ),
    (
        "Evenings free",
        "Bookish redhead, 29, fond of wine bars. I do expect to be compensated for dates, paid dates "
        "only. Write me a line about yourself.",
        "CS_PAID_COMPANY",
    ),
    (
        "Weekday afternoons",
        "Quiet and kind, I am 38, weekday afternoons at my place. 200 for an hour, text first at 702-555-0165.",
        "CS_PRICED_TIME",
    ),
    (
        "Married? Me too",
        "Easygoing and discreet, 36. Weekday afternoons at my place. I do not meet for free. Text 702-555-0166.",
        "CS_NOT_FREE",
    ),
    (
        "Hi from Lena",
        "Lena, 30, easygoing and sweet. Incall only at my apartment, weekdays after six. Call 702-555-0162.",
        "CS_INCALL_OUTCALL",
    ),
    # A service term's own shorthand (weights.yaml `term_words`), said once in a personal voice
    (
        "Regular dinners",
        "Bubbly and curious, 32, loves board games and spicy food. Open to a regular, ppm or monthly, "
        "your pick. Message me here.",
        "CS_SERVICE_TERM",
    ),
]


@pytest.mark.parametrize(("title", "body", "code"), OFFERS)
def test_a_deals_terms_label_past_the_models_veto(
    model_screener: Screener, vetoing: Callable[[], None], title: str, body: str, code: str
) -> None:
    vetoing()
    labels, codes = _screen(model_screener, title, body)
    assert "commercial_sex" in labels
    assert code in codes


@pytest.mark.parametrize(
    ("title", "body"),
    [
        # A seeker's wish for a night is a session's length, not a deal's term.
        (
            "Visiting next week",
            "Easygoing guy, 52, in town for a conference. Would love a fun local lady to spend the night "
            "with after a show. Send a pic.",
        ),
        # A rate beside soft wording only: a trade's hourly rate and a therapist's sessions.
        (
            "Handyman and massage",
            "Locksmith available 24 hours, rates start at $60 per hour. Licensed massage therapist, 60 and "
            "90 minute sessions, sports and deep tissue. Call 702-555-0163.",
        ),
        # The same terms denied.
        (
            "Real connection",
            "Retired teacher, 58, loves gardening and old films. No paid dates, nothing for money, "
            "just coffee and conversation.",
        ),
        # A service term's other words are no deal's terms ("escort" is a senior's escort too).
        (
            "Escort for my aunt",
            "Looking for a patient escort to take my aunt to her appointments on Tuesdays, 35, kind.",
        ),
        (
            "Museum buddy",
            "Hoping to find a partner for museums and long drives. Paid dates and pay to play, please move along.",
        ),
    ],
)
def test_without_a_stated_deal_the_veto_stands(
    model_screener: Screener, vetoing: Callable[[], None], title: str, body: str
) -> None:
    vetoing()
    labels, _ = _screen(model_screener, title, body, section="personals" if "Locksmith" not in body else "services")
    assert labels == []


def test_the_packaged_engine_labels_a_priced_date_and_passes_its_lawful_neighbours(model_screener: Screener) -> None:
    labels, _ = _screen(model_screener, *OFFERS[0][:2])
    assert "commercial_sex" in labels
    for title, body, section in [
        ("Walkies", "Friendly dog walker, $25 per visit, twice a day if you like. Text 702-555-0164.", "services"),
        ("Tour dates", "Tickets $20 per date of the tour, all ages welcome.", "events"),
        ("Museum?", "Widower, 61, hoping to meet a lady aged 45-55 for a date at the museum.", "personals"),
        # A stated age and an hourly price beside a lesson's or care work's terms, or under a
        # session's least price, are a trade's.
        ("Math help", "Patient math tutor, I am 41, lessons at my place, 80 per hour.", "services"),
        ("Sitter", "Reliable babysitter, I am 19, first aid trained, $15 an hour.", "services"),
        ("Flowers", "One dozen long-stem red roses $65, two dozen $110, free local delivery.", "for-sale"),
    ]:
        assert _screen(model_screener, title, body, section)[0] == [], body


def test_a_term_that_is_no_lexicon_code_is_a_config_error(model_screener: Screener) -> None:
    weights = model_screener.weights.model_dump()
    weights["commercial"]["terms"] = ["CS_PRICED_DATE", "CS_NO_SUCH_RULE"]
    with pytest.raises(ConfigError, match="CS_NO_SUCH_RULE"):
        check_codes(Weights.model_validate(weights), model_screener.lexicon)


def test_a_term_word_of_no_lexicon_code_is_a_config_error(model_screener: Screener) -> None:
    weights = model_screener.weights.model_dump()
    weights["commercial"]["term_words"] = {"CS_NO_SUCH_RULE": ["ppm"]}
    with pytest.raises(ConfigError, match="CS_NO_SUCH_RULE"):
        check_codes(Weights.model_validate(weights), model_screener.lexicon)


def test_term_words_are_folded_at_load(model_screener: Screener) -> None:
    weights = model_screener.weights.model_dump()
    weights["commercial"]["term_words"] = {"CS_SERVICE_TERM": ["Pay-Per-Meet", " PPM "]}
    folded = Weights.model_validate(weights).commercial.term_word_sets()
    assert folded == {"CS_SERVICE_TERM": frozenset({"pay per meet", "ppm"})}


def test_a_priced_time_alone_labels_on_either_path(either_path: Screener) -> None:
    """Extraction's CS_PRICED_TIME is the ad's only commercial_sex rule, beside hits of other
    categories that count only when an ad can be commercial: the rule path must count it as a
    hit (it once left those hits as unquotable signals and failed the ad with an internal error)."""
    labels, codes = _screen(
        either_path, "Afternoons", "Hi, I am Dana, 31. A couple of evenings a month, $500 per visit."
    )
    assert "commercial_sex" in labels
    assert "CS_PRICED_TIME" in codes


def test_a_no_before_a_claim_that_states_its_own_negation_is_emphasis(
    vetoing: Callable[[], None], model_screener: Screener
) -> None:
    """ "Honest pics and no it is not free": the "no" answers a question and the claim already
    says "not"; read as a negation of the claim it left the stage without the deal's term, and the
    model's veto stood while the rule path labelled the ad. A "no" before a plain claim still
    denies it."""
    vetoing()
    title = "Honest pics and no it is not free"
    body = "Lively redhead who entertains men who can be generous. Evenings. Text 702-555-0168."
    labels, codes = _screen(model_screener, title, body)
    assert "commercial_sex" in labels and "CS_NOT_FREE" in codes
    assert hit_is_negated("commercial_sex", "no escorts please", 3, 10)
    assert not hit_is_negated("commercial_sex", "honest pics and no it is not free", 19, 33)
