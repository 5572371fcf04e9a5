"""`samaritan demo --serve`: post the demo site's ads to the evidence store as a platform would."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from samaritan.engine.screener import Screener
from samaritan.evidence import open_store
from samaritan.service.screening import ScreeningService


def load_into_store(data_dir: Path, port: int = 8470, out: TextIO = sys.stdout) -> tuple[ScreeningService, str]:
    """Post the demo's ads to a store in `data_dir` as a platform would, and make a key.
    Returns the screening service and the key; `samaritan demo --serve` then serves them."""
    store = open_store(data_dir)
    service = ScreeningService(store, Screener())
    service.rebuild_links()
    platform = "synthetic-site"
    key = store.create_key(platform, ("screen", "read", "review", "admin"), label="demo")
    blocked, example = 0, None
    with open(data_dir / "demo-ads.jsonl", "rb") as ads:
        for line in ads:
            verdict = service.screen(line.rstrip(b"\n"), platform, "demo").verdict
            blocked += verdict["decision"] != "allow"
            example = example or verdict["id"]
    print(f"4. Posted every ad to the service's evidence store ({store.describe()}); {blocked} not allowed.", file=out)
    print(f"   API key for platform '{platform}' (shown once): {key}", file=out)
    print(
        f"   try: curl -H 'Authorization: Bearer {key}' http://127.0.0.1:{port}/v1/ads/{platform}/{example}", file=out
    )
    return service, key
