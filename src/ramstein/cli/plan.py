"""`ramstein plan`: allocate the ledger's pooled money, store the plan; `plan adopt ID` puts it in force."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from ramstein.cli.context import CliContext
from ramstein.cli.errors import reported

out = Console(highlight=False)
plan_app = typer.Typer(help="Plans from the ledger: run the allocation engine on the database, adopt a plan.",
                       invoke_without_command=True)


@plan_app.callback()
def plan(
    ctx: typer.Context,
    scenario: Path = typer.Option(None, help="a CHANGES.json what-if applied to the ledger's instance"),
    export_instance: Path = typer.Option(None, "--export-instance", help="also write the instance it built here"),
    horizon: int = typer.Option(48, min=1, max=240, help="months to plan over"),
    time_limit: float = typer.Option(120.0, min=0.1, help="seconds the solver may take"),
) -> None:
    """Build an instance from the ledger (pools from confirmed pledges at their dates' rates, the current
    requirement list, the offers), solve it and store the plan with the versions it used."""
    if ctx.invoked_subcommand is not None:
        return
    from ramstein.allocation import SolveOptions
    from ramstein.allocation.scenario import load_changes
    from ramstein.planning.service import run_plan

    cli: CliContext = ctx.obj
    with reported(), cli.unit_of_work(write=True) as uow:
        changes = load_changes(scenario) if scenario else None
        with out.status("Building the instance from the ledger and solving..."):
            stored = run_plan(uow.session, cli.actor(), changes, horizon=horizon,
                              options=SolveOptions(time_limit=time_limit))
        uow.commit()
    if export_instance:
        export_instance.write_text(json.dumps(stored.instance, indent=2) + "\n", encoding="utf-8")
    summary(stored)
    if export_instance:
        out.print(f"Instance written to {export_instance}; re-solve it with `ramstein solve {export_instance}`")


def summary(stored) -> None:  # type: ignore[no-untyped-def]
    from ramstein.planning.service import gap_text

    result = stored.result
    lines = result.get("fulfilment", [])
    met = sum(1 for x in lines if x.get("fraction", 0) >= 1 - 1e-9)
    table = Table(title=f"Plan {stored.id} (requirement list v{stored.requirement_version})", show_header=False)
    for key, value in (("status", stored.status), ("value", f"{stored.objective:,.4f}"),
                       ("cost (USD)", f"{stored.total_cost:,.2f}"), ("orders", str(len(result.get("orders", [])))),
                       ("lines fully met", f"{met} of {len(lines)}"),
                       ("solver", str(result.get("solver", {}).get("name", "")))):
        table.add_row(key, value)
    gap = gap_text(stored.status, result)
    if gap:  # an unproven plan says how far from the best it may be
        table.add_row("gap", gap)
    out.print(table)
    out.print(f"Adopt it with `ramstein plan adopt {stored.id}`.")


@plan_app.command("adopt")
def adopt(ctx: typer.Context, plan_id: int = typer.Argument(..., help="the plan's id")) -> None:
    """Put a stored plan in force (packages and the report follow the plan in force)."""
    from ramstein.planning.service import adopt_plan

    cli: CliContext = ctx.obj
    with reported(), cli.unit_of_work(write=True) as uow:
        stored = adopt_plan(uow.session, cli.actor(), plan_id)
        uow.commit()
    out.print(f"Plan {stored.id} adopted by {stored.adopted_by}.")


def register(app: typer.Typer) -> None:
    app.add_typer(plan_app, name="plan")
