"""Statements the two back ends spell differently, and the few run straight on the driver."""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Dialect, Insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from sqlalchemy.sql import ClauseElement

from ramstein.db.memo import memo


@cache
def insert_unless_exists(dialect: str, table: Any) -> Any:
    """INSERT ... ON CONFLICT DO NOTHING: concurrent writers of the same unique row do not fail.

    Built once per back end (`session.get_bind().dialect.name`) and table, so its compiled form is
    found in SQLAlchemy's cache without being rebuilt and hashed each time: pass the values as
    execution parameters.
    """
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    return insert(table).on_conflict_do_nothing()


class Prepared:
    """A Core statement compiled once per back end (and set of columns) and run on the driver's cursor.

    For the handful of statements on every API write's path: SQLAlchemy's per-execution work
    (execution context, parameter construction, result set-up: about 70 us) costs more than
    SQLite's own execution. The SQL, the parameter and result conversions and the column defaults
    are still SQLAlchemy's, taken from the compiled statement; only the per-call machinery is
    skipped. Errors are the driver's own (no statement here is expected to fail).
    """

    def __init__(self, statement: ClauseElement | Callable[[str], ClauseElement]) -> None:
        self._statement = statement
        self._compiled: dict[tuple[str, frozenset[str]], _Compiled] = {}

    def run(self, session: Session, params: Mapping[str, Any]) -> _Outcome:
        cursor, compiled = self._prepare(session, params)
        cursor.execute(compiled.sql, compiled.parameters(params))
        rows = compiled.rows(cursor) if compiled.returns else []
        return _Outcome(rows, cursor.rowcount)

    def run_many(self, session: Session, rows: Sequence[Mapping[str, Any]]) -> None:
        """The statement once per row of parameters (all with the same keys), in one driver call:
        psycopg sends them in one pipeline instead of waiting for each answer."""
        if rows:
            cursor, compiled = self._prepare(session, rows[0])
            cursor.executemany(compiled.sql, [compiled.parameters(r) for r in rows])

    def _prepare(self, session: Session, params: Mapping[str, Any]) -> tuple[Any, _Compiled]:
        # the driver's cursor, found once per transaction and savepoint: asking the session for its
        # connection is what makes it begin the transaction, or emit a new savepoint's SAVEPOINT
        remembered = memo(session)
        transaction = session.get_nested_transaction() or session.get_transaction()
        found = remembered.get(_CURSOR)
        if found is None or found[0] is not transaction:
            connection = session.connection()
            transaction = session.get_nested_transaction() or session.get_transaction()
            cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
            found = remembered[_CURSOR] = (transaction, cursor, connection.dialect)
        _, cursor, dialect = found
        key = (dialect.name, frozenset(params))
        compiled = self._compiled.get(key)
        if compiled is None:
            statement = self._statement if isinstance(self._statement, ClauseElement) else self._statement(dialect.name)
            compiled = self._compiled[key] = _Compiled(statement, dialect, params)
        return cursor, compiled


_CURSOR = "driver_cursor"


class _Outcome:
    __slots__ = ("rowcount", "rows")

    def __init__(self, rows: list[Any], rowcount: int) -> None:
        self.rows, self.rowcount = rows, rowcount

    def one(self) -> Any:
        if len(self.rows) != 1:
            raise LookupError(f"expected one row, got {len(self.rows)}")
        return self.rows[0]

    def one_or_none(self) -> Any:
        return self.rows[0] if self.rows else None


class _Compiled:
    def __init__(self, statement: ClauseElement, dialect: Dialect, params: Iterable[str]) -> None:
        keys = list(params)
        self.defaults: list[tuple[str, Any]] = []
        if isinstance(statement, Insert):  # columns left out take their Python-side defaults
            for column in statement.table.columns:  # type: ignore[attr-defined]
                default = column.default
                if column.key not in keys and default is not None and (default.is_scalar or default.is_callable):
                    self.defaults.append((column.key, default))
                    keys.append(column.key)
        compiled = statement.compile(dialect=dialect, column_keys=keys)
        self.sql = compiled.string
        names = list(compiled.positiontup) if compiled.positional else list(compiled.binds)  # type: ignore[arg-type]
        self.names = names
        self.positional = compiled.positional
        self.processors = [_bind_processor(compiled.binds[n], dialect) for n in names]
        self.constants = {n: compiled.binds[n].value for n in names if n not in keys}
        columns = list(statement.exported_columns)  # type: ignore[attr-defined]  # selected or RETURNING
        self.returns = bool(columns)
        self.row_type = namedtuple("Row", [c.key for c in columns]) if columns else None  # type: ignore[misc]
        self._result_types = [c.type.dialect_impl(dialect) for c in columns]
        self._dialect = dialect
        self.result_processors: list[Any] | None = None  # some need the driver's type codes: first result

    def rows(self, cursor: Any) -> list[Any]:
        if self.result_processors is None:
            self.result_processors = [t.result_processor(self._dialect, d[1])
                                      for t, d in zip(self._result_types, cursor.description, strict=True)]
        processors = self.result_processors
        return [self.row_type(*(p(v) if p is not None else v  # type: ignore[misc]
                                for p, v in zip(processors, raw, strict=True))) for raw in cursor.fetchall()]

    def parameters(self, params: Mapping[str, Any]) -> Any:
        if self.defaults:
            params = {**params}
            for key, default in self.defaults:
                params[key] = default.arg(None) if default.is_callable else default.arg
        values = [params[n] if n in params else self.constants[n] for n in self.names]
        values = [p(v) if p is not None else v for p, v in zip(self.processors, values, strict=True)]
        return values if self.positional else dict(zip(self.names, values, strict=True))


def _bind_processor(bind: Any, dialect: Dialect) -> Any:
    return bind.type.dialect_impl(dialect).bind_processor(dialect)
