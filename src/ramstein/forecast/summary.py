"""P50/P90 completion per line and category from the histograms, as JSON-ready rows and as text."""

from __future__ import annotations

from typing import Any

import numpy as np

from ramstein.forecast.model import ForecastInput
from ramstein.forecast.risk import FIELDS
from ramstein.forecast.simulate import ForecastResult

QUANTILES = (("p50", 0.5), ("p90", 0.9))


def month_label(start: str, index: int) -> str:
    year, month = map(int, start.split("-"))
    total = year * 12 + month - 1 + int(index)
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def quantile_months(hist: np.ndarray, runs: int, q: float) -> np.ndarray:
    """The smallest month by which at least q of the runs have completed (inverted CDF), per row."""
    need = np.ceil(q * runs - 1e-9)
    return (np.cumsum(hist, axis=1) < need).sum(axis=1)


def _stats(hist: np.ndarray, runs: int, start: str) -> list[dict[str, Any]]:
    out = [{} for _ in range(hist.shape[0])]
    for key, q in QUANTILES:
        months = quantile_months(hist, runs, q)
        for row, m in zip(out, months, strict=True):
            row[key], row[f"{key}_month"] = month_label(start, m), int(m)
    return out


def planned_months(inputs: ForecastInput) -> np.ndarray:
    """The plan's own completion month per line (-1 where nothing is ordered)."""
    planned = np.full(len(inputs.line_ids), -1, dtype=np.int64)
    np.maximum.at(planned, inputs.batch_line, inputs.planned)
    return planned


def summarize(inputs: ForecastInput, result: ForecastResult,
              overdue: dict[str, int] | None = None) -> dict[str, Any]:
    """Per line and category; `overdue` gives lines already past their need-by month at the start (months)."""
    overdue = overdue or {}
    planned = planned_months(inputs)
    stats = dict(zip(result.line_rows.tolist(), _stats(result.line_hist, result.runs, inputs.start), strict=True))
    on_time = {}
    for row, line in enumerate(result.line_rows.tolist()):
        due = min(int(inputs.line_need_by[line]), result.horizon - 1)
        on_time[line] = float(result.line_hist[row, :due + 1].sum()) / result.runs
    delay = dict(zip(result.line_rows.tolist(), (result.delay_sum / result.runs).tolist(), strict=True))
    lines = []
    for i, ref in enumerate(inputs.line_ids):
        row: dict[str, Any] = {
            "requirement": ref, "category": inputs.line_category[i], "priority": int(inputs.line_priority[i]),
            "quantity": float(inputs.line_quantity[i]), "ordered": round(float(inputs.line_ordered[i]), 6),
            "need_by": month_label(inputs.start, inputs.line_need_by[i]),
        }
        late = overdue.get(ref, 0)
        if late > 0:  # the instance counts it due now; it was due `late` months before the plan starts
            row.update(need_by=month_label(inputs.start, -late), overdue_months=late)
        if i in stats:
            row["planned"] = month_label(inputs.start, planned[i])
            row.update(stats[i])
            row["p_on_time"] = 0.0 if late > 0 else round(on_time[i], 4)
            row["on_time_pct"] = round(100 * row["p_on_time"], 2)
            row["mean_delay_months"] = round(delay[i], 4)
        else:
            row.update(planned=None, p50=None, p50_month=None, p90=None, p90_month=None, p_on_time=None,
                       on_time_pct=None, mean_delay_months=None, note="nothing ordered for this line in the plan")
        if late > 0:
            row["note"] = f"overdue: needed by {row['need_by']}, {late} month(s) before the plan's first month"
        lines.append(row)
    categories = [{"category": c, **s} for c, s in zip(result.categories,
                                                     _stats(result.category_hist, result.runs, inputs.start),
                                                     strict=True)]
    offers = [{"offer": o, **{f: getattr(r, f) for f in FIELDS}, "source": r.source}
              for o, r in zip(inputs.offer_ids, inputs.risks, strict=True)]
    return {"runs": result.runs, "seed": result.seed, "start": inputs.start, "lines": lines,
            "categories": categories, "offers": offers}


def render_text(doc: dict[str, Any]) -> str:
    head = [f"Delivery forecast: {doc['runs']} runs, seed {doc['seed']}, months from {doc['start']}"]
    if "plan" in doc:
        head.append(f"  over {doc['plan']['basis']}")
    head += [f"  {note}" for note in doc.get("notes", [])]
    head.append("")
    head.append(f"{'requirement':<14}{'category':<20}{'need by':<9}{'planned':<9}{'P50':<9}{'P90':<9}{'on time':>8}")
    for x in doc["lines"]:
        on_time = f"{x['p_on_time']:.0%}" if x["p_on_time"] is not None else "not ordered"
        if x.get("overdue_months"):
            on_time = f"overdue {x['overdue_months']}m"
        head.append(f"{x['requirement']:<14}{x['category']:<20}{x['need_by']:<9}{x['planned'] or '-':<9}"
                    f"{x['p50'] or '-':<9}{x['p90'] or '-':<9}{on_time:>8}")
    head.append("")
    head.append(f"{'category':<34}{'P50':<9}{'P90':<9}")
    head += [f"{c['category']:<34}{c['p50']:<9}{c['p90']:<9}" for c in doc["categories"]]
    return "\n".join(head) + "\n"
