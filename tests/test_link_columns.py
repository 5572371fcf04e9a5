"""The link index as columns: the array search finds exactly the photo pairs the one-by-one
index finds, the text index's MinHash and bands are datasketch's, every column survives its
arrays unchanged, and an index saved and loaded links new ads as the one that never left memory."""

from __future__ import annotations

import io
import random
from pathlib import Path

import numpy as np
import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from samaritan.engine.adparse import parse_ad
from samaritan.engine.screener import Screener
from samaritan.generate.corpus import SiteGenerator
from samaritan.link.columns import Counts, IntMap, Lists, StrTable, read_arrays, write_arrays
from samaritan.link.index import LinkIndex
from samaritan.link.linker import Linker
from samaritan.link.photos import PhotoMatcher
from samaritan.link.text import NUM_PERM, TextIndex, bands_for, minhash

FIXED = settings(derandomize=True, max_examples=30, deadline=None)


def _near_copy(rng: random.Random, value: int, bits: int, flips: int) -> int:
    for bit in rng.sample(range(bits), flips):
        value ^= 1 << bit
    return value


def _images(seed: int, count: int) -> list[tuple[str | None, list[int], int | None]]:
    """Copies of a few base images at distances around the match limit, some sharing bytes."""
    rng = random.Random(seed)
    bases = [[rng.getrandbits(256) for _ in range(8)] for _ in range(max(1, count // 8))]
    out = []
    for _ in range(count):
        base = rng.choice(bases)
        distance = rng.choice([0, 4, 30, 31, 32, 60])
        variants = [_near_copy(rng, v, 256, distance) for v in base] if rng.random() < 0.9 else []
        if variants and rng.random() < 0.2:
            variants = variants[:1]  # a client's bare PDQ value
        phash = _near_copy(rng, base[0] & (2**64 - 1), 64, rng.choice([0, 10, 11])) if rng.random() < 0.5 else None
        sha = str(rng.randrange(count)) if rng.random() < 0.4 else None
        out.append((sha, variants, phash))
    return out


@FIXED
@given(st.integers(0, 10_000), st.integers(1, 120), st.integers(0, 120))
def test_the_array_search_finds_the_pairs_of_adding_one_by_one(seed: int, count: int, split: int) -> None:
    images = _images(seed, count)
    one = PhotoMatcher()
    expected, idents = set(), []
    for image in images:
        ident, near, _same = one.add(*image)
        idents.append(ident)
        expected |= {(ident, other) for other in near}
    batch = PhotoMatcher()
    got_idents, pairs = batch.add_all(images[:split])
    got = set(pairs)
    for image in images[split:]:  # then one by one on top of the arrays
        ident, near, _same = batch.add(*image)
        got_idents.append(ident)
        got |= {(ident, other) for other in near}
    assert got_idents == idents and got == expected


def test_minhash_and_bands_are_datasketchs() -> None:
    from datasketch import MinHash
    from datasketch.lsh import _optimal_param

    rng = np.random.default_rng(3)
    for size in (0, 1, 9, 200):
        values = np.unique(rng.integers(0, 2**32, size, dtype=np.uint64).astype(np.uint32))
        theirs = MinHash(num_perm=NUM_PERM, hashfunc=int)
        theirs.update_batch(values.tolist())
        assert np.array_equal(minhash(values), theirs.hashvalues)
    for threshold in (0.5, 0.6, 0.65, 0.7, max(0.5, 0.8 - 0.15)):
        assert bands_for(threshold) == _optimal_param(threshold, NUM_PERM, 0.5, 0.5)


def _round_trip(column, prefix: str, load):
    return load(column.arrays(prefix), prefix)


@FIXED
@given(st.lists(st.text(max_size=12), max_size=40), st.integers(0, 40))
def test_interned_strings_keep_their_numbers_across_arrays(words: list[str], split: int) -> None:
    table = StrTable()
    ids = [table.add(w) for w in words[:split]]
    table = _round_trip(table, "t", StrTable.from_arrays)
    ids += [table.add(w) for w in words[split:]]
    again = _round_trip(table, "t", StrTable.from_arrays)
    for word, ident in zip(words, ids, strict=True):
        assert again.get(word) == ident and again.name(ident) == word
    assert len(again) == len(set(words)) and again.get("\x00absent") is None


@FIXED
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 10**6)), max_size=80), st.integers(0, 80))
def test_rows_maps_and_counts_survive_their_arrays(edits: list[tuple[int, int]], split: int) -> None:
    lists, ints, counts = Lists(), IntMap(), Counts()
    rows: dict[int, list[int]] = {}
    mapping: dict[int, int] = {}
    tally: dict[int, int] = {}
    for step, (row, value) in enumerate(edits):
        if step == split:
            lists = _round_trip(lists, "l", Lists.from_arrays)
            ints = _round_trip(ints, "m", IntMap.from_arrays)
            counts = _round_trip(counts, "c", Counts.from_arrays)
        lists.own(row).append(value)
        rows.setdefault(row, []).append(value)
        ints[row] = value
        mapping[row] = value
        counts.add([value % 7])
        tally[value % 7] = tally.get(value % 7, 0) + 1
    lists = _round_trip(lists, "l", Lists.from_arrays)
    ints = _round_trip(ints, "m", IntMap.from_arrays)
    counts = _round_trip(counts, "c", Counts.from_arrays)
    assert all(lists.get(r) == rows.get(r, []) for r in range(32))
    assert dict(ints.items()) == mapping and all(counts.get(v) == tally.get(v, 0) for v in range(8))


def test_a_saved_and_loaded_index_links_new_ads_as_the_one_in_memory(tmp_path: Path) -> None:
    images = tmp_path / "img"
    ads = [ad for ad, _truth in SiteGenerator(300, seed=11, images_dir=str(images))]
    screener = Screener()
    verdicts = [screener.screen(ad).to_dict() for ad in ads]
    split = 200
    linker = Linker()
    for ad, verdict in zip(ads[:split], verdicts[:split], strict=True):
        linker.add(parse_ad(ad), verdict["entities"], verdict)
    head = linker.run()
    kept = LinkIndex.from_batch(linker, head)
    buffer = io.BytesIO()
    write_arrays(buffer, *kept.arrays())
    loaded = LinkIndex.from_arrays(*read_arrays(buffer.getvalue()))
    assert dict(loaded.network_of) == dict(kept.network_of) and len(dict(kept.network_of)) > 20
    for ad, verdict in zip(ads[split:], verdicts[split:], strict=True):
        a = kept.attach(parse_ad(ad), verdict["entities"], verdict)
        b = loaded.attach(parse_ad(ad), verdict["entities"], verdict)
        assert a["network_id"] == b["network_id"]
        assert sorted(orjson.dumps(x) for x in a["links"]) == sorted(orjson.dumps(x) for x in b["links"])
    assert dict(loaded.network_of) == dict(kept.network_of)
    assert {n: sorted(m) for n, m in loaded.members.items()} == {n: sorted(m) for n, m in kept.members.items()}
    assert all(loaded.verdicts.get(ad["id"]) == kept.verdicts.get(ad["id"]) for ad in ads)


def test_the_text_index_finds_the_same_after_its_arrays() -> None:
    rng = np.random.default_rng(5)
    index = TextIndex()
    template = np.unique(rng.integers(0, 2**32, 40, dtype=np.uint64).astype(np.uint32))
    for key in range(30):
        index.add(key, np.unique(np.concatenate([template[: 30 + key % 10], [key]]).astype(np.uint32)))
    loaded = TextIndex.from_arrays(index.arrays("x"), "x", 0.8)
    probe = template.copy()
    assert sorted(index.similar(probe)) == sorted(loaded.similar(probe)) and len(index.similar(probe)) > 5
