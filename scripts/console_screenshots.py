"""Screenshots of the review console's queue and case view into docs/, from the tests'
synthetic site (generated ads and pattern images only). Run: .venv/bin/python scripts/console_screenshots.py"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from console_browser import chromium, screenshot_pages, serve  # noqa: E402
from console_site import PLATFORM, build  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = build(Path(tmp), n=400, seed=5)
        index = site.service.links[PLATFORM]
        # The case shown: the most urgent flagged ad in a network, the network with most such
        # ads first, so the highlights, the graph and the map all have something to show.
        rank = {"urgent": 4, "high": 3, "medium": 2, "low": 1}

        def score(ad_id: str) -> tuple:
            verdict = site.verdicts.get(ad_id, {})
            members = index.members.get(index.network_of.get(f"{ad_id}@1", ""), [])
            return rank.get(verdict.get("priority"), 0), len(members), ad_id

        case_id = max(site.verdicts, key=score)
        with serve(site) as base, chromium() as browser:
            for path in screenshot_pages(browser, base, case_id, ROOT / "docs"):
                print(path)


if __name__ == "__main__":
    main()
