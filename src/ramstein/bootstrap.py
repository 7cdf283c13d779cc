"""Bring a database to a usable state: migrate to head, then load the reference data the first time."""

from __future__ import annotations

from sqlalchemy import Engine

from ramstein.db.engine import make_session_factory
from ramstein.db.schema import upgrade
from ramstein.db.uow import UnitOfWork
from ramstein.reference import load_reference_data


def prepare_database(engine: Engine, *, load_reference: bool = True) -> dict[str, int]:
    """Returns the counts loaded (empty when the data was already there or not wanted)."""
    upgrade(engine)
    if not load_reference:
        return {}
    with UnitOfWork(make_session_factory(engine), write=True) as uow:
        counts = load_reference_data(uow.session)
        uow.commit()
    return counts
