"""`ramstein audit verify` (the chain, signed checkpoints, the tables against the log) and `audit checkpoint`."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from sqlalchemy import Engine

from ramstein.audit.hashing import ChainReport
from ramstein.cli.context import CliContext
from ramstein.cli.errors import err, reported
from ramstein.errors import NotFound, ValidationError

out = Console(highlight=False, soft_wrap=True)
audit_app = typer.Typer(help="The append-only, hash-chained event log.", no_args_is_help=True)


@audit_app.command("verify")
def verify(
    ctx: typer.Context,
    checkpoint: Path = typer.Option(None, "--checkpoint", help="saved checkpoint(s) (JSON: one, a list, or "
                                    "the /api/v1/audit/checkpoints page) to check the log against"),
    public_key: Path = typer.Option(None, "--public-key", help="the PEM public key the checkpoints are signed with"),
    file: Path = typer.Option(None, "--file", help="verify an exported log (`ramstein export events --format "
                              "json`) instead of a database; nothing else is read"),
) -> None:
    """Recompute every event's hash, check the log against signed checkpoints and the tables against
    the log; exit 1 naming the first event (or row) that was edited, added or removed."""
    from ramstein.audit.signing import load_public_key, read_checkpoints

    cli: CliContext = ctx.obj
    with reported():
        if (checkpoint is None) != (public_key is None):
            raise ValidationError("--checkpoint and --public-key go together", field="checkpoint")
        anchors = read_checkpoints(checkpoint, load_public_key(public_key)) if checkpoint else []
        if file is not None:
            report, drift = _verify_file(file, anchors), []
        else:
            report, drift = verify_database(cli.engine(prepare=False), anchors)
    show_verification(report, drift, anchors, tables=file is None)


def show_verification(report: ChainReport, drift: list[str], anchors: list, *, tables: bool) -> None:
    """Print what `audit verify` found; exit 1 unless the chain, the checkpoints and the tables hold."""
    if report.checked == 0 and report.ok:
        err.print("[red]error[/red]: the event log is empty: there is nothing to verify (every event of a "
                  "database that was ever used deleted?)", markup=True)
        raise typer.Exit(1)
    if not report.ok:
        err.print(f"[red]broken[/red] at event {report.broken_at}: {report.reason} "
                  f"({report.checked} events before it verified)", markup=True)
        raise typer.Exit(1)
    against = f"; {report.anchors_held} signed checkpoint(s) hold" if anchors else ""
    out.print(f"The event log is intact: {report.checked} events verified, head {report.head_seq} "
              f"{report.head_hash[:16]}...{against}.")
    if drift:
        for line in drift[:50]:
            err.print(f"[red]differs[/red] {line}", markup=True)
        more = f" (first 50 of {len(drift)} shown)" if len(drift) > 50 else ""
        err.print(f"{len(drift)} difference(s) between the tables and the state the log replays to{more}")
        raise typer.Exit(1)
    if tables:
        out.print("The tables hold exactly the state the log replays to.")


def verify_database(engine: Engine, anchors: list) -> tuple[ChainReport, list[str]]:
    """The chain (against `anchors`), then the tables against the state the log replays to."""
    from ramstein.audit.chain import count_events, verify_chain
    from ramstein.audit.replay import Replay
    from ramstein.db.engine import make_session_factory, require_existing
    from ramstein.db.uow import UnitOfWork

    require_existing(engine, table="events")
    with UnitOfWork(make_session_factory(engine)) as uow:
        total = count_events(uow.session)
        replay = Replay()
        with Progress(TextColumn("Verifying events"), BarColumn(), MofNCompleteColumn(), transient=True) as bar:
            task = bar.add_task("verify", total=total)
            report = verify_chain(uow.session, lambda done: bar.update(task, completed=done), anchors, replay.add)
        drift = replay.compare(uow.session) if report.ok and report.checked else []
    return report, drift


def _verify_file(file: Path, anchors: list) -> ChainReport:
    import json

    from ramstein.audit.hashing import verify_records

    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NotFound(f"no file {file}", field="file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(f"{file} is not an exported event log (JSON): {exc}", field="file") from None
    records = data.get("items") if isinstance(data, dict) else data
    if not isinstance(records, list):
        raise ValidationError(f"{file} is not an exported event log: no items", field="file")
    try:
        return verify_records(sorted(records, key=lambda r: r["seq"]), anchors)
    except (KeyError, TypeError, ValueError) as exc:
        raise ValidationError(f"{file} holds an event that is not one ({exc!r}); export it with "
                              "`ramstein export events --format json`", field="file") from None


@audit_app.command("checkpoint")
def checkpoint_head(ctx: typer.Context) -> None:
    """Sign the event log's head with RAMSTEIN_SIGNING_KEY, store it and print it (keep a copy elsewhere)."""
    import json

    from ramstein.audit.checkpoints import require_signing_key, sign_head

    cli: CliContext = ctx.obj
    with reported():
        key = require_signing_key(cli.settings.signing_key)
        with cli.unit_of_work(write=True) as uow:
            made = sign_head(uow.session, key, "ramstein audit checkpoint")
            uow.commit()
    print(json.dumps({"seq": made.seq, "hash": made.hash, "at": made.at, "key_id": made.key_id,
                      "signature": made.signature, "reason": made.reason}))


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")
