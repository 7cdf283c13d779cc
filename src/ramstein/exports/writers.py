"""Write rows as CSV, XLSX or JSON without losing a decimal place."""

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

FORMATS = ("csv", "xlsx", "json")


def _text(value: Any) -> str:
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
    """A number stays a number in a spreadsheet only where the float shows it exactly."""
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
    columns = list(rows[0]) if rows else []
    if fmt == "json":
        out.write_text(json.dumps({"items": jsonable(rows), "total": len(rows)}, indent=2,
                                  ensure_ascii=False) + "\n", encoding="utf-8")
    elif fmt == "csv":
        with out.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            writer.writerows([_text(row[c]) for c in columns] for row in rows)
    else:
        from openpyxl import Workbook

        book = Workbook()
        ws = book.active
        ws.title = sheet[:31]
        ws.append(columns)
        for row in rows:
            ws.append([_cell(row[c]) for c in columns])
        book.save(out)
