"""The queries of the open-data exports that no feature's repository answers: dates of stages, the log's head."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ramstein.models import Checkpoint, Event, Nation, NationFigure
from ramstein.states import PACKAGE_MOVES


def first_dates(session: Session, entity: str, actions: tuple[str, ...]) -> dict[str, dict[str, dt.datetime]]:
    """When each record of `entity` first took each of `actions`, from the event log (dates only, never
    the events' contents): {entity_id: {action: at}}."""
    query = (select(Event.entity_id, Event.action, func.min(Event.at))
             .where(Event.entity == entity, Event.action.in_(actions))
             .group_by(Event.entity_id, Event.action))
    found: dict[str, dict[str, dt.datetime]] = defaultdict(dict)
    for entity_id, action, at in session.execute(query):
        found[entity_id][action] = at
    return dict(found)


def package_stage_dates(session: Session) -> dict[str, dict[str, dt.datetime]]:
    """{package ref: {"created" | status: first time}}."""
    return first_dates(session, "package", ("created", *PACKAGE_MOVES))


def payment_dates(session: Session) -> dict[str, dt.datetime]:
    """{pledge id (text): when it was first recorded as disbursed}."""
    return {k: v["disbursed"] for k, v in first_dates(session, "pledge", ("disbursed",)).items()}


def log_head(session: Session) -> tuple[int, str, dt.datetime] | None:
    """The event log's last (seq, hash, at): the state an export was made from."""
    row = session.execute(select(Event.seq, Event.hash, Event.at).order_by(Event.seq.desc()).limit(1)).first()
    return (row[0], row[1], row[2]) if row else None


def latest_checkpoint(session: Session, up_to_seq: int) -> dict[str, object] | None:
    """The newest signed checkpoint of the log's head at or before event `up_to_seq` (audit/checkpoints.py)."""
    row = session.execute(select(Checkpoint).where(Checkpoint.seq <= up_to_seq)
                          .order_by(Checkpoint.seq.desc(), Checkpoint.id.desc()).limit(1)).scalar_one_or_none()
    if row is None:
        return None
    return {"seq": row.seq, "hash": row.hash, "at": row.at, "key_id": row.key_id, "signature": row.signature}


def list_nations(session: Session) -> list[Nation]:
    return list(session.execute(select(Nation).order_by(Nation.iso3)).scalars())


def list_nation_figures(session: Session) -> list[NationFigure]:
    return list(session.execute(select(NationFigure).order_by(
        NationFigure.nation_iso3, NationFigure.measure, NationFigure.year)).scalars())
