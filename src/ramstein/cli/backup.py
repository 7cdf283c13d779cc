"""`ramstein backup --out FILE` and `ramstein restore FILE [--force]` (backups/service.py)."""

from __future__ import annotations

import time
from pathlib import Path

import typer
from rich.console import Console

from ramstein.cli.context import CliContext
from ramstein.cli.errors import reported

out = Console(highlight=False, soft_wrap=True)


def backup(
    ctx: typer.Context,
    out_file: Path = typer.Option(..., "--out", help="the backup file to write (never overwritten)"),
) -> None:
    """Back up the whole database, consistent while it is written: SQLite's online backup, or pg_dump."""
    from ramstein.backups.service import backup as make_backup

    cli: CliContext = ctx.obj
    started = time.perf_counter()
    with reported():
        engine = cli.engine(prepare=False)  # refuses a database that does not exist; changes nothing
        with out.status(f"Backing up to {out_file}..."):
            made = make_backup(engine, out_file)
    where = engine.url.render_as_string(hide_password=True)
    out.print(f"Backed up {where} to {made.path} ({made.size / 1e6:.1f} MB, {made.tool}) in "
              f"{time.perf_counter() - started:.1f} s. Restore drill: ramstein --db URL-OF-AN-EMPTY-DATABASE "
              f"restore {made.path}")


def restore(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="a file made by `ramstein backup`"),
    force: bool = typer.Option(False, "--force", help="replace a database that is not empty"),
) -> None:
    """Restore a backup into an empty database (or, with --force, over one), then verify it."""
    from ramstein.backups.service import restore as restore_backup
    from ramstein.cli.audit import show_verification, verify_database
    from ramstein.db.engine import make_engine, require_existing

    cli: CliContext = ctx.obj
    started = time.perf_counter()
    with reported():
        engine = make_engine(cli.settings.database_url)
        if engine.url.get_backend_name() != "sqlite":
            require_existing(engine)  # PostgreSQL: `createdb` it first; a SQLite file is created here
        with out.status(f"Restoring {file}..."):
            restore_backup(engine, file, force=force)
        out.print(f"Restored {file} into {engine.url.render_as_string(hide_password=True)} in "
                  f"{time.perf_counter() - started:.1f} s; verifying it:")
        report, drift = verify_database(make_engine(cli.settings.database_url), [])
    show_verification(report, drift, [], tables=True)


def register(app: typer.Typer) -> None:
    app.command()(backup)
    app.command()(restore)
