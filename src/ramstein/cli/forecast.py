"""`ramstein forecast`: P50/P90 delivery months per requirement line and category, by Monte Carlo."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console

from ramstein.cli.context import CliContext
from ramstein.cli.errors import reported
from ramstein.errors import ValidationError

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def forecast(
    ctx: typer.Context,
    runs: int = typer.Option(10_000, "--runs", min=1, help="Monte Carlo runs"),
    seed: int = typer.Option(0, "--seed", help="random seed: the same seed gives the same output, byte for byte"),
    fmt: str = typer.Option("text", "--format", help="text or json"),
    out_file: Path = typer.Option(None, "--out", help="file to write; default the terminal"),
    risks: Path = typer.Option(None, "--risks", help="CSV of per-offer risk overrides: offer, delay_probability, "
                               "delay_mean_months, shortfall_probability, shortfall_mean"),
) -> None:
    """Forecast delivery over the adopted plan (or the latest); with no plan yet, run the allocation first."""
    from ramstein.forecast.risk import read_risks
    from ramstein.forecast.service import run_forecast
    from ramstein.forecast.summary import render_text

    cli: CliContext = ctx.obj
    with reported():
        if fmt not in ("text", "json"):
            raise ValidationError("format must be text or json", field="format")
        overrides = read_risks(risks) if risks else None
        with cli.unit_of_work(write=True) as uow:
            with err.status(f"Simulating {runs} runs..."):
                doc = run_forecast(uow.session, cli.actor(), runs=runs, seed=seed, risks=overrides)
            if doc["plan"]["ran_engine"]:
                uow.commit()
                err.print(f"There was no plan: ran the allocation engine first and stored plan {doc['plan']['id']}")
        text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n" if fmt == "json" else render_text(doc)
        if out_file is None:
            out.print(text, end="", markup=False)
            return
        out_file.write_text(text, encoding="utf-8")
    err.print(f"Wrote the forecast ({fmt}) to {out_file}")


def register(app: typer.Typer) -> None:
    app.command()(forecast)
