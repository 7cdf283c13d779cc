"""`ramstein audit verify` as an operator or an outside auditor meets it: clear refusals, exported
logs that verify as exported, signed checkpoints that catch a cut or re-hashed log, and tables
checked against the state the log replays to."""

import json

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from ramstein.audit.hashing import GENESIS, event_body, event_hash
from ramstein.audit.log import record
from ramstein.cli.app import app
from ramstein.db.engine import make_session_factory, normalize_url
from ramstein.db.uow import UnitOfWork
from tests.builders import OPERATOR
from tests.integration.test_audit_chain import drop_guards

runner = CliRunner()


def run(db_url, *args, env=None):
    return runner.invoke(app, ["--db", db_url, *args], env=env)


@pytest.fixture
def keys(tmp_path):
    result = runner.invoke(app, ["keys", "generate", "--out", str(tmp_path / "signing.pem")])
    assert result.exit_code == 0, result.output
    return tmp_path / "signing.pem", tmp_path / "signing.pem.pub"


def checkpoint(db_url, private, tmp_path, name="checkpoint.json"):
    made = run(db_url, "audit", "checkpoint", env={"RAMSTEIN_SIGNING_KEY": str(private)})
    assert made.exit_code == 0, made.output
    (tmp_path / name).write_text(made.stdout)
    return json.loads(made.stdout), tmp_path / name


def rehash_from(conn, seq):
    """What someone who can drop the triggers does to hide an edit: re-hash every later event."""
    prev = conn.execute(text("SELECT hash FROM events WHERE seq < :s ORDER BY seq DESC LIMIT 1"),
                        {"s": seq}).scalar() or GENESIS
    rows = conn.execute(text("SELECT seq, at, actor, role, action, entity, entity_id, before, after, request_id "
                             "FROM events WHERE seq >= :s ORDER BY seq"), {"s": seq}).all()
    from ramstein.models import Event

    for row in rows:
        decoded = conn.execute(Event.__table__.select().where(Event.__table__.c.seq == row.seq)).one()._mapping
        body = event_body(decoded["at"], decoded["actor"], decoded["role"], decoded["action"], decoded["entity"],
                          decoded["entity_id"], decoded["before"], decoded["after"], decoded["request_id"])
        digest = event_hash(prev, body)
        conn.execute(text("UPDATE events SET prev_hash = :p, hash = :h WHERE seq = :s"),
                     {"p": prev, "h": "x" + digest[1:], "s": row.seq})  # unique hashes meanwhile
        conn.execute(text("UPDATE events SET hash = :h WHERE seq = :s"), {"h": digest, "s": row.seq})
        prev = digest


def test_a_mistyped_sqlite_path_is_refused_and_not_created(tmp_path):
    missing = tmp_path / "ledgr.db"
    for args in (["audit", "verify"], ["export", "pledges", "--out", str(tmp_path / "p.csv")]):
        result = run(f"sqlite:///{missing}", *args)
        assert result.exit_code == 3 and "no database at" in result.output, result.output
        assert "Traceback" not in result.output
    assert not missing.exists()


def test_a_mistyped_postgresql_database_is_refused(db_url):
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only")
    wrong = make_url(normalize_url(db_url)).set(database="no_such_ledger_db").render_as_string(hide_password=False)
    result = run(wrong, "audit", "verify")
    assert result.exit_code == 3 and "does not exist" in result.output


def test_a_log_with_every_event_deleted_is_a_clear_failure(ref_db_url, ref_engine):
    with ref_engine.begin() as conn:
        drop_guards(conn)
        conn.execute(text("DELETE FROM events"))
    result = run(ref_db_url, "audit", "verify")
    assert result.exit_code == 1 and "the event log is empty" in result.output
    assert "Traceback" not in result.output
    # other commands do not take the emptied log for a new database and load the data again
    assert run(ref_db_url, "rates", "status").exit_code == 0


def test_a_file_that_is_not_a_ramstein_database_is_named(tmp_path):
    other = tmp_path / "other.db"
    create_engine(f"sqlite:///{other}").connect().close()
    result = run(f"sqlite:///{other}", "audit", "verify")
    assert result.exit_code == 3 and "not a Ramstein database" in result.output


def test_the_exported_log_verifies_as_exported_and_an_edit_of_it_is_named(ref_db_url, tmp_path):
    out = tmp_path / "events.json"
    assert run(ref_db_url, "export", "events", "--format", "json", "--out", str(out)).exit_code == 0
    items = json.loads(out.read_text())["items"]
    assert items[0]["request_id"] is None  # null stays null
    ok = runner.invoke(app, ["audit", "verify", "--file", str(out)])
    assert ok.exit_code == 0 and f"{len(items)} events verified" in ok.output
    items[5]["actor"] = "someone else"
    out.write_text(json.dumps({"items": items}))
    broken = runner.invoke(app, ["audit", "verify", "--file", str(out)])
    assert broken.exit_code == 1 and f"broken at event {items[5]['seq']}" in broken.output


def test_a_checkpoint_holds_for_the_log_it_signed(ref_db_url, keys, tmp_path):
    private, public = keys
    signed, path = checkpoint(ref_db_url, private, tmp_path)
    result = run(ref_db_url, "audit", "verify", "--checkpoint", str(path), "--public-key", str(public))
    assert result.exit_code == 0, result.output
    assert "1 signed checkpoint(s) hold" in result.output and f"head {signed['seq']}" in result.output


def test_a_truncated_log_fails_against_a_checkpoint_naming_the_first_missing_event(ref_db_url, ref_engine,
                                                                                  keys, tmp_path):
    private, public = keys
    signed, path = checkpoint(ref_db_url, private, tmp_path)
    with ref_engine.begin() as conn:
        drop_guards(conn)
        conn.execute(text("DELETE FROM events WHERE seq > :s"), {"s": signed["seq"] - 3})
    assert "The event log is intact" in run(ref_db_url, "audit", "verify").output  # the chain alone cannot tell
    result = run(ref_db_url, "audit", "verify", "--checkpoint", str(path), "--public-key", str(public))
    assert result.exit_code == 1
    assert f"broken at event {signed['seq'] - 2}" in result.output and "were removed" in result.output


def test_an_edited_and_rehashed_log_fails_against_a_checkpoint(ref_db_url, ref_engine, keys, tmp_path):
    private, public = keys
    early, _ = checkpoint(ref_db_url, private, tmp_path, "early.json")
    with UnitOfWork(make_session_factory(ref_engine), write=True) as uow:  # later events
        for n in range(3):
            record(uow.session, OPERATOR, "noted", "test", n, None, {"n": n})
        uow.commit()
    late, _ = checkpoint(ref_db_url, private, tmp_path, "late.json")
    both = tmp_path / "both.json"
    both.write_text(json.dumps([early, late]))
    target = early["seq"] + 1
    with ref_engine.begin() as conn:
        drop_guards(conn)
        conn.execute(text("UPDATE events SET actor = 'forged' WHERE seq = :s"), {"s": target})
        rehash_from(conn, target)
    assert "The event log is intact" in run(ref_db_url, "audit", "verify").output  # the chain alone cannot tell
    result = run(ref_db_url, "audit", "verify", "--checkpoint", str(both), "--public-key", str(private) + ".pub")
    assert result.exit_code == 1
    assert f"broken at event {late['seq']}" in result.output and f"after event {early['seq']}" in result.output


def test_a_checkpoint_signed_with_another_key_is_refused(ref_db_url, keys, tmp_path):
    private, _ = keys
    _, path = checkpoint(ref_db_url, private, tmp_path)
    other = tmp_path / "other" / "k.pem"
    other.parent.mkdir()
    assert runner.invoke(app, ["keys", "generate", "--out", str(other)]).exit_code == 0
    result = run(ref_db_url, "audit", "verify", "--checkpoint", str(path), "--public-key", f"{other}.pub")
    assert result.exit_code == 2 and "does not verify with this public key" in result.output


def test_checkpoint_without_a_signing_key_says_how_to_make_one(ref_db_url):
    result = run(ref_db_url, "audit", "checkpoint")
    assert result.exit_code == 2 and "ramstein keys generate" in result.output


def test_a_row_changed_behind_the_application_is_named(ref_db_url, ref_engine):
    with ref_engine.begin() as conn:
        pledge = conn.execute(text("SELECT id, amount FROM pledges WHERE amount IS NOT NULL ORDER BY id")).first()
        conn.execute(text("UPDATE pledges SET amount = amount + 1 WHERE id = :i"), {"i": pledge.id})
    result = run(ref_db_url, "audit", "verify")
    assert result.exit_code == 1
    assert "The event log is intact" in result.output  # the chain is fine; the table is not
    assert f"pledges id={pledge.id} field amount" in result.output


def test_rows_added_removed_or_relinked_behind_the_application_are_named(ref_db_url, ref_engine):
    with ref_engine.begin() as conn:
        first, second = conn.execute(text("SELECT pledge_id FROM pledge_sources ORDER BY pledge_id LIMIT 2")).scalars()
        conn.execute(text("DELETE FROM pledge_sources WHERE pledge_id = :i"), {"i": first})
        conn.execute(text("UPDATE users SET role = 'coordinator' WHERE name = (SELECT min(name) FROM users)"))
        offer = conn.execute(text("SELECT ref FROM offers ORDER BY ref")).scalars().first()
        conn.execute(text("DELETE FROM offer_sources WHERE offer_id = (SELECT id FROM offers WHERE ref = :r)"),
                     {"r": offer})
        conn.execute(text("DELETE FROM offers WHERE ref = :r"), {"r": offer})
    result = run(ref_db_url, "audit", "verify")
    assert result.exit_code == 1
    assert f"pledges id={first} field sources" in result.output
    assert f"offers ref={offer}: recorded in the log but missing from the table" in result.output


def test_a_long_log_checked_on_worker_processes_finds_what_one_process_finds(ref_engine, monkeypatch):
    from ramstein.audit import chain
    from ramstein.audit.replay import Replay
    from ramstein.db.engine import make_session_factory

    monkeypatch.setattr(chain, "PARALLEL_FROM", 1)
    factory = make_session_factory(ref_engine)
    with UnitOfWork(factory) as uow:
        replay = Replay()
        report = chain.verify_chain(uow.session, workers=2, each=replay.add)
        assert report.ok and report.checked > 50 and replay.compare(uow.session) == []
    with ref_engine.begin() as conn:
        drop_guards(conn)
        target = conn.execute(text("SELECT seq FROM events ORDER BY seq LIMIT 1 OFFSET 40")).scalar_one()
        conn.execute(text("UPDATE events SET after = :a WHERE seq = :s"), {"a": json.dumps({"id": 1}), "s": target})
    with UnitOfWork(factory) as uow:
        parallel = chain.verify_chain(uow.session, workers=2)
        single = chain.verify_chain(uow.session, workers=1)
    assert parallel.broken_at == single.broken_at == target
    assert parallel.reason == single.reason == "its content does not match its hash"
