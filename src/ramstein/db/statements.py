"""Statements the two back ends spell differently."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session


def insert_unless_exists(session: Session, table: Any) -> Any:
    """INSERT ... ON CONFLICT DO NOTHING: concurrent writers of the same unique row do not fail.

    Pass the values as execution parameters: the statement is built once per back end and table,
    so its compiled form is found in SQLAlchemy's cache without being rebuilt and hashed each time.
    """
    return _insert_unless_exists(session.get_bind().dialect.name, table)


@cache
def _insert_unless_exists(dialect: str, table: Any) -> Any:
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    return insert(table).on_conflict_do_nothing()
