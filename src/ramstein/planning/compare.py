"""Two stored plans side by side: value, cost, fulfilment by category, and the lines that changed.

Pure: it reads the stored instance and result documents, so any two plans compare, whatever
scenario or requirement-list version produced them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any


def category_fulfilment(instance: dict[str, Any], result: dict[str, Any]) -> dict[str, float]:
    """Weighted share of each category's lines met (weight x fraction over weight)."""
    fractions = {f["requirement"]: float(f["fraction"]) for f in result.get("fulfilment", [])}
    met: dict[str, float] = {}
    total: dict[str, float] = {}
    for line in instance.get("requirements", []):
        weight = float(line["weight"])
        total[line["category"]] = total.get(line["category"], 0.0) + weight
        met[line["category"]] = met.get(line["category"], 0.0) + weight * fractions.get(line["id"], 0.0)
    return {c: (met[c] / total[c] if total[c] else 0.0) for c in sorted(total)}


def compare_plans(base: dict[str, Any], other: dict[str, Any], tolerance: float = 1e-6) -> dict[str, Any]:
    """`base` and `other` are {"id", "instance", "result"}; lines whose ordered share moved are listed."""
    a, b = base["result"], other["result"]
    fa = {f["requirement"]: f for f in a.get("fulfilment", [])}
    fb = {f["requirement"]: f for f in b.get("fulfilment", [])}
    changed = [{"requirement": r, "base_fraction": fa.get(r, {}).get("fraction", 0.0),
                "other_fraction": fb.get(r, {}).get("fraction", 0.0),
                "base_reason": fa.get(r, {}).get("reason"), "other_reason": fb.get(r, {}).get("reason")}
               for r in sorted(set(fa) | set(fb))
               if abs(fa.get(r, {}).get("fraction", 0.0) - fb.get(r, {}).get("fraction", 0.0)) > tolerance]
    cats_a, cats_b = category_fulfilment(base["instance"], a), category_fulfilment(other["instance"], b)
    return {
        "base": base["id"], "other": other["id"],
        "objective": {"base": a["objective"], "other": b["objective"], "change": b["objective"] - a["objective"]},
        "total_cost": {"base": a["total_cost"], "other": b["total_cost"],
                       "change": str(Decimal(b["total_cost"]) - Decimal(a["total_cost"]))},
        "categories": [{"category": c, "base": cats_a.get(c, 0.0), "other": cats_b.get(c, 0.0)}
                       for c in sorted(set(cats_a) | set(cats_b))],
        "changed_lines": changed,
    }
