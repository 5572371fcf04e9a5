"""`--trafficking-share`: the trafficking curve fitted as if a stated share of commercial ads were
trafficking. The generator writes about as many trafficking ads as commercial-only ones, and a
curve fitted as labelled read a quarter of real dating-section posts as trafficking
(docs/learned-model.md, session 42)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from tests.conftest import write_corpus

from samaritan.cli.main import main as cli
from samaritan.runs.train_fit import calibration_curve, share_weights


def test_weights_make_the_positives_the_stated_share_of_commercial_ads() -> None:
    rng = np.random.default_rng(3)
    commercial = rng.random(2000) < 0.3
    positive = commercial & (rng.random(2000) < 0.5)
    for share in (0.05, 0.15, 0.5):
        w = share_weights(positive, commercial, share)
        assert abs(w[positive].sum() / w[commercial].sum() - share) < 1e-9
        assert (w[~positive] == 1.0).all()  # only the positives are reweighed
    # Nothing to weigh: no positive, or no commercial ad without one.
    assert (share_weights(np.zeros(10, bool), np.ones(10, bool), 0.15) == 1.0).all()
    assert (share_weights(np.ones(10, bool), np.ones(10, bool), 0.15) == 1.0).all()


def test_a_score_that_cannot_tell_trafficking_apart_means_the_stated_share() -> None:
    # Trafficking and commercial-only ads score alike (as a generic escort ad does); ordinary ads
    # score low. As labelled, half of those scores are trafficking; at a 15% share, 15%.
    rng = np.random.default_rng(5)
    ordinary, commercial = rng.normal(-4, 0.5, 3000), rng.normal(2, 0.5, 2000)
    raw = np.concatenate([ordinary, commercial])
    y = np.concatenate([np.zeros(3000), rng.random(2000) < 0.5]).astype(float)
    among = np.concatenate([np.zeros(3000, bool), np.ones(2000, bool)])
    plain = calibration_curve(raw, y)
    weighed = calibration_curve(raw, y, weight=share_weights(y == 1, among, 0.15))
    at = np.quantile(commercial, [0.25, 0.5, 0.75])
    assert np.all(np.abs(np.interp(at, *plain) - 0.5) < 0.15)
    assert np.all(np.abs(np.interp(at, *weighed) - 0.15) < 0.08)
    assert np.interp(-4.0, *weighed) < 0.02  # ordinary ads stay near 0


def test_the_share_is_checked_and_recorded_with_the_model(tmp_path: Path, capsys) -> None:
    ads, truth = write_corpus(tmp_path, 400, seed=6)
    base = ["train", str(ads), "--truth", str(truth), "--folds", "2", "--workers", "1"]
    assert cli([*base, "-o", str(tmp_path / "bad"), "--trafficking-share", "1.5"]) != 0
    assert "--trafficking-share must be between 0 and 1" in capsys.readouterr().err
    out = tmp_path / "model"
    assert cli([*base, "-o", str(out), "--trafficking-share", "0.15"]) == 0
    meta = json.loads((out / "model.json").read_text())["meta"]
    assert meta["trafficking_share"] == 0.15
