import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from ramstein.reports.allies import allies_section
from ramstein.reports.figures import pct, split_to_cents
from tests.unit.reports.facts import nation, pledge, snapshot

D = Decimal
NATIONS = (nation("NLD", "1300000000000", "2.6"), nation("DEU", "5000000000000", "2.4"),
           nation("LUX", "90000000000", "1.3"), nation("FRA", "3200000000000", "2.1"),
           nation("UKR", "190000000000", None))


def rows_by_nation(section):
    return {r["nation"]: r for r in section["nations"]}


@given(st.decimals(min_value=0, max_value=10**12, places=2),
       st.lists(st.integers(min_value=1, max_value=10**13), min_size=1, max_size=30))
def test_split_to_cents_sums_exactly_to_the_total(total, weights):
    parts = split_to_cents(total, {f"N{i}": D(w) for i, w in enumerate(weights)})
    assert sum(parts.values()) == total
    assert all(p >= 0 and p == p.quantize(D("0.01")) for p in parts.values())


def test_fair_shares_cover_every_ally_of_the_base_even_one_that_gave_nothing():
    snap = snapshot(nations=NATIONS, pledges=(pledge(1, "NLD", "578250000.00"), pledge(2, "DEU", "500000000"),
                                              pledge(3, "LUX", "33333333.33")))
    section = allies_section(snap)
    base = [r for r in section["nations"] if r["in_fair_share_base"]]
    assert section["coalition_total_usd"] == D("1111583333.33") == section["fair_share_base"]["shared_usd"]
    assert {r["nation"] for r in base} == {"NLD", "DEU", "LUX", "FRA"}  # FRA gave nothing and has a share
    assert sum(r["fair_share_usd"] for r in base) == section["coalition_total_usd"]
    rows = rows_by_nation(section)
    gdp_total = sum(n.gdp_usd[2025] for n in NATIONS[:4])
    for code in ("NLD", "DEU", "LUX", "FRA"):
        exact = section["coalition_total_usd"] * rows[code]["gdp_usd"] / gdp_total
        assert abs(rows[code]["fair_share_usd"] - exact) <= D("0.01")
        assert rows[code]["gap_usd"] == rows[code]["contribution_usd"] - rows[code]["fair_share_usd"]
    assert rows["FRA"]["contribution_usd"] == 0 and rows["FRA"]["gap_usd"] < 0
    assert section["fair_share_base"]["rule"] == "nato-ex-us" and "except the United States" in section["definition"]


def test_the_base_can_be_the_contributors_alone_or_every_nation():
    snap = snapshot(nations=NATIONS, pledges=(pledge(1, "NLD", "100"), pledge(2, "DEU", "50")))
    contributors = rows_by_nation(allies_section(snap, "contributors"))
    assert contributors["FRA"]["fair_share_usd"] is None and not contributors["FRA"]["in_fair_share_base"]
    assert contributors["NLD"]["fair_share_usd"] + contributors["DEU"]["fair_share_usd"] == D("150")
    assert rows_by_nation(allies_section(snap, "all"))["FRA"]["in_fair_share_base"]


def test_the_supplier_is_outside_the_default_base():
    usa = nation("USA", "30000000000000", "3.2")
    rows = rows_by_nation(allies_section(snapshot(nations=(*NATIONS, usa), pledges=(pledge(1, "NLD", "100"),))))
    assert rows["USA"]["fair_share_usd"] is None and not rows["USA"]["in_fair_share_base"]


def test_percentages_recompute_from_the_figures_shown():
    snap = snapshot(nations=NATIONS, pledges=(pledge(1, "NLD", "578250000"),))
    row = rows_by_nation(allies_section(snap))["NLD"]
    assert row["share_of_gdp_pct"] == pct(row["contribution_usd"], row["gdp_usd"]) == D("0.044481")
    assert row["meets_2pct"] and not row["meets_3_5pct"]


def test_defence_spending_with_ukraine_adds_that_years_flow_not_the_stock():
    earlier, this_year = pledge(1, "NLD", "578250000"), pledge(2, "NLD", "130000000", date=dt.date(2026, 2, 1))
    row = rows_by_nation(allies_section(snapshot(nations=NATIONS, pledges=(earlier, this_year))))["NLD"]
    assert row["contribution_in_year_usd"] == D("130000000")
    assert row["defence_spending_with_ukraine_pct_gdp"] == row["defence_spending_pct_gdp"] + pct(
        D("130000000"), row["gdp_usd"])
    assert row["defence_spending_with_ukraine_pct_gdp"] < row["defence_spending_pct_gdp"] + row["share_of_gdp_pct"]


def test_undisclosed_pledges_are_counted_but_never_summed():
    snap = snapshot(nations=NATIONS, pledges=(pledge(1, "NLD", "100000000"), pledge(2, "LUX", None),
                                              pledge(3, "NLD", None)))
    section = allies_section(snap)
    rows = rows_by_nation(section)
    assert section["coalition_total_usd"] == D("100000000")
    assert rows["LUX"]["coalition_member"] and rows["LUX"]["contribution_usd"] is None
    assert rows["LUX"]["gap_usd"] is None and rows["LUX"]["share_of_gdp_pct"] is None
    assert rows["NLD"]["undisclosed_pledges"] == 1 and rows["NLD"]["contribution_usd"] == D("100000000")
    assert section["undisclosed_pledges"] == 2
    # a nation whose amount is undisclosed is left out of the base and marked so (SPEC 3.7)
    assert rows["LUX"]["fair_share_usd"] is None and not rows["LUX"]["in_fair_share_base"]
    assert "undisclosed" in rows["LUX"]["fair_share_note"]
    assert section["fair_share_base"]["left_out_undisclosed"] == ["LUX"]
    assert sum(r["fair_share_usd"] for r in section["nations"] if r["in_fair_share_base"]) == D("100000000")


def test_only_chosen_statuses_confidences_and_dates_count():
    snap = snapshot(nations=NATIONS, pledges=(
        pledge(1, "NLD", "100"), pledge(2, "NLD", "20", status="announced"),
        pledge(3, "NLD", "3", confidence="unconfirmed"),
        pledge(4, "DEU", "5", date=snapshot().as_of.replace(year=2027))))
    section = allies_section(snap)
    assert section["coalition_total_usd"] == D("100") and section["members"] == 1
    wider = allies_section(snapshot(nations=NATIONS, pledges=snap.pledges, statuses=("announced", "committed"),
                                    confidences=("official", "unconfirmed")))
    assert wider["coalition_total_usd"] == D("123")


def test_estimated_splits_are_marked_and_the_recipient_is_not_an_ally():
    snap = snapshot(nations=NATIONS, pledges=(pledge(1, "NLD", "60", estimated=True, joint_group="j"),
                                              pledge(2, "DEU", "40", estimated=True, joint_group="j")))
    section = allies_section(snap)
    assert section["estimated_usd"] == D("100")
    assert all(r["estimated"] for r in section["nations"] if r["coalition_member"])
    assert "UKR" not in rows_by_nation(section)
    assert not rows_by_nation(section)["FRA"]["coalition_member"]
    assert rows_by_nation(section)["FRA"]["contribution_usd"] == 0  # an ally that gave nothing, not left out
