"""A small synthetic site for the review console's tests, screenshots and benchmark: generated
ads posted through the screening service, plus two crafted cases whose indicators sit after
emoji and inside styled (mathematical bold) letters, and generated pattern images (never
photos). Users of every role; all passwords are test values."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from pathlib import Path

import orjson

from samaritan.evidence import open_store
from samaritan.evidence.users import Users
from samaritan.generate.corpus import SiteGenerator
from samaritan.generate.images import pattern
from samaritan.generate.obfuscate import styled
from samaritan.service.screening import ScreeningService

PLATFORM = "synthetic-site"
OTHER = "other-site"
PASSWORD = "correct horse battery"
ROLES = {"rita": "reviewer", "rob": "reviewer", "lena": "lead", "aud": "auditor", "adam": "admin"}


@dataclass
class Site:
    service: ScreeningService
    users: Users
    verdicts: dict[str, dict]  # ad id -> verdict as returned at post
    emoji_id: str
    styled_id: str
    image_id: str
    images: list[str]


def _png(seed: int) -> bytes:
    out = io.BytesIO()
    pattern(seed).save(out, format="PNG")
    return out.getvalue()


def _styled_case(service: ScreeningService, flagged: list[dict], verdicts: dict[str, dict]) -> dict:
    """A flagged ad with one indicator's words in mathematical bold letters, chosen so that the
    engine still finds an indicator over the styled letters (offsets past non-BMP characters)."""
    for ad in flagged:
        for span in verdicts[ad["id"]]["indicators"]:
            if span["field"] != "body" or not any(c.isalpha() for c in span["text"]):
                continue
            body = ad["body"]
            fancy = dict(ad, id="case-styled", body="👑 " + body[: span["start"]]
                         + styled(body[span["start"]: span["end"]], random.Random(0)) + body[span["end"]:])  # fmt: skip
            found = service.screener.screen(fancy).to_dict()["indicators"]
            if any(i["field"] == "body" and any(ord(c) > 0xFFFF for c in i["text"]) for i in found):
                return fancy
    raise AssertionError("no styled indicator is found in this generated site")


def build(directory: Path, n: int = 160, seed: int = 5, url: str | None = None) -> Site:
    store = open_store(directory, url=url)
    service = ScreeningService(store)
    # Fast hashing for tests: the production default is far slower by design.
    from argon2 import PasswordHasher

    users = Users(store, idle_minutes=30, max_failures=3, lockout_minutes=5,
                  hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))  # fmt: skip
    verdicts: dict[str, dict] = {}
    flagged = []
    for ad, _truth in SiteGenerator(n, seed=seed):
        ad["platform"] = PLATFORM
        verdict = service.screen(orjson.dumps(ad), PLATFORM, "test").verdict
        verdicts[ad["id"]] = verdict
        if any(i["field"] == "body" for i in verdict["indicators"]):
            flagged.append(ad)
    base = flagged[0]
    emoji = dict(base, id="case-emoji", body="🌹✨🌹 " + base["body"] + " 💋")
    fancy = _styled_case(service, flagged, verdicts)
    images = [store.store_image(_png(s), "image/png", PLATFORM, "test")[0] for s in (1, 2)]
    pictured = dict(flagged[1], id="case-images", images=[{"sha256": sha} for sha in images])
    for ad in (emoji, fancy, pictured):
        verdicts[ad["id"]] = service.screen(orjson.dumps(ad), PLATFORM, "test").verdict
    other = dict(flagged[2], id="other-ad", platform=OTHER)
    service.screen(orjson.dumps(other), OTHER, "test")
    for name, role in ROLES.items():
        users.create(name, role, [PLATFORM], PASSWORD)
    return Site(service, users, verdicts, "case-emoji", "case-styled", "case-images", images)
