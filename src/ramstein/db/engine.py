"""Engines for SQLite (WAL, synchronous=FULL, foreign keys on) and PostgreSQL (psycopg 3)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from ramstein.db.uow import install_sqlite_begin
from ramstein.errors import NotFound, Unavailable, ValidationError


def normalize_url(url: str) -> str:
    """Accept `postgresql://` and `postgres://` as psycopg 3 URLs; refuse unsupported back ends clearly."""
    try:
        parsed = make_url(url)
    except Exception as exc:  # sqlalchemy raises ArgumentError with a terse text
        raise ValidationError(f"not a database URL: {url!r} ({exc})", field="db") from None
    backend = parsed.get_backend_name()
    if backend == "postgres":
        parsed = parsed.set(drivername="postgresql+psycopg")
    elif backend == "postgresql" and parsed.get_driver_name() in ("", "psycopg2"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    elif backend not in ("sqlite", "postgresql"):
        raise ValidationError(f"unsupported database {backend!r}: use sqlite:/// or postgresql://", field="db")
    return parsed.render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str, **kwargs: object) -> Engine:
    url = normalize_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        install_sqlite_begin(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)


def require_existing(engine: Engine, *, table: str | None = None) -> None:
    """Refuse a database that does not exist (a mistyped path or name), or that has no `table`,
    instead of creating it: NotFound, or Unavailable when the server cannot be reached."""
    from sqlalchemy.exc import OperationalError

    url = engine.url
    where = url.render_as_string(hide_password=True)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:") \
            and not Path(url.database).exists():
        raise NotFound(f"no database at {url.database}: check --db or RAMSTEIN_DATABASE_URL "
                       "(`ramstein init` creates one)", field="db")
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names()) if table else set()
    except OperationalError as exc:
        reason = str(exc.orig or exc).strip().splitlines()[0]
        if "does not exist" in reason:
            raise NotFound(f"no database {where}: {reason} (`ramstein init` creates one)", field="db") from None
        raise Unavailable(f"cannot reach the database {where}: {reason}", field="db") from None
    if table and table not in tables:
        raise NotFound(f"{where} is not a Ramstein database (it has no {table} table)", field="db")
