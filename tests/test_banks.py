"""Hash banks: the formats platforms receive, an index that misses nothing within distance 31,
matches at post time and in bulk with the bank's action, negative banks, and rematch."""

from __future__ import annotations

import hashlib
import io
import json

import numpy as np
import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samaritan.banks.formats import BankFormatError, Signal, _plain_rows, read_rows, read_signals
from samaritan.banks.index import MAX_DISTANCE, RADII, WIDTHS, PdqIndex, codes_from_hex
from samaritan.banks.matcher import Bank, BankMatcher, Image, indicators
from samaritan.cli.main import main
from samaritan.engine.decide import apply_matches
from samaritan.evidence.banks import image_from_bytes, import_signals, index_dir, load_matcher, match_ad, set_bank
from samaritan.evidence.db import Store
from samaritan.generate.images import pattern, variant
from samaritan.service.screening import ScreeningService

PDQ_A = "f" * 16 + "0" * 16 + "a5" * 16
MD5_A = "0123456789abcdef" * 2


def _png(seed: int, name: str = "original") -> bytes:
    out = io.BytesIO()
    variant(pattern(seed), name).save(out, format="JPEG" if name == "reencode" else "PNG", quality=70)
    return out.getvalue()


def test_threatexchange_csv_json_and_plain_lists_are_read() -> None:
    csv = f"signal_type,signal_value,tags\npdq,{PDQ_A},csam ncmec\nHASH_MD5,{MD5_A.upper()},tagged\n"
    got = list(read_signals(csv.encode(), "hma.csv"))
    assert [(s.signal_type, s.value, s.tags) for s in got] == [
        ("pdq", PDQ_A, ("csam", "ncmec")),
        ("md5", MD5_A, ("tagged",)),
    ]
    doc = json.dumps({"signals": [{"indicator_type": "HASH_PDQ", "indicator": PDQ_A, "tags": ["a", "b"]}]})
    assert [(s.signal_type, s.tags) for s in read_signals(doc.encode(), "te.json")] == [("pdq", ("a", "b"))]
    plain = f"# a PDQ list as the reference tool writes it\n{PDQ_A},100\n"
    (sig,) = read_signals(plain.encode(), "list.txt", "pdq")
    assert (sig.signal_type, sig.quality) == ("pdq", 100)
    assert [s.signal_type for s in read_signals(f"{MD5_A}\n".encode(), "md5.txt")] == ["md5"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (f"{PDQ_A}\n", "give --type"),
        ("signal_type,signal_value\nsha1,abc\n", "unknown signal type"),
        ("signal_type,signal_value\npdq,xyz\n", "not a pdq hash"),
    ],
)
def test_bad_bank_files_say_what_is_wrong(data: str, message: str) -> None:
    with pytest.raises(BankFormatError, match=message):
        list(read_signals(data.encode(), "bank.txt"))


@settings(derandomize=True, max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.lists(st.integers(0, 31), min_size=20, max_size=20))
def test_index_finds_every_hash_within_31_bits_and_nothing_farther(seed: int, flips: list[int]) -> None:
    rng = np.random.default_rng(seed)
    codes = rng.integers(0, 2**63, size=(3000, 4), dtype=np.uint64) << np.uint64(1) | rng.integers(
        0, 2, size=(3000, 4), dtype=np.uint64
    )
    index = PdqIndex(codes)
    queries = codes[:20].copy()
    for row, count in enumerate(flips):
        for bit in rng.choice(256, size=count, replace=False):
            queries[row, bit // 64] ^= np.uint64(1) << np.uint64(63 - bit % 64)
    rows, ids, dist = index.search(queries)
    found = set(zip(rows.tolist(), ids.tolist(), strict=True))
    brute = np.bitwise_count(codes[None, :, :] ^ queries[:, None, :]).sum(axis=2)
    expected = {(int(r), int(i)) for r, i in zip(*np.nonzero(brute <= 31), strict=True)}
    assert found == expected
    assert all(d == brute[r, i] for r, i, d in zip(rows, ids, dist, strict=True))


def _flipped(code: np.ndarray, bits: list[int]) -> np.ndarray:
    out = code.copy()
    for bit in bits:
        out[bit // 64] ^= np.uint64(1) << np.uint64(63 - bit % 64)
    return out


@pytest.mark.parametrize("spare", range(len(WIDTHS)))
def test_the_hardest_matches_within_31_bits_are_found(spare: int) -> None:
    """Every chunk but one differs by one bit more than it is probed at, and the one left takes
    the rest of a 31-bit distance: the cases the chunking's guarantee rests on. One bit more in
    any chunk (32 bits) is beyond the distance and must not be returned."""
    rng = np.random.default_rng(spare)
    codes = rng.integers(0, 2**63, size=(2000, 4), dtype=np.uint64) << np.uint64(1)
    index = PdqIndex(codes)
    starts = np.cumsum((0, *WIDTHS))
    bits = [int(starts[t]) + k for t, r in enumerate(RADII) if t != spare for k in range(r + 1)]
    bits += [int(starts[spare]) + k for k in range(31 - len(bits))]
    assert len(bits) == 31 and sum(RADII) + len(RADII) - 1 == MAX_DISTANCE
    hardest = _flipped(codes[5], bits)
    too_far = _flipped(hardest, [int(starts[(spare + 1) % len(WIDTHS)]) + 5])
    rows, ids, dist = index.search(np.stack([hardest, too_far]))
    assert (rows.tolist(), ids.tolist(), dist.tolist()) == ([0], [5], [31])


def test_re_encoded_resized_and_brightened_copies_match_a_pdq_bank() -> None:
    """PDQ's own reach: a 2% crop moves these patterns ~46 bits, beyond the bank distance."""
    original = image_from_bytes(_png(41))
    matcher = BankMatcher([Bank("known", "block")], [("known", "pdq", original.pdq)])
    for name in ("reencode", "resize", "brightness"):
        (m,) = matcher.match([image_from_bytes(_png(41, name))])
        assert m.bank == "known" and m.distance <= 31 and m.action == "block"
    assert matcher.match([image_from_bytes(_png(42))]) == []
    # A flat image's PDQ (quality < 50) is not evidence, even when the hash is in the bank.
    assert matcher.match([Image(pdq=original.pdq, quality=10)]) == []


def test_bank_hashes_of_an_image_are_the_ones_linking_computes() -> None:
    from samaritan.evidence import banks as evidence_banks
    from samaritan.link import photos

    data = _png(48, "reencode")
    image, (sha, variants, _, quality) = image_from_bytes(data), photos.hash_bytes(data)
    assert (image.sha256, image.pdq, image.quality) == (sha, f"{variants[0]:064x}", quality)
    assert photos.MATCHED_VARIANTS[1:] == evidence_banks._FLIPS
    assert image.pdq_flips == tuple(f"{variants[i]:064x}" for i in photos.MATCHED_VARIANTS[1:])
    junk = b"not an image"  # its exact hashes still match
    assert image_from_bytes(junk) == Image(hashlib.sha256(junk).hexdigest(), hashlib.md5(junk).hexdigest())


def test_a_mirrored_copy_matches_through_its_flip() -> None:
    original = image_from_bytes(_png(46))
    mirrored = image_from_bytes(_png(46, "mirror"))
    matcher = BankMatcher([Bank("known", "block")], [("known", "pdq", original.pdq)])
    # The mirror's own hash is far from the bank's; its flip is the bank's hash.
    assert int(np.bitwise_count(codes_from_hex([original.pdq]) ^ codes_from_hex([mirrored.pdq])).sum()) > 31
    (m,) = matcher.match([mirrored])
    assert (m.bank, m.value) == ("known", original.pdq) and m.distance <= 31
    # Without the flips (a client's bare PDQ), the mirror is not found.
    assert matcher.match([Image(pdq=mirrored.pdq, quality=mirrored.quality)]) == []


def test_the_index_is_saved_and_reloaded_until_the_banks_change(store_url, tmp_path) -> None:
    """Beside a SQLite store; under the data directory, one folder per database, for PostgreSQL."""
    store = Store(store_url)
    store.migrate()
    data = tmp_path / "data"
    assert len(load_matcher(store, data_dir=data)) == 0 and not index_dir(store, data).exists()  # nothing to keep
    rng = np.random.default_rng(3)
    hexes = [rng.bytes(32).hex() for _ in range(500)]
    set_bank(store, "bulk", "review", False)
    signals = [Signal("pdq", h, (), None) for h in hexes] + [Signal("md5", MD5_A, (), None)]
    import_signals(store, "bulk", signals, "bulk.txt", b"x")
    built = load_matcher(store, data_dir=data)
    assert len(built) == 501 and not isinstance(built.pdq.high, np.memmap)
    where = index_dir(store, data)
    if store.is_sqlite:
        assert where.parent == tmp_path and not data.exists()
    else:
        assert where.parent == data / "bank-index" and "@" not in where.name
    loaded = load_matcher(store, data_dir=data)  # a restart: mapped from disk, not rebuilt
    assert isinstance(loaded.pdq.high, np.memmap)
    probe = [Image(pdq=hexes[7]), Image(md5=MD5_A), Image(pdq=hexes[99][:-1] + "0")]
    assert loaded.match(probe) == built.match(probe) and len(built.match(probe)) == 3
    # A new import changes what the store holds: the index is rebuilt with it.
    set_bank(store, "later", "block", False)
    import_signals(store, "later", [Signal("pdq", PDQ_A, (), None)], "later.txt", b"y")
    grown = load_matcher(store, data_dir=data)
    assert not isinstance(grown.pdq.high, np.memmap)
    assert [m.bank for m in grown.match([Image(pdq=PDQ_A)])] == ["later"]
    assert len(list(where.iterdir())) == 1  # the older index is gone
    store.close()


class _Planted:
    """Unpickling this writes a file: a loader that ran code from the index would leave it."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_a_saved_index_holding_a_pickle_is_rebuilt_not_run(tmp_path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'samaritan.db'}")
    store.migrate()
    set_bank(store, "b", "block", False)
    import_signals(store, "b", [Signal("pdq", PDQ_A, (), None)], "one.txt", b"1")
    load_matcher(store)
    (saved,) = index_dir(store).iterdir()
    planted = tmp_path / "ran"
    np.save(saved / "pdq" / "high.npy", np.array([_Planted(str(planted))], dtype=object), allow_pickle=True)
    again = load_matcher(store)
    assert not planted.exists() and not isinstance(again.pdq.high, np.memmap)
    assert [m.bank for m in again.match([Image(pdq=PDQ_A)])] == ["b"]
    store.close()


def test_a_store_recreated_with_as_many_signals_does_not_reuse_the_old_index(tmp_path) -> None:
    db = tmp_path / "samaritan.db"
    for value in (PDQ_A, "0" * 64):
        for leftover in tmp_path.glob("samaritan.db*"):
            if leftover.is_file():
                leftover.unlink()
        store = Store(f"sqlite:///{db}")
        store.migrate()
        set_bank(store, "b", "review", False)
        import_signals(store, "b", [Signal("pdq", value, (), None)], "one.txt", value.encode())
        assert [m.value for m in load_matcher(store).match([Image(pdq=value)])] == [value]
        store.close()


def test_the_command_keeps_the_index_beside_sqlite_or_under_the_data_dir_for_postgresql(
    store_url, tmp_path, monkeypatch, capsys
) -> None:
    postgres = not store_url.startswith("sqlite")
    if not postgres:
        monkeypatch.delenv("SAMARITAN_DATABASE_URL", raising=False)
    else:
        monkeypatch.setenv("SAMARITAN_DATABASE_URL", store_url)
    data = tmp_path / "data"
    bank = tmp_path / "bank.txt"
    photo = tmp_path / "photo.png"
    photo.write_bytes(_png(47))
    bank.write_text(f"{image_from_bytes(_png(47, 'resize')).pdq},100\n")
    assert main(["banks", "--data", str(data), "import", str(bank), "--bank", "hot", "--type", "pdq"]) == 0
    assert main(["banks", "--data", str(data), "match", str(photo)]) == 0
    line = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert [m["bank"] for m in line["matches"]] == ["hot"]
    # On SQLite the index is beside the database file; on PostgreSQL under the data directory.
    assert len(list((data / "bank-index").glob("*/*/matcher.json"))) == (1 if postgres else 0)
    assert len(list(data.glob("samaritan.db.bank-index/*/matcher.json"))) == (0 if postgres else 1)
    if postgres:  # the rows are in PostgreSQL, not in a SQLite file of the data dir
        store = Store(store_url)
        assert load_matcher(store, data_dir=data).match([image_from_bytes(photo.read_bytes())])
        store.close()


@settings(derandomize=True, max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["hash", "HASH", "comment", "blank", "quality", "tabbed", "crlf", "junk", "short"]),
            st.binary(min_size=32, max_size=32),
        ),
        max_size=8,
    ),
    st.sampled_from(["pdq", "sha256", "md5", None]),
)
def test_the_bulk_reader_reads_plain_lists_as_the_line_reader_does(lines, kind) -> None:
    shapes = {
        "hash": lambda h: h, "HASH": lambda h: h.upper(), "comment": lambda h: f"# {h}", "blank": lambda h: "  ",
        "quality": lambda h: f"{h},{len(h)}", "tabbed": lambda h: f" {h}\t 9 ", "crlf": lambda h: f"{h}\r",
        "junk": lambda h: f"{h}x", "short": lambda h: h[:32],
    }  # fmt: skip
    text = "\n".join(shapes[shape](raw.hex()) for shape, raw in lines).encode()

    def outcome(read):
        try:
            return read()
        except BankFormatError as exc:
            return str(exc)

    assert outcome(lambda: read_rows(text, "f", kind)) == outcome(lambda: _grouped_rows(text, kind))
    # Read a few lines at a time, as a large file is, it reads the same.
    plain = text.decode()
    assert outcome(lambda: _plain_rows(plain, kind, chunk=70)) == outcome(lambda: _plain_rows(plain, kind))


def _grouped_rows(text: bytes, kind: str | None) -> dict:
    rows: dict = {}
    for s in read_signals(text, "f", kind):
        rows.setdefault(s.signal_type, []).append((s.value, " ".join(s.tags), s.quality))
    return rows


def test_negative_bank_suppresses_and_exact_hashes_match() -> None:
    image = image_from_bytes(_png(43))
    banks = [Bank("bad", "block"), Bank("benign", "none", negative=True), Bank("md5s", "review")]
    rows = [("bad", "pdq", image.pdq), ("md5s", "md5", image.md5)]
    assert {m.bank for m in BankMatcher(banks, rows).match([image])} == {"bad", "md5s"}
    assert BankMatcher(banks, [*rows, ("benign", "sha256", image.sha256)]).match([image]) == []


def test_a_match_is_an_indicator_and_the_banks_action_decides() -> None:
    image = image_from_bytes(_png(44))
    found = indicators(BankMatcher([Bank("known", "block")], [("known", "pdq", image.pdq)]).match([image]))
    verdict = {"decision": "allow", "priority": "none", "indicators": [], "reasons": [], "labels": []}
    out = apply_matches(verdict, found)
    assert out["decision"] == "block" and out["priority"] == "high"
    (ind,) = out["indicators"]
    assert (ind["code"], ind["bank"], ind["distance"], ind["text"]) == ("HASH_BANK_MATCH", "known", 0, "")
    assert apply_matches(out, found) == out  # the same match is not added twice
    review = apply_matches(verdict, [dict(found[0], action="none")])
    assert review["decision"] == "allow" and review["indicators"]


def test_cli_import_then_rematch_adds_verdicts_without_overwriting(tmp_path, screener, capsys) -> None:
    data = tmp_path / "data"
    data.mkdir()
    store = Store(f"sqlite:///{data / 'samaritan.db'}")
    store.migrate()
    service = ScreeningService(store, screener)
    png = _png(45)
    sha, _ = store.store_image(png, "image/png", "site", "test")
    ad = {"id": "p1", "category": "for-sale", "body": "Table for sale, $40.", "images": [{"sha256": sha}]}
    assert service.screen(orjson.dumps(ad), "site", "test").verdict["decision"] == "allow"
    bank = tmp_path / "bank.csv"
    bank.write_text(f"signal_type,signal_value,tags\npdq,{image_from_bytes(_png(45, 'resize')).pdq},test\n")
    assert main(["banks", "--data", str(data), "import", str(bank), "--bank", "hotline", "--action", "block"]) == 0
    assert main(["banks", "--data", str(data), "rematch"]) == 0
    history = [v["verdict"] for v in store.history("site", "p1")["revisions"][0]["verdicts"]]
    assert len(history) == 2 and history[0]["decision"] == "allow"
    assert history[-1]["decision"] == "block"
    assert any(i.get("bank") == "hotline" for i in history[-1]["indicators"])
    assert main(["banks", "--data", str(data), "rematch"]) == 0  # nothing new: no third verdict
    assert len(store.history("site", "p1")["revisions"][0]["verdicts"]) == 2
    # The post-time hook sees the same match for a new ad with the same photo.
    matcher = load_matcher(store)
    from samaritan.engine.adparse import parse_ad

    assert [m["bank"] for m in match_ad(store, matcher, parse_ad({**ad, "id": "p2"}))] == ["hotline"]
    # And the service applies it when such an ad is posted: the bank's action decides.
    service.reload_banks()
    posted = service.screen(orjson.dumps({**ad, "id": "p3"}), "site", "test").verdict
    assert posted["decision"] == "block"
    assert [i["bank"] for i in posted["indicators"] if i["code"] == "HASH_BANK_MATCH"] == ["hotline"]
    assert main(["banks", "--data", str(data), "list"]) == 0
    assert "hotline  1 signals  action=block" in capsys.readouterr().out
    store.close()
