"""Networks: right joins, no false merges, movement, network risk, re-posts, incremental."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from conftest import write_corpus
from samaritan.engine.adparse import parse_ad
from samaritan.engine.screener import Screener
from samaritan.generate.images import ImageWriter
from samaritan.link.index import LinkIndex
from samaritan.link.linker import Linker
from samaritan.runs.evaluate import evaluate_networks
from samaritan.runs.link import link_files

TEMPLATE = (
    "Hi, my name is {name} and I restore antique clocks with brass gears, walnut cases and hand "
    "painted dials, every piece cleaned, oiled and regulated over two weeks before pickup in {city}. "
    "Call {phone}."
)


def _link(ads: list[dict], verdicts: list[dict] | None = None):
    linker = Linker()
    screener = Screener()
    for i, raw in enumerate(ads):
        ad = parse_ad(raw)
        verdict = verdicts[i] if verdicts else screener.screen(ad).to_dict()
        linker.add(ad, verdict["entities"], verdict)
    return linker, linker.run()


def _network(result, ad_id: str):
    return dict(zip([r.id for r in result.records], result.network_of, strict=True))[ad_id]


@pytest.fixture(scope="module")
def linked(corpus):
    out, nets = corpus["dir"] / "links.jsonl", corpus["dir"] / "networks.jsonl"
    result = link_files(str(corpus["ads"]), str(out), str(nets), verdicts_path=str(corpus["verdicts"]))
    return result, evaluate_networks(str(corpus["truth"]), str(out)), nets


def test_networks_match_the_truth(linked) -> None:
    _, scores, _ = linked
    assert scores["pairwise_f1"] >= 0.98 + 0.005
    assert scores["networks_joining_several_large_true_networks"] == 0


def test_generic_help_line_is_not_used(linked) -> None:
    result, _, _ = linked
    assert "phone:+18005550199" in result.generic_keys


def test_network_summaries_have_movement_in_time_order(linked) -> None:
    _, _, nets = linked
    networks = [orjson.loads(line) for line in nets.read_bytes().splitlines()]
    moving = [n for n in networks if len(n["movement"]) >= 2]
    assert moving
    for net in moving:
        stamps = [step["first_seen"] for step in net["movement"]]
        assert stamps == sorted(stamps)
        assert net["evidence"] and net["formed_by"]


def test_network_risk_reaches_every_member(linked) -> None:
    result, _, _ = linked
    raised = [r for r in result.network_risk if r and r["minor"]]
    assert raised, "a network with youth indicators should raise minor risk for all its ads"


def test_one_template_with_new_names_cities_and_numbers_links_by_text() -> None:
    ads = [
        {"id": "t1", "body": TEMPLATE.format(name="Alex", city="Denver", phone="303-555-0101")},
        {"id": "t2", "body": TEMPLATE.format(name="Sam", city="Phoenix", phone="602-555-0102")},
        {"id": "t3", "body": "Serious inquiries only. No scams please. Posted by owner. Cash or card accepted."},
        {"id": "t4", "body": "Serious inquiries only. No scams please. Posted by owner. Cash or card accepted."},
    ]
    _, result = _link(ads)
    assert _network(result, "t1") == _network(result, "t2") is not None
    assert any("text:" in link["via"] for link in result.links[0])


def test_shared_ip_alone_links_nothing() -> None:
    ads = [
        {
            "id": f"o{i}",
            "body": f"Bike number {i} for sale, call 303-555-01{10 + i}",
            "poster": {"ip": "192.0.2.10", "account_id": f"user{i}"},
        }
        for i in range(4)
    ]
    _, result = _link(ads)
    assert result.network_of == [None] * 4


def test_photos_match_through_reencode_resize_crop_and_mirror(tmp_path: Path) -> None:
    writer = ImageWriter(str(tmp_path), seed=3)
    variants = ["original", "reencode", "resize", "crop", "brightness", "mirror"]
    ads = [
        {"id": f"p{i}", "body": f"Listing number {i} with photos.", "images": [{"path": writer.path(11, v)}]}
        for i, v in enumerate(variants)
    ]
    ads.append({"id": "other", "body": "Another listing.", "images": [{"path": writer.path(99, "original")}]})
    _, result = _link(ads)
    nets = {_network(result, f"p{i}") for i in range(len(variants))}
    assert len(nets) == 1 and None not in nets
    assert _network(result, "other") is None


def test_stock_photo_on_many_ads_is_generic(tmp_path: Path) -> None:
    writer = ImageWriter(str(tmp_path), seed=3)
    stock = writer.path(ImageWriter.STOCK, "original")
    ads = [{"id": f"s{i}", "body": f"Item {i}", "images": [{"path": stock}]} for i in range(60)]
    _, result = _link(ads)
    assert set(result.network_of) == {None}
    assert any(k.startswith("image_sha256:") for k in result.generic_keys)


def test_repost_that_disguises_the_words_is_named() -> None:
    first = {"id": "r1", "category": "adult", "body": "Incall, 150 roses hh. Ask for Mia. Text 702-555-0150."}
    again = {
        "id": "r2",
        "category": "adult",
        "previous_id": "r1",
        "body": "1nc4ll, 150 r0$es h.h. A s k for Mia. Text seven zero two five five five zero one five zero.",
    }
    _, result = _link([first, again])
    assert result.repost_of_blocked == [None, "r1"]
    assert "Re-post of ad r1" in result.network_reasons[1][-1]


def test_incremental_attach_agrees_with_the_batch(tmp_path: Path) -> None:
    ads_path, _truth = write_corpus(tmp_path, 1500, seed=21)
    ads = [orjson.loads(line) for line in ads_path.read_bytes().splitlines()]
    screener = Screener()
    verdicts = [screener.screen(a).to_dict() for a in ads]
    _, whole = _link(ads, verdicts)
    split = 1200
    linker, head = _link(ads[:split], verdicts[:split])
    index = LinkIndex.from_batch(linker, head)
    saved = tmp_path / "index.pkl"
    index.save(saved)
    index = LinkIndex.load(saved)
    attached = {}
    for raw, verdict in zip(ads[split:], verdicts[split:], strict=True):
        line = index.attach(parse_ad(raw), verdict["entities"], verdict)
        attached[line["id"]] = line["network_id"]
    # Same partition: two attached ads share a network exactly when the batch says they do.
    batch = dict(zip([r.id for r in whole.records], whole.network_of, strict=True))
    final = {ad_id: index.network_of.get(ad_id) for ad_id in batch}
    pairs_batch = {(a, b) for a in attached for b in batch if a != b and batch[a] and batch[a] == batch[b]}
    pairs_incr = {(a, b) for a in attached for b in batch if a != b and final[a] and final[a] == final[b]}
    agreement = len(pairs_batch & pairs_incr) / max(1, len(pairs_batch | pairs_incr))
    assert agreement >= 0.97


def test_dask_cluster_gives_the_same_networks(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from samaritan.generate.corpus import SiteGenerator
    from samaritan.runs.distributed import link_distributed, link_local

    rows = []
    for ad, _ in SiteGenerator(1200, seed=31):
        row = {k: ad.get(k) for k in ("id", "platform", "category", "title", "body", "posted_at", "previous_id")}
        row["location"] = orjson.dumps(ad["location"]).decode()
        row["poster"] = orjson.dumps(ad["poster"]).decode()
        rows.append(row)
    source = tmp_path / "parquet"
    source.mkdir()
    table = pa.Table.from_pylist(rows)
    pq.write_table(table.slice(0, 700), source / "part-0.parquet", row_group_size=250)
    pq.write_table(table.slice(700), source / "part-1.parquet", row_group_size=250)
    local = link_local(str(source))
    cluster = link_distributed(str(source), workers=2)
    assert cluster.per_ad() == local.per_ad()
    assert any(line["network_id"] for line in local.per_ad())


def test_repost_that_drops_the_indicators_is_named_in_batch_and_incremental() -> None:
    first = {"id": "d1", "category": "adult", "body": "Incall, 150 roses hh. Ask for Mia. Text 702-555-0150."}
    again = {
        "id": "d2",
        "category": "dating",
        "previous_id": "d1",
        "body": "Mia here, new profile, say hello. Text 702-555-0150.",
    }
    screener = Screener()
    verdicts = [screener.screen(a).to_dict() for a in (first, again)]
    assert verdicts[1]["decision"] == "allow"
    _, result = _link([first, again], verdicts)
    assert result.repost_of_blocked == [None, "d1"]
    assert "dropped" in result.network_reasons[1][-1]
    # The same judgement when the re-post arrives at post time.
    head_linker, head = _link([first], verdicts[:1])
    line = LinkIndex.from_batch(head_linker, head).attach(parse_ad(again), verdicts[1]["entities"], verdicts[1])
    assert line["repost_of_blocked"] == "d1" and "dropped" in line["reasons"][0]
    # Without verdicts nothing is claimed.
    _, bare = _link([first, again], [{"entities": v["entities"]} for v in verdicts])
    assert bare.repost_of_blocked == [None, None]


def test_batch_band_keys_equal_one_set_at_a_time() -> None:
    """The batch linker hashes every ad's shingles in a few array passes (in slices, so one
    very long ad crosses a slice boundary); each ad's band keys must be what the one-ad path
    (post time) computes, or batch and post-time linking would find different duplicates."""
    import numpy as np

    from samaritan.link.text import TextIndex

    rng = np.random.default_rng(7)
    sets = [np.unique(rng.integers(0, 2**32, int(k), dtype=np.uint32)) for k in rng.integers(0, 400, 600)]
    sets[10] = np.zeros(0, np.uint32)
    sets[300] = np.unique(rng.integers(0, 2**32, 150_000, dtype=np.uint32))
    index = TextIndex(0.8)
    many = index.band_keys_many(sets)
    assert [row.tolist() for row in many] == [index._band_keys(s) for s in sets]
