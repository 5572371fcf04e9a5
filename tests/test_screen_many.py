"""Screening a batch stage by stage (Screener.screen_many) gives what screening each ad alone
gives, and one ad's failure stays its own."""

from __future__ import annotations

import pytest

from samaritan import Screener
from samaritan.compiled import engine_kind
from samaritan.engine.adparse import AdError, parse_ad
from samaritan.engine.extract import phones
from samaritan.generate.corpus import SiteGenerator
from samaritan.io.readers import read_jsonl
from samaritan.io.writers import JsonlWriter
from samaritan.runs.batch import Summary, screen_records


def _ads(n: int, seed: int) -> list[dict]:
    return [ad for ad, _ in SiteGenerator(n, seed=seed)]


def test_a_batch_gives_the_verdicts_of_one_ad_at_a_time(screener: Screener) -> None:
    ads = _ads(300, seed=5)  # the generator's mix: ordinary, commercial, minor-risk, trafficking
    alone = [screener.screen(ad).to_dict() for ad in ads]
    together = [v.to_dict() for v in screener.screen_many(ads)]  # type: ignore[union-attr]
    assert together == alone
    assert any(v["labels"] for v in alone) and any(v["entities"]["phones"] for v in alone)


def test_an_unreadable_ad_in_a_batch_is_its_own_error(screener: Screener) -> None:
    good = {"id": "a1", "platform": "site", "body": "Quiet room for rent, call 702-555-0142"}
    out = screener.screen_many([good, {"id": "a2", "platform": "site"}, {**good, "id": "a3"}])
    assert isinstance(out[1], AdError) and out[1].code == "no_text"
    assert [v.id for v in (out[0], out[2])] == ["a1", "a3"]  # type: ignore[union-attr]
    assert out[0].entities.phones == out[2].entities.phones == ["+17025550142"]  # type: ignore[union-attr]


# The compiled engine calls find_phones directly, so the patched one is never reached there.
@pytest.mark.skipif(engine_kind() == "compiled engine", reason="compiled modules cannot be monkeypatched")
def test_a_failure_inside_a_stage_spares_the_rest_of_the_batch(
    screener: Screener, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    real = phones.find_phones

    def fragile(text: str, *args, **kwargs):  # a bug that only one ad's text trips
        if "0199" in text:
            raise RuntimeError("boom")
        return real(text, *args, **kwargs)

    monkeypatch.setattr("samaritan.engine.extract.find_phones", fragile)
    ads = [{"id": f"ad-{i}", "platform": "site", "body": f"Call 702-555-01{i:02d} today"} for i in range(90, 100)]
    source = tmp_path / "ads.jsonl"
    with JsonlWriter(str(source)) as out:
        for ad in ads:
            out.write(ad)
    summary = Summary()
    records = list(screen_records(read_jsonl(str(source)), screener, summary))
    assert [r["id"] for r in records] == [ad["id"] for ad in ads]  # every ad, in input order
    assert records[-1]["error"]["code"] == "internal_error"
    assert all(r["entities"]["phones"] == [f"+170255501{90 + i}"] for i, r in enumerate(records[:-1]))
    assert (summary.screened, summary.errors) == (9, 1)
    with pytest.raises(RuntimeError):
        screener.screen(ads[-1])


def test_text_the_cue_scan_cannot_encode_fails_alone(screener: Screener) -> None:
    broken = parse_ad({"id": "b1", "platform": "site", "body": "room for rent \ud800 near campus"})
    out = screener.screen_many([broken, {"id": "b2", "platform": "site", "body": "room for rent near campus"}])
    assert isinstance(out[0], UnicodeEncodeError)
    assert not isinstance(out[1], Exception) and out[1].decision == "allow"
