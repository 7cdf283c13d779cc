"""Backups and restores of the whole database, consistent while the ledger is being written.

SQLite: the online backup API (`sqlite3.Connection.backup`) copies every page in one step under a
read transaction, so writers carry on (WAL) and the copy is the database at one instant.
PostgreSQL: `pg_dump` in its custom format, the tool made for it: one repeatable-read snapshot,
with the sequences, the append-only trigger and its function, compressed; `pg_restore` reads it.
A copy through SQLAlchemy would have to re-create all of that by hand and could drift from it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, inspect
from sqlalchemy.engine import URL

from ramstein.errors import Conflict, NotFound, Unavailable, ValidationError

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"


@dataclass(frozen=True)
class BackupMade:
    path: Path
    size: int
    tool: str


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise ValidationError("an in-memory database has nothing to back up", field="db")
    return Path(url.database)


def _libpq_url(url: URL) -> str:
    """The URL as libpq (pg_dump, pg_restore) reads it: no SQLAlchemy driver name."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise Unavailable(f"{name} is not installed (Debian/Ubuntu: apt-get install postgresql-client, "
                          "the same major version as the server or newer)", field="db")
    return found


def _run(args: list[str], what: str) -> None:
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        raise Unavailable(f"{what} failed: {done.stderr.strip()[-800:]}", field="db")


def backup(engine: Engine, out: Path) -> BackupMade:
    if out.exists():
        raise Conflict(f"{out} exists already; a backup never overwrites a file", field="out")
    url = engine.url
    partial = out.with_name(out.name + ".partial")  # renamed when complete: a file named FILE is whole
    partial.unlink(missing_ok=True)
    try:
        if url.get_backend_name() == "sqlite":
            source = sqlite3.connect(_sqlite_path(url))
            target = sqlite3.connect(partial)
            try:
                source.backup(target)  # every page in one step: the database at one instant
            finally:
                target.close()
                source.close()
            tool = "SQLite online backup"
        else:
            _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}",
                  _libpq_url(url)], "pg_dump")
            tool = "pg_dump (custom format)"
        _fsync(partial)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return BackupMade(out, out.stat().st_size, tool)


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def kind_of(path: Path) -> str:
    try:
        with open(path, "rb") as handle:
            head = handle.read(16)
    except FileNotFoundError:
        raise NotFound(f"no backup at {path}", field="file") from None
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_DUMP_MAGIC):
        return "postgresql"
    raise ValidationError(f"{path} is neither a SQLite database nor a pg_dump custom-format file", field="file")


def is_empty(engine: Engine) -> bool:
    url = engine.url
    if url.get_backend_name() == "sqlite" and not _sqlite_path(url).exists():
        return True
    with engine.connect() as connection:
        return not inspect(connection).get_table_names()


def restore(engine: Engine, backup_file: Path, *, force: bool) -> None:
    """Restore `backup_file` into the database of `engine`, which must be empty unless `force`."""
    kind, url = kind_of(backup_file), engine.url
    if kind != url.get_backend_name():
        raise ValidationError(f"{backup_file} is a {kind} backup; restore it into a {kind} database", field="db")
    if not force and not is_empty(engine):
        raise Conflict(f"{url.render_as_string(hide_password=True)} is not empty; restoring would replace it. "
                       "Restore into a new database, or pass --force to replace this one", field="db")
    engine.dispose()
    if kind == "sqlite":
        source = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
        target = sqlite3.connect(_sqlite_path(url))
        try:
            if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise ValidationError(f"{backup_file} is damaged (PRAGMA integrity_check)", field="file")
            source.backup(target)
        finally:
            target.close()
            source.close()
        return
    args = [_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
            f"--dbname={_libpq_url(url)}"]
    if force:
        args += ["--clean", "--if-exists"]
    _run([*args, str(backup_file)], "pg_restore")
