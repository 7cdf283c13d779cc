"""`ramstein solve`: the allocation engine on an instance file, with no database."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from ramstein.allocation import SolveOptions, load_instance, solve, write_plan
from ramstein.allocation.explain import summary
from ramstein.allocation.plan import Plan
from ramstein.allocation.problem import Problem
from ramstein.allocation.scenario import Comparison, apply_changes, compare, load_changes
from ramstein.allocation.solvers import SOLVERS
from ramstein.cli.errors import exit_code, reported
from ramstein.errors import ValidationError

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def register(app: typer.Typer) -> None:
    app.command("solve")(solve_command)


def solve_command(
    instance: Path = typer.Argument(..., help="instance JSON (spec/instance.schema.json)", dir_okay=False),
    plan_path: Path = typer.Option(..., "--out", "-o", help="where to write the plan JSON", dir_okay=False),
    time_limit: float = typer.Option(None, "--time-limit", min=0.0, help="seconds for the whole solve"),
    mip_gap: float = typer.Option(1e-4, "--mip-gap", min=0.0, help="relative gap at which a MILP is optimal"),
    solver: str = typer.Option(None, "--solver", help=f"one of {', '.join(SOLVERS)}; default: measured per class"),
    explain: bool = typer.Option(False, "--explain", help="print why lines are short and the best extra dollar"),
    scenario: Path = typer.Option(None, "--scenario", help="CHANGES.json to solve as well and compare",
                                  dir_okay=False),
) -> None:
    """Allocate the instance's pools to its requirement lines and write the plan (SPEC section 4)."""
    if solver is not None and solver not in SOLVERS:
        raise typer.BadParameter(f"choose one of {', '.join(SOLVERS)}", param_hint="--solver")
    options = SolveOptions(solver=solver, time_limit=time_limit, mip_gap=mip_gap)
    with reported():
        problem = _load(instance)
        plan = _solve(problem, options, f"Solving {instance.name}")
        write_plan(plan, plan_path)
        _print_summary(problem, plan, plan_path)
        if explain:
            _print_explanation(plan)
        if scenario is not None:
            other = apply_changes(problem, load_changes(scenario))
            other_plan = _solve(other, options, f"Solving {instance.name} with {scenario.name}")
            other_path = plan_path.with_suffix(".scenario.json")
            write_plan(other_plan, other_path)
            _print_comparison(compare(problem, plan, other, other_plan), other_path)
    if plan.status == "error":
        raise typer.Exit(1)


def _load(path: Path) -> Problem:
    """The instance, or its first problem as `path: reason` and exit code 2, never a traceback."""
    try:
        return load_instance(path)
    except ValidationError as exc:
        err.print(f"[red]error[/red]: {path.name}: {exc.message}")
        raise typer.Exit(exit_code(exc)) from None


def _solve(problem: Problem, options: SolveOptions, label: str) -> Plan:
    with out.status(f"{label}: {len(problem.requirements)} lines, {len(problem.offers)} offers, "
                    f"{len(problem.pools)} pools, {problem.horizon} months..."):
        return solve(problem, options)


def _print_summary(problem: Problem, plan: Plan, path: Path) -> None:
    s = plan.solver
    table = Table(show_header=False, box=None, padding=(0, 2))
    table.add_row("status", plan.status + (f"  (gap {s.gap:.3%} to bound {plan.bound:.6g})"
                                           if s.gap is not None and s.gap > 1e-9 else ""))
    table.add_row("value", f"{plan.objective:,.6g}")
    table.add_row("cost", f"{plan.total_cost:,.2f} {plan.currency}")
    total = sum(float(a) for a in problem.pools.amounts)
    table.add_row("money", f"{total:,.0f} {plan.currency} in {len(problem.pools)} pools")
    table.add_row("lines fully met", f"{plan.lines_fully_met} of {len(plan.fulfilment)}")
    table.add_row("orders", str(len(plan.orders)))
    table.add_row("solver", f"{s.name} ({s.choice}); {s.variables:,} variables, {s.constraints:,} constraints")
    table.add_row("time", f"build {s.build_seconds:.2f} s, solve {s.solve_seconds:.2f} s")
    table.add_row("plan", str(path))
    out.print(table)


def _print_explanation(plan: Plan, top: int = 10) -> None:
    out.print("[bold]Why lines are short[/bold]")
    for text in summary(plan):
        out.print(f"  {text}")
    short = sorted((f for f in plan.fulfilment if f.reason), key=lambda f: f.fraction)[:top]
    for f in short:
        out.print(f"  {f.why or f.requirement + ': short for ' + str(f.reason)} ({f.fraction:.1%} ordered)")


def _print_comparison(c: Comparison, path: Path) -> None:
    table = Table(title="base vs scenario")
    for name in ("", "base", "scenario", "change"):
        table.add_column(name, justify="left" if not name else "right")
    table.add_row("value", f"{c.value[0]:,.6g}", f"{c.value[1]:,.6g}", f"{c.value[1] - c.value[0]:+,.6g}")
    table.add_row("cost", f"{c.cost[0]:,.0f}", f"{c.cost[1]:,.0f}", f"{c.cost[1] - c.cost[0]:+,.0f}")
    table.add_row("lines fully met", str(c.lines_met[0]), str(c.lines_met[1]), f"{c.lines_met[1] - c.lines_met[0]:+d}")
    for cat, a, b in c.categories:
        table.add_row(f"  {cat}", f"{a:.1%}", f"{b:.1%}", f"{(b - a) * 100:+.1f} pt")
    out.print(table)
    out.print(f"{len(c.changed_lines)} line(s) changed; scenario plan written to {path}")
    for rid, a, b in c.changed_lines[:10]:
        out.print(f"  {rid}: {a:,.6g} -> {b:,.6g}")
