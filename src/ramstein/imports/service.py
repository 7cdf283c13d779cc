"""All-or-nothing import: every row is checked first; one bad row and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pydantic
from sqlalchemy.orm import Session

from ramstein.auth.actor import Actor
from ramstein.errors import ImportRejected, RamsteinError, RowProblem, ValidationError
from ramstein.imports.kinds import KINDS
from ramstein.imports.reader import read_rows


def _column(loc: tuple[object, ...], columns: dict[str, str]) -> str:
    name = str(loc[0]) if loc else "-"
    return columns.get(name, name)


def import_file(session: Session, actor: Actor, kind: str, path: Path) -> int:
    """Import `path` as `kind`; returns rows imported or raises ImportRejected listing every bad row."""
    if kind not in KINDS:
        raise ValidationError(f"cannot import {kind!r}; one of {', '.join(KINDS)}", field="kind")
    spec = KINDS[kind]
    rows = read_rows(path, set(spec.required), set(spec.optional))
    context = spec.context(session)
    problems: list[RowProblem] = []
    prepared = []
    for row in rows:
        try:
            prepared.append(spec.prepare(row.values, context))
        except pydantic.ValidationError as exc:
            problems += [RowProblem(path.name, row.number, _column(e["loc"], spec.columns),
                                    e["msg"].removeprefix("Value error, ")) for e in exc.errors()]
        except RamsteinError as exc:
            column = spec.columns.get(exc.field or "-", exc.field or "-")
            problems.append(RowProblem(path.name, row.number, column, exc.message))
    if problems:
        raise ImportRejected(problems)
    if not prepared:
        raise ImportRejected([RowProblem(path.name, 2, "-", "the file has a header but no rows")])
    return spec.store(session, actor, prepared)
