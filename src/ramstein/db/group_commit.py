"""Group commit: concurrent writes share one transaction and one durable commit.

A commit costs a disk flush (SQLite's fsync under synchronous=FULL, PostgreSQL's WAL flush) and the
audit chain admits one writer at a time, so writers queue anyway. One writer thread per process
takes every queued job, runs them in one transaction, commits once, and only then resolves each
job's future: a caller never sees a result that is not durable, and if the commit fails every job
in it gets the error. A job that fails gets its own error and leaves no trace: the batch is rolled
back and the other jobs run again, each in a savepoint (a job that refuses before writing anything
raises Refusal and disturbs nobody). One thread doing all the writing also keeps request threads
from contending for the interpreter lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from sqlalchemy.orm import Session, sessionmaker

from ramstein.db.uow import UnitOfWork

T = TypeVar("T")
MAX_BATCH = 64
IDLE_SECONDS = 2.0  # the writer thread ends after this long without work and restarts on demand


class GroupCommit:
    """`writes.submit(lambda session: ...)` returns a future resolved once the write is committed."""

    def __init__(self, factory: sessionmaker[Session], max_batch: int = MAX_BATCH) -> None:
        self._factory = factory
        self._max_batch = max_batch
        self._changed = threading.Condition()
        self._queue: list[tuple[Callable[[Session], Any], Future[Any]]] = []
        self._thread: threading.Thread | None = None
        self._closed = False

    def submit(self, work: Callable[[Session], T]) -> Future[T]:
        future: Future[T] = Future()
        with self._changed:
            if self._closed:
                raise RuntimeError("the writer is closed")
            self._queue.append((work, future))
            if self._thread is None:
                self._thread = threading.Thread(target=self._serve, name="ramstein-writer", daemon=True)
                self._thread.start()
            self._changed.notify()
        return future

    def run(self, work: Callable[[Session], T]) -> T:
        """Submit and wait (for callers on a thread of their own)."""
        return self.submit(work).result()

    def close(self) -> None:
        """Finish what is queued and stop the writer thread."""
        with self._changed:
            self._closed = True
            thread = self._thread
            self._changed.notify()
        if thread is not None:
            thread.join()

    def _serve(self) -> None:
        try:
            while True:
                with self._changed:
                    if not self._queue and not self._closed:
                        self._changed.wait(IDLE_SECONDS)
                    if not self._queue:
                        self._thread = None
                        return
                    batch, self._queue = self._queue[:self._max_batch], self._queue[self._max_batch:]
                # a caller that gave up (its request was cancelled) is skipped; the others can no
                # longer cancel, so each future is resolved exactly once, after the commit
                self._commit([(work, future) for work, future in batch if future.set_running_or_notify_cancel()])
        except BaseException:
            with self._changed:  # never leave a dead thread registered: the next submit starts one
                self._thread = None
            raise

    def _commit(self, batch: list[tuple[Callable[[Session], Any], Future[Any]]]) -> None:
        """Run the batch without savepoints (two statements per job saved); if a job fails, roll
        everything back, fail that job, and run the rest again, each in its own savepoint."""
        results: list[tuple[Future[Any], Any]] = []
        errors: list[tuple[Future[Any], BaseException]] = []
        try:
            with UnitOfWork(self._factory, write=True) as uow:
                failed: tuple[int, Exception] | None = None
                for index, (work, future) in enumerate(batch):
                    try:
                        results.append((future, work(uow.session)))
                    except Refusal as refusal:  # nothing written: no reason to disturb the others
                        errors.append((future, refusal.error))
                    except Exception as exc:
                        failed = (index, exc)
                        break
                if failed is None:
                    uow.commit()
                    self._resolve(results, errors)
                    return
            index, error = failed
            refused = {id(future) for future, _ in errors}
            rest = [(w, f) for w, f in batch[:index] + batch[index + 1:] if id(f) not in refused]
            results, errors = [], [*errors, (batch[index][1], error)]
            with UnitOfWork(self._factory, write=True) as uow:
                for work, future in rest:
                    try:
                        with uow.session.begin_nested():
                            results.append((future, work(uow.session)))
                    except Refusal as refusal:
                        errors.append((future, refusal.error))
                    except Exception as exc:  # the job's own failure: its savepoint is rolled back
                        errors.append((future, exc))
                uow.commit()
        except BaseException as exc:  # the shared commit failed: nothing in it was written
            answered = {id(future) for future, _ in errors}
            results = []
            errors = [*errors, *((future, exc) for _, future in batch if id(future) not in answered)]
        self._resolve(results, errors)

    @staticmethod
    def _resolve(results: list[tuple[Future[Any], Any]], errors: list[tuple[Future[Any], BaseException]]) -> None:
        for future, result in results:
            future.set_result(result)
        for future, error in errors:
            future.set_exception(error)


class Refusal(Exception):
    """Raised by a job that refuses before writing anything (a bad token, say): `error` is its
    answer, and the other jobs of the batch go on without being rolled back and run again."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error
