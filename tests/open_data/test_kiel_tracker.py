"""The Kiel tracker's own layout: Kiel's columns first, reported values and estimates never in one column."""

from __future__ import annotations

from decimal import Decimal

from ramstein.exports.kiel_tracker import KIEL_FIELDS, kiel_tracker_rows
from ramstein.exports.public import load_public_data

KIEL_COLUMNS = ["ID", "Countries", "Announcement Date", "Type of Aid General", "Type of Aid Specific", "Explanation",
                "Measure", "Monetary Value as Given by Source", "Currency", "Converted Value in EUR",
                "Total monetary value delivered in EUR", "Source 1", "Source 2", "Source 3", "Source 4"]
VALUES = ("Monetary Value as Given by Source", "Converted Value in EUR", "Ramstein: Estimated Value in Currency",
          "Ramstein: Estimated Value in EUR", "Ramstein: Allocated Value in EUR",
          "Ramstein: Estimated Allocated Value in EUR", "Ramstein: Estimated Value Delivered in EUR")


def test_kiels_columns_come_first_under_kiels_names(ref_uow):
    rows = kiel_tracker_rows(load_public_data(ref_uow.session))
    assert list(rows[0])[:len(KIEL_COLUMNS)] == KIEL_COLUMNS
    assert all(c.startswith("Ramstein: ") for c in list(rows[0])[len(KIEL_COLUMNS):])
    assert list(rows[0]) == [f[0] for f in KIEL_FIELDS]


def test_an_estimate_is_never_in_a_reported_column_nor_tagged_official(ref_uow):
    rows = kiel_tracker_rows(load_public_data(ref_uow.session))
    estimated = [r for r in rows if r["Ramstein: Estimated Value in Currency"] is not None]
    reported = [r for r in rows if r["Monetary Value as Given by Source"] is not None]
    assert estimated and reported, "the bundled data has GDP-split shares of joint pledges and reported pledges"
    for row in estimated:
        assert row["Monetary Value as Given by Source"] is None and row["Converted Value in EUR"] is None
        assert row["Ramstein: Confidence"] == "estimated"
    for row in reported:
        assert row["Ramstein: Estimated Value in Currency"] is None and row["Ramstein: Confidence"] != "estimated"
    for row in rows:
        assert row["Total monetary value delivered in EUR"] is None  # nothing reported per pledge
        assert row["Type of Aid General"] == "Military" and row["Measure"] in ("Commitment", "Allocation")
        if not row["Ramstein: Disclosed"]:
            assert all(row[c] is None for c in VALUES), row["ID"]


def test_allocated_and_estimated_delivered_values(ledger_uow):
    data = load_public_data(ledger_uow.session)
    rows = {r["ID"]: r for r in kiel_tracker_rows(data)}
    paid = next(p for p in data.pledges if p.package == "TST-OPEN-5")
    row = rows[paid.id]
    assert row["Measure"] == "Allocation" and row["Ramstein: Allocated Value in EUR"] == paid.eur_amount
    # 8 of 20 PAC-3 MSE delivered against an order of USD 110M: USD 44M, all of it funded by this pledge
    expected = (Decimal(44_000_000) * paid.eur_amount / paid.usd_amount).quantize(Decimal("0.01"))
    assert row["Ramstein: Estimated Value Delivered in EUR"] == expected
    hidden = next(p for p in data.pledges if p.package == "TST-OPEN-9")
    assert all(rows[hidden.id][c] is None for c in VALUES)
