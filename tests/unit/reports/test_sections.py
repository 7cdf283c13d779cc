import datetime as dt
import html
from decimal import Decimal

from ramstein.reports.industry import industry_section
from ramstein.reports.public_check import check_public_totals
from ramstein.reports.render import render_html, render_text
from ramstein.reports.snapshot import Completion, LineFact, OrderFact, PublicTotal
from ramstein.reports.triple_win import build_report, to_jsonable
from ramstein.reports.ukraine import ukraine_section
from tests.unit.reports.facts import line, nation, offer, plan, pledge, snapshot

D = Decimal
OFFERS = (offer("O1", "shell", "1000", "US"), offer("O2", "shell", "1200", "EU", site=""),
          offer("O3", "radar", "5000000", "EU"))


def test_shares_use_the_cheapest_offer_and_never_exceed_a_line():
    orders = (OrderFact("R1", "O2", D(150), D(180000)), OrderFact("R2", "O3", D(1), D(5000000)))
    snap = snapshot(offers=OFFERS, lines=(line("R1", quantity="100"), line("R2", "radar", "4", 2, "air_defense"),
                                          line("R3", "tank", "2", 2, "armour")),
                    plan=plan(*orders), completion={"R1": Completion("2026-05", "2026-09")})
    section = ukraine_section(snap)
    rows = {r["requirement"]: r for r in section["lines"]}
    assert rows["R1"]["reference_price_usd"] == D(1000) and rows["R1"]["required_value_usd"] == D(100000)
    assert rows["R1"]["funded_usd"] == D(180000) and rows["R1"]["funded_share_pct"] == D(100)
    assert rows["R2"]["funded_share_pct"] == D(25) and rows["R1"]["expected_p90"] == "2026-09"
    assert rows["R3"]["required_value_usd"] is None
    by_priority = {g["priority"]: g for g in section["by_priority"]}
    assert by_priority[2]["unpriced_lines"] == 1 and by_priority[2]["required_value_usd"] == D(20000000)
    assert by_priority[2]["funded_share_pct"] == D(25)
    assert by_priority[1]["ordered_share_pct"] == D(0)


def test_without_a_plan_funded_is_unknown_and_says_why():
    section = ukraine_section(snapshot(offers=OFFERS, lines=(line(),)))
    assert section["by_category"][0]["funded_share_pct"] is None
    assert section["basis"]["funded"] == "no plan in the database yet"


def test_deliveries_count_their_share_of_the_order_cost():
    ordered = (OrderFact("R1", "O1", D(100), D(100000), delivered=D(40)),)
    section = ukraine_section(snapshot(offers=OFFERS, lines=(line(),), package_orders=ordered))
    row = section["lines"][0]
    assert row["ordered_share_pct"] == D(100) and row["delivered_usd"] == D(40000)
    assert row["delivered_share_pct"] == D(40)


def test_industry_splits_dollars_by_supplier_region_and_site():
    orders = (OrderFact("R1", "O1", D(10), D(10000)), OrderFact("R1", "O2", D(25), D(30000)),
              OrderFact("R2", "O3", D(1), D(5000000)), OrderFact("R9", "GONE", D(1), D(7)))
    section = industry_section(orders, OFFERS, "plan 7")
    assert section["total_usd"] == D(5040000)
    regions = {r["region"]: r["usd"] for r in section["by_region"]}
    assert regions == {"EU": D(5030000), "US": D(10000)}
    assert sum(r["usd"] for r in section["by_supplier"]) == section["total_usd"]
    assert sum(r["usd"] for r in section["by_site"]) == section["total_usd"]
    assert any(r["site"] == "(site not given)" for r in section["by_site"])
    assert section["europe_share_pct"] + section["us_share_pct"] == D(100)
    assert section["unknown_offers"] == ["GONE"]


def test_industry_without_orders_is_empty_with_its_reason():
    section = industry_section(None, OFFERS, "no plan in the database yet")
    assert section["by_supplier"] == [] and section["total_usd"] is None
    assert section["basis"] == "no plan in the database yet"


def test_public_check_compares_by_date_and_names_undisclosed_pledges():
    totals = (PublicTotal(dt.date(2025, 9, 1), "PURL, all contributors", D(2000), "USD", "at_least", "reported",
                          "Rutte", "https://x", "note"),
              PublicTotal(dt.date(2025, 9, 1), "Norway, total", D(5), "NOK", "about", "reported", "", "", ""))
    pledges = (pledge(1, "NLD", "1500"), pledge(2, "LUX", None), pledge(3, "DEU", "900", currency="EUR"),
               pledge(4, "CAN", "50", date=dt.date(2025, 9, 2)), pledge(5, "BEL", "10", status="withdrawn"))
    rows = check_public_totals(pledges, totals)
    assert len(rows) == 1
    row = rows[0]
    assert row["ours_usd"] == D(2400) and row["difference_usd"] == D(400) and row["undisclosed_pledges"] == 1
    assert "the ledger is consistent" in row["reasons"][0]
    assert any("LUX" in r for r in row["reasons"])
    assert any("other currencies" in r for r in row["reasons"])


def test_report_renders_undisclosed_as_such_and_escapes_html():
    snap = snapshot(nations=(nation("NLD", "1000000"), nation("LUX", "100")),
                    pledges=(pledge(1, "NLD", "100"), pledge(2, "LUX", None,
                                                                        package="<script>")))
    report = build_report(snap)
    text = render_text(report)
    assert "undisclosed" in text and "LUX" in text
    page = render_html(report)
    assert "<script>" not in page and "&lt;script&gt;" in page
    doc = to_jsonable(report)
    lux = next(c for c in doc["contributions"] if c["nation"] == "LUX")
    assert lux["amount"] is None and lux["usd_amount"] is None and not lux["disclosed"]
    assert doc["allies"]["coalition_total_usd"] == "100"


def test_orders_resting_on_illustrative_offers_stay_out_of_the_industry_headline():
    offers = (offer("O1", region="US"), offer("O2", region="EU", illustrative=True))
    orders = (OrderFact("R1", "O1", D(1), D(1000)), OrderFact("R1", "O2", D(3), D(3000)))
    section = industry_section(orders, offers, "plan 7")
    assert section["total_usd"] == D(1000) and section["us_share_pct"] == D(100)
    assert section["illustrative_usd"] == D(3000)
    wider = section["with_illustrative"]
    assert wider["total_usd"] == D(4000) and wider["europe_share_pct"] == D(75)
    assert {r["region"]: r["illustrative"] for r in wider["by_region"]} == {"EU": True, "US": False}


def test_illustrative_material_is_named_in_every_format():
    snap = snapshot(nations=(nation("NLD", "1000000"),), pledges=(pledge(1, "NLD", "100"),),
                    lines=(line("R1"), LineFact("R2", "drone", "drones", D(5), 2, dt.date(2026, 6, 1), True)),
                    offers=(offer("O1", illustrative=True), offer("O2")))
    report = build_report(snap)
    assert report["illustrative"]["requirement_lines"] == 1 and report["illustrative"]["offers"] == 1
    notice = report["illustrative"]["notice"]
    assert notice.startswith("ILLUSTRATIVE: 1 of 2 requirement lines and 1 of 2 catalogue offers")
    assert notice in render_text(report) and html.escape(notice) in render_html(report)
    assert to_jsonable(report)["illustrative"]["notice"] == notice
    assert [r["illustrative"] for r in report["ukraine"]["lines"]] == [False, True]
    # nothing illustrative: no notice
    assert build_report(snapshot(nations=(nation("NLD", "1000000"),)))["illustrative"]["notice"] is None
