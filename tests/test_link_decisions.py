"""`samaritan link` and the service's post-time path give one decision for one ad and network:
both attach the ad to the ads before it and call `engine.decide.apply_network`."""

from __future__ import annotations

from pathlib import Path

import orjson

from conftest import write_corpus
from samaritan.evidence.db import Store
from samaritan.runs.link import link_files
from samaritan.service.screening import ScreeningService


def test_link_and_the_service_decide_alike_over_the_generators_corpus(tmp_path: Path, screener) -> None:
    ads_path, _ = write_corpus(tmp_path, 1200, seed=17)
    raws = ads_path.read_bytes().splitlines()
    verdicts = [screener.screen(orjson.loads(raw)).to_dict() for raw in raws]
    # Add what the network rules are for: an ordinary ad with the phone of an ad blocked for
    # trafficking, and a re-post of a blocked ad that drops its indicators.
    blocked = next(v for v in verdicts if "trafficking_risk" in v["labels"] and v["entities"].get("phones"))
    digits = blocked["entities"]["phones"][0][2:]
    extra = [
        {"id": "x-phone", "platform": blocked["platform"], "category": "for-sale",
         "body": f"Oak table and four chairs, good condition. Call {digits[:3]}-{digits[3:6]}-{digits[6:]}."},
        {"id": "x-repost", "platform": blocked["platform"], "category": "dating", "previous_id": blocked["id"],
         "body": "New profile here, just saying hello to the neighbourhood."},
    ]  # fmt: skip
    raws += [orjson.dumps(ad) for ad in extra]
    verdicts += [screener.screen(ad).to_dict() for ad in extra]
    ads_path.write_bytes(b"".join(raw + b"\n" for raw in raws))
    verdicts_path = tmp_path / "verdicts.jsonl"
    verdicts_path.write_bytes(b"".join(orjson.dumps(v) + b"\n" for v in verdicts))
    out = tmp_path / "links.jsonl"
    link_files(str(ads_path), str(out), None, str(verdicts_path))
    linked = {(line["platform"], line["id"]): line for line in map(orjson.loads, out.read_bytes().splitlines())}

    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    store.migrate()
    service = ScreeningService(store, screener)
    served = {}
    for raw in raws:
        ad = orjson.loads(raw)
        served[(ad["platform"], ad["id"])] = service.screen(raw, ad["platform"], "test").verdict
    store.close()

    assert linked.keys() == served.keys()
    differ = [k for k in served if (linked[k]["decision"], linked[k]["priority"]) != (
        served[k]["decision"], served[k]["priority"])]  # fmt: skip
    assert differ == []
    # The network really decided some of them: allowed on their own, sent to review here.
    own = {(v["platform"], v["id"]): v["decision"] for v in verdicts}
    raised = {k[1] for k in served if own[k] == "allow" and served[k]["decision"] == "review"}
    assert {"x-phone", "x-repost"} <= raised
    for key in served:
        if key[1] in raised:
            assert linked[key]["reasons"], "a raised decision says why"
