"""Pledge lists read through an index that matches their filter and order (issue 19, item 6).

SQLite's query plan is checked for each statement a list runs: no full scan of the table and no
temporary sort. (PostgreSQL's planner chooses by table size, so a plan on a small test table says
little; migration 0010 creates the same indexes there.)
"""

from __future__ import annotations

import pytest
from sqlalchemy import event

from ramstein.auth.actor import PUBLIC
from ramstein.pledges.repository import list_pledges


def plans_of(session, read) -> list[str]:  # type: ignore[no-untyped-def]
    """SQLite's query plan of each SELECT on the pledges table that `read()` runs."""
    statements = []
    engine = session.get_bind()

    def seen(_conn, _cursor, statement, parameters, _context, _many):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("SELECT") and "FROM pledges" in statement:
            statements.append((statement, parameters))
    event.listen(engine, "before_cursor_execute", seen)
    try:
        read()
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    connection = session.connection()
    return [" / ".join(row[3] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params))
            for sql, params in statements]


@pytest.mark.parametrize("filters", [{}, {"status": "committed"}], ids=["public list", "public list by status"])
def test_public_pledge_list_reads_released_rows_through_a_matching_index(ref_uow, filters):
    session = ref_uow.session
    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("query plans are checked on SQLite")
    plans = plans_of(session, lambda: list_pledges(session, PUBLIC, limit=30, **filters))
    assert plans, "the list ran no statement on pledges"
    for plan in plans:
        assert "USING" in plan and "INDEX" in plan, plan
        assert "TEMP B-TREE" not in plan, plan  # no sort of every matching row
    if not filters:
        assert any("ix_pledges_released_date_id" in plan for plan in plans), plans  # the page itself
