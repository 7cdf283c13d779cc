"""`ramstein init` and `ramstein serve`."""

from __future__ import annotations

import typer
from rich.console import Console

from ramstein.cli.context import CliContext
from ramstein.cli.errors import reported
from ramstein.errors import PortInUse, ValidationError

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

    from ramstein.api.worker import PARENT_ENV

    cli: CliContext = ctx.obj
    with reported():
        check_address(host, port)
        with out.status("Preparing the database..."):
            cli.engine(create=True)
    os.environ["RAMSTEIN_DATABASE_URL"] = cli.settings.database_url
    os.environ[PARENT_ENV] = str(os.getpid())  # workers die with this process (api/worker.py)
    if not cli.settings.session_secret:
        # one secret shared by every worker of this start; set RAMSTEIN_SESSION_SECRET to keep sessions
        os.environ["RAMSTEIN_SESSION_SECRET"] = secrets.token_urlsafe(32)
    out.print(f"Ramstein on http://{host}:{port}  (database {cli.settings.database_url})")
    # the app reads X-Forwarded-For itself, and only from RAMSTEIN_TRUSTED_PROXIES (api/deps.client_key);
    # uvicorn's default would believe it from any client on 127.0.0.1
    uvicorn.run("ramstein.api.worker:worker_app", factory=True, host=host, port=port,
                workers=workers, log_level="info", proxy_headers=False)


def check_address(host: str, port: int) -> None:
    """Refuse, with its own exit code, an address another process listens on (often a server left
    running), instead of uvicorn's traceback or a bare exit 1 after the database was prepared."""
    import errno
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds: TIME_WAIT is no obstacle
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise PortInUse(f"{host}:{port} is already in use: another server (or one left running: "
                                f"`ss -ltnp 'sport = :{port}'` names it) listens there; stop it or pass "
                                "--port", field="port") from None
            raise ValidationError(f"cannot listen on {host}:{port}: {exc.strerror}", field="host") from None


def register(app: typer.Typer) -> None:
    app.command()(init)
    app.command()(serve)
