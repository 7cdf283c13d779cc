"""Imports refuse script links; exports never hand a spreadsheet a formula, and re-import what they wrote
(issue 12 items 1 and 10)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from ramstein.errors import ImportRejected
from ramstein.exports.tables import pledge_rows
from ramstein.exports.writers import write_rows
from ramstein.imports.service import import_file
from ramstein.models import Pledge
from tests.builders import OPERATOR, make_nations
from tests.integration.test_imports import GOOD, HEADER, count, write_csv

FORMULAS = ["=HYPERLINK(\"https://evil.example\",\"click\")", "+1+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1",
            "'=already quoted", "''@twice"]


# item 1: imports refuse links that are not http(s), naming file, row and column

@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x",
                                 "https://nato.int/a | vbscript:x"])
def test_an_imported_source_url_that_is_not_http_is_named_by_file_row_and_column(uow, tmp_path, url):
    make_nations(uow.session)
    path = write_csv(tmp_path / "in.csv", [GOOD, {**GOOD, "source_url": url,
                                                  "source_title": " | ".join(["t"] * len(url.split("|")))}])
    with pytest.raises(ImportRejected) as caught:
        import_file(uow.session, OPERATOR, "pledges", path)
    [problem] = caught.value.problems
    assert (problem.file, problem.row, problem.column) == ("in.csv", 3, "source_url")
    assert "http" in problem.reason
    uow.session.rollback()
    assert count(uow.session) == 0


def test_an_xlsx_offer_with_a_script_link_is_refused(uow, tmp_path):
    header = ["id", "item", "category", "supplier", "origin", "region", "unit_price", "currency", "price_date",
              "lead_time_months", "capacity_per_month", "confidence", "source_url"]
    book = Workbook()
    book.active.append(header)
    book.active.append(["OF-X", "GMLRS", "long_range_fires", "LM", "USA", "US", "100", "USD", "2025-01-01", "4",
                        "10", "reported", "javascript:alert(1)"])
    book.save(tmp_path / "offers.xlsx")
    with pytest.raises(ImportRejected) as caught:
        import_file(uow.session, OPERATOR, "offers", tmp_path / "offers.xlsx")
    assert str(caught.value.problems[0]).startswith("offers.xlsx:2: source_url:")


def test_the_bundled_reference_data_loads_with_its_links(ref_uow):
    from ramstein.links import is_web_link
    from ramstein.models import Source

    urls = ref_uow.session.execute(select(Source.url)).scalars().all()
    # a nation figure's source may pair several titles and URLs with '|' (data/README.md)
    parts = [p.strip() for u in urls for p in u.split("|")]
    assert len([p for p in parts if p]) > 50 and all(is_web_link(p) for p in parts if p)


# item 10: formulas in exports

def _pledges_with_notes(uow, notes: list[str]) -> None:
    from tests.builders import make_pledge

    make_nations(uow.session)
    for note in notes:
        make_pledge(uow.session, note=note)
    uow.commit()


def test_csv_and_xlsx_exports_neutralize_formula_leading_text(uow, tmp_path):
    _pledges_with_notes(uow, FORMULAS)
    rows = pledge_rows(uow.session)
    write_rows(rows, "csv", tmp_path / "p.csv", sheet="pledges")
    write_rows(rows, "xlsx", tmp_path / "p.xlsx", sheet="pledges")
    notes_csv = [r["note"] for r in csv.DictReader((tmp_path / "p.csv").open(newline=""))]
    sheet = load_workbook(tmp_path / "p.xlsx").active
    column = [c.value for c in sheet[1]].index("note")
    cells = [row[column] for row in sheet.iter_rows(min_row=2)]
    assert all(c.data_type == "s" for c in cells)  # no cell is a formula
    assert sorted(notes_csv) == sorted("'" + n for n in FORMULAS)
    # XML reads a carriage return back as a line feed, whoever wrote it
    assert sorted(c.value for c in cells) == sorted("'" + n.replace("\r", "\n") for n in FORMULAS)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_re_imports_to_the_same_text(uow, tmp_path, fmt):
    _pledges_with_notes(uow, FORMULAS + ["plain", "'quoted but not a formula"])
    before = sorted(uow.session.execute(select(Pledge.note)).scalars())
    rows = [{k: r[k] for k in HEADER} for r in pledge_rows(uow.session)]  # the import format's columns
    out = tmp_path / f"p.{fmt}"
    write_rows(rows, fmt, out, sheet="pledges")
    last = max(uow.session.execute(select(Pledge.id)).scalars())
    import_file(uow.session, OPERATOR, "pledges", out)
    imported = select(Pledge.note).where(Pledge.id > last)
    in_xml = (lambda n: n.replace("\r", "\n")) if fmt == "xlsx" else (lambda n: n)  # as above
    assert sorted(uow.session.execute(imported).scalars()) == sorted(in_xml(n) for n in before)
    again = tmp_path / f"again.{fmt}"
    write_rows([{k: r[k] for k in HEADER} for r in pledge_rows(uow.session) if r["id"] > last], fmt, again,
               sheet="pledges")
    assert _cells(again) == _cells(out)


def _cells(path: Path) -> list[list[str]]:
    if path.suffix == ".csv":
        rows = list(csv.reader(path.open(newline="")))
    else:
        rows = [[str(c) for c in r] for r in load_workbook(path).active.iter_rows(values_only=True)]
    return sorted(rows[1:])


def test_the_open_data_csv_files_neutralize_formula_leading_text_too(tmp_path):
    from decimal import Decimal

    from ramstein.exports.datapackage import write_csv

    path = tmp_path / "t.csv"
    write_csv(path, [("note", "string", "")], [{"note": "=HYPERLINK(1)"}, {"note": "- five"}, {"note": Decimal("-5")}])
    assert list(csv.reader(path.open(newline=""))) == [["note"], ["'=HYPERLINK(1)"], ["'- five"], ["-5"]]
