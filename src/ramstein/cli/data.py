"""`ramstein import KIND FILE` and `ramstein export TABLE --format F --out FILE`."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from ramstein.cli.context import CliContext
from ramstein.cli.errors import reported
from ramstein.errors import ValidationError

out = Console(highlight=False)
import_app = typer.Typer(help="Import pledges, requirements or offers from CSV or XLSX (all rows or none).",
                         no_args_is_help=True)


def _import(ctx: typer.Context, kind: str, file: Path) -> None:
    from ramstein.imports.service import import_once

    cli: CliContext = ctx.obj
    with reported(), cli.unit_of_work(write=True) as uow:
        with out.status(f"Checking {file.name}..."):
            outcome = import_once(uow.session, cli.actor(), kind, file)
        uow.commit()
    run = outcome.run
    if outcome.already:
        out.print(f"{file} was already imported on {run.at:%Y-%m-%d %H:%M} UTC as import {run.id} "
                  f"({run.rows} {kind}, sha256 {run.sha256[:12]}); nothing was added", soft_wrap=True)
        return
    out.print(f"Imported {run.rows} {kind} from {file} as import {run.id} (sha256 {run.sha256[:12]}); committed",
              soft_wrap=True)


@import_app.command("pledges")
def import_pledges(ctx: typer.Context, file: Path = typer.Argument(..., help="CSV or XLSX file")) -> None:
    """Pledges: nation, date, amount, currency, status, confidence, source_url (+ optional columns)."""
    _import(ctx, "pledges", file)


@import_app.command("requirements")
def import_requirements(ctx: typer.Context, file: Path = typer.Argument(..., help="CSV or XLSX file")) -> None:
    """The whole requirement list, stored as its next version."""
    _import(ctx, "requirements", file)


@import_app.command("offers")
def import_offers(ctx: typer.Context, file: Path = typer.Argument(..., help="CSV or XLSX file")) -> None:
    """Offers for the catalog, created or updated by their id."""
    _import(ctx, "offers", file)


# open data: what the public sees, in others' standards (exports/open_data.py, docs/open-data.md)
OPEN_DATA = ("ocds", "datapackage", "kiel-tracker")


def _export_open_data(cli: CliContext, name: str, fmt: str, out_file: Path, ocid_prefix: str) -> None:
    from ramstein.exports.datapackage import write_datapackage
    from ramstein.exports.kiel_tracker import kiel_tracker_rows
    from ramstein.exports.open_data import render
    from ramstein.exports.public import load_public_data
    from ramstein.exports.writers import write_rows

    with cli.unit_of_work() as uow:
        data = load_public_data(uow.session)
    if name == "datapackage":
        written = write_datapackage(data, out_file)
        out.print(f"Wrote {len(written) - 1} tables and {written[0]} (as of {data.as_of:%Y-%m-%d %H:%M} UTC)")
    elif name == "kiel-tracker" and fmt != "csv":
        rows = kiel_tracker_rows(data)
        write_rows(rows, fmt, out_file, sheet="kiel_tracker")
        out.print(f"Wrote {len(rows)} rows in the Kiel tracker's layout to {out_file}")
    else:
        made = render(name, data, ocid_prefix=ocid_prefix)
        out_file.write_bytes(made.content)
        out.print(f"Wrote {name} to {out_file} (as of {data.as_of:%Y-%m-%d %H:%M} UTC, sha256 {made.sha256})")
        if name == "ocds" and not data.packages:
            out.print("No package is released yet: the release package has no release (OCDS asks for one)")


def export(
    ctx: typer.Context,
    table: str = typer.Argument(..., help="pledges, requirements, offers, nations, nation_figures, events or "
                                          "kiel; open data (public view): ocds, datapackage, kiel-tracker"),
    fmt: str = typer.Option("csv", "--format", help="csv, xlsx or json (not for ocds and datapackage)"),
    out_file: Path = typer.Option(..., "--out", help="file to write (a folder for datapackage)"),
    ocid_prefix: str | None = typer.Option(None, "--ocid-prefix",
                                           help="OCDS: your registered ocid prefix (default $RAMSTEIN_OCID_PREFIX)"),
) -> None:
    """Export a table to CSV, XLSX or JSON with exact decimals, or the public's open data."""
    from ramstein.exports.tables import TABLES
    from ramstein.exports.writers import write_rows

    cli: CliContext = ctx.obj
    with reported():
        if table in OPEN_DATA:
            _export_open_data(cli, table, fmt, out_file, ocid_prefix or cli.settings.ocid_prefix)
            return
        if table not in TABLES:
            raise ValidationError(f"unknown table {table!r}; one of {', '.join(TABLES)}", field="table")
        with cli.unit_of_work() as uow:
            rows = TABLES[table](uow.session)
        write_rows(rows, fmt, out_file, sheet=table)
    out.print(f"Wrote {len(rows)} {table} to {out_file}")


def register(app: typer.Typer) -> None:
    app.add_typer(import_app, name="import")
    app.command()(export)
