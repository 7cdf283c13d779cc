"""The group commit behind API writes: shared commits, isolated failures, nothing acknowledged unwritten."""

from __future__ import annotations

import multiprocessing
import threading

import pytest
from sqlalchemy import event, func, select

from ramstein.audit.chain import verify_chain
from ramstein.db.engine import make_session_factory
from ramstein.db.group_commit import GroupCommit, Refusal
from ramstein.db.uow import UnitOfWork
from ramstein.errors import ValidationError
from ramstein.models import Event, Nation, Pledge
from tests.builders import make_nations, make_pledge


@pytest.fixture
def writes(engine):
    factory = make_session_factory(engine)
    with UnitOfWork(factory, write=True) as uow:
        make_nations(uow.session)
        uow.commit()
    group = GroupCommit(factory)
    yield group
    group.close()


def count(engine, model) -> int:  # type: ignore[no-untyped-def]
    with UnitOfWork(make_session_factory(engine)) as uow:
        return uow.session.execute(select(func.count()).select_from(model)).scalar_one()


def hold(writes: GroupCommit) -> threading.Event:
    """Keep the writer busy until the returned event is set, so what is submitted meanwhile is one batch."""
    gate, started = threading.Event(), threading.Event()
    writes.submit(lambda session: started.set() or gate.wait(10))
    assert started.wait(10)
    return gate


def pledge_job(note: str):  # type: ignore[no-untyped-def]
    return lambda session: make_pledge(session, note=note)[0].id


def test_concurrent_writes_share_commits_and_all_land(engine, writes):
    commits: list[int] = []
    event.listen(engine, "commit", lambda conn: commits.append(1))
    gate = hold(writes)
    futures = [writes.submit(pledge_job(f"n{i}")) for i in range(40)]
    gate.set()
    ids = [f.result(timeout=30) for f in futures]

    assert len(set(ids)) == 40
    assert count(engine, Pledge) == 40
    assert len(commits) <= 3, "writes queued together should share one commit"
    with UnitOfWork(make_session_factory(engine)) as uow:
        assert verify_chain(uow.session).ok


def test_a_failing_job_leaves_no_trace_and_the_others_land(engine, writes):
    def fails_after_writing(session):  # type: ignore[no-untyped-def]
        make_pledge(session, note="doomed")  # a pledge and its events, then a refusal
        raise ValidationError("refused after writing", field="note")

    gate = hold(writes)
    before = writes.submit(pledge_job("before"))
    doomed = writes.submit(fails_after_writing)
    after = writes.submit(pledge_job("after"))
    gate.set()

    assert before.result(timeout=30) and after.result(timeout=30)
    with pytest.raises(ValidationError, match="refused after writing"):
        doomed.result(timeout=30)
    with UnitOfWork(make_session_factory(engine)) as uow:
        notes = set(uow.session.execute(select(Pledge.note)).scalars())
        assert notes == {"before", "after"}
        # the doomed job's events were rolled back too, and the chain runs unbroken across the retry
        assert verify_chain(uow.session).ok


def test_a_job_that_fails_when_run_again_in_its_savepoint_leaves_no_trace(engine, writes):
    """After one failure the rest run again, each in a savepoint: a second failure there, after
    writing, must be undone by its own savepoint while the job before it stays."""
    def fails_after_writing(note):  # type: ignore[no-untyped-def]
        def job(session):  # type: ignore[no-untyped-def]
            make_pledge(session, note=note)
            raise ValidationError(f"{note} refused after writing", field="note")
        return job

    gate = hold(writes)
    kept = writes.submit(pledge_job("kept"))
    first = writes.submit(fails_after_writing("first"))  # fails in the shared batch
    second = writes.submit(fails_after_writing("second"))  # never ran there: fails in its savepoint
    last = writes.submit(pledge_job("last"))
    gate.set()

    assert kept.result(timeout=30) and last.result(timeout=30)
    for future, note in ((first, "first"), (second, "second")):
        with pytest.raises(ValidationError, match=note):
            future.result(timeout=30)
    with UnitOfWork(make_session_factory(engine)) as uow:
        assert set(uow.session.execute(select(Pledge.note)).scalars()) == {"kept", "last"}
        assert verify_chain(uow.session).ok


def test_a_job_whose_flush_fails_in_its_savepoint_leaves_no_event(engine, writes):
    """A failed flush rolls the job's savepoint back through a transaction of its own: the events
    the job recorded before it must go too, or the log would name a pledge that was never made."""
    def refused(session):  # type: ignore[no-untyped-def]
        raise ValidationError("refused", field="note")

    def flush_fails(session):  # type: ignore[no-untyped-def]
        make_pledge(session, note="phantom")
        session.add(Nation(iso3="NLD", name="again", nato=True, eu=True, currency="EUR", note=""))
        session.flush()  # a duplicate key

    gate = hold(writes)
    kept = writes.submit(pledge_job("kept"))
    first = writes.submit(refused)  # fails in the shared batch: the rest run again in savepoints
    phantom = writes.submit(flush_fails)
    last = writes.submit(pledge_job("last"))
    gate.set()

    assert kept.result(timeout=30) and last.result(timeout=30)
    for future in (first, phantom):
        with pytest.raises(Exception):  # noqa: B017 (a ValidationError and the driver's IntegrityError)
            future.result(timeout=30)
    with UnitOfWork(make_session_factory(engine)) as uow:
        notes = set(uow.session.execute(select(Pledge.note)).scalars())
        assert notes == {"kept", "last"}
        created = uow.session.execute(select(Event.entity_id).where(Event.entity == "pledge",
                                                                     Event.action == "created")).scalars().all()
        stored = set(uow.session.execute(select(Pledge.id)).scalars())
        assert {int(i) for i in created} == stored and len(created) == 2
        assert verify_chain(uow.session).ok


def test_a_failed_commit_fails_every_job_in_it_and_writes_nothing(engine, writes):
    events_before = count(engine, Event)

    def breaks_the_commit(session):  # type: ignore[no-untyped-def]
        def refuse(session):  # type: ignore[no-untyped-def]
            raise RuntimeError("disk full")
        event.listen(session, "before_commit", refuse, once=True)
        return make_pledge(session, note="x")[0].id

    gate = hold(writes)
    first = writes.submit(breaks_the_commit)
    others = [writes.submit(pledge_job(f"n{i}")) for i in range(3)]
    gate.set()

    for future in [first, *others]:
        with pytest.raises(RuntimeError, match="disk full"):
            future.result(timeout=30)
    assert count(engine, Pledge) == 0
    assert count(engine, Event) == events_before
    # and the writer goes on serving
    assert writes.run(pledge_job("later"))
    assert count(engine, Pledge) == 1


def test_a_closed_writer_refuses_new_work(writes):
    writes.run(pledge_job("one"))
    writes.close()
    with pytest.raises(RuntimeError, match="closed"):
        writes.submit(pledge_job("two"))


def test_the_writer_thread_ends_when_idle_and_restarts_on_demand(engine, writes, monkeypatch):
    monkeypatch.setattr("ramstein.db.group_commit.IDLE_SECONDS", 0.05)
    writes.run(pledge_job("one"))
    for _ in range(100):
        if not any(t.name == "ramstein-writer" and t.is_alive() for t in threading.enumerate()):
            break
        threading.Event().wait(0.05)
    assert writes.run(pledge_job("two"))
    assert count(engine, Pledge) == 2


def test_services_see_what_earlier_jobs_of_the_same_batch_wrote(engine, writes):
    """Jobs share a transaction: a later job reads an earlier one's pledge (and the memo stays right)."""
    gate = hold(writes)
    first = writes.submit(pledge_job("a"))
    second = writes.submit(lambda session: session.execute(select(func.count()).select_from(Pledge)).scalar_one())
    gate.set()
    assert first.result(timeout=30)
    assert second.result(timeout=30) == 1


def _write_from_another_process(url: str, note: str, count: int) -> None:
    from ramstein.db.engine import make_engine

    engine = make_engine(url)
    group = GroupCommit(make_session_factory(engine))
    futures = [group.submit(pledge_job(f"{note}-{i}")) for i in range(count)]
    for future in futures:
        future.result(timeout=60)
    group.close()
    engine.dispose()


def test_several_processes_writing_one_database_lose_nothing_and_keep_the_chain(db_url, engine, writes):
    """What several uvicorn workers do: SQLite writers queue on the writer-lock file, PostgreSQL's on
    the chain's advisory lock; every write lands and the audit chain stays one unbroken line."""
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_write_from_another_process, args=(db_url, f"p{n}", 25)) for n in range(3)]
    for worker in workers:
        worker.start()
    for future in [writes.submit(pledge_job(f"here-{i}")) for i in range(25)]:
        future.result(timeout=60)
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    assert count(engine, Pledge) == 100
    with UnitOfWork(make_session_factory(engine)) as uow:
        assert verify_chain(uow.session).ok
        # events are appended under the chain's lock: their times never go back along the chain
        times = list(uow.session.execute(select(Event.at).order_by(Event.seq)).scalars())
        assert len(times) >= 100 and times == sorted(times)


def test_a_write_whose_caller_gave_up_before_it_ran_is_not_made(engine, writes):
    gate = hold(writes)
    abandoned = writes.submit(pledge_job("abandoned"))
    kept = writes.submit(pledge_job("kept"))
    assert abandoned.cancel()
    gate.set()
    assert kept.result(timeout=30)
    with UnitOfWork(make_session_factory(engine)) as uow:
        assert set(uow.session.execute(select(Pledge.note)).scalars()) == {"kept"}
    assert writes.run(pledge_job("later"))  # the writer goes on


def test_a_refusal_before_writing_does_not_make_the_others_run_again(engine, writes):
    runs: list[str] = []

    def counted(note):  # type: ignore[no-untyped-def]
        def job(session):  # type: ignore[no-untyped-def]
            runs.append(note)
            return make_pledge(session, note=note)[0].id
        return job

    def refuses(session):  # type: ignore[no-untyped-def]
        raise Refusal(ValidationError("unknown token", field="Authorization"))

    gate = hold(writes)
    first, refused, second = (writes.submit(counted("a")), writes.submit(refuses), writes.submit(counted("b")))
    gate.set()
    assert first.result(timeout=30) and second.result(timeout=30)
    with pytest.raises(ValidationError, match="unknown token"):
        refused.result(timeout=30)
    assert runs == ["a", "b"]


def test_a_source_created_in_a_rolled_back_savepoint_does_not_stand_in_for_a_new_one(engine, writes):
    """SQLite reuses a rolled-back row's id; the answer must show the new source, not the session's old one."""
    def fails(session):  # type: ignore[no-untyped-def]
        raise ValidationError("first failure", field="x")

    def cites_then_fails(session):  # type: ignore[no-untyped-def]
        make_pledge(session, sources=[{"title": "Rolled back", "url": "https://example.org/a"}])
        raise ValidationError("second failure", field="x")

    def cites(session):  # type: ignore[no-untyped-def]
        return [s.title for s in make_pledge(session, sources=[{"title": "Kept", "url": "https://example.org/b"}])[0].sources]

    gate = hold(writes)
    futures = [writes.submit(fails), writes.submit(cites_then_fails), writes.submit(cites)]
    gate.set()
    assert futures[2].result(timeout=30) == ["Kept"]
