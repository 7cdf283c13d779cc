"""The report as text (for a terminal or a briefing note) and as one self-contained HTML page."""

from __future__ import annotations

import datetime as dt
import html
from decimal import Decimal
from typing import Any

from ramstein.reports.tables import report_tables

# (table, columns shown in text) — the HTML page and the workbook show every column
TEXT_COLUMNS = {
    "ukraine_by_category": ("category", "required_value_usd", "funded_share_pct", "ordered_share_pct",
                            "delivered_share_pct", "expected_p50", "expected_p90"),
    "ukraine_by_priority": ("priority", "lines", "required_value_usd", "funded_share_pct", "ordered_share_pct",
                            "delivered_share_pct"),
    "allies": ("nation", "contribution_usd", "share_of_gdp_pct", "fair_share_usd", "gap_usd",
               "defence_year", "defence_spending_pct_gdp", "defence_spending_with_ukraine_pct_gdp", "estimated"),
    "industry_by_supplier": ("supplier", "usd", "share_pct"),
    "industry_by_region": ("region", "usd", "share_pct"),
    "industry_by_site": ("site", "usd", "share_pct"),
    "industry_with_illustrative": ("region", "usd", "share_pct", "illustrative"),
    "public_totals": ("as_of", "since", "comparison", "public_usd", "ours_usd", "difference_usd", "difference_pct"),
}
HEADINGS = {
    "ukraine_by_category": "Ukraine: the requirement list by category",
    "ukraine_by_priority": "Ukraine: the requirement list by priority",
    "ukraine_lines": "Ukraine: each requirement line",
    "allies": "Allies: contributions against GDP, fair share and NATO targets",
    "industry_by_supplier": "Industry: by supplier", "industry_by_region": "Industry: by origin region",
    "industry_by_site": "Industry: by production site",
    "industry_with_illustrative": "Industry: by origin region, ILLUSTRATIVE (with orders from illustrative offers)",
    "public_totals": "Check: our totals against publicly reported PURL totals",
    "contributions": "Contributions counted, with their conversion rates", "sources": "Sources",
}


def cell(value: Any, column: str = "") -> str:  # noqa: C901 - one branch per kind of value
    if value is None:
        return "undisclosed" if column in ("contribution_usd", "amount", "usd_amount") else "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        if column.endswith("_pct") or column.endswith("pct_gdp"):
            return f"{value:.3f}%"
        if "usd" in column or column == "amount":
            return f"{value:,.2f}"
        return format(value.normalize(), "f")
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def _text_table(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> list[str]:
    if not rows:
        return ["  (none)"]
    body = [[cell(r.get(c), c) for c in columns] for r in rows]
    widths = [max(len(c), *(len(b[i]) for b in body)) for i, c in enumerate(columns)]
    lines = ["  " + "  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))]
    lines += ["  " + "  ".join(v.rjust(w) if i else v.ljust(w) for i, (v, w) in enumerate(zip(b, widths, strict=True)))
              for b in body]
    return lines


def vintage(report: dict[str, Any]) -> str:
    if not report.get("data_as_of"):
        return ""
    return (f"Reference data {report['data_version']}, checked against public reporting on "
            f"{report['data_as_of']}; figures as of {report['as_of']}.")


def render_text(report: dict[str, Any]) -> str:
    out = [report["title"], "=" * len(report["title"]), vintage(report), report["illustrative"]["notice"] or "", ""]
    for row in report_tables(report)["summary"][1:]:
        out.append(f"{row['figure']}: {cell(row['value'], row['figure'])}")
    for name, columns in TEXT_COLUMNS.items():
        out += ["", HEADINGS[name], "-" * len(HEADINGS[name])]
        if name.startswith("industry") and report["industry"]["total_usd"] is None:
            out.append(f"  (empty: {report['industry']['basis']})")
            continue
        out += _text_table(report_tables(report)[name], columns)
    for note in report["allies"].get("defence_substitutions", []):
        out.append(f"Substituted year: {note}")
    for row in report["public_totals"]:
        out += ["", f"{row['as_of']}: {row['scope']}"] + [f"  - {r}" for r in row["reasons"]]
    targets = "; ".join(f"{t['pct_gdp']}%: {t['source']}" for t in report["allies"]["targets"])
    out += ["", f"Targets: {targets}",
            "Every contribution with its rate and rate date, and every source, is in the JSON and XLSX forms."]
    return "\n".join(out) + "\n"


def _html_table(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "<p>(none)</p>"
    columns = list(rows[0])
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(cell(r.get(c), c))}</td>" for c in columns) + "</tr>"
                   for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


STYLE = ("body{font-family:system-ui,sans-serif;margin:2em;max-width:80em}table{border-collapse:collapse;"
         "margin-bottom:1.5em;font-size:.9em}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:right}"
         "td:first-child,th:first-child{text-align:left}caption{text-align:left}")


def render_html(report: dict[str, Any]) -> str:
    tables = report_tables(report)
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(report['title'])}"
             f"</title><style>{STYLE}</style></head><body><h1>{html.escape(report['title'])}</h1>"
             f"<p>{html.escape(vintage(report))}</p>"]
    if report["illustrative"]["notice"]:
        parts.append(f"<p class='illustrative'><strong>{html.escape(report['illustrative']['notice'])}</strong></p>")
    parts.append(_html_table(tables.pop("summary")))
    for name, rows in tables.items():
        parts.append(f"<h2>{html.escape(HEADINGS[name])}</h2>")
        if name.startswith("industry") and report["industry"]["total_usd"] is None:
            parts.append(f"<p>Empty: {html.escape(report['industry']['basis'])}</p>")
            continue
        parts.append(_html_table(rows))
    parts.append("</body></html>\n")
    return "".join(parts)
