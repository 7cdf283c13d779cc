"""Values read once per transaction: a group commit's jobs share nation codes, sources and the chain head.

The memo lives in `session.info` and is forgotten when the transaction ends or any part of it
(a job's savepoint) rolls back, since a value read or written inside a rolled-back savepoint may
no longer be true.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

MEMO = "ramstein_memo"


def memo(session: Session) -> dict[Any, Any]:
    return session.info.setdefault(MEMO, {})  # type: ignore[no-any-return]


@event.listens_for(Session, "after_soft_rollback")
def _forget_on_rollback(session: Session, previous_transaction: SessionTransaction) -> None:
    session.info.pop(MEMO, None)


@event.listens_for(Session, "after_transaction_end")
def _forget_at_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(MEMO, None)
