"""Running an import again adds nothing and says so; every import names itself when it commits."""

from sqlalchemy import func, select
from typer.testing import CliRunner

from ramstein.cli.app import app
from ramstein.db.engine import make_session_factory
from ramstein.db.uow import UnitOfWork
from ramstein.imports.service import import_once
from ramstein.models import Pledge
from tests.builders import OPERATOR

runner = CliRunner()
ROWS = ("nation,date,amount,currency,status,confidence,source_url\n"
        "NLD,2025-09-01,100,EUR,announced,official,https://a\nDEU,2025-09-02,200,EUR,confirmed,official,https://b\n")


def run(db_url, *args):
    return runner.invoke(app, ["--db", db_url, *args])


def count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Pledge)).scalar_one()


def test_importing_the_same_file_twice_adds_nothing_the_second_time(ref_db_url, ref_engine, tmp_path):
    path = tmp_path / "pledges.csv"
    path.write_text(ROWS)
    before = count(ref_engine)
    first = run(ref_db_url, "import", "pledges", str(path))
    assert first.exit_code == 0 and "Imported 2 pledges" in first.output and "as import " in first.output
    import_id = first.output.split("as import ")[1].split()[0]
    again = run(ref_db_url, "import", "pledges", str(path))
    assert again.exit_code == 0, again.output
    assert "already imported on " in again.output and f"as import {import_id} " in again.output
    assert "nothing was added" in again.output
    renamed = tmp_path / "copy-of-pledges.csv"
    renamed.write_text(ROWS)  # the same content under another name is the same import
    assert "already imported" in run(ref_db_url, "import", "pledges", str(renamed)).output
    assert count(ref_engine) == before + 2
    assert run(ref_db_url, "audit", "verify").exit_code == 0


def test_an_import_killed_after_its_commit_is_recognised_by_the_next_run(ref_db_url, ref_engine, tmp_path):
    path = tmp_path / "pledges.csv"
    path.write_text(ROWS)
    with UnitOfWork(make_session_factory(ref_engine), write=True) as uow:  # committed, then nothing printed
        done = import_once(uow.session, OPERATOR, "pledges", path)
        uow.commit()
    again = run(ref_db_url, "import", "pledges", str(path))
    assert again.exit_code == 0 and f"as import {done.run.id} (2 pledges" in again.output


def test_a_refused_import_is_not_recorded_and_can_be_run_again_once_fixed(ref_db_url, tmp_path):
    path = tmp_path / "pledges.csv"
    path.write_text(ROWS.replace("NLD", "XYZ"))
    assert run(ref_db_url, "import", "pledges", str(path)).exit_code == 1
    assert run(ref_db_url, "import", "pledges", str(path)).exit_code == 1  # refused again, not "already"
    path.write_text(ROWS)
    assert "Imported 2 pledges" in run(ref_db_url, "import", "pledges", str(path)).output
