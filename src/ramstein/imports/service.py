"""All-or-nothing import: every row is checked first; one bad row and nothing is written."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import pydantic
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ramstein.audit.log import record
from ramstein.auth.actor import Actor
from ramstein.errors import Conflict, ImportRejected, RamsteinError, RowProblem, ValidationError
from ramstein.imports.kinds import KINDS
from ramstein.imports.reader import read_rows
from ramstein.models import ImportRun


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


@dataclass(frozen=True)
class ImportOutcome:
    run: ImportRun
    already: bool  # the same content of this kind was imported before: nothing was added


def file_sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None  # read_rows names what is wrong with the path


def import_once(session: Session, actor: Actor, kind: str, path: Path) -> ImportOutcome:
    """Import `path` unless a file with the same content was imported as `kind` before.

    The import is recorded (kind, SHA-256 of the file, rows) in the same transaction as its rows,
    before them: a concurrent import of the same content waits on the unique key and is refused,
    and a run killed after its commit is answered by the next run with "already imported"."""
    digest = file_sha256(path)
    if digest is None:
        import_file(session, actor, kind, path)  # raises, naming the problem with the path
        raise ValidationError(f"cannot read {path}", field="file")  # pragma: no cover
    found = session.execute(select(ImportRun).where(ImportRun.kind == kind, ImportRun.sha256 == digest)).scalar()
    if found is not None:
        return ImportOutcome(found, already=True)
    run = ImportRun(kind=kind, sha256=digest, file_name=path.name[:500], rows=0, at=dt.datetime.now(dt.UTC),
                    by=actor.name)
    session.add(run)
    try:
        session.flush()
    except IntegrityError:
        raise Conflict(f"{path.name} is being imported by another process; run again to see its outcome",
                       field="file") from None
    run.rows = import_file(session, actor, kind, path)
    session.flush()
    record(session, actor, "imported", "import", run.id, None,
           {"kind": kind, "sha256": digest, "file_name": run.file_name, "rows": run.rows})
    return ImportOutcome(run, already=False)
