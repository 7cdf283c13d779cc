"""Public totals beside the ledger's commitments; defence spending at NATO's precision and vintage."""

import datetime as dt
from decimal import Decimal as D

from ramstein.reports.allies import allies_section
from ramstein.reports.public_check import check_public_totals
from ramstein.reports.snapshot import NationFact, PublicTotal
from tests.unit.reports.facts import pledge, snapshot


def total(as_of: dt.date, amount: str, since: dt.date | None = None) -> PublicTotal:
    return PublicTotal(as_of, "PURL, all contributors", D(amount), "USD", "about", "reported", "t", "https://x", "",
                       since)


def test_estimates_and_unconfirmed_claims_are_reasons_not_part_of_the_commitments():
    pledges = (pledge(1, "NLD", "1000"), pledge(2, "DNK", "300", confidence="estimated", estimated=True),
               pledge(3, "ISL", "50", confidence="unconfirmed"))
    [row] = check_public_totals(pledges, (total(dt.date(2025, 12, 31), "1300"),))
    assert row["ours_usd"] == D(1000) and row["ours_with_estimates_usd"] == D(1300)
    assert row["difference_usd"] == D(-300)
    assert any("estimated shares (DNK" in r and "300" in r for r in row["reasons"])
    assert any("unconfirmed" in r and "50" in r for r in row["reasons"])


def test_a_total_of_one_period_counts_only_the_pledges_of_that_period():
    pledges = (pledge(1, "NLD", "1000", date=dt.date(2025, 8, 4)), pledge(2, "GBR", "200", date=dt.date(2026, 2, 10)))
    [row] = check_public_totals(pledges, (total(dt.date(2026, 2, 18), "200", since=dt.date(2026, 1, 1)),))
    assert row["ours_usd"] == D(200) and row["difference_usd"] == 0 and row["since"] == dt.date(2026, 1, 1)


def test_defence_spending_is_shown_at_one_decimal_and_a_substituted_year_says_so():
    hun = NationFact("HUN", "Hungary", True, True, {2025: D(10 ** 11)}, {2024: D("2.11")})
    pol = NationFact("POL", "Poland", True, True, {2025: D(10 ** 12)}, {2024: D("4.12"), 2025: D("4.3")})
    section = allies_section(snapshot(nations=(hun, pol)))
    rows = {r["nation"]: r for r in section["nations"]}
    assert rows["POL"]["defence_spending_pct_gdp"] == D("4.3") and not rows["POL"]["defence_year_substituted"]
    assert rows["HUN"]["defence_spending_pct_gdp"] == D("2.1") and rows["HUN"]["defence_year"] == 2024
    assert rows["HUN"]["defence_year_substituted"] and "no 2025 figure" in rows["HUN"]["defence_note"]
    assert section["defence_year"] == 2025 and section["defence_substitutions"] == [rows["HUN"]["defence_note"]]
