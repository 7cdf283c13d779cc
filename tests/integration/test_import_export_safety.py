"""Imports refuse script links; exports never hand a spreadsheet a formula, and re-import what they wrote
(issue 12 items 1 and 10)."""

from __future__ import annotations

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from ramstein.errors import ImportRejected
from ramstein.imports.service import import_file
from tests.builders import OPERATOR, make_nations
from tests.integration.test_imports import GOOD, count, write_csv

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
