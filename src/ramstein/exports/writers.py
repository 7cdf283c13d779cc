"""Write rows as CSV, XLSX or JSON without losing a decimal place; no text becomes a spreadsheet formula."""

from __future__ import annotations

import csv
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from ramstein.audit.log import jsonable
from ramstein.errors import ValidationError
from ramstein.schemas import exact
from ramstein.spreadsheets import neutralize

FORMATS = ("csv", "xlsx", "json")


def _text(value: Any) -> str:
    if isinstance(value, str):
        return neutralize(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(jsonable(value), sort_keys=True, ensure_ascii=False)
    if isinstance(value, Decimal):
        return exact(value)
    return str(value)


def _cell(value: Any) -> Any:
    """A number stays a number in a spreadsheet only where the float shows it exactly; text that would
    start a formula is neutralized (openpyxl writes any text beginning with '=' as a live formula)."""
    if isinstance(value, str):
        return neutralize(value)
    if isinstance(value, Decimal):
        as_float = float(value)
        return as_float if Decimal(repr(as_float)) == value else str(value)
    if isinstance(value, dict | list):
        return _text(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def write_rows(rows: list[dict[str, Any]], fmt: str, out: Path, sheet: str) -> None:
    if fmt not in FORMATS:
        raise ValidationError(f"format must be one of {', '.join(FORMATS)}", field="format")
    if fmt == "json":
        out.write_text(json.dumps({"items": jsonable(rows), "total": len(rows)}, indent=2,
                                  ensure_ascii=False) + "\n", encoding="utf-8")
    elif fmt == "csv":
        _write_csv(rows, out)
    else:
        write_workbook({sheet: rows}, out)


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    """Every key of every row, in first-seen order (rows of one table may differ where a value is absent)."""
    return list(dict.fromkeys(key for row in rows for key in row))


def _write_csv(rows: list[dict[str, Any]], out: Path) -> None:
    columns = _columns(rows)
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows([_text(row.get(c)) for c in columns] for row in rows)


def write_workbook(sheets: dict[str, list[dict[str, Any]]], out: Path) -> None:
    """One worksheet per table, header in row 1; decimals stay numbers only where a float shows them exactly.

    openpyxl's write-only mode: each row is written out as it is appended, not kept as cell objects
    (100,000 pledges held 1.08 GB of cells before the file was saved; issue 19)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for name, rows in sheets.items():
        ws = book.create_sheet(name[:31])
        columns = _columns(rows)
        ws.append(columns)
        for row in rows:
            ws.append([_cell(row.get(c)) for c in columns])
    book.save(out)


def write_csv_folder(sheets: dict[str, list[dict[str, Any]]], folder: Path) -> list[Path]:
    """One CSV file per table in `folder` (created if missing), named after the table."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in sheets.items():
        path = folder / f"{name}.csv"
        _write_csv(rows, path)
        written.append(path)
    return written
