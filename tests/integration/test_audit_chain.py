import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from ramstein.audit.chain import verify_chain
from ramstein.cli.app import app
from ramstein.models import Event


def drop_guards(connection) -> None:  # type: ignore[no-untyped-def]
    """What only someone with the database owner's rights can do: remove the append-only triggers."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("DROP TRIGGER events_append_only ON events"))
    else:
        connection.execute(text("DROP TRIGGER events_no_update"))
        connection.execute(text("DROP TRIGGER events_no_delete"))


@pytest.mark.parametrize("statement", ["UPDATE events SET actor = 'forged'", "DELETE FROM events"])
def test_the_database_refuses_to_edit_or_delete_events(ref_uow, statement):
    with pytest.raises(DBAPIError, match="append-only"):
        ref_uow.session.execute(text(statement))


def test_an_untouched_log_verifies(ref_uow):
    report = verify_chain(ref_uow.session)
    assert report.ok and report.checked > 50


EDITS = st.sampled_from(["actor", "action", "after", "before", "entity_id", "delete", "prev_hash"])


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edit=EDITS, position=st.floats(min_value=0, max_value=0.999))
def test_any_edit_of_the_log_is_detected_at_that_event(ref_uow, edit, position):
    session = ref_uow.session
    drop_guards(session.connection())
    seqs = list(session.execute(select(Event.seq).order_by(Event.seq)).scalars())
    target = seqs[int(position * len(seqs))]
    if edit == "delete":
        session.execute(text("DELETE FROM events WHERE seq = :s"), {"s": target})
        expected = seqs[seqs.index(target) + 1] if target != seqs[-1] else None
    else:
        values = {"after": {"forged": True}, "before": {"forged": True}, "prev_hash": "f" * 64}
        session.execute(update(Event).where(Event.seq == target).values({edit: values.get(edit, "forged")}))
        expected = target
    session.flush()
    report = verify_chain(session)
    assert report.broken_at == expected
    session.rollback()


def test_audit_verify_command_names_the_broken_event(ref_db_url, ref_engine):
    runner = CliRunner()
    ok = runner.invoke(app, ["--db", ref_db_url, "audit", "verify"])
    assert ok.exit_code == 0 and "intact" in ok.output
    with ref_engine.begin() as conn:
        drop_guards(conn)
        seq = conn.execute(text("SELECT min(seq) FROM events WHERE entity = 'pledge'")).scalar_one()
        conn.execute(text("UPDATE events SET after = :a WHERE seq = :s"), {"a": json.dumps({"x": 1}), "s": seq})
    broken = runner.invoke(app, ["--db", ref_db_url, "audit", "verify"])
    assert broken.exit_code == 1 and f"broken at event {seq}" in broken.output
