"""Read CSV or XLSX files into numbered rows of text, so every check can name file, row and column.

Each cell is stripped of surrounding whitespace, then the apostrophe an export put before formula-leading
text is taken off again (spreadsheets.restore), so an exported file re-imports to the text it came from.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ramstein.errors import ImportRejected, RowProblem
from ramstein.spreadsheets import restore


@dataclass(frozen=True)
class Row:
    number: int  # the header is row 1
    values: dict[str, str]


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_rows(path: Path) -> Iterator[list[str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        yield from csv.reader(handle)


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        for row in book.worksheets[0].iter_rows(values_only=True):
            yield [_cell_text(v) for v in row]
    finally:
        book.close()


def read_rows(path: Path, required: set[str], optional: set[str]) -> list[Row]:
    """Rows keyed by column; a missing required column or an unknown one refuses the whole file."""
    name = path.name
    if not path.is_file():
        raise ImportRejected([RowProblem(name, 0, "-", f"no such file: {path}")])
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ImportRejected([RowProblem(name, 0, "-", "use a .csv or .xlsx file")])
    try:
        raw = list(_csv_rows(path) if suffix == ".csv" else _xlsx_rows(path))
    except (UnicodeDecodeError, csv.Error, OSError, ValueError, KeyError) as exc:
        raise ImportRejected([RowProblem(name, 1, "-", f"cannot read the file: {exc}")]) from None
    if not raw:
        raise ImportRejected([RowProblem(name, 1, "-", "the file is empty (no header row)")])
    header = [h.strip() for h in raw[0]]
    problems = [RowProblem(name, 1, col, "required column is missing") for col in sorted(required - set(header))]
    problems += [RowProblem(name, 1, col, "unknown column") for col in header
                 if col and col not in required | optional]
    problems += [RowProblem(name, 1, col, "column appears twice") for col in set(header)
                 if col and header.count(col) > 1]
    if problems:
        raise ImportRejected(problems)
    rows = []
    for number, cells in enumerate(raw[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            problems.append(RowProblem(name, number, "-", f"{len(cells)} cells but {len(header)} columns"))
            continue
        padded = cells + [""] * (len(header) - len(cells))
        rows.append(Row(number, {h: restore(padded[i].strip()) for i, h in enumerate(header) if h}))
    if problems:
        raise ImportRejected(problems)
    return rows
