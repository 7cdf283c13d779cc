"""A backup restores into an empty database and verifies there, even when it was taken while the
ledger was being written; a restore never replaces a database unasked."""

import threading
import uuid

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from ramstein.cli.app import app
from ramstein.db.engine import make_engine, make_session_factory
from ramstein.db.uow import UnitOfWork
from ramstein.models import Event, Pledge
from tests.builders import make_pledge
from tests.conftest import PG_URL, _pg_create, _pg_drop

runner = CliRunner()


def run(db_url, *args):
    return runner.invoke(app, ["--db", db_url, *args])


@pytest.fixture
def empty_target(tmp_path):
    """A database to restore into: a new SQLite path, or a new, empty PostgreSQL database."""
    if not PG_URL:
        yield f"sqlite:///{tmp_path}/restored.db"
        return
    name = f"ramstein_restore_{uuid.uuid4().hex[:10]}"
    yield _pg_create(name)
    _pg_drop(name)


def counts(url):
    engine = make_engine(url)
    with engine.connect() as conn:
        found = (conn.execute(select(func.count()).select_from(Pledge)).scalar_one(),
                 conn.execute(select(func.max(Event.seq))).scalar_one())
    engine.dispose()
    return found


def test_a_backup_restores_into_an_empty_database_and_verifies(ref_db_url, empty_target, tmp_path):
    made = run(ref_db_url, "backup", "--out", str(tmp_path / "ledger.backup"))
    assert made.exit_code == 0 and "Backed up" in made.output, made.output
    assert run(ref_db_url, "backup", "--out", str(tmp_path / "ledger.backup")).exit_code == 4  # never overwritten
    restored = run(empty_target, "restore", str(tmp_path / "ledger.backup"))
    assert restored.exit_code == 0, restored.output
    assert "The event log is intact" in restored.output and "The tables hold exactly" in restored.output
    assert counts(empty_target) == counts(ref_db_url)
    again = run(empty_target, "restore", str(tmp_path / "ledger.backup"))
    assert again.exit_code == 4 and "is not empty" in again.output and "--force" in again.output
    forced = run(empty_target, "restore", str(tmp_path / "ledger.backup"), "--force")
    assert forced.exit_code == 0 and "The tables hold exactly" in forced.output, forced.output
    assert counts(empty_target) == counts(ref_db_url)


def test_a_backup_taken_while_pledges_are_written_is_consistent(ref_db_url, ref_engine, empty_target, tmp_path):
    stop, written = threading.Event(), []

    def write() -> None:
        factory = make_session_factory(ref_engine)
        while not stop.is_set():
            with UnitOfWork(factory, write=True) as uow:
                make_pledge(uow.session, nation="NLD", amount="1000")
                uow.commit()
            written.append(1)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        while len(written) < 5:
            stop.wait(0.05)
        made = run(ref_db_url, "backup", "--out", str(tmp_path / "busy.backup"))
    finally:
        stop.set()
        writer.join()
    assert made.exit_code == 0, made.output
    restored = run(empty_target, "restore", str(tmp_path / "busy.backup"))
    assert restored.exit_code == 0, restored.output  # the chain and the tables of one instant
    assert "The tables hold exactly" in restored.output


def test_backup_and_restore_refuse_what_is_not_there_or_not_a_backup(tmp_path, empty_target):
    missing = run(f"sqlite:///{tmp_path}/nowhere.db", "backup", "--out", str(tmp_path / "x.backup"))
    assert missing.exit_code == 3 and not (tmp_path / "nowhere.db").exists()
    (tmp_path / "notes.txt").write_text("not a backup")
    refused = run(empty_target, "restore", str(tmp_path / "notes.txt"))
    assert refused.exit_code == 2 and "neither a SQLite database nor a pg_dump" in refused.output
    absent = run(empty_target, "restore", str(tmp_path / "absent.backup"))
    assert absent.exit_code == 3 and "no backup at" in absent.output
