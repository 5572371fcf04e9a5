"""Evidence that cannot be quietly rewritten: every edit an insider with database access could
make to what matters in court (a verdict, a reviewer's decision, a hold, a retention date, a
key, the audit log itself, the whole chain re-hashed) is caught by `audit verify`, which names
the first bad entry; signed checkpoints outside the database catch the full rewrite."""

from __future__ import annotations

import types
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest
import sqlalchemy as sa

from samaritan.engine.screener import Screener
from samaritan.evidence import StoreError, StoreSettings, audit, coverage
from samaritan.evidence.checkpoints import checkpoint_files, generate_key
from samaritan.evidence.db import Store, now_iso, parse_iso, sha256_hex
from samaritan.service.screening import ScreeningService

COMMERCIAL = "Incall and outcall, 150 roses hh, 250 roses hr. Text 702-555-0123."
YOUTH = "Sweet t33n, new to the game. Incall, 150 roses hh. Text 702-555-0124."
LONG_AGO = "2000-01-01T00:00:00.000000Z"


def _post(service: ScreeningService, ad_id: str, body: str, category: str) -> None:
    service.screen(orjson.dumps({"id": ad_id, "category": category, "body": body}), "site-a", "test")


@pytest.fixture
def world(store_url: str, screener: Screener, tmp_path: Path):
    """A store with the kinds of rows that matter, and a signed checkpoint over all of it."""
    store = Store(store_url)
    store.migrate()
    service = ScreeningService(store, screener)
    _post(service, "ad0", "Desk lamp, $10.", "for-sale")
    _post(service, "ad1", COMMERCIAL, "adult")
    _post(service, "ad2", YOUTH, "adult")  # minor risk: held from the start
    key = store.create_key("site-a", ("screen", "read"))
    revoked = store.create_key("site-a")
    store.revoke_key(revoked.split("_")[1])
    store.set_webhook("site-a", "https://hooks.example.org/samaritan", "test")
    store.record_decision("site-a", "ad1", "report", "rev", "reported to the tipline", "test")
    from samaritan.evidence.legal import Legal

    Legal(store).place_hold("site-a", ["ad2"], "preservation request", "test")
    key_file = tmp_path / "audit.pem"
    generate_key(key_file)
    checkpoint_dir = tmp_path / "checkpoints"
    assert store.checkpoint(key_file, checkpoint_dir) is not None
    w = types.SimpleNamespace(store=store, service=service, key_file=key_file, dir=checkpoint_dir)
    with store.engine.connect() as conn:
        pk = {r.ad_id: r.pk for r in conn.execute(sa.select(sa.text("pk, ad_id")).select_from(sa.text("ads")))}
        w.a0, w.a1, w.a2 = pk["ad0"], pk["ad1"], pk["ad2"]
        w.v1 = conn.execute(sa.text(f"SELECT pk FROM verdicts WHERE ad_pk = {w.a1}")).scalar_one()
        w.d1 = conn.execute(sa.text("SELECT pk FROM decisions")).scalar_one()
        w.raw0, w.raw1 = (conn.execute(sa.text(f"SELECT raw_sha256 FROM ads WHERE pk = {a}")).scalar_one()
                          for a in (w.a0, w.a1))  # fmt: skip
    w.k1, w.k2, w.h1 = key.split("_")[1], revoked.split("_")[1], 1
    yield w
    store.close()


def _sql(store: Store, statement: str) -> None:
    with store.write_engine.begin() as conn:
        for part in statement.split(";"):
            conn.exec_driver_sql(part)


def _entries(store: Store) -> list[dict]:
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(sa.text("SELECT * FROM audit_log ORDER BY seq")).mappings()]


def _claim_seq(store: Store, table: str, key, first: bool = False) -> int:
    """The last entry that claims a row: the one verify must name when the row is edited
    (`first`: the earliest, the first a rewrite of all its claims changes)."""
    seqs = [
        e["seq"] for e in _entries(store) if e["rows"] and [table, str(key)] in [c[:2] for c in orjson.loads(e["rows"])]
    ]
    return seqs[0] if first else seqs[-1]


def _seq_of(store: Store, action: str) -> int:
    return next(e["seq"] for e in _entries(store) if e["action"] == action)


def _rehash(store: Store, table: str | None = None, key=None, drop_seq: int | None = None) -> None:
    """What a careful insider does after editing a row: fix the row's claim (or drop an entry),
    renumber, recompute every entry hash from genesis and move the head."""
    entries = [e for e in _entries(store) if e["seq"] != drop_seq]
    if table is not None:
        spec = coverage.COVERED[table]
        with store.engine.connect() as conn:
            row = conn.execute(sa.select(*(spec.table.c[c] for c in spec.columns))
                               .where(spec.table.c[spec.key] == key)).mappings().one()  # fmt: skip
        for e in entries:
            claims = orjson.loads(e["rows"] or "[]")
            for c in claims:
                if c[:2] == [table, str(key)]:
                    c[2] = coverage.row_hash(table, row)
            e["rows"] = orjson.dumps(claims).decode() if claims else e["rows"]
    prev = audit.GENESIS
    with store.write_engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM audit_log")
        for seq, e in enumerate(entries, start=1):
            body = audit._entry(
                seq, e["at"], e["action"], e["actor"], e["platform"], e["subject"], e["detail"], e["rows"]
            )
            e.update(seq=seq, prev_hash=prev, hash=audit.entry_hash(prev, body))
            conn.execute(sa.insert(audit.audit_log).values(**e))
            prev = e["hash"]
        conn.execute(sa.update(audit.audit_head).values(seq=len(entries), hash=prev))


def test_untouched_store_verifies_with_its_checkpoints(world) -> None:
    store = world.store
    assert store.verify()["ok"]
    _post(world.service, "ad3", "Bike, $40.", "for-sale")  # after the checkpoint: chain only
    report = store.verify(world.dir, world.key_file)
    assert report["ok"], report
    assert "pinned" in report["checkpoints"]


# Each edit: (name, SQL with {placeholders} from the world, table, row key attribute or None).
EDITS = [
    ("verdict decision", "UPDATE verdicts SET decision = 'allow' WHERE pk = {v1}", "verdicts", "v1"),
    ("verdict priority", "UPDATE verdicts SET priority = 'none' WHERE pk = {v1}", "verdicts", "v1"),
    ("verdict labels", "UPDATE verdicts SET labels = '' WHERE pk = {v1}", "verdicts", "v1"),
    ("verdict versions", "UPDATE verdicts SET versions = '{{}}' WHERE pk = {v1}", "verdicts", "v1"),
    ("verdict trigger", "UPDATE verdicts SET trigger = 'rescreen' WHERE pk = {v1}", "verdicts", "v1"),
    ("verdict time", f"UPDATE verdicts SET created_at = '{LONG_AGO}' WHERE pk = {{v1}}", "verdicts", "v1"),
    ("verdict moved to another ad", "UPDATE verdicts SET ad_pk = {a0} WHERE pk = {v1}", "verdicts", "v1"),
    ("verdict deleted", "DELETE FROM verdicts WHERE pk = {v1}", "verdicts", "v1"),
    ("decision changed", "UPDATE decisions SET decision = 'allow' WHERE pk = {d1}", "decisions", "d1"),
    ("decision reviewer", "UPDATE decisions SET reviewer = 'someone' WHERE pk = {d1}", "decisions", "d1"),
    ("decision deleted", "DELETE FROM decisions WHERE pk = {d1}", "decisions", "d1"),
    ("hold lifted", "UPDATE ads SET hold = (1 = 0) WHERE pk = {a2}", "ads", "a2"),
    ("retention shortened", f"UPDATE ads SET retain_until = '{LONG_AGO}' WHERE pk = {{a2}}", "ads", "a2"),
    (
        "hold and retention",
        f"UPDATE ads SET hold = (1 = 0), retain_until = '{LONG_AGO}' WHERE pk = {{a1}}",
        "ads",
        "a1",
    ),
    ("raw evidence swapped", "UPDATE ads SET raw_sha256 = '{raw0}' WHERE pk = {a1}", "ads", "a1"),
    ("evidence emptied", "UPDATE blobs SET content = NULL WHERE sha256 = '{raw1}'", "blobs", "raw1"),
    (
        "evidence purged by hand",
        f"UPDATE blobs SET content = NULL, purged_at = '{LONG_AGO}' WHERE sha256 = '{{raw1}}'",
        "blobs",
        "raw1",
    ),
    (
        "key scopes widened",
        "UPDATE api_keys SET scopes = 'admin,read,review,screen' WHERE key_id = '{k1}'",
        "api_keys",
        "k1",
    ),
    ("legal hold released by hand", f"UPDATE legal_holds SET released_at = '{LONG_AGO}'", "legal_holds", "h1"),
    ("legal hold shortened", f"UPDATE legal_holds SET until = '{LONG_AGO}'", "legal_holds", "h1"),
    ("key revocation undone", "UPDATE api_keys SET revoked_at = NULL WHERE key_id = '{k2}'", "api_keys", "k2"),
    (
        "webhook redirected",
        "UPDATE webhooks SET url = 'https://elsewhere.example.org/' WHERE platform = 'site-a'",
        "webhooks",
        None,
    ),
]


@pytest.mark.parametrize(("name", "sql", "table", "attr"), EDITS, ids=[e[0] for e in EDITS])
def test_every_row_edit_is_caught_and_named(world, name: str, sql: str, table: str, attr: str | None) -> None:
    store = world.store
    key = getattr(world, attr) if attr else "site-a"
    seq = _claim_seq(store, table, key)
    _sql(store, sql.format(**vars(world)))
    report = store.verify(world.dir, world.key_file)
    assert not report["ok"], name
    assert (report["seq"], report["table"], report["row"]) == (seq, table, str(key)), report


def test_a_row_without_an_entry_is_caught(world) -> None:
    _sql(world.store, f"INSERT INTO decisions (ad_pk, created_at, reviewer, decision, note) "
                      f"VALUES ({world.a1}, '{now_iso()}', 'x', 'allow', '')")  # fmt: skip
    report = world.store.verify()
    assert not report["ok"] and report["table"] == "decisions" and "has no audit entry" in report["problem"]


@pytest.mark.parametrize("edit", ["changed", "deleted", "reordered", "rows dropped"])
def test_audit_entry_edits_are_caught_at_the_entry(world, edit: str) -> None:
    store = world.store
    seq = _seq_of(store, "decision.recorded")
    sql = {
        "changed": f"UPDATE audit_log SET detail = '{{}}' WHERE seq = {seq}",
        "deleted": f"DELETE FROM audit_log WHERE seq = {seq}",
        "reordered": f"UPDATE audit_log SET seq = 1000 WHERE seq = {seq}; UPDATE audit_log SET seq = {seq} "
        f"WHERE seq = {seq - 1}; UPDATE audit_log SET seq = {seq - 1} WHERE seq = 1000",
        "rows dropped": f"UPDATE audit_log SET rows = NULL WHERE seq = {seq}",
    }[edit]
    _sql(store, sql)
    report = store.verify()
    assert not report["ok"] and report["seq"] == (seq - 1 if edit == "reordered" else seq), report


REWRITES: list[tuple[str, Callable]] = [
    ("verdict decision", lambda w: ("UPDATE verdicts SET decision = 'allow' WHERE pk = {v1}", "verdicts", w.v1, None)),
    ("hold lifted", lambda w: ("UPDATE ads SET hold = (1 = 0) WHERE pk = {a2}", "ads", w.a2, None)),
    (
        "key scopes",
        lambda w: ("UPDATE api_keys SET scopes = 'admin,read' WHERE key_id = '{k1}'", "api_keys", w.k1, None),
    ),
    # The careful insider also gives the ad back the state its screening entry claimed.
    (
        "decision and its entry deleted",
        lambda w: ("DELETE FROM decisions WHERE pk = {d1}", "ads", w.a1, "decision.recorded"),
    ),
]


@pytest.mark.parametrize("rewrite", [r[1] for r in REWRITES], ids=[r[0] for r in REWRITES])
def test_a_fully_rehashed_chain_is_caught_by_the_signed_checkpoints(world, rewrite) -> None:
    store = world.store
    sql, table, key, drop_action = rewrite(world)
    drop_seq = _seq_of(store, drop_action) if drop_action else None
    seq = min(_claim_seq(store, table, key, first=True), drop_seq or 10**9)
    _sql(store, sql.format(**vars(world)))
    _rehash(store, table, key, drop_seq=drop_seq)
    assert store.verify()["ok"]  # without an anchor outside the database the rewrite passes
    report = store.verify(world.dir, world.key_file)
    assert not report["ok"] and report["seq"] == seq and "checkpoint" in report["problem"], report
    if table:
        assert f"{table} {key}" in report["rows"]


def test_cutting_the_tail_and_moving_the_head_is_caught(world) -> None:
    store = world.store
    last = store.audit_event("export.made", "analyst", "site-a", "ad1")  # a record of who took what
    store.checkpoint(world.key_file, world.dir)
    _sql(store, f"DELETE FROM audit_log WHERE seq = {last}")
    with store.engine.connect() as conn:
        prev = conn.execute(sa.text(f"SELECT hash FROM audit_log WHERE seq = {last - 1}")).scalar_one()
    _sql(store, f"UPDATE audit_head SET seq = {last - 1}, hash = '{prev}'")
    assert store.verify()["ok"]
    report = store.verify(world.dir, world.key_file)
    assert not report["ok"] and report["seq"] == last


def test_checkpoints_signed_by_another_key_or_missing_fail(world, tmp_path: Path) -> None:
    other = tmp_path / "other.pem"
    generate_key(other)
    report = world.store.verify(world.dir, other)
    assert not report["ok"] and "signature" in report["problem"]
    _post(world.service, "ad4", "Chair, $15.", "for-sale")
    second = world.store.checkpoint(world.key_file, world.dir)
    assert world.store.verify(world.dir, world.key_file)["ok"]
    checkpoint_files(world.dir)[0][1].unlink()  # the first of two removed: the second names it
    report = world.store.verify(world.dir, world.key_file)
    assert not report["ok"] and "missing" in report["problem"] and second.exists()


def test_purge_refuses_evidence_whose_hold_was_lifted_in_the_database(world) -> None:
    store = world.store
    _sql(store, f"UPDATE ads SET hold = (1 = 0), retain_until = '{LONG_AGO}' WHERE pk = {world.a1}")
    with pytest.raises(StoreError, match="purge refused"):
        store.purge(datetime.now(UTC) + timedelta(days=120))
    revision = store.history("site-a", "ad1")["revisions"][0]
    assert revision["raw"] is not None and revision["verdicts"] and not revision["purged_at"]


def test_purge_is_audited_with_the_real_time(world) -> None:
    store = world.store
    simulated = datetime.now(UTC) + timedelta(days=120)
    before = datetime.now(UTC)
    assert store.purge(simulated)["purged"] == 1  # ad0 only: ad1 was reported, ad2 is held
    purge = [e for e in _entries(store) if e["action"] == "purge"][-1]
    assert before - timedelta(seconds=1) <= parse_iso(purge["at"]) <= datetime.now(UTC)
    assert orjson.loads(purge["detail"])["as_of"] == now_iso(simulated)
    assert store.verify(world.dir, world.key_file)["ok"]


def test_the_store_writes_checkpoints_as_it_goes(store_url: str, screener: Screener, tmp_path: Path) -> None:
    key = tmp_path / "k.pem"
    generate_key(key)
    settings = StoreSettings(checkpoint_dir=tmp_path / "cp", checkpoint_key=key, checkpoint_every=3)
    store = Store(store_url, settings=settings)
    store.migrate()
    service = ScreeningService(store, screener)
    for i in range(7):
        _post(service, f"p{i}", f"Table number {i}, $30.", "for-sale")
    assert [seq for seq, _ in checkpoint_files(tmp_path / "cp")] == [3, 6]
    assert store.verify()["ok"]  # the configured checkpoints are checked by default
    store.close()


def test_sqlite_sync_setting_is_checked_not_formatted() -> None:
    with pytest.raises(StoreError, match="synchronous"):
        StoreSettings(sqlite_synchronous="OFF; DROP TABLE ads")
    assert StoreSettings(sqlite_synchronous="full").sqlite_synchronous == "FULL"


def test_a_store_from_before_row_coverage_upgrades_and_is_covered(store_url: str) -> None:
    """A 0001 store (entries without row claims) upgrades: its rows are claimed by baseline
    entries, the old entries still verify, and an edit to an old row is caught."""
    from importlib import resources

    from alembic import command
    from alembic.config import Config

    engine = sa.create_engine(store_url)
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("samaritan.evidence") / "migrations"))
    raw = b'{"id":"old","body":"Lamp, $5."}'
    sha, at = sha256_hex(raw), now_iso()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.execute(
            sa.text(
                "INSERT INTO blobs (sha256, size, media_type, content, stored_at) VALUES "
                "(:s, :n, 'application/json', :c, :at)"
            ),
            {"s": sha, "n": len(raw), "c": raw, "at": at},
        )
        conn.execute(
            sa.text(
                "INSERT INTO ads (platform, ad_id, revision, raw_sha256, received_at, hold, retain_until) "
                "VALUES ('p', 'old', 1, :s, :at, false, :at)"
            ),
            {"s": sha, "at": at},
        )
        body = '{"decision":"allow"}'
        conn.execute(sa.text("INSERT INTO verdicts (ad_pk, created_at, trigger, decision, priority, labels, versions, "
                             "body, sha256) VALUES (1, :at, 'post', 'allow', 'none', '', '{}', :b, :h)"),
                     {"at": at, "b": body, "h": sha256_hex(body.encode())})  # fmt: skip
        entry = audit._entry(1, at, "ad.screened", "t", "p", "old@1", "{}", None)
        conn.execute(sa.text("INSERT INTO audit_log (seq, at, action, actor, platform, subject, detail, prev_hash, "
                             "hash) VALUES (1, :at, 'ad.screened', 't', 'p', 'old@1', '{}', :g, :h)"),
                     {"at": at, "g": audit.GENESIS, "h": audit.entry_hash(audit.GENESIS, entry)})  # fmt: skip
        conn.execute(sa.text("INSERT INTO audit_head (id, seq, hash) VALUES (1, 1, :h)"),
                     {"h": audit.entry_hash(audit.GENESIS, entry)})  # fmt: skip
    engine.dispose()
    store = Store(store_url)
    store.migrate()
    try:
        report = store.verify()
        assert report["ok"] and report["entries"] == 4, report  # the old entry and 3 baselines
        _sql(store, "UPDATE verdicts SET decision = 'block'")
        report = store.verify()
        assert not report["ok"] and (report["table"], report["row"]) == ("verdicts", "1")
    finally:
        store.close()


def test_cli_keygen_checkpoint_verify_and_purge(tmp_path: Path, monkeypatch, capsys) -> None:
    import os
    import stat

    from samaritan.cli import main

    data, key, out = tmp_path / "data", tmp_path / "audit.pem", tmp_path / "cp"
    for name in [k for k in os.environ if k.startswith("SAMARITAN_")]:
        monkeypatch.delenv(name)

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    assert run("audit", "keygen", "--out", str(key))[0] == 0
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and Path(f"{key}.pub").exists()
    assert run("audit", "keygen", "--out", str(key))[0] != 0  # never overwrites a key
    assert run("keys", "create", "--platform", "p", "--scopes", "read", "--data", str(data))[0] == 0
    code, stdout, _ = run("audit", "checkpoint", "--key", str(key), "--out", str(out), "--data", str(data))
    assert code == 0 and "checkpoint-000000000001.json" in stdout
    verify = ["audit", "verify", "--data", str(data), "--checkpoints", str(out), "--public-key", f"{key}.pub"]
    code, stdout, stderr = run(*verify)
    assert code == 0 and "1 signed checkpoints" in stdout, stderr
    store = Store(f"sqlite:///{data / 'samaritan.db'}")
    _sql(store, "UPDATE api_keys SET scopes = 'admin,read'")
    key_id = store.list_keys()[0]["key_id"]
    _rehash(store, "api_keys", key_id)
    store.close()
    assert run("audit", "verify", "--data", str(data))[0] == 0  # the rewrite fools the chain alone
    code, _, stderr = run(*verify)
    assert code == 4 and "seq 1" in stderr and f"api_keys {key_id}" in stderr, stderr
    # With the store's checkpoints configured, purge checks them too, and refuses.
    monkeypatch.setenv("SAMARITAN_CHECKPOINT_DIR", str(out))
    monkeypatch.setenv("SAMARITAN_AUDIT_KEY", str(key))
    code, _, stderr = run("purge", "--data", str(data), "--now", "2099-01-01T00:00:00Z")
    assert code == 4 and "purge refused" in stderr
