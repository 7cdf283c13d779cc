"""The three wins at a glance, drawn from the triple-win report (reports/), never recomputed here.

The report already decides what this actor may see (public: released records, nothing undisclosed
derivable), so the overview only turns its sections into charts and headline cards.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from ramstein.auth.actor import Actor
from ramstein.reports.service import triple_win_report
from ramstein.web.charts import Chart, Series
from ramstein.web.wording import category

STAGES = (("funded", "Funded"), ("ordered", "Ordered"), ("delivered", "Delivered"))


@dataclass(frozen=True)
class Overview:
    report: dict[str, Any]
    ukraine: Chart
    allies: Chart
    industry: Chart

    @property
    def confidence(self) -> list[str]:
        return list(self.report["confidence"])


def fulfilment_chart(section: dict[str, Any], key: str, levels: list[str], chart_id: str) -> Chart:
    """Share of the list's value funded, ordered and delivered, grouped by `key` (category or priority)."""
    groups = section[f"by_{key}"]
    return Chart(chart_id, f"Ukraine's list: share funded, ordered and delivered by {key} (% of value)", "bar",
                 [category(g[key]) if key == "category" else str(g[key]) for g in groups],
                 [Series(label, [g[f"{stage}_share_pct"] for g in groups]) for stage, label in STAGES],
                 "% of the list's value", levels, in_millions=False, label_name=key.capitalize(),
                 missing="not available",
                 note="; ".join(f"{stage}: {section['basis'][stage]}" for stage, _ in STAGES))


def allies_chart(section: dict[str, Any], levels: list[str]) -> Chart:
    members = [n for n in section["nations"] if n["coalition_member"] or n["in_fair_share_base"]]
    return Chart("allies", "Allies: contribution against fair share by GDP (USD)", "hbar",
                 [n["nation"] for n in members],
                 [Series("Contribution", [n["contribution_usd"] for n in members]),
                  Series("Fair share by GDP", [n["fair_share_usd"] for n in members])], "USD", levels,
                 label_name="Nation", links=[f"/nations/{n['nation']}" for n in members],
                 note=(f"{section['undisclosed_pledges']} pledge(s) of undisclosed amount are counted, not summed; "
                       "a nation whose every pledge is undisclosed shows no contribution."))


def industry_chart(section: dict[str, Any], levels: list[str]) -> Chart:
    rows = section["by_supplier"]
    return Chart("industry", "Industry: dollars by supplier (USD)", "hbar", [r["supplier"] for r in rows],
                 [Series("USD", [r["usd"] for r in rows])], "USD", levels, label_name="Supplier",
                 note=f"Basis: {section['basis']}.")


def overview(session: Session, actor: Actor, confidence: list[str] | None) -> Overview:
    report = triple_win_report(session, actor, confidences=confidence or None)
    levels = list(report["confidence"])
    return Overview(report, fulfilment_chart(report["ukraine"], "category", levels, "ukraine"),
                    allies_chart(report["allies"], levels), industry_chart(report["industry"], levels))
