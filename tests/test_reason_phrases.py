"""The reasons name each supporting category in words that fit the quotes beside them: a
reviewer reads "availability on offer ('Text me now')", not a claim of round-the-clock hours
that the ad never made."""

from __future__ import annotations

import pytest

from samaritan.engine.screener import Screener

AD = {
    "id": "reason-1",
    "platform": "test",
    "category": "adult",
    "title": "Sweet companion",
    "body": "Incall in a private apartment. 150 per hour, 1 hr special 120. Text me now, available "
    "evenings. Deposit by app first. Call 202-555-0143.",
}


@pytest.mark.parametrize("model", ["none", "default"])
def test_supporting_signals_name_what_the_quotes_say(model: str) -> None:
    verdict = Screener(model=model).screen(AD)
    assert "commercial_sex" in verdict.labels
    supporting = [r for r in verdict.reasons if r.startswith("Supporting signals:")]
    assert len(supporting) == 1
    line = supporting[0]
    assert "availability on offer ('Text me now'" in line
    assert "incall venue ('Incall'" in line
    assert "session rates or specials ('150 per hour'" in line
    assert "deposits" in line
    assert "round-the-clock" not in " ".join(verdict.reasons)
