"""`ramstein report`: the triple-win report as text, HTML, XLSX, CSV (one file per section) or JSON."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import typer
from rich.console import Console

from ramstein.auth.actor import PUBLIC
from ramstein.cli.context import CliContext
from ramstein.cli.errors import reported
from ramstein.errors import ValidationError

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)
FORMATS = ("text", "html", "xlsx", "csv", "json")


def _split(text: str | None) -> list[str] | None:
    return [v.strip() for v in text.split(",") if v.strip()] if text else None


def report(
    ctx: typer.Context,
    fmt: str = typer.Option("text", "--format", help="text, html, xlsx, csv (a folder of files) or json"),
    out_file: Path = typer.Option(None, "--out", help="file to write (a folder for csv); text and json default "
                                  "to the terminal"),
    confidence: str = typer.Option(None, "--confidence", help="comma-separated levels; default official,reported"),
    status: str = typer.Option(None, "--status", help="comma-separated pledge statuses; default every "
                               "commitment: announced,confirmed,committed,disbursed"),
    base: str = typer.Option("nato-ex-us", "--base", help="fair-share base: nato-ex-us (every ally but the U.S., "
                             "plus partners that pledged), contributors or all"),
    as_of: str = typer.Option(None, "--as-of", help="count pledges dated on or before YYYY-MM-DD; default today"),
    public: bool = typer.Option(False, "--public", help="the public report: released records only"),
) -> None:
    """The triple-win report: Ukraine's list, allies' burden sharing and industry, with sources and rates."""
    from ramstein.exports.writers import write_csv_folder, write_workbook
    from ramstein.reports.render import render_html, render_text
    from ramstein.reports.service import triple_win_report
    from ramstein.reports.tables import report_tables
    from ramstein.reports.triple_win import to_jsonable

    cli: CliContext = ctx.obj
    with reported():
        if fmt not in FORMATS:
            raise ValidationError(f"format must be one of {', '.join(FORMATS)}", field="format")
        if fmt in ("xlsx", "csv", "html") and out_file is None:
            raise ValidationError(f"--out is required for {fmt}", field="out")
        try:
            day = dt.date.fromisoformat(as_of) if as_of else None
        except ValueError:
            raise ValidationError(f"not a date: {as_of!r} (use YYYY-MM-DD)", field="as_of") from None
        with cli.unit_of_work() as uow:
            found = triple_win_report(uow.session, PUBLIC if public else cli.actor(),
                                      confidences=_split(confidence), statuses=_split(status), as_of=day,
                                      base=base)
        if fmt == "xlsx":
            write_workbook(report_tables(found), out_file)
        elif fmt == "csv":
            write_csv_folder(report_tables(found), out_file)
        else:
            text = {"text": render_text, "html": render_html}.get(
                fmt, lambda r: json.dumps(to_jsonable(r), indent=2, ensure_ascii=False) + "\n")(found)
            if out_file is None:
                out.print(text, end="", markup=False)
                return
            out_file.write_text(text, encoding="utf-8")
    err.print(f"Wrote the {found['mode']} report ({fmt}) to {out_file}")


def register(app: typer.Typer) -> None:
    app.command()(report)
