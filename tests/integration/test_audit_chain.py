import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from typer.testing import CliRunner

from ramstein.audit.chain import count_events, verify_chain
from ramstein.audit.log import record
from ramstein.audit.repository import list_events
from ramstein.auth.actor import SYSTEM
from ramstein.cli.app import app
from ramstein.db.engine import make_session_factory
from ramstein.models import Event, Nation
from tests.builders import OPERATOR, make_nations


def actions(session) -> list[str]:  # type: ignore[no-untyped-def]
    return list(session.execute(select(Event.action).where(Event.entity == "test").order_by(Event.seq)).scalars())


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


def test_events_recorded_in_a_rolled_back_savepoint_go_with_it_and_the_others_stay(uow):
    session = uow.session
    record(session, OPERATOR, "before", "test", 1, None, {"n": 1})
    try:
        with session.begin_nested():
            record(session, OPERATOR, "undone", "test", 2, None, {"n": 2})
            with session.begin_nested():  # released into the savepoint that then rolls back
                record(session, OPERATOR, "undone-inside", "test", 3, None, {"n": 3})
            raise RuntimeError("undo")
    except RuntimeError:
        pass
    with session.begin_nested():
        record(session, OPERATOR, "in-a-released-savepoint", "test", 4, None, {"n": 4})
    record(session, OPERATOR, "after", "test", 5, None, {"n": 5})
    uow.commit()
    assert actions(session) == ["before", "in-a-released-savepoint", "after"]
    assert verify_chain(session).ok


def test_events_are_readable_in_the_transaction_that_recorded_them_and_gone_if_it_rolls_back(uow):
    session = uow.session
    record(session, OPERATOR, "seen", "test", 1, {"n": 0}, {"n": 1})
    assert actions(session) == ["seen"]  # an ORM read of events appends the recorded ones first
    record(session, OPERATOR, "seen-too", "test", 2, None, None)
    assert actions(session) == ["seen", "seen-too"]
    session.rollback()
    assert actions(session) == []
    record(session, OPERATOR, "kept", "test", 3, None, None)
    uow.commit()
    assert actions(session) == ["kept"] and verify_chain(session).ok


def test_a_commit_with_a_savepoint_still_open_writes_what_both_recorded(engine):
    factory = make_session_factory(engine)
    with factory() as session:
        with session.begin():  # the root commits while the savepoint is open: it is released first
            record(session, OPERATOR, "recorded", "test", 1, None, None)
            session.begin_nested()
            record(session, OPERATOR, "in-the-savepoint", "test", 2, None, None)
    with factory() as session:
        assert actions(session) == ["recorded", "in-the-savepoint"] and verify_chain(session).ok


def test_events_of_a_savepoint_rolled_back_by_a_failed_flush_go_with_it(uow):
    session = uow.session
    make_nations(session)
    record(session, OPERATOR, "kept", "test", 1, None, None)
    with pytest.raises(IntegrityError):
        with session.begin_nested():
            record(session, OPERATOR, "doomed", "test", 2, None, None)
            session.add(Nation(iso3="NLD", name="again", nato=True, eu=True, currency="EUR", note=""))
            session.flush()  # a duplicate key: the flush rolls the savepoint back
    uow.commit()
    assert actions(session) == ["kept"] and verify_chain(session).ok


def test_counts_and_pages_of_events_include_those_recorded_in_the_transaction(uow):
    session = uow.session
    before = count_events(session)
    record(session, OPERATOR, "counted", "test", 1, None, None)
    assert count_events(session) == before + 1
    rows, total = list_events(session, SYSTEM, entity="test")
    assert total == 1 and [r.action for r in rows] == ["counted"]
