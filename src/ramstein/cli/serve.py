"""`ramstein init` and `ramstein serve`."""

from __future__ import annotations

import typer
from rich.console import Console

from ramstein.cli.context import CliContext
from ramstein.cli.errors import reported

out = Console(highlight=False)


def init(ctx: typer.Context) -> None:
    """Create or migrate the database and load the bundled reference data (once)."""
    cli: CliContext = ctx.obj
    with reported(), out.status("Migrating the database and loading reference data..."):
        from ramstein.bootstrap import prepare_database
        from ramstein.db.engine import make_engine

        counts = prepare_database(make_engine(cli.settings.database_url),
                                  load_reference=cli.settings.load_reference_data)
    if counts:
        out.print("Loaded reference data: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    else:
        out.print("Database is up to date; reference data already loaded.")


def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", help="address to listen on"),
    port: int = typer.Option(8000, help="port to listen on"),
    workers: int = typer.Option(1, min=1, help="uvicorn worker processes; two use both cores of a small machine, "
                                 "even on SQLite (writers queue on the file's writer lock)"),
) -> None:
    """Serve the API and dashboard; initializes the database on first run."""
    import os
    import secrets

    import uvicorn

    cli: CliContext = ctx.obj
    with reported(), out.status("Preparing the database..."):
        cli.engine(create=True)
    os.environ["RAMSTEIN_DATABASE_URL"] = cli.settings.database_url
    if not cli.settings.session_secret:
        # one secret shared by every worker of this start; set RAMSTEIN_SESSION_SECRET to keep sessions
        os.environ["RAMSTEIN_SESSION_SECRET"] = secrets.token_urlsafe(32)
    out.print(f"Ramstein on http://{host}:{port}  (database {cli.settings.database_url})")
    uvicorn.run("ramstein.api.app:app_from_environment", factory=True, host=host, port=port,
                workers=workers, log_level="info")


def register(app: typer.Typer) -> None:
    app.command()(init)
    app.command()(serve)
