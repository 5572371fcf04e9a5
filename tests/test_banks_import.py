"""Importing hash lists into a store, on SQLite and PostgreSQL: a re-import adds only what the
bank lacks, every signal keeps the import that brought it, the import is audited, and a failure
part-way (a bad file, or the database refusing a row) leaves nothing behind, foreign keys
included (PostgreSQL drops and re-adds them around a large import)."""

from __future__ import annotations

import numpy as np
import pytest
import sqlalchemy as sa

from samaritan.cli.main import main
from samaritan.evidence import banks as evidence_banks
from samaritan.evidence.banks import bank_imports, bank_signals, hash_banks, import_signals, load_matcher, set_bank
from samaritan.evidence.db import Store
from samaritan.evidence.records import StoreError
from samaritan.evidence.schema import audit_log

MD5 = "0123456789abcdef" * 2


def _hexes(seed: int, n: int) -> list[str]:
    rng = np.random.default_rng(seed)
    return [rng.bytes(32).hex() for _ in range(n)]


def _foreign_keys(store: Store) -> list[tuple[str, str]]:
    """bank_signals' foreign keys as (name, definition) on PostgreSQL; SQLite's as reflected."""
    with store.engine.connect() as conn:
        if store.is_sqlite:
            return sorted((str(fk["referred_table"]), str(fk["constrained_columns"])) for fk in
                          sa.inspect(conn).get_foreign_keys("bank_signals"))  # fmt: skip
        rows = conn.exec_driver_sql(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'bank_signals'::regclass AND contype = 'f' ORDER BY conname"
        )
        return [tuple(r) for r in rows]


def _count(store: Store, table: sa.Table) -> int:
    with store.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


@pytest.fixture(params=["small", "bulk"])
def store(request, store_url, monkeypatch):
    """A migrated store; "bulk" makes every import take PostgreSQL's bulk path (keys dropped and
    re-added), which otherwise only files of 50,000 hashes or more take."""
    if request.param == "bulk":
        monkeypatch.setattr(evidence_banks, "_BULK_ROWS", 1)
    s = Store(store_url)
    s.migrate()
    yield s
    s.close()


def test_a_reimport_adds_only_new_signals_and_each_keeps_its_provenance(store) -> None:
    keys = _foreign_keys(store)
    first, later = _hexes(1, 6), _hexes(2, 3)
    set_bank(store, "hot", "block", False)
    rows = {"pdq": [(h, "tag", 90) for h in [*first, first[0]]], "md5": [(MD5, "", None)]}
    one = import_signals(store, "hot", rows, "one.txt", b"one")
    assert (one["signals"], one["added"]) == (8, 7)  # the repeated line is one signal
    two = import_signals(store, "hot", {"pdq": [(h, "", None) for h in [*first[:2], *later]]}, "two.txt", b"two")
    assert (two["signals"], two["added"]) == (5, 3)
    set_bank(store, "other", "review", False)  # the same hash in another bank is that bank's own
    assert import_signals(store, "other", {"pdq": [(first[0], "", None)]}, "three.txt", b"3")["added"] == 1
    with store.engine.connect() as conn:
        imports = {r.source: r for r in conn.execute(sa.select(bank_imports))}
        owner = dict(conn.execute(sa.select(bank_signals.c.value, bank_signals.c.import_pk)
                                  .where(bank_signals.c.bank == "hot")).all())  # fmt: skip
        tagged = conn.execute(sa.select(bank_signals.c.tags, bank_signals.c.quality)
                              .where(bank_signals.c.value == first[3])).one()  # fmt: skip
        audited = conn.execute(sa.select(audit_log.c.subject).where(audit_log.c.action == "bank.imported")).all()
    assert {s: (r.signals, r.added) for s, r in imports.items()} == {
        "one.txt": (8, 7), "two.txt": (5, 3), "three.txt": (1, 1)}  # fmt: skip
    assert all(owner[h] == imports["one.txt"].pk for h in [*first, MD5])
    assert all(owner[h] == imports["two.txt"].pk for h in later)
    assert tuple(tagged) == ("tag", 90)
    assert sorted(s for (s,) in audited) == ["hot", "hot", "other"]
    assert _foreign_keys(store) == keys and len(keys) == 2  # put back as they were
    matcher = load_matcher(store)
    assert len(matcher) == 11


def test_a_failure_part_way_leaves_no_signal_no_import_and_the_keys(store, monkeypatch) -> None:
    keys = _foreign_keys(store)
    set_bank(store, "hot", "block", False)
    import_signals(store, "hot", {"pdq": [(h, "", None) for h in _hexes(3, 4)]}, "kept.txt", b"k")

    def refuse(*args, **kwargs):  # the database fails after rows of this import were written
        written = real(*args, **kwargs)
        assert written, "rows were written before the failure"
        raise sa.exc.OperationalError("INSERT", {}, Exception("connection lost"))

    name = "_insert" if store.is_sqlite else "_copy_postgres"
    real = getattr(evidence_banks, name)
    monkeypatch.setattr(evidence_banks, name, refuse)
    with pytest.raises(StoreError, match=r"nothing of lost\.txt was kept: connection lost"):
        import_signals(store, "hot", {"pdq": [(h, "", None) for h in _hexes(4, 50)]}, "lost.txt", b"l")
    monkeypatch.undo()
    assert (_count(store, bank_signals), _count(store, bank_imports)) == (4, 1)
    assert _foreign_keys(store) == keys
    with store.engine.connect() as conn:
        audited = conn.execute(sa.select(audit_log.c.detail).where(audit_log.c.action == "bank.imported")).all()
    assert len(audited) == 1 and "kept.txt" in str(audited[0])  # only the import that happened


def test_a_row_the_database_refuses_undoes_the_whole_import(store, monkeypatch) -> None:
    """A row without tags breaks NOT NULL after the rows before it went in (SQLite writes in
    batches, here of 5; PostgreSQL's bulk path in one INSERT): nothing of the import stays."""
    monkeypatch.setattr(evidence_banks, "_BATCH", 5)
    keys = _foreign_keys(store)
    set_bank(store, "hot", "block", False)
    rows = {"pdq": [*((h, "", None) for h in _hexes(5, 20)), ("f" * 64, None, None)]}
    with pytest.raises(StoreError, match=r"(?i)nothing of holed\.txt was kept: .*not.null"):
        import_signals(store, "hot", rows, "holed.txt", b"h")  # type: ignore[arg-type]
    assert (_count(store, bank_signals), _count(store, bank_imports)) == (0, 0)
    assert _foreign_keys(store) == keys


def test_a_malformed_file_fails_clearly_and_imports_nothing(store_url, tmp_path, monkeypatch, capsys) -> None:
    if store_url.startswith("sqlite"):
        monkeypatch.delenv("SAMARITAN_DATABASE_URL", raising=False)
    else:
        monkeypatch.setenv("SAMARITAN_DATABASE_URL", store_url)
    data = tmp_path / "data"
    bank = tmp_path / "bank.txt"
    good = _hexes(6, 300)
    bank.write_text("\n".join([*good[:200], "not-a-hash", *good[200:]]) + "\n")
    assert main(["banks", "--data", str(data), "import", str(bank), "--bank", "hot", "--type", "pdq"]) == 1
    err = capsys.readouterr().err
    assert "bank.txt:201" in err and "not a pdq hash" in err and "Traceback" not in err
    if store_url.startswith("sqlite"):
        assert not data.exists()  # not even a database
        return
    store = Store(store_url)
    store.migrate()
    assert [_count(store, t) for t in (hash_banks, bank_imports, bank_signals)] == [0, 0, 0]
    store.close()


def test_a_database_failure_is_one_line_and_exit_1(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.delenv("SAMARITAN_DATABASE_URL", raising=False)
    bank = tmp_path / "bank.txt"
    bank.write_text("\n".join(_hexes(7, 10)) + "\n")

    def refuse(*args, **kwargs):
        raise sa.exc.OperationalError("INSERT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(evidence_banks, "_insert", refuse)
    args = ["banks", "--data", str(tmp_path / "data"), "import", str(bank), "--bank", "hot", "--type", "pdq"]
    assert main(args) == 1
    err = capsys.readouterr().err.strip()
    assert err == "samaritan banks: error: import into bank 'hot' failed, nothing of bank.txt was kept: disk I/O error"
