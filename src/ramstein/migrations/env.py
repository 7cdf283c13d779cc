"""Alembic environment: a connection handed in by ramstein.db.schema, or the configured URL."""

from __future__ import annotations

from alembic import context

import ramstein.models  # noqa: F401  (registers every table)
from ramstein.config import get_settings
from ramstein.db.base import Base
from ramstein.db.engine import make_engine

config = context.config
target_metadata = Base.metadata


def run_migrations(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True,
                      compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    url = config.get_main_option("sqlalchemy.url") or get_settings().database_url
    engine = make_engine(url)
    with engine.connect() as conn:
        run_migrations(conn)
    engine.dispose()
