"""`ramstein report`, `ramstein forecast` and the exports, in-process; golden files in tests/golden.

Set RAMSTEIN_UPDATE_GOLDEN=1 to rewrite the golden files after an intended change, then read the diff.
"""

import datetime as dt
import json
import os
from decimal import Decimal
from pathlib import Path

import typer
from openpyxl import load_workbook
from typer.testing import CliRunner

from ramstein.auth.actor import Actor
from ramstein.catalog.schemas import OfferIn
from ramstein.catalog.service import save_offer
from ramstein.cli import forecast, report
from ramstein.cli.context import CliContext
from ramstein.config import get_settings
from ramstein.db.engine import make_engine, make_session_factory
from ramstein.db.uow import UnitOfWork
from ramstein.exports.kiel import kiel_rows
from ramstein.exports.writers import write_rows
from ramstein.reports.tables import report_tables
from ramstein.requirements.schemas import RequirementLineIn
from ramstein.requirements.service import publish_list
from ramstein.schemas import SourceIn
from tests.builders import make_nations, make_pledge

GOLDEN = Path(__file__).parent.parent / "golden"
OPERATOR = Actor("test", "operator")
runner = CliRunner()


def make_app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main(ctx: typer.Context, db: str = typer.Option(None, "--db"),
             reference: bool = typer.Option(True, "--reference/--no-reference")) -> None:
        ctx.obj = CliContext(get_settings(database_url=db, load_reference_data=reference))

    report.register(app)
    forecast.register(app)
    return app


APP = make_app()


def run(db_url, *args):
    return runner.invoke(APP, ["--db", db_url, *args])


def small_ledger(db_url: str) -> None:
    engine = make_engine(db_url)
    with UnitOfWork(make_session_factory(engine), write=True) as uow:
        s = uow.session
        make_nations(s)
        make_pledge(s, status="committed", confidence="official")
        make_pledge(s, nation="DNK;NOR;SWE", amount=Decimal("495000000"), currency="USD", status="committed",
                    confidence="reported", date=dt.date(2025, 8, 5), package_ref="2")
        make_pledge(s, nation="DEU", amount=None, disclosed=False, currency="USD", status="confirmed",
                    date=dt.date(2025, 8, 13))
        make_pledge(s, nation="SWE", amount=Decimal("100000000"), currency="SEK", date=dt.date(2025, 9, 10))
        make_pledge(s, nation="NOR", amount=Decimal("50000000"), currency="USD", status="withdrawn",
                    date=dt.date(2025, 9, 11))
        uow.commit()
    engine.dispose()


def tiny_ledger(db_url: str) -> None:
    """Two lines, two offers and one committed pledge: the engine solves it in a blink."""
    engine = make_engine(db_url)
    with UnitOfWork(make_session_factory(engine), write=True) as uow:
        s = uow.session
        make_nations(s)
        make_pledge(s, status="committed", currency="USD", amount=Decimal("50000000"))
        source = [SourceIn(title="test catalog")]
        for ref, item, region, price in (("O-A", "shell", "US", "4000"), ("O-B", "drone", "EU", "20000")):
            save_offer(s, OPERATOR, OfferIn(ref=ref, item=item, category="artillery", supplier=f"maker {ref}",
                                            origin="USA" if region == "US" else "DEU", region=region,
                                            unit_price=Decimal(price), currency="USD", price_date=dt.date(2026, 1, 2),
                                            lead_time_months=2, capacity_per_month=Decimal(1000),
                                            confidence="official", sources=source))
        publish_list(s, OPERATOR, [
            RequirementLineIn(ref="R1", item="shell", category="artillery", quantity=Decimal(5000), priority=1,
                              need_by=dt.date(2026, 6, 1)),
            RequirementLineIn(ref="R2", item="drone", category="artillery", quantity=Decimal(800), priority=2,
                              need_by=dt.date(2026, 9, 1))])
        uow.commit()
    engine.dispose()


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("RAMSTEIN_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


def test_report_json_matches_its_golden_file(db_url, tmp_path):
    small_ledger(db_url)
    out = tmp_path / "report.json"
    result = run(db_url, "--no-reference", "report", "--format", "json", "--as-of", "2026-03-01", "--out", str(out))
    assert result.exit_code == 0, result.output
    check_golden("report_small.json", out.read_text(encoding="utf-8"))
    doc = json.loads(out.read_text())
    assert doc["industry"]["by_supplier"] == [] and "no plan" in doc["industry"]["basis"]
    base = [n for n in doc["allies"]["nations"] if n["in_fair_share_base"]]
    shared = doc["allies"]["fair_share_base"]["shared_usd"]
    assert sum(Decimal(n["fair_share_usd"]) for n in base) == Decimal(shared)


def test_kiel_export_matches_its_golden_file(db_url, tmp_path):
    small_ledger(db_url)
    engine = make_engine(db_url)
    with UnitOfWork(make_session_factory(engine)) as uow:
        rows = kiel_rows(uow.session)
    engine.dispose()
    out = tmp_path / "kiel.csv"
    write_rows(rows, "csv", out, sheet="kiel")
    check_golden("kiel_small.csv", out.read_text(encoding="utf-8"))
    assert {r["measure"] for r in rows} == {"Commitment", "Allocation"}
    assert all(r["status"] != "withdrawn" for r in rows)


def test_report_as_text_html_workbook_and_csv_folder(ref_db_url, tmp_path):
    text = run(ref_db_url, "report", "--as-of", "2026-03-01")
    assert text.exit_code == 0, text.output
    assert "Allies: contributions against GDP" in text.output and "ILLUSTRATIVE:" in text.output
    assert "976,266,000.00" in text.output  # NLD's three reference pledges (EUR 500M, 250M, about 90M) in USD
    assert run(ref_db_url, "report", "--format", "html", "--out", str(tmp_path / "r.html")).exit_code == 0
    assert (tmp_path / "r.html").read_text().startswith("<!doctype html>")
    book = tmp_path / "r.xlsx"
    assert run(ref_db_url, "report", "--format", "xlsx", "--out", str(book), "--as-of", "2026-03-01").exit_code == 0
    wb = load_workbook(book)
    assert wb.sheetnames[0] == "summary" and "sources" in wb.sheetnames and "allies" in wb.sheetnames
    allies = wb["allies"]
    header = [c.value for c in allies[1]]
    nld = next(r for r in allies.iter_rows(min_row=2, values_only=True) if r[0] == "NLD")
    assert nld[header.index("contribution_usd")] == 976266000  # NLD's three reference pledges
    assert wb["sources"].max_row > 10
    folder = tmp_path / "csv"
    assert run(ref_db_url, "report", "--format", "csv", "--out", str(folder)).exit_code == 0
    assert sorted(p.stem for p in folder.glob("*.csv")) == sorted(report_tables(_empty_report_shape()))


def _empty_report_shape():
    section = {"nations": [], "coalition_total_usd": 0, "members": 0, "estimated_usd": 0, "undisclosed_pledges": 0,
               "definition": "", "year": 2026,
               "fair_share_base": {"rule": "", "description": "", "nations": 0, "shared_usd": 0}}
    return {"title": "", "as_of": "", "mode": "", "currency": "", "confidence": [], "statuses": [], "note": "",
            "allies": section, "public_totals": [], "contributions": [], "sources": [],
            "illustrative": {"notice": None},
            "industry": {"basis": "", "total_usd": None, "europe_share_pct": None, "us_share_pct": None,
                         "by_supplier": [], "by_region": [], "by_site": [], "illustrative_usd": None,
                         "with_illustrative": None},
            "ukraine": {"requirement_version": 1, "basis": {"funded": "", "expected": ""}, "by_category": [],
                        "by_priority": [], "lines": []}}


def test_report_refuses_bad_options_with_exit_code_2(ref_db_url):
    bad = run(ref_db_url, "report", "--format", "pdf")
    assert bad.exit_code == 2 and "format must be one of" in bad.output
    assert run(ref_db_url, "report", "--confidence", "rumour").exit_code == 2
    assert run(ref_db_url, "report", "--format", "xlsx").exit_code == 2


def test_forecast_runs_the_engine_when_there_is_no_plan_and_repeats_byte_for_byte(db_url, tmp_path):
    tiny_ledger(db_url)
    first = run(db_url, "--no-reference", "forecast", "--runs", "300", "--seed", "7", "--format", "json",
                "--out", str(tmp_path / "a.json"))
    assert first.exit_code == 0, first.output
    assert "ran the allocation engine first" in first.output
    doc = json.loads((tmp_path / "a.json").read_text())
    assert doc["plan"]["ran_engine"] and doc["lines"]
    ordered = [x for x in doc["lines"] if x["p50"]]
    assert ordered and all(x["p50_month"] <= x["p90_month"] for x in ordered)
    for name in ("b.json", "c.json"):
        again = run(db_url, "--no-reference", "forecast", "--runs", "300", "--seed", "7", "--format", "json",
                    "--out", str(tmp_path / name))
        assert again.exit_code == 0 and "ran the allocation engine" not in again.output
    assert (tmp_path / "b.json").read_bytes() == (tmp_path / "c.json").read_bytes()
    text = run(db_url, "--no-reference", "forecast", "--runs", "300", "--seed", "7")
    assert text.exit_code == 0 and "P90" in text.output and "R1" in text.output
