"""The report as flat tables (one per section), shared by the XLSX/CSV writers and the HTML and text views."""

from __future__ import annotations

from typing import Any

Rows = list[dict[str, Any]]


def summary_rows(report: dict[str, Any]) -> Rows:
    allies, industry, ukraine = report["allies"], report["industry"], report["ukraine"]
    facts = [
        ("title", report["title"]), ("illustrative", report["illustrative"]["notice"]),
        ("as_of", report["as_of"]), ("mode", report["mode"]),
        ("currency", report["currency"]), ("confidence", ", ".join(report["confidence"])),
        ("statuses", ", ".join(report["statuses"])), ("note", report["note"]),
        ("coalition_total_usd", allies["coalition_total_usd"]), ("coalition_members", allies["members"]),
        ("estimated_usd (joint pledges split by GDP)", allies["estimated_usd"]),
        ("undisclosed_pledges (counted, not summed)", allies["undisclosed_pledges"]),
        ("fair_share_base", f"{allies['fair_share_base']['rule']}: {allies['fair_share_base']['description']}; "
                            f"{allies['fair_share_base']['nations']} nations, GDP of {allies['year']} or the latest "
                            f"earlier year"),
        ("fair_share_definition", allies["definition"]),
        ("requirement_list_version", ukraine["requirement_version"]),
        ("funded_basis", ukraine["basis"]["funded"]), ("expected_basis", ukraine["basis"]["expected"]),
        ("industry_basis", industry["basis"]), ("industry_total_usd (sourced offers)", industry["total_usd"]),
        ("industry_illustrative_usd (left out above)", industry["illustrative_usd"]),
        ("europe_share_pct", industry["europe_share_pct"]), ("us_share_pct", industry["us_share_pct"]),
    ]
    return [{"figure": k, "value": v} for k, v in facts]


def report_tables(report: dict[str, Any]) -> dict[str, Rows]:
    """Sheet name -> rows, in reading order."""
    industry = report["industry"]
    return {
        "summary": summary_rows(report),
        "ukraine_by_category": report["ukraine"]["by_category"],
        "ukraine_by_priority": report["ukraine"]["by_priority"],
        "ukraine_lines": report["ukraine"]["lines"],
        "allies": report["allies"]["nations"],
        "industry_by_supplier": industry["by_supplier"],
        "industry_by_region": industry["by_region"],
        "industry_by_site": industry["by_site"],
        "industry_with_illustrative": (industry["with_illustrative"] or {}).get("by_region", []),
        "public_totals": [{**{k: v for k, v in r.items() if k != "reasons"}, "reasons": "; ".join(r["reasons"])}
                          for r in report["public_totals"]],
        "contributions": report["contributions"],
        "sources": report["sources"],
    }
