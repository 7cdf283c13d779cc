"""Every query about nations and their dated figures."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ramstein.db.memo import memo
from ramstein.db.statements import Prepared
from ramstein.errors import NotFound
from ramstein.models import Nation, NationFigure


def get_nation(session: Session, iso3: str) -> Nation:
    nation = session.get(Nation, iso3.upper())
    if nation is None:
        raise NotFound(f"unknown nation {iso3!r}", field="nation")
    return nation


def list_nations(session: Session, *, limit: int, offset: int) -> tuple[list[Nation], int]:
    total = session.execute(select(func.count()).select_from(Nation)).scalar_one()
    rows = session.execute(select(Nation).order_by(Nation.iso3).limit(limit).offset(offset)).scalars().all()
    return list(rows), total


_CODES = Prepared(select(Nation.iso3))  # on every pledge write's path


def nation_codes(session: Session) -> frozenset[str]:
    """Read once per transaction (a group commit's jobs all validate against the same set)."""
    remembered = memo(session)
    if "nation_codes" not in remembered:
        session.flush()  # nations added in this unit of work count (a driver read does not autoflush)
        remembered["nation_codes"] = frozenset(row.iso3 for row in _CODES.run(session, {}).rows)
    return remembered["nation_codes"]  # type: ignore[no-any-return]


def gdp_by_nation(session: Session, year: int) -> dict[str, Decimal]:
    """Each nation's GDP for `year`, else its latest earlier figure, else its earliest later one."""
    rows = session.execute(
        select(NationFigure.nation_iso3, NationFigure.year, NationFigure.value)
        .where(NationFigure.measure == "gdp_usd")
    ).all()
    figures: dict[str, list[tuple[int, Decimal]]] = {}
    for iso3, fig_year, value in rows:
        figures.setdefault(iso3, []).append((fig_year, value))
    chosen = {}
    for iso3, figs in figures.items():
        earlier = [f for f in figs if f[0] <= year]
        chosen[iso3] = max(earlier)[1] if earlier else min(figs)[1]
    return chosen
