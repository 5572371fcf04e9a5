"""A booker's other forms, recruitment by its lures, and escorts who only walk someone somewhere.

Ads posted for a controlled woman reach her through someone else: he keeps her schedule, sets up
her times, takes the money at the door, or seeks paying men for her. A house says its women sleep
where they work or change every month. Recruitment into such houses seeks young women by age and
looks, with vague duties and everything paid. Each is on the UNODC and Polaris indicator lists.
Beside care work, a security firm's or a clinic's credentials, "escort" is someone walked to a
doctor or guarded at an event. Clinical synthetic text written for these tests; phones in the
555-01xx range."""

from __future__ import annotations

import pytest

from samaritan.engine.policy import ConfigError, Weights, load_weights
from samaritan.engine.screener import Screener
from samaritan.engine.weight_codes import check_codes

# Someone else reaches, schedules or is paid for the woman offered.
BOOKERS = [
    ("dating", "Quiet and sweet", "Quiet and sweet, in the hotel area after 10. Text my guy, he has her schedule. "
     "702-555-0120"),
    ("adult", "Nina visiting", "Nina is visiting till Sunday. Her man set this up, text 702-555-0121 and he will "
     "send the room."),
    ("personals", "For my cousin", "Seeking generous friends for my cousin, she is shy so I arrange it all. "
     "Text 702-555-0122"),
    ("massage", "Relax spa", "Relaxing rooms, gentle ladies. Her homie collects up front. 702-555-0123"),
    ("adult", "Two ladies tonight", "2 ladies available tonight near the stadium. Ask for Rick. 702-555-0124"),
    ("massage", "Open late", "Ladies from overseas change monthly. Come check who is here. 702-555-0125"),
]  # fmt: skip

# The same words in lawful ads: an errand for a relative, a clinic, a roommate search, events.
LAWFUL = [
    ("for-sale", "Dad's truck", "Posting for my dad, he is selling his pickup. Text him to see the truck, "
     "cash to him at pickup. 702-555-0130"),
    ("personals", "Profile", "My friend set this up for me lol. Hiking, tacos, bad puns. Text 702-555-0131"),
    ("services", "Senior escort service", "Escort service that takes seniors to medical appointments "
     "and waits with them. Hourly rate, two-hour minimum. Call 702-555-0132"),
    ("services", "Event security", "Licensed and insured guard firm, escorts for VIPs and "
     "cash deposits. Call 702-555-0133"),
    ("massage", "Hotel spa hours", "The hotel spa is open late on weekends. Licensed therapists, "
     "reservations at the front desk. 702-555-0134"),
    ("massage", "Massage clinic", "Sports and prenatal massage, licensed therapists, health intake form before "
     "the first session, insurance reimbursement receipts. Walk-ins welcome. 702-555-0135"),
    ("events", "Rose garden party", "Garden party fundraiser among 300 rose varieties. Tickets 40. "
     "702-555-0136"),
    ("housing", "Room for rent", "Two girls available to show the room this week, 700 a month. "
     "Text 702-555-0137"),
]  # fmt: skip

# Job offers that recruit by age, looks, vague duties and everything paid.
RECRUITING = [
    ("Hostesses wanted", "Hostesses wanted for private parties, women 19-24 only. Duties vary depending on "
     "the client. Call 702-555-0140"),
    ("Travel work", "Traveling work for ladies, must be 18-25. We fly you out, everything paid, flights, hotel, "
     "food. Bikini photos to apply."),
    ("Models", "Models needed, no CV needed, send selfies. Comfortable meeting clients one on one. "
     "Relocation covered."),
]  # fmt: skip

# Lawful jobs that name ages, photos, travel or housing.
LAWFUL_JOBS = [
    ("Cruise crew", "Cruise line hiring cabin stewards, flights to the ship paid, housing on board. "
     "Apply with resume and references."),
    ("Modeling casting", "Licensed talent agency casting for a catalog shoot. Apply with headshots and your "
     "measurements; paid day rate, agency license on file."),
    ("Youth program", "Summer jobs program for ages 16-24, paid training, bus passes provided."),
    ("Travel nurse", "Travel nurse placements, travel and lodging paid, 13-week contracts. License required."),
]  # fmt: skip


@pytest.mark.parametrize(("section", "title", "body"), BOOKERS)
def test_a_woman_reached_through_someone_else_is_labelled(
    either_path: Screener, section: str, title: str, body: str
) -> None:
    verdict = either_path.screen({"id": "b", "category": section, "title": title, "body": body})
    assert {"commercial_sex", "trafficking_risk"} <= set(verdict.labels), (title, verdict.reasons)


@pytest.mark.parametrize(("section", "title", "body"), LAWFUL)
def test_lawful_ads_with_the_same_words_pass(either_path: Screener, section: str, title: str, body: str) -> None:
    verdict = either_path.screen({"id": "l", "category": section, "title": title, "body": body})
    assert verdict.labels == [] and verdict.decision == "allow", (title, verdict.labels)


@pytest.mark.parametrize(("title", "body"), RECRUITING)
def test_recruitment_by_age_looks_and_lures_is_trafficking_risk(either_path: Screener, title: str, body: str) -> None:
    verdict = either_path.screen({"id": "r", "category": "jobs", "title": title, "body": body})
    assert "trafficking_risk" in verdict.labels, (title, verdict.reasons)


@pytest.mark.parametrize(("title", "body"), LAWFUL_JOBS)
def test_lawful_jobs_with_ages_photos_or_travel_pass(either_path: Screener, title: str, body: str) -> None:
    verdict = either_path.screen({"id": "j", "category": "jobs", "title": title, "body": body})
    assert verdict.labels == [], (title, verdict.labels)


def test_one_recruitment_sign_alone_is_no_label(rules_screener: Screener) -> None:
    """An age window on a job is one sign: lawful programs name ages too. It takes a second (vague
    duties, body photos, a lure) to reach the recruitment threshold."""
    body = "Hostesses wanted for private parties, women 19-24 only. Call 702-555-0140"
    verdict = rules_screener.screen({"id": "o", "category": "jobs", "title": "Hostesses", "body": body})
    assert "trafficking_risk" not in verdict.labels


def test_care_work_drops_only_the_escort_words(rules_screener: Screener) -> None:
    """Beside care work "escort" is a walk to the doctor; the trade's shorthand is still read."""
    care = "Companion for seniors, medical appointments. "
    walked = rules_screener.screen(
        {"id": "c1", "category": "services", "body": care + "Escort service, call 702-555-0150"}
    )
    assert walked.labels == []
    shorthand = rules_screener.screen(
        {"id": "c2", "category": "services", "body": care + "GFE and PSE, call 702-555-0150"}
    )
    assert "commercial_sex" in shorthand.labels


def test_drop_words_must_name_lexicon_codes(rules_screener: Screener) -> None:
    raw = load_weights().model_dump()
    raw["commercial"]["cues"]["drop_words"] = {"care_work": {"CS_NO_SUCH_RULE": ["escort"]}}
    with pytest.raises(ConfigError, match=r"drop_words\.care_work names 'CS_NO_SUCH_RULE'"):
        check_codes(Weights.model_validate(raw), rules_screener.lexicon)


# A buyer's offer of money for a woman's time, and compensation required: a deal's terms, so the
# rules' reading labels them whatever the learned model says (weights `commercial.terms`).
BUYERS = [
    ("men seeking women", "Weekend company", "Business traveler, 50. Dinner and the evening together, "
     "I will pay $400 for the night. Text 702-555-0160"),
    ("men seeking women", "Discreet", "Married, discreet. $250 for a lady who will meet on weekday "
     "afternoons. Text a photo and your rates."),
    ("services", "Companion", "Easygoing companion, 33, hotel visits only. Compensation required, "
     "screening too. Text 702-555-0161"),
]  # fmt: skip

LAWFUL_PAY = [
    ("personals", "Moving help", "I will pay $60 for help moving a couch on Saturday. Text 702-555-0162"),
    ("personals", "Study", "Research study on sleep, participants are compensated $40. Call 702-555-0163"),
    ("personals", "Not that", "Coffee and a walk, that is all. I won't pay $300 for a date like some guys. "
     "Text 702-555-0164"),
]  # fmt: skip


@pytest.mark.parametrize(("section", "title", "body"), BUYERS)
def test_money_offered_for_her_time_is_commercial(either_path: Screener, section: str, title: str, body: str) -> None:
    verdict = either_path.screen({"id": "p", "category": section, "title": title, "body": body})
    assert "commercial_sex" in verdict.labels, (title, verdict.reasons)


@pytest.mark.parametrize(("section", "title", "body"), LAWFUL_PAY)
def test_money_for_help_or_a_denied_offer_passes(either_path: Screener, section: str, title: str, body: str) -> None:
    verdict = either_path.screen({"id": "q", "category": section, "title": title, "body": body})
    assert verdict.labels == [], (title, verdict.labels)
