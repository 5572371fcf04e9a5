"""An ad gets the same verdict whether its platform gives the headline as a title or as the
body's first line (engine/headline.py). Measured on real posts with each title moved into its
body, the rule path had recognised a fifth fewer dating-section ads and the learned stage had
flagged eight times as many personal posts: a missing title was read as a feature of its own.
These tests hold it with the project's own generated ads, both paths."""

from __future__ import annotations

import pytest

from samaritan.engine.headline import HEADLINE_MAX, headed
from samaritan.engine.model import Ad
from samaritan.engine.screener import Screener
from samaritan.generate.corpus import SiteGenerator

RULES = Screener(model="none")
MODEL = Screener()
PAIRS = [(ad, truth) for ad, truth in SiteGenerator(800, seed=31) if ad.get("title")]
ADS = [ad for ad, _ in PAIRS]


def _moved(ad: dict[str, object], separator: str = "\n") -> dict[str, object]:
    return {**ad, "title": "", "body": f"{ad['title']}{separator}{ad['body']}"}


def _reading(verdict: dict[str, object]) -> tuple[object, ...]:
    codes = sorted(i["code"] for i in verdict["indicators"])  # type: ignore[attr-defined]
    return verdict["labels"], verdict["decision"], verdict["risk"], codes


def _verdicts(screener: Screener, ads: list[dict[str, object]]) -> list[dict[str, object]]:
    return [v.to_dict() for v in screener.screen_many(ads)]  # type: ignore[union-attr]


def test_a_title_given_as_the_bodys_first_line_gets_the_titles_verdict_on_the_rule_path() -> None:
    moved_ads = [_moved(ad) for ad in ADS]
    plain, moved = _verdicts(RULES, ADS), _verdicts(RULES, moved_ads)
    differ = [ad["id"] for ad, p, m in zip(ADS, plain, moved, strict=True) if _reading(p) != _reading(m)]
    labelled = sum(bool(p["labels"]) for p in plain)
    assert labelled > 30 and len(plain) - labelled > 300, "the sample holds both commercial and ordinary ads"
    assert not differ, f"{len(differ)} of {len(ADS)} ads read otherwise with the title in the body: {differ[:5]}"
    # Every span is given back where its text is: in the body the ad was sent with.
    for ad, verdict in zip(moved_ads, moved, strict=True):
        for ind in verdict["indicators"]:  # type: ignore[attr-defined]
            assert ind["field"] == "body", ad["id"]
            assert str(ad["body"])[ind["start"] : ind["end"]] == ind["text"], (ad["id"], ind["code"])


def test_the_learned_stage_labels_an_ad_alike_with_its_title_in_the_body() -> None:
    # The learned stage's title features describe title fields, so a headline read from the body
    # gives none (a first line may be a greeting or a page header): scores may move, labels not.
    plain, moved = _verdicts(MODEL, ADS), _verdicts(MODEL, [_moved(ad) for ad in ADS])
    commercial = [truth.get("label") != "ordinary" for _, truth in PAIRS]
    gained = [
        ad["id"]
        for ad, c, p, m in zip(ADS, commercial, plain, moved, strict=True)
        if not c and m["labels"] and not p["labels"]
    ]
    lost = [
        ad["id"]
        for ad, c, p, m in zip(ADS, commercial, plain, moved, strict=True)
        if c and p["labels"] and not m["labels"]
    ]
    assert sum(commercial) > 30
    assert not gained, f"ordinary ads labelled with the title in the body: {gained}"
    assert len(lost) <= max(1, sum(commercial) // 50), f"commercial ads lost with the title in the body: {lost}"


def test_a_line_ending_in_a_carriage_return_and_leading_blank_lines_map_back() -> None:
    ad = {"id": "h1", "platform": "p", "body": "\n\n  Mia - 24, new in town\r\nIncall only, 702-555-0142\r\n"}
    verdict = RULES.screen(ad).to_dict()
    assert "commercial_sex" in verdict["labels"]
    for ind in verdict["indicators"]:
        assert ad["body"][ind["start"] : ind["end"]] == ind["text"], ind["code"]
    # The same ad with its headline as a title reads the same.
    titled = RULES.screen(
        {"id": "h2", "platform": "p", "title": "Mia - 24, new in town", "body": "Incall only, 702-555-0142"}
    )
    assert sorted(i["code"] for i in verdict["indicators"]) == sorted(i.code for i in titled.indicators)


def test_only_a_short_first_line_followed_by_more_text_is_a_headline() -> None:
    def title(body: str, given: str = "") -> str:
        return headed(Ad(id="x", platform="p", title=given, body=body))[0].title

    assert title("Room for rent\nSunny room near the park, $700 a month.") == "Room for rent"
    assert title("One paragraph and nothing after it.") == ""
    assert title("A line on its own\n   \n") == ""
    assert title("x" * (HEADLINE_MAX + 1) + "\nmore text") == ""
    assert title("First line\nmore", given="Given title") == "Given title"
    assert headed(Ad(id="x", platform="p", title="Given", body="a\nb"))[1] is None


def _structure(ad: dict[str, object]) -> set[str]:
    return {name for name in MODEL.features(ad).names().values() if name.startswith("s:")}


def test_a_missing_title_is_no_feature_and_a_headline_has_no_title_shape() -> None:
    # The packaged model had learned a missing title as commercial (+2.3 logits, from a few
    # generated ads): title-less real personal posts were flagged eight times as often.
    titled = _structure({"id": "a", "platform": "p", "title": "Mia - 24", "body": "Incall only, call 702-555-0142"})
    assert {"s:title_has_age", "s:title_words_1"} <= titled
    headline = _structure({"id": "b", "platform": "p", "body": "Mia - 24\nIncall only, call 702-555-0142"})
    untitled = _structure({"id": "c", "platform": "p", "body": "Mia, 24. Incall only, call 702-555-0142"})
    for names in (headline, untitled):
        assert not any("title" in name for name in names), names
    assert headline == untitled == titled - {"s:title_has_age", "s:title_words_1"}


@pytest.mark.parametrize("screener", [RULES, MODEL], ids=["rules", "model"])
def test_a_title_repeated_as_the_bodys_first_line_is_read_once(screener: Screener) -> None:
    # Scraped pages and some feeds put the title at the top of the body too: read twice, its cues
    # had counted twice (trafficking_risk on a quarter more real dating posts).
    ads = ADS[:300]
    repeated = [{**ad, "body": f"{str(ad['title']).upper()}\n{ad['body']}"} for ad in ads]
    for ad, plain, twice in zip(repeated, _verdicts(screener, ads), _verdicts(screener, repeated), strict=True):
        assert _reading(plain) == _reading(twice), ad["id"]
        for ind in twice["indicators"]:  # type: ignore[attr-defined]
            assert str(ad[ind["field"]])[ind["start"] : ind["end"]] == ind["text"], (ad["id"], ind["code"])
    assert headed(Ad(id="x", platform="p", title="Room", body="Room to share\nQuiet house"))[1] is None
