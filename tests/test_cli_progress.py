"""Progress of the long commands as an operator at a terminal sees it: the count out of the total,
the rate and the time left; and nothing at all when stderr is a file or a pipe."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
import threading
from pathlib import Path

import orjson

from samaritan.cli.main import main

# tqdm's line with a total: "link: 100%|####| 400/400 [00:01<00:00, 350 ads/s]"
BAR = r"{label}: +100%\|.*\| *{n}/{n} \[\d\d:\d\d<\d\d:\d\d, *[\d.]+[kMG]? ads/s\]"


def _at_a_terminal(*args: str, cwd: Path) -> tuple[int, str]:
    """Run `samaritan ARGS` with stderr on a pseudo-terminal; its exit code and what it drew there."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))  # a terminal 120 wide
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(master, 4096)
            except OSError:  # the terminal closed with the process
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    done = subprocess.run([sys.executable, "-m", "samaritan.cli", *args], stdout=subprocess.DEVNULL, stderr=slave,
                          cwd=cwd, timeout=300, env={**os.environ, "COLUMNS": "120"})  # fmt: skip
    os.close(slave)
    reader.join(timeout=10)
    os.close(master)
    return done.returncode, b"".join(chunks).decode("utf-8", "replace").replace("\r", "\n")


def test_generate_and_link_show_totals_rate_and_time_left_at_a_terminal(tmp_path: Path) -> None:
    code, drawn = _at_a_terminal("generate", "-n", "400", "--seed", "3", "-o", "ads.jsonl", cwd=tmp_path)
    assert code == 0 and re.search(BAR.format(label="generate", n=400), drawn), drawn
    code, drawn = _at_a_terminal("link", "ads.jsonl", "-o", "links.jsonl", cwd=tmp_path)
    assert code == 0 and re.search(BAR.format(label="link", n=400), drawn), drawn


def test_train_counts_the_ads_whose_features_it_computes(monkeypatch, capsys) -> None:
    """`samaritan train` hands the runner progress.counter("train: features"); the runner reports
    each chunk of ads it has turned into features, and the bar ends at the total."""
    from samaritan.cli import progress
    from samaritan.engine.screener import Screener
    from samaritan.runs.train import featurize
    from samaritan.runs.train_examples import Example

    monkeypatch.setattr(progress, "shown", lambda: True)
    ads = [{"id": f"t{i}", "category": "for-sale", "body": f"Lamp number {i}, $5"} for i in range(2500)]
    seen: list[tuple[int, int]] = []
    bar = progress.counter("train: features")
    assert bar is not None

    def both(done: int, total: int) -> None:
        seen.append((done, total))
        bar(done, total)

    featurize([Example(ad, [], ad["id"]) for ad in ads], Screener(model=False), progress=both)
    assert seen == [(2000, 2500), (2500, 2500)]
    assert re.search(BAR.format(label="train: features", n=2500), capsys.readouterr().err.replace("\r", "\n"))


def test_rescreen_counts_the_stored_ads(tmp_path: Path) -> None:
    from samaritan.engine.screener import Screener
    from samaritan.evidence import open_store
    from samaritan.service.screening import ScreeningService

    store = open_store(str(tmp_path / "data"))
    service = ScreeningService(store, Screener())
    for i in range(12):
        service.screen(orjson.dumps({"id": f"r{i}", "category": "for-sale", "body": f"Desk number {i}, $5"}), "p", "t")
    store.close()
    code, drawn = _at_a_terminal("rescreen", "--data", "data", "--force", cwd=tmp_path)
    assert code == 0 and re.search(BAR.format(label="rescreen", n=12), drawn), drawn


def test_no_bar_when_stderr_is_not_a_terminal(tmp_path: Path, capsys) -> None:
    ads = tmp_path / "ads.jsonl"
    assert main(["generate", "-n", "200", "--seed", "2", "-o", str(ads)]) == 0
    assert main(["link", str(ads), "-o", str(tmp_path / "links.jsonl")]) == 0
    err = capsys.readouterr().err
    assert "ads/s" not in err and "%|" not in err
    assert "samaritan generate: 200 ads" in err and "samaritan link:" in err  # the summaries still come
