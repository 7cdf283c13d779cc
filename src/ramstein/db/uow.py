"""The unit of work: the entrypoint owns the transaction; services only flush (GUIDE rule 3).

A writing unit of work on SQLite starts with BEGIN IMMEDIATE, so concurrent writers queue for the
lock instead of failing when one of them has read a snapshot the other then changed; reads never
take that lock. PostgreSQL needs nothing of the kind (its row locks and advisory lock do the work).
"""

from __future__ import annotations

import os
import threading
from types import TracebackType

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

try:  # POSIX; elsewhere writers of one process still queue on the thread lock
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

WRITE_OPTION = "ramstein_write"


class UnitOfWork:
    """`with UnitOfWork(factory, write=True) as uow: ...; uow.commit()`; leaving without commit rolls back."""

    def __init__(self, factory: sessionmaker[Session], *, write: bool = False) -> None:
        self._factory = factory
        self._write = write
        self.session: Session

    def __enter__(self) -> UnitOfWork:
        if self._write:
            engine = self._factory.kw["bind"]
            self.session = self._factory(bind=engine.execution_options(**{WRITE_OPTION: True}))
        else:
            self.session = self._factory()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            self.session.rollback()
        finally:
            self.session.close()

    def commit(self) -> None:
        self.session.commit()


class _WriterLock:
    """One writer at a time: threads of this process on a lock, processes on an flock of a file.

    SQLite's own busy handler polls with sleeps of up to 100 ms, which under load turns a write of
    a few milliseconds into seconds of waiting; a blocked flock wakes as soon as it is released, so
    several server processes (uvicorn workers) on one database queue fairly without polling.
    """

    def __init__(self, database: str | None) -> None:
        self._threads = threading.Lock()
        self._path = f"{database}.writer-lock" if database and database != ":memory:" else None
        self._file: int | None = None
        self._pid = 0

    def acquire(self) -> None:
        self._threads.acquire()
        if self._path is None or fcntl is None:
            return
        try:
            if self._file is None or self._pid != os.getpid():
                # a forked child opens its own: an inherited descriptor would share the parent's lock
                self._file = os.open(self._path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
                self._pid = os.getpid()
            fcntl.flock(self._file, fcntl.LOCK_EX)
        except BaseException:
            self._threads.release()
            raise

    def release(self) -> None:
        try:
            if self._file is not None and fcntl is not None:
                fcntl.flock(self._file, fcntl.LOCK_UN)
        finally:
            self._threads.release()


def install_sqlite_begin(engine: Engine) -> None:
    """Take over pysqlite's implicit BEGIN, so a writing unit of work can ask for IMMEDIATE.

    Writers queue on a _WriterLock before BEGIN IMMEDIATE, so the database's lock is always free
    when they ask for it; readers never take it.
    """
    writers = _WriterLock(engine.url.database)

    @event.listens_for(engine, "connect")
    def _no_implicit_begin(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:  # type: ignore[no-untyped-def]
        immediate = conn.get_execution_options().get(WRITE_OPTION, False)
        if not immediate:
            conn.exec_driver_sql("BEGIN")
            return
        writers.acquire()
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            writers.release()
            raise
        conn.info["holds_writer_lock"] = True

    def _release(conn) -> None:  # type: ignore[no-untyped-def]
        if conn.info.pop("holds_writer_lock", False):
            writers.release()

    event.listen(engine, "commit", _release)
    event.listen(engine, "rollback", _release)
