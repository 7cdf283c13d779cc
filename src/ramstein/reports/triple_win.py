"""The triple-win report: Ukraine, allies and industry side by side, from one snapshot.

The result is a plain nested dict (Decimals and dates kept exact) so that the text, HTML, XLSX and
JSON renderers and the dashboard all show the same figures. `to_jsonable` turns it into JSON types.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ramstein.reports.allies import DEFAULT_BASE, NATO_TARGETS, allies_section
from ramstein.reports.figures import counted_pledges
from ramstein.reports.industry import industry_section
from ramstein.reports.public_check import check_public_totals
from ramstein.reports.snapshot import Snapshot
from ramstein.reports.ukraine import ukraine_section

TITLE = "The triple-win report: Ukraine, allies and industry under PURL"


def contributions(snapshot: Snapshot) -> list[dict[str, Any]]:
    """Each counted pledge with its original amount and the rate and rate date of its USD figure."""
    groups: dict[str, list[str]] = {}
    for p in snapshot.pledges:
        if p.joint_group:
            groups.setdefault(p.joint_group, []).append(p.nation)
    rows = []
    for p in counted_pledges(snapshot):
        shown = p.summable
        rows.append({
            "id": p.id, "nation": p.nation, "date": p.date, "amount": p.amount if shown else None,
            "currency": p.currency, "disclosed": shown, "usd_amount": p.usd_amount if shown else None,
            "usd_rate": p.usd_rate if shown else None, "usd_rate_date": p.usd_rate_date if shown else None,
            "rate_provisional": p.rate_provisional,
            "status": p.status, "confidence": p.confidence, "estimated": p.estimated,
            "joint_with": ";".join(sorted(c for c in groups.get(p.joint_group or "", []) if c != p.nation)),
            "package": p.package,
            "sources": " | ".join(s.url or s.title for s in p.sources),
        })
    return rows


def sources(snapshot: Snapshot) -> list[dict[str, Any]]:
    """Every source a figure of the report rests on, with what it supports."""
    found: dict[tuple[str, str], dict[str, Any]] = {}

    def add(title: str, url: str, confidence: str, used_for: str) -> None:
        row = found.setdefault((title, url), {"title": title, "url": url, "confidence": confidence, "used_for": []})
        if used_for not in row["used_for"]:
            row["used_for"].append(used_for)

    for p in counted_pledges(snapshot):
        for s in p.sources:
            add(s.title, s.url, s.confidence, f"pledge {p.id} ({p.nation})")
    for n in snapshot.nations:
        for key, s in sorted(n.sources.items()):
            add(s.title, s.url, s.confidence, f"{n.iso3} {key}")
    for t in NATO_TARGETS:
        add(t.source, "", "official", f"NATO target {t.pct_gdp}%")
    for total in snapshot.public_totals:
        add(total.source_title, total.source_url, total.confidence, f"public total {total.as_of}")
    rows = list(found.values())
    for row in rows:
        row["used_for"] = "; ".join(row["used_for"])
    return sorted(rows, key=lambda r: (r["title"], r["url"]))


def _industry(snapshot: Snapshot) -> dict[str, Any]:
    if snapshot.plan is not None:
        return industry_section(snapshot.plan.orders, snapshot.offers, snapshot.plan_reason)
    if snapshot.public and snapshot.package_orders:
        return industry_section(snapshot.package_orders, snapshot.offers,
                                "orders in released packages that are contracted or later (plans are not public)")
    return industry_section(None, snapshot.offers, snapshot.plan_reason)


def illustrative_notice(snapshot: Snapshot) -> dict[str, Any]:
    """How much of what the report rests on is illustrative, in words every format prints (SPEC 3.7)."""
    lines = sum(1 for x in snapshot.lines if x.illustrative)
    offers = sum(1 for o in snapshot.offers if o.illustrative)
    notice = None
    if lines or offers:
        notice = (f"ILLUSTRATIVE: {lines} of {len(snapshot.lines)} requirement lines and {offers} of "
                  f"{len(snapshot.offers)} catalogue offers are illustrative (Ukraine's real list is not public; "
                  "assumed prices, lead times or capacities). Ukraine's funded, ordered and delivered shares and "
                  "the industry figures with_illustrative rest on them: they show the method, not facts.")
    return {"requirement_lines": lines, "requirement_lines_total": len(snapshot.lines), "offers": offers,
            "offers_total": len(snapshot.offers), "notice": notice}


def build_report(snapshot: Snapshot, base: str = DEFAULT_BASE) -> dict[str, Any]:
    return {
        "title": TITLE, "as_of": snapshot.as_of, "mode": "public" if snapshot.public else "full",
        "currency": "USD", "confidence": list(snapshot.confidences), "statuses": list(snapshot.statuses),
        "data_version": snapshot.data_version, "data_as_of": snapshot.data_as_of,
        "note": ("Totals include pledges of the listed confidence levels and statuses dated on or before as_of. "
                 "Undisclosed amounts are counted, never summed. Estimated figures (the unpublished shares of joint "
                 "packages) are never counted as official or reported. Defence spending is NATO's figure at the "
                 "one decimal NATO publishes; a year substituted for a missing one is flagged."),
        "illustrative": illustrative_notice(snapshot),
        "ukraine": ukraine_section(snapshot),
        "allies": allies_section(snapshot, base),
        "industry": _industry(snapshot),
        "public_totals": check_public_totals(snapshot.all_pledges, snapshot.public_totals),
        "contributions": contributions(snapshot),
        "sources": sources(snapshot),
    }


def to_jsonable(value: Any) -> Any:
    """Decimals as exact strings (no exponent, no padding zeros), dates as ISO text."""
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return "0" if text in ("-0", "0") else text
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    return value
