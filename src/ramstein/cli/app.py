"""The `ramstein` command: a callback that reads --db, and one module per command group."""

from __future__ import annotations

import typer

from ramstein.cli import audit, backup, data, forecast, keys, plan, rates, report, serve, solve, users
from ramstein.cli.context import CliContext
from ramstein.cli.errors import reported
from ramstein.config import get_settings

app = typer.Typer(name="ramstein", help="Ramstein: the coalition ledger and allocation engine for PURL.",
                  no_args_is_help=True, add_completion=False)


@app.callback()
def main_callback(
    ctx: typer.Context,
    db: str = typer.Option(None, "--db", help="SQLAlchemy URL; default $RAMSTEIN_DATABASE_URL or sqlite:///ramstein.db"),
) -> None:
    with reported():
        ctx.obj = CliContext(get_settings(database_url=db))


for module in (serve, data, solve, plan, report, forecast, rates, users, keys, audit, backup):
    module.register(app)


def main() -> None:
    app()
