"""`ramstein audit verify`: check the event log's hash chain and name the first broken event."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from ramstein.cli.context import CliContext
from ramstein.cli.errors import err, reported

out = Console(highlight=False)
audit_app = typer.Typer(help="The append-only, hash-chained event log.", no_args_is_help=True)


@audit_app.command("verify")
def verify(ctx: typer.Context) -> None:
    """Recompute every event's hash; exit 1 naming the first event that was edited, added or removed."""
    from ramstein.audit.chain import count_events, verify_chain

    cli: CliContext = ctx.obj
    with reported(), cli.unit_of_work() as uow:
        total = count_events(uow.session)
        with Progress(TextColumn("Verifying events"), BarColumn(), MofNCompleteColumn(), transient=True) as bar:
            task = bar.add_task("verify", total=total)
            report = verify_chain(uow.session, lambda done: bar.update(task, completed=done))
    if report.ok:
        out.print(f"The event log is intact: {report.checked} events verified.")
        return
    err.print(f"[red]broken[/red] at event {report.broken_at}: {report.reason} "
              f"({report.checked} events before it verified)", markup=True)
    raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")
