"""Offers from stocks in the catalogue: imported, refused when not stock-like, and planned as stock."""

import datetime as dt

import pytest

from ramstein.errors import ImportRejected
from ramstein.imports.service import import_file
from ramstein.planning.instance_from_db import build_instance
from tests.builders import OPERATOR
from tests.integration.test_imports import write_csv

HEADER = ["id", "item", "category", "supplier", "origin", "region", "unit_price", "currency", "price_date",
          "lead_time_months", "capacity_per_month", "confidence", "source_url", "source", "available_quantity"]
ROW = {"id": "OF-PAC3-STOCK", "item": "PAC-3 MSE", "category": "air_defense", "supplier": "U.S. Army stocks",
       "origin": "USA", "region": "US", "unit_price": "5500000", "currency": "USD", "price_date": "2025-09-01",
       "lead_time_months": "1", "capacity_per_month": "20", "confidence": "reported",
       "source_url": "https://example.org/purl-stocks", "source": "stock", "available_quantity": "60"}


def test_a_stock_offer_imports_and_reaches_the_plan_as_stock(ref_uow, tmp_path):
    assert import_file(ref_uow.session, OPERATOR, "offers", write_csv(tmp_path / "o.csv", [ROW], HEADER)) == 1
    built = build_instance(ref_uow.session, OPERATOR, start=dt.date(2026, 1, 1))
    [stock] = [o for o in built.instance["offers"] if o["id"] == "OF-PAC3-STOCK"]
    assert stock["source"] == "stock" and stock["available_quantity"] == 60 and stock["lead_time"] == 1
    stocked = {o["id"] for o in built.instance["offers"] if o.get("source") == "stock"}
    assert stocked == {"OF-PAC3-STOCK", "OF-PAC3-USSTOCK", "OF-GMLRS-USSTOCK"}  # and the bundled ones


@pytest.mark.parametrize("change, column, reason", [
    ({"lead_time_months": "6"}, "lead_time_months", "within weeks"),
    ({"available_quantity": ""}, "available_quantity", "needs available_quantity"),
    ({"source": "production"}, "available_quantity", "only a stock offer"),
    ({"source": "shelf"}, "source", "production"),
])
def test_an_offer_that_is_not_stock_like_is_refused_naming_row_and_column(ref_uow, tmp_path, change, column,
                                                                          reason):
    path = write_csv(tmp_path / "offers.csv", [{**ROW, **change}], HEADER)
    with pytest.raises(ImportRejected) as caught:
        import_file(ref_uow.session, OPERATOR, "offers", path)
    [problem] = caught.value.problems
    assert (problem.file, problem.row, problem.column) == ("offers.csv", 2, column)
    assert reason in problem.reason
